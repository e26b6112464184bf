from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .article import Article


class ProofAcknowledgement(models.Model):
    """An editor's 已核 on one 校对 finding: it holds the story back no more while the text around it is unchanged."""

    article = models.ForeignKey(
        Article, verbose_name=_("稿件"), on_delete=models.CASCADE, related_name="proof_acknowledgements"
    )
    field = models.CharField(_("栏目"), max_length=20)
    rule = models.CharField(_("规则"), max_length=60)
    found = models.CharField(_("原文"), max_length=200)
    # The text just before and after the finding when it was acknowledged: if it changes, the finding is open again.
    before = models.CharField(_("前文"), max_length=40, blank=True)
    after = models.CharField(_("后文"), max_length=40, blank=True)
    start = models.PositiveIntegerField(_("位置"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("核对人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("校对已核")
        verbose_name_plural = _("校对已核")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"已核：{self.found}"

    @property
    def key(self):
        return (self.field, self.rule, self.found, self.before, self.after)
