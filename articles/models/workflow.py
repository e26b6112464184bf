from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .article import Article


class StatusChange(models.Model):
    """One step of a story through review: who moved it, when, from what to what, and why."""

    article = models.ForeignKey(
        Article, verbose_name=_("稿件"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(_("原状态"), max_length=12, choices=Article.Status.choices)
    to_status = models.CharField(_("新状态"), max_length=12, choices=Article.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    publish_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    comment = models.TextField(_("意见"), blank=True)

    class Meta:
        verbose_name = _("状态记录")
        verbose_name_plural = _("状态记录")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["article", "-at"], name="statuschange_article_idx")]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class EditingSession(models.Model):
    """Who has a story open in the admin, so that the next person is told."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="editing_sessions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    started_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("正在编辑")
        verbose_name_plural = _("正在编辑")
        constraints = [models.UniqueConstraint(fields=["article", "user"], name="unique_editing_session")]

    def __str__(self):
        return f"{self.user} 自 {timezone.localtime(self.started_at):%H:%M} 起编辑"


class RefusedEdit(models.Model):
    """A save refused (someone saved first, or the story left its author's hands): kept so nothing typed is lost."""

    # Any versioned object (a case study, a page, an edition…); `article` as well when it is a story.
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("内容类型"), on_delete=models.CASCADE, null=True, related_name="+"
    )
    object_id = models.CharField(_("对象编号"), max_length=40, blank=True)
    article = models.ForeignKey(
        Article, verbose_name=_("稿件"), on_delete=models.CASCADE, null=True, blank=True, related_name="refused_edits"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提交人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    base_version = models.PositiveIntegerField(_("基于版本"))
    data = models.JSONField(_("被拒绝的内容"), default=dict)
    resolved = models.BooleanField(_("已合并"), default=False)

    class Meta:
        verbose_name = _("未保存的修改")
        verbose_name_plural = _("未保存的修改")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user} 于 {timezone.localtime(self.created_at):%Y-%m-%d %H:%M} 的未保存修改"
