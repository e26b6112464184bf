"""
Readers never see anything that is not published and due.

Hypothesis draws random statuses and publish times for an edition and its
stories, and a random clock; every public page, feed, sitemap and search is
then fetched and each story's headline must appear exactly when the rule says
it may. The rule is restated here independently of the code under test.
"""

import datetime
from unittest import mock

from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from articles.models import Article
from editions.models import Issue

from .factories import make_department, make_issue, make_page

BASE = datetime.datetime(2024, 3, 15, 6, 0, tzinfo=datetime.UTC)
WORDS = ["鹦鹉螺号", "猕猴桃园", "蒲公英岭"]
LIVE = {"scheduled", "published"}

offsets = st.one_of(st.none(), st.integers(min_value=-72, max_value=72).map(lambda h: datetime.timedelta(hours=h)))
story = st.fixed_dictionaries(
    {"status": st.sampled_from([s.value for s in Article.Status]), "offset": offsets, "placed": st.booleans()}
)


def due(status, publish_at, now):
    return status in LIVE and publish_at is not None and publish_at <= now


@override_settings(READER_CACHE_SECONDS=300)  # the reader cache must not change the answer
class ReadersSeeOnlyWhatIsDue(TestCase):
    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        issue_status=st.sampled_from([s.value for s in Issue.Status]),
        issue_offset=offsets,
        stories=st.lists(story, min_size=1, max_size=3),
        clock=st.integers(min_value=-96, max_value=96).map(lambda h: BASE + datetime.timedelta(hours=h)),
    )
    def test_every_public_surface(self, issue_status, issue_offset, stories, clock):
        cache.clear()
        department = make_department()
        issue_time = BASE + issue_offset if issue_offset is not None else None
        issue = make_issue(date=BASE.date(), status=issue_status, publish_at=issue_time)
        page = make_page(issue=issue)
        issue_live = due(issue_status, issue_time, clock)
        expected = {}
        with self.captureOnCommitCallbacks(execute=True):  # the search index follows commits
            self.make_stories(stories, department, page, issue_live, clock, expected)

        with mock.patch("core.clock.now", return_value=clock):
            self.assert_surfaces_agree(expected, issue, page, department)

    def make_stories(self, stories, department, page, issue_live, clock, expected):
        for word, drawn in zip(WORDS, stories, strict=False):
            publish_at = BASE + drawn["offset"] if drawn["offset"] is not None else None
            Article.objects.create(
                headline=f"{word}的新闻",
                body=f"<p>{word}正文。</p>",
                status=drawn["status"],
                publish_at=publish_at,
                department=department,
                page=page if drawn["placed"] else None,
            )
            expected[word] = due(drawn["status"], publish_at, clock) and (issue_live or not drawn["placed"])

    def assert_surfaces_agree(self, expected, issue, page, department):
        client = Client()
        urls = [
            reverse("editions:front"),
            issue.get_absolute_url(),
            page.get_absolute_url(),
            department.get_absolute_url(),
            reverse("articles:feed_rss"),
            reverse("articles:feed_atom"),
            reverse("sitemap"),
            reverse("sitemap_section", kwargs={"section": "articles"}),
            reverse("editions:back_issues"),
        ]
        pages = {}
        for url in urls:
            response = client.get(url)
            self.assertIn(response.status_code, (200, 404), url)
            pages[url] = response.content.decode() if response.status_code == 200 else ""
        search = reverse("search:results")
        for word, visible in expected.items():
            article = Article.objects.get(headline=f"{word}的新闻")
            detail = client.get(article.get_absolute_url())
            self.assertEqual(detail.status_code == 200, visible, f"{word} detail page")
            for url, html in pages.items():
                if not visible:
                    self.assertNotIn(word, html, f"{word} leaked on {url}")
            results = client.get(search, {"q": word}).content.decode()
            found = f'href="{article.get_absolute_url()}"' in results
            self.assertEqual(found, visible, f"{word} in search")
        any_visible = any(expected.values())
        if any_visible and issue.is_live():
            front = pages[reverse("editions:front")]
            for word, visible in expected.items():
                placed = Article.objects.get(headline=f"{word}的新闻").page_id is not None
                if visible and placed:
                    self.assertIn(word, front)
