import logging
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from core.changes import ReaderVisibleManager, ReaderVisibleQuerySet
from core.publishing import PUBLISHED, SCHEDULED, is_live, live_q
from core.reversing import reverse_ids
from core.versioning import Versioned

from .. import areas
from ..fields import SanitizedRichTextField
from ..images import store_clean_upload, validate_image_upload
from ..renditions import make_renditions
from ..typography import shorten, squeeze

MAX_HEADLINE_LINES = 2
TEASER_LENGTH = 120
logger = logging.getLogger(__name__)


class ArticleQuerySet(ReaderVisibleQuerySet):
    def published(self, *, now=None):
        """Stories readers may see: live themselves, and in a live edition if placed in one."""
        return self.filter(
            live_q(now=now),
            Q(page__isnull=True) | live_q(now=now, prefix="page__issue__"),
        )

    def in_department(self, department):
        return self.filter(department=department)

    def for_listing(self):
        """What a list of headlines shows, fetched up front."""
        return self.select_related("department", "page__issue").prefetch_related(_bylines_with_people())

    def for_reading(self):
        """What a story page shows, fetched up front; a case study's sections come in one query of their own."""
        return self.select_related("department", "page__issue", "case_study__campaign").prefetch_related(
            _bylines_with_people(),
            "photos",
        )


# Sanitized rich text: tags, and text in which "<", ">" and "&" only appear escaped.
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_NOT_PLAIN = re.compile(r"[<>]|&(?![a-zA-Z][a-zA-Z0-9]*;|#[0-9]+;|#[xX][0-9a-fA-F]+;)")
# Where one paragraph ends and the next begins, so that Latin words either side stay apart.
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|td|th|figcaption)>|<br\s*/?>", re.IGNORECASE)


def _strip_tags(html):
    """strip_tags() without an HTML parser for what the sanitizer writes: the same text in a fraction of the time."""
    html = _BLOCK_END.sub("\n", html)
    text = _TAG.sub("", html)
    if _NOT_PLAIN.search(text):
        # Comments, a ">" inside an attribute, a bare "&": leave it to the parser.
        return strip_tags(html)
    return text


def plain_text_start(html, length):
    """The text of `html`, tags removed and paragraphs joined as Chinese print joins them (articles.typography):
    all of it, or a start of it well over `length` long.

    A teaser needs only the first sentences, so only as much of a long body as
    gives them is taken apart, cut just after a ">"; a cut that lands inside a
    tag leaves a "<" behind, and then more of the body is taken.
    """
    size = 8 * length
    while size < len(html):
        cut = html.find(">", size)
        if cut == -1:
            break
        text = squeeze(_strip_tags(html[: cut + 1]))
        if len(text) > 2 * length and "<" not in text:
            return text
        size *= 4
    return squeeze(_strip_tags(html))


def _bylines_with_people():
    # One query for the bylines and their people together, instead of one for each.
    return models.Prefetch("bylines", queryset=Byline.objects.select_related("person"))


class Person(models.Model):
    """A reporter, photographer or correspondent named in bylines."""

    name = models.CharField(_("姓名"), max_length=50)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("系统账号"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    organisation = models.CharField(_("单位"), max_length=100, blank=True, help_text=_("通讯员填写所在单位"))

    objects = ReaderVisibleManager()

    class Meta:
        verbose_name = _("署名人")
        verbose_name_plural = _("署名人")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}（{self.organisation}）" if self.organisation else self.name


class Article(Versioned):
    """A story as the print page sets it: kicker, headline, subheadline, dateline, body."""

    class Kind(models.TextChoices):
        NEWS = "news", _("消息")
        FEATURE = "feature", _("通讯")
        CASE_STUDY = "case_study", _("典型案例")
        COMMENTARY = "commentary", _("评论")
        PHOTO = "photo", _("图片新闻")
        NOTICE = "notice", _("公告")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("待审")
        APPROVED = "approved", _("已审")
        SCHEDULED = SCHEDULED, _("已排期")
        PUBLISHED = PUBLISHED, _("已发布")
        WITHDRAWN = "withdrawn", _("已撤稿")

    kicker = models.CharField(_("引题"), max_length=200, blank=True, help_text=_("主题上方的引题，如：海南区商务局："))
    headline = models.TextField(
        _("主题"),
        max_length=300,
        help_text=_("最多两行，每行一段，按回车换行"),
    )
    subheadline = models.CharField(_("副题"), max_length=300, blank=True, help_text=_("如：——我市生态环境建设综述"))
    dateline = models.CharField(_("电头"), max_length=50, blank=True, help_text=_("如：本报讯"))
    body = SanitizedRichTextField(_("正文"), blank=True)
    summary = models.TextField(_("摘要"), blank=True, help_text=_("用于订阅源和分享，不填则取正文开头"))
    department = models.ForeignKey(
        "departments.Department",
        verbose_name=_("部门"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
    )
    slug = models.SlugField(
        _("网址名"),
        max_length=120,
        unique=True,
        null=True,
        blank=True,
        allow_unicode=True,
        help_text=_("可不填；导入和示例数据用它识别同一篇稿件"),
    )
    kind = models.CharField(_("体裁"), max_length=20, choices=Kind.choices, default=Kind.NEWS)

    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        _("发布时间（北京时间）"),
        null=True,
        blank=True,
        help_text=_("已排期或已发布的稿件从此时起对读者可见；见报稿件还要等所在期次发布"),
    )

    page = models.ForeignKey(
        "editions.Page",
        verbose_name=_("版面"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
    )
    page_position = models.PositiveSmallIntegerField(_("版内顺序"), default=1)
    is_page_lead = models.BooleanField(_("头条"), default=False)
    # The story's area on the page image, as fractions of its width and height.
    area_left = models.FloatField(
        _("热区左"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )
    area_top = models.FloatField(
        _("热区上"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )
    area_width = models.FloatField(
        _("热区宽"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )
    area_height = models.FloatField(
        _("热区高"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )
    # The area's outline when it is not a plain rectangle (articles/areas.py);
    # the four fields above then hold its bounding box.
    area_polygon = models.JSONField(_("热区多边形"), null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("作者账号"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles_created",
        editable=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("最后修改人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles_updated",
        editable=False,
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("稿件")
        verbose_name_plural = _("稿件")
        ordering = ["-publish_at", "-id"]
        permissions = [
            ("review_article", _("可以审稿（退回、通过）")),
            ("publish_article", _("可以排期、发布和撤稿")),
        ]
        indexes = [
            models.Index(fields=["status", "publish_at"], name="article_live_idx"),
            models.Index(fields=["publish_at"], name="article_publish_at_idx"),
            models.Index(fields=["department", "publish_at"], name="article_department_idx"),
            models.Index(fields=["page", "page_position"], name="article_page_idx"),
        ]

    def __str__(self):
        return self.headline_text or _("（无标题）")

    def get_absolute_url(self):
        # Drawn for every story of an edition or a list: the cheap form of reverse().
        return reverse_ids("articles:detail", pk=self.pk)

    @property
    def headline_lines(self):
        return [line.strip() for line in self.headline.splitlines() if line.strip()]

    @property
    def headline_text(self):
        """The headline on one line, for lists, titles and feeds."""
        return " ".join(self.headline_lines)

    @cached_property
    def teaser(self):
        # Worked out once per object: a story page and a feed ask for it several times.
        text = squeeze(self.summary) if self.summary else plain_text_start(self.body, TEASER_LENGTH)
        return shorten(text, TEASER_LENGTH)

    @cached_property
    def description(self):
        """What feeds and the page head say a story is about: its teaser, else its case study's opening.

        Read the story with its case study (select_related) where this is asked for.
        """
        if self.teaser:
            return self.teaser
        study = getattr(self, "case_study", None)
        return shorten(squeeze(study.opening), TEASER_LENGTH) if study else ""

    @property
    def has_area(self):
        return None not in (self.area_left, self.area_top, self.area_width, self.area_height)

    @property
    def area_points(self):
        """The area's outline, [[x, y], ...] in page fractions: the polygon, or the rectangle's corners."""
        if self.area_polygon:
            return self.area_polygon
        if self.has_area:
            return areas.rectangle(self.area_left, self.area_top, self.area_width, self.area_height)
        return None

    def is_live(self, *, now=None):
        if not is_live(self, now=now):
            return False
        return self.page_id is None or self.page.issue.is_live(now=now)

    @property
    def status_for_staff(self):
        """The status as the newsroom should read it: a scheduled story readers can already see is published."""
        # Nothing flips the stored status when the time comes (core/publishing.py), so it is worked out here.
        if self.status == self.Status.SCHEDULED and self.is_live():
            return self.Status.PUBLISHED
        return self.Status(self.status)

    def clean(self):
        lines = self.headline_lines
        if not lines:
            raise ValidationError({"headline": _("请填写主题。")})
        if len(lines) > MAX_HEADLINE_LINES:
            raise ValidationError({"headline": _("主题最多两行，请删去多余的行。")})
        self.headline = "\n".join(lines)
        if self.status in (self.Status.SCHEDULED, self.Status.PUBLISHED) and not self.publish_at:
            raise ValidationError({"publish_at": _("排期或发布前请填写发布时间。")})
        area = (self.area_left, self.area_top, self.area_width, self.area_height)
        self.area_polygon = areas.clean_polygon(self.area_polygon)
        if self.area_polygon and all(v is None for v in area):
            area = areas.bounding_box(self.area_polygon)
            self.area_left, self.area_top, self.area_width, self.area_height = area
        elif self.area_polygon and not areas.same_box(areas.bounding_box(self.area_polygon), area):
            # The rectangle was changed by something that knows only rectangles (or cleared):
            # the outline it no longer bounds is dropped rather than left to disagree with it.
            self.area_polygon = None
        if any(v is not None for v in area) and None in area:
            raise ValidationError(_("版面热区需同时填写左、上、宽、高，或全部留空。"))
        if None not in area and (
            self.area_left + self.area_width > 1.0001 or self.area_top + self.area_height > 1.0001
        ):
            raise ValidationError(_("版面热区超出了版面图的范围。"))


class Byline(models.Model):
    class Role(models.TextChoices):
        REPORTER = "reporter", _("记者")
        PHOTOGRAPHER = "photographer", _("摄影")
        CORRESPONDENT = "correspondent", _("通讯员")
        EDITOR = "editor", _("编辑")

    article = models.ForeignKey(Article, verbose_name=_("稿件"), on_delete=models.CASCADE, related_name="bylines")
    person = models.ForeignKey(Person, verbose_name=_("署名人"), on_delete=models.PROTECT, related_name="bylines")
    role = models.CharField(_("身份"), max_length=20, choices=Role.choices, default=Role.REPORTER)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    objects = ReaderVisibleManager()

    class Meta:
        verbose_name = _("署名")
        verbose_name_plural = _("署名")
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["article", "person", "role"], name="unique_byline")]

    def __str__(self):
        return f"{self.get_role_display()} {self.person.name}"


class Photo(models.Model):
    article = models.ForeignKey(Article, verbose_name=_("稿件"), on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(
        _("图片"),
        upload_to="photos/%Y/%m/",
        width_field="width",
        height_field="height",
        validators=[validate_image_upload],
    )
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    caption = models.CharField(_("图片说明"), max_length=300, blank=True)
    credit = models.CharField(_("摄影/来源"), max_length=100, blank=True)
    alt_text = models.CharField(_("替代文字"), max_length=300, help_text=_("为看不见图片的读者描述画面"))
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    objects = ReaderVisibleManager()

    class Meta:
        verbose_name = _("图片")
        verbose_name_plural = _("图片")
        ordering = ["position", "id"]

    def __str__(self):
        return self.caption or self.alt_text

    def save(self, *args, **kwargs):
        # A new upload is stored as fresh pixels under a readable name: no EXIF
        # (GPS location included), no comments, nothing a polyglot could hide.
        store_clean_upload(self.image)
        super().save(*args, **kwargs)
        self.__dict__.pop("_rendition_set", None)
        # Readers' renditions are made now, so that drawing a page never has to.
        try:
            make_renditions(self.image, "photo", width=self.width, height=self.height)
        except Exception:
            # The story is saved all the same; the first page that shows the photo tries again.
            logger.warning("Renditions of %s not made", self.image.name, exc_info=True)
