"""
What a reader's story page reads from the database, each query prepared once per process.

The story with its department, page, edition and case study; its bylines with their
people; its photos; and its edition's running order. They are the same four queries
`Article.objects.published().for_reading()` and the running order would send, built
from the same QuerySet methods (core/prepared.py): only the work of making their SQL
is done once instead of on every page drawn afresh.
"""

import datetime

from core import clock
from core.prepared import PreparedQuery

from .models import Article, Byline, Photo

_LIVE_STORY = PreparedQuery(
    lambda pk, now: Article.objects.published(now=now)
    .select_related("department", "page__issue", "case_study__campaign")
    .filter(pk=pk),
    pk=int,
    now=datetime.datetime,
)
_BYLINES = PreparedQuery(lambda pk: Byline.objects.select_related("person").filter(article_id=pk), pk=int)
_PHOTOS = PreparedQuery(lambda pk: Photo.objects.filter(article_id=pk), pk=int)

RUNNING_ORDER_FIELDS = ("id", "page_id", "kicker", "headline", "is_page_lead")
_RUNNING_ORDER = PreparedQuery(
    lambda issue_id, now: Article.objects.published(now=now)
    .filter(page__issue_id=issue_id)
    .order_by("page__number", "page_position", "id")
    .values_list(*RUNNING_ORDER_FIELDS),
    issue_id=int,
    now=datetime.datetime,
)


def live_story(pk, *, now=None):
    """The story readers may see under this id, as `published().for_reading()` reads it; None if there is none."""
    found = _LIVE_STORY(pk=pk, now=now or clock.now())
    if not found:
        return None
    story = found[0]
    _prefetched(story, "bylines", _BYLINES(pk=story.pk))
    _prefetched(story, "photos", _PHOTOS(pk=story.pk))
    return story


def running_order(issue_id, *, now=None):
    """The edition's live stories in the paper's order, as rows of RUNNING_ORDER_FIELDS."""
    return _RUNNING_ORDER(issue_id=issue_id, now=now or clock.now())


def _prefetched(story, relation, objects):
    """Let `story.<relation>.all()` answer with `objects`, as prefetch_related() leaves it."""
    manager = getattr(story, relation)
    for obj in objects:
        # Each one knows its story without asking, as a prefetched byline or photo does.
        manager.field.set_cached_value(obj, story)
    queryset = manager.get_queryset()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    if not hasattr(story, "_prefetched_objects_cache"):
        story._prefetched_objects_cache = {}
    story._prefetched_objects_cache[manager.field.remote_field.cache_name] = queryset
