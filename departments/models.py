from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.changes import ReaderVisibleManager
from core.versioning import Versioned


class Department(Versioned):
    """A city bureau or a district office that stories are about."""

    class Level(models.TextChoices):
        CITY = "city", _("市直部门")
        DISTRICT = "district", _("区属部门")
        OTHER = "other", _("其他")

    name = models.CharField(_("名称"), max_length=100, unique=True, help_text=_("全称，如：市区域经济合作局"))
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    slug = models.SlugField(
        _("网址名"),
        max_length=100,
        unique=True,
        allow_unicode=True,
        help_text=_("出现在网址中，可用拼音或中文，如 shi-quyu-jingji-hezuoju"),
    )
    level = models.CharField(_("级别"), max_length=10, choices=Level.choices, default=Level.CITY)
    district = models.CharField(_("所属区"), max_length=50, blank=True, help_text=_("区属部门填写，如：海南区"))
    description = models.TextField(_("简介"), blank=True)
    position = models.PositiveIntegerField(_("排序"), default=0, help_text=_("数字小的排在前面"))

    objects = ReaderVisibleManager()

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("departments:detail", kwargs={"slug": self.slug})

    @property
    def display_name(self):
        return self.short_name or self.name
