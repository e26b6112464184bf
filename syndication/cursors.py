"""The changes feed's cursor: an opaque, signed token naming a position (feed.Position).

Signed so that a partner cannot hand-make one (a made-up position could skip entries unnoticed);
anything that is not a cursor this site gave out is refused with a Chinese message (a 400).
"""

import datetime

from django.core import signing

from .feed import Position

SALT = "syndication.changes-cursor"


_SIGNER = signing.Signer(salt=SALT)


class BadCursor(ValueError):
    pass


def encode(position):
    return _SIGNER.sign_object([position.listed_at.isoformat(), position.id, int(position.embargo)])


def decode(token):
    try:
        listed_at, entry_id, embargo = _SIGNER.unsign_object(token)
        listed_at = datetime.datetime.fromisoformat(listed_at)
        if listed_at.tzinfo is None or not isinstance(entry_id, int) or embargo not in (0, 1):
            raise ValueError
    except (signing.BadSignature, ValueError, TypeError):
        raise BadCursor("since 参数不是本接口给出的游标：请使用上一次返回的 next 值，或不带 since 从头同步。") from None
    return Position(listed_at, entry_id, bool(embargo))
