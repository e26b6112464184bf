"""
Nothing leaves through the news API that the key may not have: drafts, stories waiting for review,
returned, merely approved or withdrawn ones never; scheduled ones only once due, or, for a key with
the embargo scope, once due within API_EMBARGO_HOURS (and then marked with their embargo time).

Hypothesis draws statuses and publish times for an edition and its stories, a clock, and a key
with or without the embargo scope; every endpoint is then read and every item checked against the
rule, restated here independently of the code under test (as tests/test_visibility_property.py
does for the public pages). Tombstones carry no text at all.
"""

import datetime
import json
from unittest import mock

from django.core.cache import cache
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from articles.models import Article
from editions.models import Issue

from .factories import make_department, make_issue, make_page
from .partner_api import Partner, ninjs_errors

BASE = datetime.datetime(2024, 3, 15, 6, 0, tzinfo=datetime.UTC)
WRITTEN = BASE - datetime.timedelta(hours=100)  # before every drawn time, as an editor schedules ahead
WORDS = ["鹦鹉螺号", "猕猴桃园", "蒲公英岭"]
LIVE = {"scheduled", "published"}
WINDOW = datetime.timedelta(hours=24)

offsets = st.one_of(st.none(), st.integers(min_value=-72, max_value=72).map(lambda h: datetime.timedelta(hours=h)))
story = st.fixed_dictionaries(
    {"status": st.sampled_from([s.value for s in Article.Status]), "offset": offsets, "placed": st.booleans()}
)


def due_at(status, publish_at):
    return publish_at if status in LIVE and publish_at is not None else None


def may_have(due, clock, embargo):
    return due is not None and due <= (clock + WINDOW if embargo else clock)


class KeysGetOnlyWhatTheyMayHave(TestCase):
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        issue_status=st.sampled_from([s.value for s in Issue.Status]),
        issue_offset=offsets,
        stories=st.lists(story, min_size=1, max_size=3),
        # Off the hour, so no publish time falls within the feed's two-second settling margin.
        clock=st.integers(min_value=-96, max_value=96).map(lambda h: BASE + datetime.timedelta(hours=h, seconds=30)),
        embargo=st.booleans(),
    )
    def test_every_endpoint(self, issue_status, issue_offset, stories, clock, embargo):
        cache.clear()  # each example's key starts with its whole request allowance
        with mock.patch("core.clock.now", return_value=WRITTEN), self.captureOnCommitCallbacks(execute=True):
            expected, issue, page = self.make_content(issue_status, issue_offset, stories)
        partner = Partner("embargo") if embargo else Partner()
        allowed = {word: may_have(due, clock, embargo) for word, (due, _pk) in expected.items()}
        issue_due = due_at(issue_status, issue.publish_at)

        with mock.patch("core.clock.now", return_value=clock):
            items = self.every_item(partner, issue, page, expected)
            edition = partner.get(reverse("syndication:edition", kwargs={"date": issue.date.isoformat()}))

        self.assertEqual(edition.status_code == 200, may_have(issue_due, clock, embargo), "edition")
        for item in items:
            self.assertEqual(ninjs_errors(item), [])
            text = json.dumps(item, ensure_ascii=False)
            if item.get("pubStatus") == "canceled":
                self.assertFalse(any(word in text for word in WORDS), f"a tombstone carries text: {text}")
                continue
            for word, may in allowed.items():
                if not may:
                    self.assertNotIn(word, text, f"{word} leaked to a key with embargo={embargo} at {clock}")
            if "embargoedUntil" in item:
                self.assertTrue(embargo, "only embargo keys see an embargo time")
                self.assertGreater(datetime.datetime.fromisoformat(item["embargoedUntil"]), clock)
        in_feed = {
            word for word in WORDS for item in items[: self.feed_size] if word in json.dumps(item, ensure_ascii=False)
        }
        self.assertEqual(
            in_feed, {word for word, may in allowed.items() if may}, "the feed lists what the key may have"
        )

    def make_content(self, issue_status, issue_offset, stories):
        department = make_department()
        issue = make_issue(
            date=BASE.date(), status=issue_status, publish_at=BASE + issue_offset if issue_offset is not None else None
        )
        page = make_page(issue=issue)
        issue_due = due_at(issue_status, issue.publish_at)
        expected = {}
        for word, drawn in zip(WORDS, stories, strict=False):
            publish_at = BASE + drawn["offset"] if drawn["offset"] is not None else None
            article = Article.objects.create(
                headline=f"{word}的新闻",
                body=f"<p>{word}正文。</p>",
                status=drawn["status"],
                publish_at=publish_at,
                department=department,
                page=page if drawn["placed"] else None,
            )
            due = due_at(drawn["status"], publish_at)
            if drawn["placed"] and due is not None:
                due = max(due, issue_due) if issue_due is not None else None
            expected[word] = (due, article.pk)
        return expected, issue, page

    def every_item(self, partner, issue, page, expected):
        items, since = [], None
        while True:
            feed = partner.json(reverse("syndication:changes"), {"since": since} if since else None)
            items += feed["items"]
            since = feed["next"]
            if not feed["hasMore"]:
                break
        self.feed_size = len(items)
        items += partner.json(reverse("syndication:stories"))["items"]
        items += partner.json(reverse("syndication:editions"))["items"]
        for url in (
            reverse("syndication:edition", kwargs={"date": issue.date.isoformat()}),
            reverse("syndication:page", kwargs={"date": issue.date.isoformat(), "number": page.number}),
        ):
            response = partner.get(url)
            self.assertIn(response.status_code, (200, 404), url)
            if response.status_code == 200:
                items.append(response.json())
        for _due, pk in expected.values():
            response = partner.get(reverse("syndication:story", kwargs={"id": pk}))
            self.assertIn(response.status_code, (200, 404))
            if response.status_code == 200:
                items.append(response.json())
        return items
