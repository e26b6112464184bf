"""
A cached page costs next to nothing, and is the same page, with the same headers, as a fresh one.

The reader cache sits first among the middleware (after the view-count beacon), so a
page is stored with every header the site gave it, and a hit is answered before
sessions, authentication, CSRF and messages run. In production bulletin/wsgi.py
answers a hit even earlier, before Django handles the request at all
(core.caching.ReaderCacheFastPath). Either way a reader cannot tell a hit from a
fresh page: same status, same bytes, same headers (the security headers and the
content policy included), the same 304 for an unchanged page, and the same 400 for
a host the site does not serve or a NUL byte in the address.
"""

from contextlib import ExitStack, contextmanager
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.core import signals
from django.core.cache import cache
from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.middleware.csrf import CsrfViewMiddleware
from django.middleware.security import SecurityMiddleware
from django.test import Client, RequestFactory

from articles.models import Article
from core.caching import ReaderCacheFastPath
from edge.headers import EXPIRES_HEADER, KEYS_HEADER

from .factories import make_article, make_department, make_editor

SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Frame-Options",
    "Referrer-Policy",
    "X-Content-Type-Options",
    "Cross-Origin-Opener-Policy",
    "Strict-Transport-Security",
)


@pytest.fixture
def cached(settings, db, django_capture_on_commit_callbacks):
    """The reader cache switched on, HSTS as in production, and on-commit hooks run as in production."""
    settings.READER_CACHE_SECONDS = 300
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        yield settings
    cache.clear()


@pytest.fixture
def story(cached):
    return make_article(headline="快速缓存的稿件", department=make_department(name="城建局"))


def public_paths(story):
    return ["/", story.get_absolute_url(), story.department.get_absolute_url()]


@pytest.fixture
def site():
    """The site as gunicorn runs it: bulletin/wsgi.py's fast path in front of Django's WSGI handler.

    Django's handler closes the database connection after each request, as a server wants;
    inside a test's transaction it must not, just as the test Client arranges.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield WSGISite(ReaderCacheFastPath(WSGIHandler()))
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


class WSGISite:
    def __init__(self, application):
        self.application = application

    def request(self, path, method="get", secure=True, headers=None, **query):
        environ = getattr(RequestFactory(), method)(path, query, secure=secure, headers=headers).environ
        started = {}

        def start_response(status, response_headers, exc_info=None):
            started.update(status=status, headers=response_headers)

        chunks = self.application(environ, start_response)
        body = b"".join(chunks)
        if hasattr(chunks, "close"):
            chunks.close()
        return started["status"], started["headers"], body


@contextmanager
def untouchable():
    """Security, sessions, authentication, CSRF and messages made to fail if they run at all."""

    def refuse(*args, **kwargs):
        raise AssertionError("ran for a cached page")

    with ExitStack() as stack:
        for middleware, method in [
            (SecurityMiddleware, "process_request"),
            (SessionMiddleware, "process_request"),
            (AuthenticationMiddleware, "process_request"),
            (CsrfViewMiddleware, "process_request"),
            (CsrfViewMiddleware, "process_view"),
            (MessageMiddleware, "process_request"),
        ]:
            stack.enter_context(mock.patch.object(middleware, method, refuse))
        yield


# --- through the middleware (the test Client) ------------------------------------------------------


def test_a_hit_runs_no_session_authentication_csrf_or_messages(story, django_assert_num_queries):
    for path in public_paths(story):
        fresh = Client().get(path, secure=True)
        assert fresh.status_code == 200
        with untouchable(), django_assert_num_queries(0):
            hit = Client().get(path, secure=True)
        assert hit.status_code == 200
        assert hit.content == fresh.content


def test_a_hit_carries_exactly_the_headers_of_a_fresh_page(story):
    for path in public_paths(story):
        fresh = Client().get(path, secure=True)
        hit = Client().get(path, secure=True)
        assert list(hit.items()) == list(fresh.items()), path
        assert hit.content == fresh.content
        for name in SECURITY_HEADERS:
            assert hit[name], (path, name)
        # What Varnish keeps the page by (edge/headers.py) comes with it from the cache too.
        for name in (KEYS_HEADER, EXPIRES_HEADER, "Cache-Control", "ETag"):
            assert hit[name] == fresh[name], (path, name)


def test_an_unchanged_page_gets_the_same_304_from_the_cache_as_from_the_site(story, cached):
    path = story.get_absolute_url()
    etag = Client().get(path, secure=True)["ETag"]
    from_cache = Client().get(path, secure=True, headers={"If-None-Match": etag})
    cache.clear()  # now the site draws the page again and answers the precondition
    from_site = Client().get(path, secure=True, headers={"If-None-Match": etag})
    assert from_cache.status_code == from_site.status_code == 304
    assert list(from_cache.items()) == list(from_site.items())
    assert from_cache["Strict-Transport-Security"].startswith("max-age=31536000")
    # The page drawn for that 304 was stored whole: the next reader gets it from the cache.
    with untouchable():
        assert Client().get(path, secure=True).content.decode().count("快速缓存的稿件") >= 1


def test_plain_http_and_https_are_kept_apart(story, cached):
    path = story.get_absolute_url()
    over_https = Client().get(path, secure=True)
    over_http = Client().get(path)
    assert "Strict-Transport-Security" in over_https
    assert "Strict-Transport-Security" not in over_http
    assert "Strict-Transport-Security" not in Client().get(path)  # the plain page, from the cache
    cached.SECURE_SSL_REDIRECT = True
    assert Client().get(path).status_code == 301  # never a stored page instead of the redirect


# --- through bulletin/wsgi.py's fast path ------------------------------------------------------------


def test_the_fast_path_answers_a_hit_before_django_handles_the_request(story, site):
    for path in public_paths(story):
        miss = site.request(path)
        with mock.patch.object(BaseHandler, "get_response", side_effect=AssertionError("Django ran")):
            hit = site.request(path)
            head = site.request(path, method="head")
        assert miss[0] == hit[0] == "200 OK"
        assert hit[1] == miss[1], path  # every header, in order
        assert hit[2] == miss[2]
        assert head[1] == miss[1]
        names = {name for name, _ in hit[1]}
        assert set(SECURITY_HEADERS) <= names


def test_the_fast_path_gives_the_same_answers_as_the_middleware(story, site):
    path = story.get_absolute_url()
    status, headers, body = site.request(path)
    assert Client().get(path, secure=True).content == body
    assert list(Client().get(path, secure=True).items()) == headers


def test_the_fast_path_refuses_what_the_site_refuses(story, site):
    path = story.get_absolute_url()
    site.request(path)  # cached now
    assert site.request(path, headers={"host": "evil.example"})[0].startswith("400")
    assert site.request(path, utm_source="\x00")[0].startswith("400")
    assert site.request(path + "\x00")[0].startswith("400")
    assert site.request(path)[0] == "200 OK"


def test_the_fast_path_answers_preconditions_like_the_site(story, site):
    path = story.get_absolute_url()
    headers = dict(site.request(path)[1])
    unchanged = site.request(path, headers={"If-None-Match": headers["ETag"]})
    assert unchanged[0] == "304 Not Modified" and unchanged[2] == b""
    from_client = Client().get(path, secure=True, headers={"If-None-Match": headers["ETag"]})
    assert unchanged[1] == list(from_client.items())
    changed = site.request(path, headers={"If-None-Match": '"something-else"'})
    assert changed[0] == "200 OK"
    assert site.request(path, headers={"If-Match": '"something-else"'})[0].startswith("412")


def test_the_fast_path_keys_pages_on_the_parameters_their_view_reads(story, site):
    department = story.department.get_absolute_url()
    bare = site.request(department)[2]
    with mock.patch.object(BaseHandler, "get_response", side_effect=AssertionError("Django ran")):
        assert site.request(department, utm_source="wx", fbclid="1")[2] == bare
    original = BaseHandler.get_response
    with mock.patch.object(BaseHandler, "get_response", autospec=True, side_effect=original) as django:
        site.request(department, page="2")
    assert django.called  # ?page=2 is a page of its own


def test_signed_in_staff_and_changes_go_past_the_fast_path(story, site, django_capture_on_commit_callbacks):
    path = story.get_absolute_url()
    assert "快速缓存的稿件" in site.request(path)[2].decode()
    staff = Client()
    staff.force_login(make_editor())
    cookie = f"{settings.SESSION_COOKIE_NAME}={staff.cookies[settings.SESSION_COOKIE_NAME].value}"
    # Changed without a commit hook firing: only an uncached render can show it.
    Article.objects.filter(pk=story.pk).update(headline="员工看到的新主题")
    assert "员工看到的新主题" in site.request(path, headers={"cookie": cookie})[2].decode()
    assert "快速缓存的稿件" in site.request(path)[2].decode()  # readers keep the cached page until a commit
    story.refresh_from_db()
    story.headline = "改过的主题"
    with django_capture_on_commit_callbacks(execute=True):
        story.save()
    body = site.request(path)[2].decode()
    assert "改过的主题" in body and "快速缓存的稿件" not in body
