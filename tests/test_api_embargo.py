"""
Embargo: a key with the embargo scope also gets approved stories (scheduled or published) due within
the next API_EMBARGO_HOURS, marked with `embargoedUntil`; everyone else gets only what readers see.
A story that is not approved (draft, submitted, merely 已审 without a time, withdrawn) reaches no key.
"""

import datetime
from unittest import mock

import pytest
from django.urls import reverse

from articles.models import Article

from .factories import make_article, make_issue, make_page
from .partner_api import Partner, ninjs_errors

pytestmark = pytest.mark.django_db

T0 = datetime.datetime(2024, 3, 15, 0, 0, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def now():
    with mock.patch("core.clock.now", return_value=T0):
        yield T0


@pytest.fixture
def stories(now, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return {
            "live": make_article(headline="已见报", publish_at=T0 - HOUR),
            "in_window": make_article(headline="五小时后", status=Article.Status.SCHEDULED, publish_at=T0 + 5 * HOUR),
            "beyond": make_article(headline="三十小时后", status=Article.Status.SCHEDULED, publish_at=T0 + 30 * HOUR),
            "approved": make_article(headline="已审未排期", status=Article.Status.APPROVED, publish_at=T0 + HOUR),
            "submitted": make_article(headline="待审", status=Article.Status.SUBMITTED, publish_at=T0 + HOUR),
            "draft": make_article(headline="草稿", status=Article.Status.DRAFT, publish_at=T0 + HOUR),
            "withdrawn": make_article(headline="已撤稿", status=Article.Status.WITHDRAWN, publish_at=T0 - HOUR),
        }


def story_status(partner, story):
    return partner.get(reverse("syndication:story", kwargs={"id": story.pk})).status_code


def test_a_key_with_the_embargo_scope_gets_stories_due_within_the_window_marked_with_their_time(stories):
    partner = Partner("embargo")

    item = partner.json(reverse("syndication:story", kwargs={"id": stories["in_window"].pk}))

    assert not ninjs_errors(item)
    assert datetime.datetime.fromisoformat(item["embargoedUntil"]) == T0 + 5 * HOUR
    assert item["pubStatus"] == "usable"
    live = partner.json(reverse("syndication:story", kwargs={"id": stories["live"].pk}))
    assert "embargoedUntil" not in live
    assert {name: story_status(partner, story) for name, story in stories.items()} == {
        "live": 200,
        "in_window": 200,
        "beyond": 404,
        "approved": 404,
        "submitted": 404,
        "draft": 404,
        "withdrawn": 404,
    }


def test_a_key_without_it_gets_only_what_readers_see(stories):
    partner = Partner()

    assert {name for name, story in stories.items() if story_status(partner, story) == 200} == {"live"}
    response = partner.get(reverse("syndication:story", kwargs={"id": stories["in_window"].pk}))
    assert "没有这篇稿件" in response.json()["detail"]
    listed = partner.json(reverse("syndication:stories"))["items"]
    assert [item["headlines"][0]["value"] for item in listed] == ["已见报"]


def test_the_changes_feed_lists_an_embargoed_story_when_it_enters_the_window(stories):
    embargo, plain = Partner("embargo"), Partner()

    def headlines(partner, at):
        with mock.patch("core.clock.now", return_value=at):
            items = partner.json(reverse("syndication:changes"))["items"]
        return sorted(item["headlines"][0]["value"] for item in items if item["pubStatus"] == "usable")

    soon = T0 + datetime.timedelta(seconds=3)
    assert headlines(embargo, soon) == ["五小时后", "已见报"]
    assert headlines(plain, soon) == ["已见报"]
    # "三十小时后" enters the 24-hour window at T0 + 6 h, and reaches readers at T0 + 30 h.
    assert headlines(embargo, T0 + 6 * HOUR + datetime.timedelta(seconds=3)) == ["三十小时后", "五小时后", "已见报"]
    assert headlines(plain, T0 + 4 * HOUR) == ["已见报"]
    assert headlines(plain, T0 + 6 * HOUR) == ["五小时后", "已见报"]
    assert headlines(plain, T0 + 30 * HOUR + datetime.timedelta(seconds=3)) == ["三十小时后", "五小时后", "已见报"]


def test_an_edition_due_within_the_window_is_given_to_embargo_keys_only(now, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        issue = make_issue(date=datetime.date(2024, 3, 15), status="scheduled", publish_at=T0 + 6 * HOUR)
        page = make_page(issue=issue)
        story = make_article(headline="头版头条", page=page, status="scheduled", publish_at=T0 + 6 * HOUR)
    url = reverse("syndication:edition", kwargs={"date": "2024-03-15"})

    edition = Partner("embargo").json(url)

    assert not ninjs_errors(edition)
    assert datetime.datetime.fromisoformat(edition["embargoedUntil"]) == T0 + 6 * HOUR
    [page_item] = edition["associations"]
    assert page_item["associations"][0]["uri"].endswith(story.get_absolute_url())
    assert Partner().get(url).status_code == 404
    assert Partner().get(reverse("syndication:story", kwargs={"id": story.pk})).status_code == 404


def test_the_window_is_a_setting(stories, settings):
    settings.API_EMBARGO_HOURS = 2
    assert story_status(Partner("embargo"), stories["in_window"]) == 404
