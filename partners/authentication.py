"""Who is asking: a partner's key, sent as `Authorization: Bearer <密钥>` or `X-Api-Key: <密钥>`."""

import datetime
import hmac

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from rest_framework import authentication, exceptions

from core import clock

from .models import PartnerKey, hash_token

# last_used_at is written when it is older than this: one UPDATE a minute per busy key, not one per request.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)

UNKNOWN_KEY = "API 密钥无效：请检查密钥是否完整，或向报社索取新的密钥。"
REVOKED_KEY = "API 密钥已被吊销，请向报社索取新的密钥。"


def token_from(request) -> str | None:
    header = authentication.get_authorization_header(request).split()
    if header and header[0].lower() == b"bearer":
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Authorization 请求头的格式应为：Bearer <密钥>。")
        value = header[1]
    else:
        value = request.META.get("HTTP_X_API_KEY", "").strip().encode("latin-1", "replace")
    if not value:
        return None
    try:
        return value.decode("ascii")
    except UnicodeDecodeError:
        raise exceptions.AuthenticationFailed(UNKNOWN_KEY) from None


def touch(key: PartnerKey) -> None:
    """Record use, at most once a minute; the condition keeps two workers from both writing."""
    now = clock.now()
    if key.last_used_at is not None and now - key.last_used_at < LAST_USED_RESOLUTION:
        return
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION)
    PartnerKey.objects.filter(stale, pk=key.pk).update(last_used_at=now)
    key.last_used_at = now


class PartnerKeyAuthentication(authentication.BaseAuthentication):
    """request.auth is the PartnerKey; request.user stays anonymous, so a key never reaches the admin.

    The key is found by its public prefix and its hash compared in constant time,
    so the time an answer takes says nothing about how much of a guess was right.
    The key is also left on the underlying Django request as `partner_key`, for
    the request log written after the response (request_log.py).
    """

    def authenticate(self, request):
        token = token_from(request)
        if token is None:
            return None  # HasPartnerKey then answers 401 with what to send
        key = PartnerKey.objects.filter(prefix=token[: PartnerKey.PREFIX_LENGTH]).first()
        if key is None or not hmac.compare_digest(key.secret_hash, hash_token(token)):
            raise exceptions.AuthenticationFailed(UNKNOWN_KEY)
        if not key.is_active:
            raise exceptions.AuthenticationFailed(REVOKED_KEY)
        touch(key)
        request._request.partner_key = key
        return AnonymousUser(), key

    def authenticate_header(self, request):
        # Present, so DRF answers a missing or wrong key with 401 (and this header), not 403.
        return 'Bearer realm="api"'
