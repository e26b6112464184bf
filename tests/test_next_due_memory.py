"""
Each page drawn asks when the next scheduled story falls due, twice (the reader cache's
lifetime, the edge's deadline). A server remembers the answer for the content generation
it was worked out in, so the database and the shared cache are asked once per generation,
and the answer is never kept past the moment it names or past a change to content.
"""

import datetime
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from core import caching

from .factories import make_article


@pytest.fixture
def now():
    return timezone.now()


def asked(now):
    """The answer, the queries it took and the shared-cache reads it took."""
    with CaptureQueriesContext(connection) as queries, mock.patch.object(cache, "get", wraps=cache.get) as reads:
        due = caching.next_due(now, caching.generation())
    return due, len(queries), reads.call_count


def test_the_second_page_drawn_asks_neither_the_database_nor_the_shared_cache(cached, now):
    story = make_article(status=Article.Status.SCHEDULED, publish_at=now + datetime.timedelta(hours=1))

    first = asked(now)
    second = asked(now + datetime.timedelta(minutes=1))

    assert first[0] == second[0] == story.publish_at
    assert first[1] > 0
    assert second[1:] == (0, 1), "only the generation is read: the answer comes from this server's memory"


def test_a_change_to_content_is_asked_about_afresh(cached, now, django_capture_on_commit_callbacks):
    assert asked(now)[0] is None

    with django_capture_on_commit_callbacks(execute=True):  # the change commits: a new generation
        story = make_article(status=Article.Status.SCHEDULED, publish_at=now + datetime.timedelta(hours=2))

    assert asked(now)[0] == story.publish_at


def test_the_remembered_time_is_not_trusted_once_it_has_come(cached, now):
    first = make_article(status=Article.Status.SCHEDULED, publish_at=now + datetime.timedelta(hours=1))
    second = make_article(status=Article.Status.SCHEDULED, publish_at=now + datetime.timedelta(hours=3))
    assert asked(now)[0] == first.publish_at

    assert asked(first.publish_at)[0] == second.publish_at


def test_an_emptied_cache_never_hands_out_a_generation_again(cached, now):
    assert asked(now)[0] is None
    before = caching.generation()

    cache.clear()
    # Scheduled while the cache was empty (a restart of Redis): nothing said the content changed.
    with mock.patch.object(caching, "bump_generation"):
        story = make_article(status=Article.Status.SCHEDULED, publish_at=now + datetime.timedelta(hours=1))

    assert caching.generation() != before
    assert asked(now)[0] == story.publish_at
