"""
What the app tells the edge cache: every public page names what it shows, and nothing outlives its deadline.

Varnish keeps a page only if it carries surrogate keys (`xkey`) and a
deadline (`Edge-Expires`); a change purges the keys of what it touched. These
tests read the app's own answers, without Varnish (tests/test_edge_varnish.py
puts a real one in front).
"""

import datetime
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from articles import services
from articles.models import Article
from edge import keys, purging
from edge.headers import EXPIRES_HEADER, KEYS_HEADER

from .factories import (
    logged_in,
    make_article,
    make_byline,
    make_case_study,
    make_department,
    make_editor,
    make_issue,
    make_page,
)

# The newsroom's own addresses, which the edge passes straight through (deploy/varnish/default.vcl).
STAFF_PREFIXES = ("admin/", "preview/", "ckeditor/", "api/", "media/", "static/")


def public_routes(resolver=None, prefix="", namespace=""):
    """(URL name with its namespace, pattern) of every named route readers can reach."""
    for entry in (resolver or get_resolver()).url_patterns:
        pattern = prefix + str(entry.pattern)
        if pattern.startswith(STAFF_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from public_routes(entry, pattern, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace + entry.name, pattern


def test_every_public_route_is_either_tagged_for_the_edge_or_passed_with_a_reason():
    routes = dict(public_routes())
    assert routes, "no public routes found"
    missing = sorted(name for name in routes if name not in keys.ROUTES and name not in keys.PASSED)
    assert not missing, f"public routes without surrogate keys (add them to edge/keys.py ROUTES or PASSED): {missing}"
    assert all(reason for reason in keys.PASSED.values())


@pytest.fixture
def edge(settings, db):
    """The reader cache and the edge's deadline on."""
    settings.READER_CACHE_SECONDS = 300
    settings.EDGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a change and then its on-commit effects, as a committed transaction would."""

    def committed(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return committed


@pytest.fixture
def site(edge, commit):
    """An edition with a page, a story in a department and a case study in a campaign (committed: no purge pending)."""

    def build():
        issue = make_issue(date=datetime.date(2023, 2, 15))
        page = make_page(issue=issue, number=1)
        department = make_department(slug="ecology")
        story = make_article(page=page, department=department, headline="生态新闻")
        make_byline(story)
        case = make_case_study(article=make_article(kind=Article.Kind.CASE_STUDY, department=department, page=page))
        return {"issue": issue, "page": page, "department": department, "story": story, "case": case}

    return commit(build)


def tagged(path, client=None):
    response = (client or Client()).get(path)
    assert response.status_code == 200, path
    return set(response.get(KEYS_HEADER, "").split())


def test_each_public_page_names_what_it_shows(site):
    story, page, case = site["story"], site["page"], site["case"]
    case_story = case.article
    shown = {keys.story(story.pk), keys.story(case_story.pk)}

    assert {keys.ALL, keys.FRONT, keys.issue(site["issue"].date), keys.page(page.pk)} | shown <= tagged("/")
    assert {keys.issue(site["issue"].date), keys.page(page.pk), keys.ISSUES} | shown <= tagged("/2023/02/15/")
    assert {keys.issue(site["issue"].date), keys.page(page.pk)} | shown <= tagged("/2023/02/15/1/")
    article = tagged(f"/articles/{story.pk}/")
    assert {
        keys.story(story.pk),
        keys.department(site["department"].pk),
        keys.page(page.pk),
        keys.issue(site["issue"].date),
    } <= article
    assert keys.campaign(case.campaign_id) in tagged(f"/articles/{case_story.pk}/")
    assert {keys.campaign(case.campaign_id), keys.campaign_list(case.campaign_id), keys.story(case_story.pk)} <= tagged(
        case.campaign.get_absolute_url()
    )
    department = tagged("/departments/ecology/")
    assert {keys.department(site["department"].pk), keys.department_list(site["department"].pk)} | shown <= department
    assert keys.DEPARTMENTS in tagged("/departments/")
    # Both list 今日热门/本周热门, which any story's withdrawal may change.
    assert keys.STORIES in tagged("/") and keys.STORIES in department
    assert keys.STORIES in tagged(reverse("articles:feed_rss"))
    assert keys.STORIES in tagged(reverse("sitemap_section", kwargs={"section": "articles"}))
    assert keys.ISSUES in tagged("/archive/")
    assert keys.SITE in tagged("/robots.txt")


def test_every_tagged_route_answers_with_keys_on_the_demo_edition(edge, demo_edition):
    """Each route of the table, at an address of the demo edition, answers a reader with keys and a deadline."""
    story = Article.objects.published().exclude(page=None).first()
    case = Article.objects.published().exclude(case_study=None).select_related("case_study__campaign").first()
    department = story.department
    addresses = {
        "editions:front": "/",
        "editions:issue": "/2023/02/15/",
        "editions:page": "/2023/02/15/1/",
        "editions:back_issues": "/archive/",
        "editions:back_issues_month": "/archive/2023/02/",
        "articles:detail": story.get_absolute_url(),
        "articles:campaign": case.case_study.campaign.get_absolute_url(),
        "articles:feed_rss": reverse("articles:feed_rss"),
        "articles:feed_atom": reverse("articles:feed_atom"),
        "articles:campaign_feed_rss": reverse("articles:campaign_feed_rss", args=[case.case_study.campaign.slug]),
        "articles:campaign_feed_atom": reverse("articles:campaign_feed_atom", args=[case.case_study.campaign.slug]),
        "departments:index": "/departments/",
        "departments:detail": department.get_absolute_url(),
        "departments:feed_rss": reverse("departments:feed_rss", args=[department.slug]),
        "departments:feed_atom": reverse("departments:feed_atom", args=[department.slug]),
        "sitemap": "/sitemap.xml",
        "sitemap_section": reverse("sitemap_section", kwargs={"section": "articles"}),
        "robots_txt": "/robots.txt",
    }
    # Left out: the PDF (the demo has none) and the favicon (a redirect, never kept).
    routes = dict(public_routes())
    assert set(addresses) | {"editions:edition_pdf", "favicon"} == set(keys.ROUTES)
    addresses = {name: path for name, path in addresses.items() if name in routes}
    for name, path in addresses.items():
        now = timezone.now().timestamp()
        response = Client().get(path)
        assert response.status_code == 200, name
        assert response[KEYS_HEADER].split()[0] == keys.ALL, name
        assert now < float(response[EXPIRES_HEADER]) <= now + 301, name


def test_staff_pages_carry_no_keys(site):
    editor = logged_in(make_editor())
    response = editor.get(f"/articles/{site['story'].pk}/")
    assert response.status_code == 200
    assert KEYS_HEADER not in response and EXPIRES_HEADER not in response
    assert KEYS_HEADER not in Client().get("/search/?q=生态")


def test_the_edge_deadline_is_never_past_the_next_scheduled_story(site):
    due = timezone.now() + datetime.timedelta(seconds=40)
    make_article(page=site["page"], status=Article.Status.SCHEDULED, publish_at=due)
    for path in ("/", f"/articles/{site['story'].pk}/"):
        deadline = float(Client().get(path)[EXPIRES_HEADER])
        assert deadline <= due.timestamp()
        assert deadline > due.timestamp() - 2


def test_a_page_served_from_the_reader_cache_keeps_its_first_deadline(site):
    """The deadline is a moment, so a page the reader cache serves later does not get a later one."""
    first = Client().get("/")[EXPIRES_HEADER]
    assert Client().get("/")[EXPIRES_HEADER] == first


def test_with_the_edge_off_pages_carry_keys_but_no_deadline(site, settings):
    settings.EDGE_CACHE_SECONDS = 0
    cache.clear()
    response = Client().get("/")
    assert KEYS_HEADER in response and EXPIRES_HEADER not in response


class PurgeRecorder(BaseHTTPRequestHandler):
    """A stand-in Varnish node that records each purge."""

    received = []

    def do_PURGE(self):
        type(self).received.append((self.headers["xkey"].split(), self.headers["X-Purge-Secret"]))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def node(settings):
    PurgeRecorder.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.EDGE_PURGE_URLS = [f"http://127.0.0.1:{server.server_port}/"]
    settings.EDGE_PURGE_SECRET = "a-secret-for-the-tests"
    settings.EDGE_PURGE_REPEAT_SECONDS = 0
    yield PurgeRecorder.received
    server.shutdown()
    server.server_close()


def purged(received):
    purging.wait()
    return set().union(*(set(names) for names, _secret in received)) if received else set()


def withdraw(story):
    return services.transition(article=story, action="withdraw", by=make_editor())


def test_withdrawing_purges_the_story_its_edition_lists_feeds_and_sitemaps(site, node, commit):
    story = site["story"]
    commit(lambda: withdraw(story))
    names = purged(node)
    assert {
        keys.story(story.pk),
        keys.page(site["page"].pk),
        keys.issue(site["issue"].date),
        keys.department_list(site["department"].pk),
        keys.STORIES,
    } <= names
    assert all(secret == "a-secret-for-the-tests" for _names, secret in node)
    # Exactly what it touched: another department's list, another campaign, the calendar stay.
    assert keys.ISSUES not in names and keys.FRONT not in names


def test_moving_a_story_purges_where_it_was_and_where_it_is(site, node, commit):
    other = make_department(slug="other")
    story = Article.objects.get(pk=site["story"].pk)
    story.department = other
    commit(story.save)
    assert {keys.department_list(site["department"].pk), keys.department_list(other.pk)} <= purged(node)


def test_a_byline_a_campaign_a_page_and_an_edition_purge_what_shows_them(site, node, commit):
    commit(lambda: make_byline(site["story"], name="记者乙"))
    assert keys.story(site["story"].pk) in purged(node)
    node.clear()
    case = site["case"]
    case.campaign.name = "新名字"
    commit(case.campaign.save)
    assert {keys.campaign(case.campaign_id), keys.campaign_list(case.campaign_id)} <= purged(node)
    node.clear()
    page = site["page"]
    page.name = "要闻二"
    commit(page.save)
    assert {keys.page(page.pk), keys.issue(site["issue"].date), keys.story(site["story"].pk)} <= purged(node)
    node.clear()
    commit(site["issue"].save)
    assert {keys.FRONT, keys.ISSUES, keys.issue(site["issue"].date), keys.story(site["story"].pk)} <= purged(node)


def test_a_purge_is_sent_again_shortly_after(site, node, settings, commit):
    """A page fetched just before the commit and stored just after the first purge goes with the second."""
    settings.EDGE_PURGE_REPEAT_SECONDS = 0.05
    commit(lambda: withdraw(site["story"]))
    purging.wait()
    assert len(node) == 2 and node[0][0] == node[1][0]


def test_with_varnish_down_the_save_succeeds_and_the_purge_is_retried_and_logged(
    site, settings, caplog, monkeypatch, commit
):
    settings.EDGE_PURGE_URLS = ["http://127.0.0.1:9/"]  # nothing listens on the discard port
    settings.EDGE_PURGE_SECRET = "a-secret-for-the-tests"
    settings.EDGE_PURGE_TIMEOUT = 0.2
    monkeypatch.setattr(purging, "RETRY_PAUSES", (0.01, 0.01))
    caplog.set_level(logging.WARNING, logger="edge.purge")
    story = site["story"]
    commit(lambda: withdraw(story))
    assert Article.objects.get(pk=story.pk).status == Article.Status.WITHDRAWN
    purging.wait()
    tries = [record for record in caplog.records if record.name == "edge.purge"]
    assert [record.levelname for record in tries] == ["WARNING", "WARNING", "ERROR"]
    assert "127.0.0.1:9" in tries[-1].getMessage()


def test_nothing_is_sent_when_no_node_is_configured(site, settings, commit, monkeypatch):
    settings.EDGE_PURGE_URLS = []
    sent = []
    monkeypatch.setattr(purging, "purge", lambda names, **kwargs: sent.append(names))
    commit(lambda: withdraw(site["story"]))
    assert sent == []


def test_a_purge_setting_varnish_would_refuse_stops_the_site_at_start_up(settings):
    from django.core.checks import run_checks

    settings.EDGE_PURGE_URLS = ["http://10.0.0.21:6081/"]
    settings.EDGE_PURGE_SECRET = "short"
    assert "edge.E001" in {problem.id for problem in run_checks()}
    settings.EDGE_PURGE_SECRET = "a-secret-long-enough"
    settings.EDGE_PURGE_URLS = ["10.0.0.21:6081"]
    ids = {problem.id for problem in run_checks()}
    assert "edge.E002" in ids and "edge.E001" not in ids
    settings.EDGE_PURGE_URLS = ["http://10.0.0.21:6081/"]
    assert not {problem.id for problem in run_checks()} & {"edge.E001", "edge.E002"}


def test_a_restore_purges_every_page_at_the_edge(node, settings):
    """A restore writes rows past the registry; everything_changed() stands for all their changes."""
    from core import changes

    changes.everything_changed()
    assert node, "sent before returning: the restore command exits right after"
    assert purged(node) == {keys.ALL}
