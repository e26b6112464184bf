"""
The changes feed partners sync from: which stories to look at again, in an order that only grows.

Writing (`record`): after a transaction that touched stories commits (effects.py), each story's
earlier entries are replaced by at most two new ones:

- one listed now, saying "look at this story again": when it is served the partner gets the story
  as it then is, or a tombstone if it cannot be seen any more. It is written only when partners
  may hold the story (it was visible before) or can see it now, so a draft's saves add nothing;
- one listed when the story becomes visible, if that is still to come (a story scheduled for 06:00
  is listed at 06:00, with no write at 06:00), and for keys with the embargo scope when the story
  enters their window.

Reading (`changes_page`): entries are read in (listed time, id) order after the partner's cursor,
a page at a time by keyset, so a page costs the same however long the feed. Only entries listed
at least SETTLE ago are served: a transaction that began earlier but committed later has written
its entries by then, so nothing is ever listed behind a cursor a partner already holds.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction

from articles.models import Article
from core import clock

from . import queries
from .keysets import after_row
from .models import StoryChange
from .ninjs import story_item, tombstone
from .visibility import appears_at, embargo_window, may_have, may_see_embargoed

SETTLE = datetime.timedelta(seconds=2)
PAGE_SIZE = 50
# What record() reads of a story: enough to tell when readers see it.
_DUE_FIELDS = ("id", "status", "publish_at", "page_id", "page__issue__status", "page__issue__publish_at")


@dataclass(frozen=True)
class Position:
    """Where a partner is in the feed: after the entry listed at `listed_at` with `id`."""

    listed_at: datetime.datetime
    id: int
    embargo: bool


def record(story_ids, *, now=None):
    """Replace the feed entries of `story_ids` with what their stories are now (deleted ones included)."""
    story_ids = set(story_ids)
    if not story_ids:
        return
    now = now or clock.now()
    window = embargo_window()
    stories = Article._base_manager.select_related("page__issue").only(*_DUE_FIELDS).in_bulk(story_ids)
    with transaction.atomic():
        earlier = defaultdict(list)
        for entry in StoryChange.objects.select_for_update().filter(story_id__in=story_ids).order_by():
            earlier[entry.story_id].append(entry)
        entries = []
        for story_id in sorted(story_ids):
            story = stories.get(story_id)
            entries += _entries(story_id, appears_at(story) if story else None, earlier[story_id], now, window)
        StoryChange.objects.filter(pk__in=[entry.pk for olds in earlier.values() for entry in olds]).delete()
        StoryChange.objects.bulk_create(entries)


def _entries(story_id, due, earlier, now, window):
    # Partners may hold the story if an earlier state of it was visible to them by now.
    seen = any(old.may_have_been_seen or (old.appears_at and old.appears_at <= now) for old in earlier)
    seen_under_embargo = any(
        old.may_have_been_seen_under_embargo or (old.appears_at and old.appears_at - window <= now) for old in earlier
    )
    visible_now = due is not None and due <= now
    in_window_now = due is not None and due - window <= now
    common = {
        "story_id": story_id,
        "changed_at": now,
        "appears_at": due,
        "may_have_been_seen": seen,
        "may_have_been_seen_under_embargo": seen_under_embargo,
    }
    entries = []
    listed_under_embargo_now = now if (seen_under_embargo or in_window_now) else None
    if due is not None and due > now:
        later_under_embargo = max(now, due - window)
        entries.append(StoryChange(listed_at=due, listed_under_embargo_at=later_under_embargo, **common))
        if later_under_embargo == now:
            listed_under_embargo_now = None  # the later entry is listed to them now already
    listed_now = now if (seen or visible_now) else None
    if listed_now or listed_under_embargo_now:
        entries.append(StoryChange(listed_at=listed_now, listed_under_embargo_at=listed_under_embargo_now, **common))
    return entries


def start(key):
    """The position before the first entry, for a partner syncing from scratch."""
    return Position(datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC), 0, may_see_embargoed(key))


def changes_page(key, after, *, now=None, size=PAGE_SIZE):
    """(items, position after them, whether more are listed already) for `key`, after `after`."""
    now = now or clock.now()
    column = "listed_under_embargo_at" if after.embargo else "listed_at"
    listed = StoryChange.objects.filter(**{f"{column}__lte": now - SETTLE})
    entries = list(
        listed.filter(after_row(column, "id", (after.listed_at, after.id)))
        .order_by(column, "id")
        .only("id", "story_id", "changed_at", column)[: size + 1]
    )
    more = len(entries) > size
    entries = entries[:size]
    if not entries:
        return [], after, False
    # Read by id, then each asked whether the key may have it: given the visibility conditions as well,
    # SQLite walks the (status, publish_at) index over every live story of the archive instead.
    listed = Article.objects.filter(pk__in={entry.story_id for entry in entries}).order_by()
    stories = queries.for_items(listed).in_bulk()
    items, given = [], set()
    for entry in entries:
        if entry.story_id in given:
            continue
        given.add(entry.story_id)
        story = stories.get(entry.story_id)
        if story is not None and may_have(key, story, now):
            items.append(story_item(story, now=now))
        else:
            items.append(tombstone(entry.story_id, entry.changed_at))
    last = entries[-1]
    return items, Position(getattr(last, column), last.id, after.embargo), more
