"""
Counting a story's views in Redis, and moving the counts into the database.

A view is one HINCRBY on the day's hash (story id → views) and one SADD of
the day into the set of days with counts, in one Lua script sent by its SHA:
one command, one round trip, no query, no lock, nothing about the reader. The day is Beijing time's.

The flush (`flush()`, run by `manage.py flush_view_counts` every minute and
by the admin's report before it shows counts) must neither lose nor repeat
a view, whatever dies when:

1. A Lua script, atomic in Redis, renames each day's hash to a batch key of
   its own and notes the key in the set of batches still to add. A beacon
   arriving a moment later starts a fresh hash for the day.
2. Each batch is added to StoryViews in one transaction that also records
   the batch key (AppliedBatch, unique). Stories that do not exist or are not
   live are dropped.
3. After the commit the batch key is deleted from Redis.

A failure in 2 leaves the batch in Redis for the next flush. A death between
2 and 3 leaves a batch that the next flush finds already recorded, and only
deletes. Two flushes at once cannot both record one batch.

Without Redis (development, the tests' local-memory cache) a view is added to
its row at once, with an atomic increment.
"""

import datetime
import uuid
from dataclasses import dataclass

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from articles.models import Article
from core import clock

from .models import AppliedBatch, StoryViews

DAY_COUNTS = "readership:views:"  # + YYYY-MM-DD: hash of story id → views
DAYS_WITH_COUNTS = "readership:days"
BATCH = "readership:batch:"  # + YYYY-MM-DD:token: a day's counts taken out to be added
BATCHES_TO_ADD = "readership:batches"
# A batch can only be met again by a flush that read it before it was deleted, seconds later;
# a record of it is kept far longer than that, then pruned.
KEEP_APPLIED_BATCHES = datetime.timedelta(days=2)
IDS_PER_QUERY = 500

# One view: KEYS: the day's hash, the set of days with counts. ARGV: the story id, the day. One command, one round trip.
_COUNT = """
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
redis.call('SADD', KEYS[2], ARGV[2])
"""
# KEYS: the set of days with counts, the set of batches to add. ARGV: the two key prefixes, this flush's token.
_TAKE_OUT = """
for _, day in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  redis.call('SREM', KEYS[1], day)
  local counts = ARGV[1] .. day
  if redis.call('EXISTS', counts) == 1 then
    local batch = ARGV[2] .. day .. ':' .. ARGV[3]
    redis.call('RENAME', counts, batch)
    redis.call('SADD', KEYS[2], batch)
  end
end
return redis.call('SMEMBERS', KEYS[2])
"""


def today():
    """The day in Beijing time (the site's TIME_ZONE), by the site's clock."""
    return timezone.localdate(clock.now())


def shared_redis():
    """(cache, client) of the shared Redis cache, or None when the cache is not Redis."""
    cache = caches["default"]
    if not isinstance(cache, RedisCache):
        return None
    return cache, cache._cache.get_client(write=True)


def count_view(story_id):
    """One view of the story today; no database query when Redis is there."""
    day = today()
    shared = shared_redis()
    if shared is None:
        try:
            add_counts(day, {story_id: 1})
        except IntegrityError:
            add_counts(day, {story_id: 1})  # another reader of the story made today's row a moment before
        return
    cache, client = shared
    day = day.isoformat()
    keys = [cache.make_key(DAY_COUNTS + day), cache.make_key(DAYS_WITH_COUNTS)]
    _script(client, _COUNT)(keys=keys, args=[story_id, day])


_scripts = {}


def _script(client, source):
    """The Lua script, registered once per Redis client: sent by its SHA, and loaded when Redis lacks it."""
    key = (id(client), source)
    script = _scripts.get(key)
    if script is None:
        script = _scripts[key] = client.register_script(source)
    return script


@dataclass
class Flushed:
    batches: int = 0
    views_added: int = 0
    views_dropped: int = 0


def flush():
    """Move every count waiting in Redis into StoryViews; what was added, and what was dropped."""
    flushed = Flushed()
    shared = shared_redis()
    if shared is None:
        return flushed
    cache, client = shared
    batches = _script(client, _TAKE_OUT)(
        keys=[cache.make_key(DAYS_WITH_COUNTS), cache.make_key(BATCHES_TO_ADD)],
        args=[cache.make_key(DAY_COUNTS), cache.make_key(BATCH), uuid.uuid4().hex],
    )
    for batch in sorted(key.decode() for key in batches):
        counts = {field.decode(): int(value) for field, value in client.hgetall(batch).items()}
        day = datetime.date.fromisoformat(batch.rsplit(":", 2)[-2])
        added = add_batch(batch, day, counts) if counts else None
        if added is not None:
            flushed.batches += 1
            flushed.views_added += added
            flushed.views_dropped += sum(counts.values()) - added
        forget_batch(client, cache, batch)
    return flushed


def add_batch(batch, day, counts):
    """Record the batch and add its counts in one transaction: the views added, None if they were added before."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                AppliedBatch.objects.create(key=batch, applied_at=clock.now())
        except IntegrityError:
            return None
        added = add_counts(day, counts)
        AppliedBatch.objects.filter(applied_at__lt=clock.now() - KEEP_APPLIED_BATCHES).delete()
    return added


def forget_batch(client, cache, batch):
    client.delete(batch)
    client.srem(cache.make_key(BATCHES_TO_ADD), batch)


def add_counts(day, counts):
    """Add {story id: views} to the day's rows, live stories only; the number of views added."""
    ids = {int(story_id) for story_id in counts if str(story_id).isdigit() and int(story_id) < 2**63}
    added = 0
    with transaction.atomic():
        for chunk in _chunks(sorted(ids)):
            live = set(Article.objects.published().filter(pk__in=chunk).values_list("pk", flat=True))
            if not live:
                continue
            by_story = {story_id: counts.get(story_id, counts.get(str(story_id))) for story_id in live}
            existing = dict(StoryViews.objects.filter(day=day, story_id__in=live).values_list("story_id", "pk"))
            StoryViews.objects.bulk_update(
                [StoryViews(pk=pk, views=F("views") + by_story[story_id]) for story_id, pk in existing.items()],
                ["views"],
            )
            StoryViews.objects.bulk_create(
                [StoryViews(story_id=s, day=day, views=n) for s, n in by_story.items() if s not in existing]
            )
            added += sum(by_story.values())
    return added


def _chunks(ids):
    for start in range(0, len(ids), IDS_PER_QUERY):
        yield ids[start : start + IDS_PER_QUERY]
