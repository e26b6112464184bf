"""
A partner keeps a copy of the paper by polling the changes feed with the cursor it was last given.

It learns of new, edited, withdrawn and deleted stories (the last two as tombstones), and of a
scheduled story when its time comes without anyone saving anything; it never learns of drafts.
Pages come by cursor, 50 at a time, each costing the same number of queries; an unchanged page
answers 304 to If-None-Match; a cursor this site did not give is refused in Chinese.
"""

import datetime
from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from syndication import cursors, feed

from .factories import make_article as make_any_article
from .factories import make_byline, make_case_study, make_issue, make_page, make_photo
from .partner_api import Partner, ninjs_errors

pytestmark = pytest.mark.django_db

T0 = datetime.datetime(2024, 3, 15, 0, 0, tzinfo=datetime.UTC)
CHANGES = reverse("syndication:changes")


def make_article(live=True, **values):
    """A story; a live one published an hour before the test's clock (T0), not the machine's."""
    if live:
        values.setdefault("publish_at", T0 - datetime.timedelta(hours=1))
    return make_any_article(live=live, **values)


class Clock:
    """The site's clock (core.clock), moved by the test; writes and requests both read it."""

    def __init__(self, at):
        self.at = at

    def __call__(self):
        return self.at

    def advance(self, **delta):
        self.at += datetime.timedelta(**delta)


@pytest.fixture
def clock():
    moved = Clock(T0)
    with mock.patch("core.clock.now", moved):
        yield moved


@pytest.fixture
def write(django_capture_on_commit_callbacks):
    """Writes as the admin makes them: the feed follows once the transaction commits."""

    @contextmanager
    def committed():
        with django_capture_on_commit_callbacks(execute=True):
            yield

    return committed


class Mirror:
    """A partner's copy: it polls the feed from where it left off and applies what it gets."""

    def __init__(self, partner):
        self.partner = partner
        self.since = None
        self.stories = {}  # uri -> item
        self.received = []

    def sync(self):
        got = []
        while True:
            page = self.partner.json(CHANGES, {"since": self.since} if self.since else None)
            self.since = page["next"]
            got += page["items"]
            if not page["hasMore"]:
                break
        for item in got:
            assert not ninjs_errors(item), ninjs_errors(item)
            if item["pubStatus"] == "canceled":
                self.stories.pop(item["uri"], None)
            else:
                self.stories[item["uri"]] = item
        self.received += got
        return got


def headlines(mirror):
    return sorted(
        next(h["value"] for h in item["headlines"] if h["role"] == "main") for item in mirror.stories.values()
    )


def test_a_partner_follows_new_edited_withdrawn_scheduled_and_deleted_stories(clock, write):
    with write():
        live = make_article(headline="已发布的稿件", publish_at=T0 - datetime.timedelta(hours=1))
        scheduled = make_article(
            headline="六点见报的稿件", status=Article.Status.SCHEDULED, publish_at=T0 + datetime.timedelta(hours=6)
        )
        make_article(headline="草稿", live=False)
        make_article(headline="待审稿件", status=Article.Status.SUBMITTED, publish_at=T0)
    mirror = Mirror(Partner())
    clock.advance(seconds=3)

    mirror.sync()
    assert headlines(mirror) == ["已发布的稿件"]

    clock.advance(minutes=1)
    with write():
        live.headline = "已发布的稿件（更正）"
        live.save()
        make_byline(live, "王记者")
    clock.advance(seconds=3)
    [edited] = mirror.sync()
    assert headlines(mirror) == ["已发布的稿件（更正）"] and edited["by"] == "记者 王记者"

    clock.advance(minutes=1)
    with write():
        live.status = Article.Status.WITHDRAWN
        live.save()
    clock.advance(seconds=3)
    [tombstone] = mirror.sync()
    assert tombstone["pubStatus"] == "canceled" and tombstone["uri"].endswith(live.get_absolute_url())
    assert "headlines" not in tombstone and "bodies" not in tombstone
    assert headlines(mirror) == []

    # Nothing is saved at six: the scheduled story reaches the feed by the clock alone.
    clock.at = T0 + datetime.timedelta(hours=6, seconds=1)
    assert mirror.sync() == []
    clock.advance(seconds=2)
    [appeared] = mirror.sync()
    assert headlines(mirror) == ["六点见报的稿件"] and "embargoedUntil" not in appeared

    clock.advance(minutes=1)
    with write():
        scheduled.delete()
    clock.advance(seconds=3)
    [gone] = mirror.sync()
    assert gone["pubStatus"] == "canceled" and headlines(mirror) == []
    assert not any("草稿" in str(item) or "待审" in str(item) for item in mirror.received)


def test_a_story_never_seen_leaves_no_tombstone_and_a_rescheduled_one_is_withdrawn_until_its_new_time(clock, write):
    with write():
        draft = make_article(headline="从未发布", live=False)
        live = make_article(headline="改期的稿件")
    mirror = Mirror(Partner())
    clock.advance(seconds=3)
    mirror.sync()
    with write():
        draft.delete()
        live.status = Article.Status.SCHEDULED
        live.publish_at = T0 + datetime.timedelta(hours=2)
        live.save()
    clock.advance(seconds=3)

    [withdrawn] = mirror.sync()
    assert withdrawn["pubStatus"] == "canceled" and withdrawn["uri"].endswith(live.get_absolute_url())

    clock.at = T0 + datetime.timedelta(hours=2, seconds=3)
    [back] = mirror.sync()
    assert back["pubStatus"] == "usable" and headlines(mirror) == ["改期的稿件"]


def test_a_story_in_an_edition_not_yet_out_reaches_the_feed_with_its_edition(clock, write):
    with write():
        issue = make_issue(status="scheduled", publish_at=T0 + datetime.timedelta(hours=6))
        make_article(headline="见报稿件", page=make_page(issue=issue), publish_at=T0 - datetime.timedelta(hours=1))
    mirror = Mirror(Partner())
    clock.advance(seconds=3)
    assert mirror.sync() == []

    clock.at = T0 + datetime.timedelta(hours=6, seconds=3)
    mirror.sync()
    assert headlines(mirror) == ["见报稿件"]

    with write():
        issue.status = "withdrawn"
        issue.save()
    clock.advance(seconds=3)
    [tombstone] = mirror.sync()
    assert tombstone["pubStatus"] == "canceled" and headlines(mirror) == []


def test_pages_come_by_cursor_fifty_at_a_time_without_repeats(clock, write):
    with write():
        made = [make_article(headline=f"稿件{n}") for n in range(120)]
    clock.advance(seconds=3)
    partner = Partner()

    sizes, uris, since = [], [], None
    while True:
        page = partner.json(CHANGES, {"since": since} if since else None)
        sizes.append((len(page["items"]), page["hasMore"]))
        uris += [item["uri"] for item in page["items"]]
        since = page["next"]
        if not page["hasMore"]:
            break

    assert sizes == [(50, True), (50, True), (20, False)]
    assert len(set(uris)) == 120 and {u.split("/articles/")[1] for u in uris} == {f"{a.pk}/" for a in made}
    assert partner.json(CHANGES, {"since": since}) == {"items": [], "next": since, "hasMore": False}


def test_a_page_costs_the_same_queries_with_fifty_rich_stories_as_with_one(clock, write, django_assert_num_queries):
    partner = Partner()
    with write():
        make_article(headline="第一篇")
    clock.advance(seconds=3)
    partner.json(CHANGES)  # the key's first use is recorded once a minute: keep it out of the count
    with CaptureQueriesContext(connection) as one:
        partner.json(CHANGES)

    with write():
        for n in range(60):
            story = make_article(headline=f"稿件{n}", kicker="引题")
            make_byline(story, f"记者{n}")
            make_byline(story, f"摄影{n}", role="photographer")
            if n % 10 == 0:
                make_photo(story)
            if n % 7 == 0:
                study = make_case_study(article=story)
                study.practices.create(lead="做法。")
                study.lessons.create(lead="启示。")
                study.figures.create(label="指标", value=1)
    clock.advance(seconds=3)
    with CaptureQueriesContext(connection) as fifty:
        page = partner.json(CHANGES)

    assert len(page["items"]) == 50
    # The one-story page has no case study, so its three section queries are not run at all.
    assert len(fifty) <= len(one) + 3, [q["sql"] for q in fifty]
    assert len(fifty) <= 12


def test_an_unchanged_page_answers_304_and_a_changed_one_does_not(clock, write):
    with write():
        story = make_article(headline="稿件")
    clock.advance(seconds=3)
    partner = Partner()
    first = partner.get(CHANGES)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    assert "private" in first["Cache-Control"]

    again = partner.get(CHANGES, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""

    with write():
        story.headline = "稿件（改）"
        story.save()
    clock.advance(seconds=3)
    changed = partner.get(CHANGES, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


@pytest.mark.parametrize("since", ["abc", "x" * 500, "%00", "tampered", "unsigned"])
def test_a_cursor_this_site_did_not_give_is_refused_in_chinese(since):
    given = cursors.encode(feed.Position(T0, 1, False))
    since = {"tampered": given.replace("1", "2", 1), "unsigned": given.rsplit(":", 1)[0]}.get(since, since)
    response = Partner().get(CHANGES, {"since": since})
    assert response.status_code == 400
    assert "游标" in response.json()["since"]


def test_a_cursor_given_before_the_key_got_the_embargo_scope_asks_for_a_fresh_sync():
    plain = Partner().json(CHANGES)["next"]
    response = Partner("embargo").get(CHANGES, {"since": plain})
    assert response.status_code == 400 and "从头同步" in response.json()["since"]


def test_rebuild_change_feed_lists_every_story_that_partners_may_see(clock, write):
    from django.core.management import call_command

    from syndication.models import StoryChange

    with write():
        stories = [make_article(headline=f"稿件{n}") for n in range(5)]
        make_article(headline="草稿", live=False)
    StoryChange.objects.all().delete()  # as in a database loaded before the feed existed
    call_command("rebuild_change_feed", batch_size=2, verbosity=0)
    clock.advance(seconds=3)

    mirror = Mirror(Partner())
    mirror.sync()
    assert set(mirror.stories) == {item["uri"] for item in mirror.received}
    assert len(mirror.stories) == len(stories) and "草稿" not in headlines(mirror)


def test_a_page_of_changes_seeks_its_position_in_the_index(clock, write):
    with write():
        for n in range(60):
            make_article(headline=f"稿件{n}")
    clock.advance(seconds=3)
    partner = Partner()
    since = partner.json(CHANGES)["next"]

    with CaptureQueriesContext(connection) as queries:
        partner.json(CHANGES, {"since": since})

    [feed_query] = [q["sql"] for q in queries if 'FROM "syndication_storychange"' in q["sql"]]
    # One row-value comparison, (listed_at, id) > (…), which both databases seek in the (listed_at, id) index.
    assert '("syndication_storychange"."listed_at", "syndication_storychange"."id") >' in feed_query
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            plan = " ".join(str(row) for row in cursor.execute(f"EXPLAIN QUERY PLAN {feed_query}").fetchall())
        assert "story_change_listed_idx" in plan and "TEMP B-TREE" not in plan and "MULTI-INDEX" not in plan, plan
        # Its stories are read by id, not by walking the index of every live story.
        [stories_query] = [q["sql"] for q in queries if q["sql"].startswith('SELECT "articles_article"."id"')]
        with connection.cursor() as cursor:
            plan = " ".join(str(row) for row in cursor.execute(f"EXPLAIN QUERY PLAN {stories_query}").fetchall())
        assert "SEARCH articles_article USING INTEGER PRIMARY KEY" in plan, plan
