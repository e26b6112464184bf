import hashlib

from django.conf import settings
from django.db import models

from core import clock


class Scope(models.TextChoices):
    """What a key may read. Every key reads; the news API asks `has_scope` for the rest."""

    READ = "read", "读取已发布的稿件"
    EMBARGO = "embargo", "提前读取已排期、即将发布的稿件（禁发期内不得发布）"


def hash_token(token: str) -> str:
    """The SHA-256 of the whole token, as hex: what is stored and looked up.

    A fast hash is right here, unlike for passwords: the token is 32 random
    bytes from `secrets`, so there is nothing to guess and no dictionary to
    try, and a slow hash would only cost every API request its time. It is not
    keyed with SECRET_KEY either, so rotating that key does not silently turn
    every partner's key off.
    """
    return hashlib.sha256(token.encode()).hexdigest()


PERIOD_WORDS = {"s": "每秒", "m": "每分钟", "h": "每小时", "d": "每天"}


def rate_in_words(rate: str) -> str:
    """DRF's "120/min" as the admin says it: 每分钟 120 次."""
    count, period = rate.split("/")
    return f"{PERIOD_WORDS[period[0]]} {count} 次"


class PartnerKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class PartnerKey(models.Model):
    """One partner's key to the news API. The token itself is never stored: only its prefix and hash."""

    PREFIX_LENGTH = 8

    name = models.CharField("合作方", max_length=100)
    contact = models.CharField("联系人", max_length=200, blank=True, help_text="联系人姓名、电话或邮箱，出问题时找谁")
    scopes = models.CharField(
        "权限",
        max_length=100,
        default=Scope.READ,
        help_text="以空格分隔；每个密钥都可读取已发布的稿件",
    )
    rate_limit = models.PositiveIntegerField(
        "每分钟请求上限",
        null=True,
        blank=True,
        help_text="留空则用部署设置的默认上限；超出的请求被拒绝，并告知几秒后可重试",
    )
    prefix = models.CharField(
        "密钥前缀",
        max_length=PREFIX_LENGTH,
        unique=True,
        editable=False,
        help_text="密钥的前几位，用于辨认，不是密钥本身",
    )
    secret_hash = models.CharField("密钥摘要", max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField("创建时间", default=clock.now, editable=False)
    # Written at most once a minute (authentication.touch), not on every request.
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="吊销人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    objects = PartnerKeyQuerySet.as_manager()

    class Meta:
        verbose_name = "合作方密钥"
        verbose_name_plural = "合作方密钥"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name}（{self.prefix}…）"

    @property
    def scope_names(self) -> set[str]:
        return set(self.scopes.split()) | {Scope.READ}

    def has_scope(self, name: str) -> bool:
        return name in self.scope_names

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def rate(self) -> str:
        """The throttle rate in DRF's notation: this key's own, else API_DEFAULT_RATE."""
        return f"{self.rate_limit}/min" if self.rate_limit else settings.API_DEFAULT_RATE


class PartnerRequest(models.Model):
    """One request made with a key, written after the response; kept API_REQUEST_LOG_DAYS days."""

    key = models.ForeignKey(PartnerKey, verbose_name="密钥", on_delete=models.CASCADE, related_name="requests")
    at = models.DateTimeField("时间", default=clock.now)
    method = models.CharField("方法", max_length=8)
    path = models.CharField("路径", max_length=300)
    status = models.PositiveSmallIntegerField("状态码")

    class Meta:
        verbose_name = "接口请求记录"
        verbose_name_plural = "接口请求记录"
        indexes = [
            # The counts per key per day on the key's admin page.
            models.Index(fields=["key", "at"], name="partner_request_key_at"),
            # prune_api_requests: everything older than the retention.
            models.Index(fields=["at"], name="partner_request_at"),
        ]

    def __str__(self):
        return f"{self.key.prefix} {self.method} {self.path} {self.status}"
