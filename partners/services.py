"""Making and revoking keys: plain functions the admin (and anything else) calls."""

import secrets

from django.db import IntegrityError, transaction

from core import clock

from .models import PartnerKey, Scope, hash_token

# 32 random bytes: 43 URL-safe characters after the prefix.
SECRET_BYTES = 32


def new_token() -> str:
    """A public prefix of 8 hex digits (shown in lists, to tell keys apart) followed by the secret."""
    return secrets.token_hex(PartnerKey.PREFIX_LENGTH // 2) + secrets.token_urlsafe(SECRET_BYTES)


def issue_key(*, name: str, by, contact: str = "", scopes=(Scope.READ,), rate_limit: int | None = None):
    """A new key and its token. The token is returned this once and stored nowhere: show it, then forget it."""
    key = PartnerKey(name=name, contact=contact, scopes=" ".join(scopes), rate_limit=rate_limit, created_by=by)
    return key, save_new_key(key)


def save_new_key(key: PartnerKey) -> str:
    """Give an unsaved key its token's prefix and hash, save it, and return the token (the only copy)."""
    key.scopes = " ".join(sorted(set(key.scopes.split()) | {Scope.READ}))
    for _ in range(5):  # a prefix already taken (one chance in four billion per key) draws again
        token = new_token()
        key.prefix = token[: PartnerKey.PREFIX_LENGTH]
        key.secret_hash = hash_token(token)
        try:
            with transaction.atomic():
                key.save(force_insert=True)
        except IntegrityError:
            key.pk = None
            continue
        return token
    raise RuntimeError("could not draw an unused key prefix")


def revoke_key(*, key: PartnerKey, by) -> bool:
    """Revoke at once (the next request with it gets 401); False when it was revoked already."""
    revoked = PartnerKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(
        revoked_at=clock.now(), revoked_by=by
    )
    key.refresh_from_db(fields=["revoked_at", "revoked_by"])
    return bool(revoked)
