import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from articles.images import store_clean_upload, validate_image_upload
from core.changes import ReaderVisibleManager, ReaderVisibleQuerySet
from core.publishing import PUBLISHED, SCHEDULED, is_live, live_q
from core.versioning import Versioned

from .pdfs import validate_page_pdf

WEEKDAYS = "一二三四五六日"


def chinese_date(day):
    """2023年2月15日 星期三"""
    return f"{day.year}年{day.month}月{day.day}日 星期{WEEKDAYS[day.weekday()]}"


class IssueQuerySet(ReaderVisibleQuerySet):
    def published(self, *, now=None):
        return self.filter(live_q(now=now))

    def walked_by_date(self):
        """These editions, to be read in date order up to the first or last few.

        The date range restricts nothing (every date is in it): it is there so
        that SQLite walks the date index and stops at the first row it needs,
        rather than collecting every live edition through the status index to
        sort them all by date. A query with a date bound of its own needs no such hint.
        """
        return self.filter(date__range=(datetime.date.min, datetime.date.max))

    def latest_published(self, *, now=None):
        return self.published(now=now).walked_by_date().order_by("-date").first()


class Issue(Versioned):
    """One day's edition of the paper."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("编辑中")
        READY = "ready", _("已就绪")
        SCHEDULED = SCHEDULED, _("已排期")
        PUBLISHED = PUBLISHED, _("已发布")
        WITHDRAWN = "withdrawn", _("已撤回")

    date = models.DateField(_("出版日期"), unique=True)
    number = models.PositiveIntegerField(_("期号"), help_text=_("当年第几期"))
    total_number = models.PositiveIntegerField(
        _("总期号"), null=True, blank=True, help_text=_("创刊以来总第几期，可不填")
    )
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        _("发布时间（北京时间）"),
        null=True,
        blank=True,
        help_text=_("已排期或已发布的期次从此时起对读者可见"),
    )

    objects = IssueQuerySet.as_manager()

    class Meta:
        verbose_name = _("期次")
        verbose_name_plural = _("期次")
        ordering = ["-date"]
        indexes = [models.Index(fields=["status", "publish_at"], name="issue_live_idx")]

    def __str__(self):
        label = f"{self.date:%Y-%m-%d} 第{self.number}期"
        if self.total_number:
            label += f"（总第{self.total_number}期）"
        return label

    def get_absolute_url(self):
        return reverse(
            "editions:issue",
            kwargs={"year": self.date.year, "month": f"{self.date.month:02d}", "day": f"{self.date.day:02d}"},
        )

    @property
    def chinese_date(self):
        return chinese_date(self.date)

    def is_live(self, *, now=None):
        return is_live(self, now=now)


def page_upload_to(instance, filename):
    return f"pages/{instance.issue.date:%Y/%m/%d}/{filename}"


class Page(Versioned):
    """A numbered page (版面) of an issue."""

    issue = models.ForeignKey(Issue, verbose_name=_("期次"), on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveSmallIntegerField(_("版次"))
    name = models.CharField(_("版名"), max_length=50, help_text=_("如：要闻、专题"))
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任编辑"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="edited_pages",
    )
    pdf = models.FileField(
        _("版面PDF"),
        upload_to=page_upload_to,
        blank=True,
        validators=[FileExtensionValidator(["pdf"]), validate_page_pdf],
    )
    image = models.ImageField(
        _("版面图"), upload_to=page_upload_to, blank=True, width_field="image_width", height_field="image_height"
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)

    objects = ReaderVisibleManager()

    class Meta:
        verbose_name = _("版面")
        verbose_name_plural = _("版面")
        ordering = ["issue", "number"]
        constraints = [models.UniqueConstraint(fields=["issue", "number"], name="unique_page_number_per_issue")]

    def __str__(self):
        return f"{self.issue.date:%Y-%m-%d} 第{self.number}版 {self.name}"

    def save(self, *args, **kwargs):
        # A new upload is stored as fresh pixels, without EXIF or anything hidden in the file.
        store_clean_upload(self.image)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        d = self.issue.date
        return reverse(
            "editions:page",
            kwargs={"year": d.year, "month": f"{d.month:02d}", "day": f"{d.day:02d}", "number": self.number},
        )

    def clean(self):
        # The page image is checked like every upload; the form says why one is refused.
        try:
            validate_image_upload(self.image)
        except ValidationError as error:
            raise ValidationError({"image": error.messages}) from None

    @property
    def label(self):
        return f"第{self.number}版：{self.name}"


class RegionProposal(models.Model):
    """A story's region found on a page PDF, and the story it was matched to, waiting for an editor's word.

    Imports propose; nothing reaches readers until an editor accepts
    (editions/page_import.py): accepting gives the story the region's outline;
    a region that matched nothing has had a draft made from its text.
    """

    class Decision(models.TextChoices):
        PROPOSED = "proposed", _("待确认")
        ACCEPTED = "accepted", _("已采用")
        REJECTED = "rejected", _("不采用")

    page = models.ForeignKey(Page, verbose_name=_("版面"), on_delete=models.CASCADE, related_name="region_proposals")
    position = models.PositiveSmallIntegerField(_("阅读顺序"))
    is_lead = models.BooleanField(_("头条"), default=False)
    polygon = models.JSONField(_("区域"))
    kicker = models.CharField(_("引题"), max_length=200, blank=True)
    headline = models.CharField(_("主题"), max_length=300, blank=True)
    subheadline = models.CharField(_("副题"), max_length=300, blank=True)
    excerpt = models.TextField(_("正文开头"), blank=True)
    confidence = models.FloatField(_("版面识别可信度"), default=0)
    match_score = models.FloatField(_("匹配度"), default=0)
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("稿件"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="region_proposals",
    )
    made_draft = models.BooleanField(_("新建草稿"), default=False)
    decision = models.CharField(_("处理"), max_length=20, choices=Decision.choices, default=Decision.PROPOSED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("处理人"), on_delete=models.SET_NULL, null=True, blank=True
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("识别时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("版面区域识别结果")
        verbose_name_plural = _("版面区域识别结果")
        ordering = ["page", "position"]

    def __str__(self):
        return f"{self.page} 区域{self.position}：{self.headline or '（无标题）'}"
