"""Lists a page at a time by keyset (the last row's sort key), never by offset: page 1,000 costs what page 1 does.

The cursor is the last row's key, signed like the changes feed's (a hand-made one is refused in Chinese).
"""

import datetime

from django.core import signing
from rest_framework.exceptions import ValidationError

from .keysets import before_row

LIST_PAGE_SIZE = 50
SALT = "syndication.list-cursor"
_SIGNER = signing.Signer(salt=SALT)
BAD_CURSOR = "cursor 参数不是本接口给出的游标：请使用上一页返回的 next 值，或不带 cursor 从第一页开始。"


def _read(token, kind):
    if token is None:
        return None
    try:
        found_kind, *key = _SIGNER.unsign_object(token)
        if found_kind != kind:
            raise ValueError
        return key
    except (signing.BadSignature, ValueError, TypeError):
        raise ValidationError({"cursor": BAD_CURSOR}) from None


def _page(rows, size, key_of, kind):
    rows = list(rows[: size + 1])
    if len(rows) <= size:
        return rows, None
    rows = rows[:size]
    return rows, _SIGNER.sign_object([kind, *key_of(rows[-1])])


def newest_first(stories, cursor, size=LIST_PAGE_SIZE):
    """A page of `stories` by publish time, newest first, after `cursor`; (stories, next cursor or None)."""
    key = _read(cursor, "story")
    if key:
        try:
            published, pk = datetime.datetime.fromisoformat(key[0]), int(key[1])
        except (ValueError, TypeError, IndexError):
            raise ValidationError({"cursor": BAD_CURSOR}) from None
        stories = stories.filter(before_row("publish_at", "id", (published, pk)))
    return _page(stories.order_by("-publish_at", "-pk"), size, lambda s: (s.publish_at.isoformat(), s.pk), "story")


def editions_newest_first(editions, cursor, size=LIST_PAGE_SIZE):
    """A page of editions by date, newest first, after `cursor`; (editions, next cursor or None)."""
    key = _read(cursor, "edition")
    editions = editions.walked_by_date()
    if key:
        try:
            editions = editions.filter(date__lt=datetime.date.fromisoformat(key[0]))
        except (ValueError, TypeError, IndexError):
            raise ValidationError({"cursor": BAD_CURSOR}) from None
    return _page(editions.order_by("-date"), size, lambda issue: (issue.date.isoformat(),), "edition")
