from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import clock

from .article import Article
from .workflow import StatusChange


class PreviewLinkQuerySet(models.QuerySet):
    def live(self, *, now=None):
        """Links that still open their story: not revoked, not expired, and the story not moved on since."""
        now = now or clock.now()
        # A story returned to draft has the status a draft's link was made for,
        # yet it has been through review since: any later move ends the link.
        later_moves = StatusChange.objects.filter(
            article=OuterRef("article"),
            pk__gt=Coalesce(OuterRef("last_move"), Value(0), output_field=models.BigIntegerField()),
        )
        return (
            self.filter(revoked_at__isnull=True, expires_at__gt=now, status=F("article__status"))
            .exclude(status=Article.Status.WITHDRAWN)
            .exclude(Exists(later_moves))
        )


class PreviewLink(models.Model):
    """A preview link given to someone without an account: for one story, in the status it had then."""

    article = models.ForeignKey(Article, verbose_name=_("稿件"), on_delete=models.CASCADE, related_name="preview_links")
    status = models.CharField(_("生成时的状态"), max_length=12, choices=Article.Status.choices)
    last_move = models.ForeignKey(
        StatusChange,
        verbose_name=_("生成时最近的状态记录"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("生成人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    issued_at = models.DateTimeField(_("生成时间"), default=timezone.now)
    expires_at = models.DateTimeField(_("失效时间"))
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("撤销人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("预览链接")
        verbose_name_plural = _("预览链接")
        ordering = ["-issued_at", "-id"]

    def __str__(self):
        return f"{self.article} 的预览链接（{self.get_status_display()}）"
