from typing import NamedTuple

from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import Value
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.changes import ReaderVisibleManager
from core.versioning import Versioned


class Campaign(Versioned):
    """A city-wide campaign whose departments report under one banner."""

    name = models.CharField(_("名称"), max_length=200, unique=True)
    slug = models.SlugField(_("网址名"), max_length=100, unique=True, allow_unicode=True)
    slogan = models.CharField(_("口号"), max_length=100, blank=True, help_text=_("如：转作风 提效能 促发展"))
    banner_text = models.CharField(_("通栏标题"), max_length=200, blank=True, help_text=_("版面上方的通栏文字"))
    description = models.TextField(_("简介"), blank=True)
    starts_on = models.DateField(_("开始日期"), null=True, blank=True)
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)

    objects = ReaderVisibleManager()

    class Meta:
        verbose_name = _("专项活动")
        verbose_name_plural = _("专项活动")
        ordering = ["-starts_on", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:campaign", kwargs={"slug": self.slug})


class CaseStudy(Versioned):
    """A department's report under a campaign: opening, practices, lessons, figures."""

    article = models.OneToOneField(
        "articles.Article", verbose_name=_("稿件"), on_delete=models.CASCADE, related_name="case_study"
    )
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("专项活动"), on_delete=models.PROTECT, related_name="case_studies"
    )
    opening = models.TextField(_("导语"), blank=True, help_text=_("“一、主要做法”之前的开头段落"))
    lessons_opening = models.TextField(
        _("经验启示导语"), blank=True, help_text=_("“二、经验启示”下、逐条启示之前的文字")
    )

    objects = ReaderVisibleManager()

    class Meta:
        verbose_name = _("典型案例")
        verbose_name_plural = _("典型案例")
        # The campaign page lists a campaign's case studies newest first, a page at a time.
        indexes = [models.Index(fields=["campaign", "-id"], name="case_study_campaign_idx")]

    def __str__(self):
        return f"{self.campaign.name}｜{self.article.headline_text}"

    def get_absolute_url(self):
        return self.article.get_absolute_url()

    @cached_property
    def sections(self):
        """Its key figures, 一、主要做法 and 二、经验启示, read in one query rather than one each."""
        db = self._state.db or DEFAULT_DB_ALIAS
        no_value = Value(None, output_field=KeyFigure._meta.get_field("value"))
        # One shape for the three: (section, id, position, lead or label, text or unit, value, change).
        rows = (
            self._section_rows(KeyFigure, "label", "unit", "value", "change")
            .union(
                self._section_rows(Practice, "lead", "text", no_value, Value("")),
                self._section_rows(Lesson, "lead", "text", no_value, Value("")),
                all=True,
            )
            .using(db)
            .order_by("position", "id")
        )
        sections = CaseStudySections(figures=[], practices=[], lessons=[])
        for model, pk, position, lead, text, value, change in rows:
            common = {"id": pk, "case_study_id": self.pk, "position": position}
            if model == "keyfigure":
                item = _loaded(KeyFigure, db, **common, label=lead, unit=text, value=value, change=change)
            else:
                item = _loaded(Practice if model == "practice" else Lesson, db, **common, lead=lead, text=text)
            getattr(sections, _SECTION_OF[model]).append(item)
        return sections

    def _section_rows(self, model, *columns):
        return (
            model.objects.filter(case_study=self)
            .order_by()
            .values_list(Value(model._meta.model_name), "id", "position", *columns)
        )


class _CaseStudyItem(models.Model):
    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="%(class)ss")
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    objects = ReaderVisibleManager()

    class Meta:
        abstract = True
        ordering = ["position", "id"]


class Practice(_CaseStudyItem):
    """一、主要做法: a numbered practice opening with its lead sentence."""

    lead = models.CharField(_("首句"), max_length=200, help_text=_("如：一是抓前置服务，加快签约项目落地进程。"))
    text = models.TextField(_("正文"), blank=True)

    class Meta(_CaseStudyItem.Meta):
        verbose_name = _("主要做法")
        verbose_name_plural = _("主要做法")

    def __str__(self):
        return self.lead


class Lesson(_CaseStudyItem):
    """二、经验启示: one lesson learned."""

    lead = models.CharField(_("首句"), max_length=200, blank=True)
    text = models.TextField(_("正文"), blank=True)

    class Meta(_CaseStudyItem.Meta):
        verbose_name = _("经验启示")
        verbose_name_plural = _("经验启示")

    def __str__(self):
        return self.lead or self.text[:30]


class KeyFigure(_CaseStudyItem):
    """A number a reader looks for: 协议金额 2660.81 亿元，同比增长68%."""

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="figures")
    label = models.CharField(_("指标"), max_length=100)
    value = models.DecimalField(_("数值"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("单位"), max_length=20, blank=True)
    change = models.CharField(_("变化"), max_length=50, blank=True, help_text=_("如：同比增长68%"))

    class Meta(_CaseStudyItem.Meta):
        verbose_name = _("关键数据")
        verbose_name_plural = _("关键数据")

    def __str__(self):
        return f"{self.label} {self.display_value}{self.unit}"

    @property
    def display_value(self):
        """2660.81 stays 2660.81; 132.00 shows as 132."""
        return format(self.value.normalize(), "f")


class CaseStudySections(NamedTuple):
    figures: list
    practices: list
    lessons: list


_SECTION_OF = {"keyfigure": "figures", "practice": "practices", "lesson": "lessons"}


def _loaded(model, db, **values):
    """An instance as the ORM would have loaded it from `db`, from a row read some other way."""
    names = [field.attname for field in model._meta.concrete_fields]
    return model.from_db(db, names, [values[name] for name in names])
