"""
Readers through a real Varnish (deploy/varnish/): what editors publish is there within a second, what they
withdraw is gone within a second, a scheduled story shows on time with nobody purging, a draft never shows.

Two gunicorn app servers (shared database and Redis, as in production) behind
one varnishd started by deploy/varnish/start; the editor works in the admin
through Varnish (signed in, so passed through) or on either app server
directly, and each purge comes from whichever server saved. Runs wherever
varnishd is installed (`make test` installs it) and Redis answers (as in CI).
"""

import datetime
import re
import subprocess
import time
import uuid
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import pytest

from bench.stack import Browser, free_port, gunicorn, manage
from bench.varnish import fetch, varnish, varnishd_installed

pytestmark = [
    pytest.mark.skipif(not varnishd_installed(), reason="needs varnishd (make edge-deps)"),
    pytest.mark.xdist_group("servers"),
]

WITHIN = 1.0  # seconds from the editor's save to every reader's page


@pytest.fixture(scope="module")
def edge(production_site):
    if "REDIS_URL" not in production_site:
        pytest.skip("needs Redis on 127.0.0.1:6379")
    port, secret = free_port(), uuid.uuid4().hex
    env = {
        **production_site,
        "EDGE_PURGE_URLS": f"http://127.0.0.1:{port}/",
        "EDGE_PURGE_SECRET": secret,
        "READER_CACHE_SECONDS": "300",
        "EDGE_CACHE_SECONDS": "300",
    }
    with (
        app_server(env) as first,
        app_server(env) as second,
        varnish(port, [first, second], secret, probe_host="127.0.0.1") as base,
    ):
        yield {"env": env, "base": base, "servers": [first, second], "secret": secret}


@contextmanager
def app_server(env):
    """A gunicorn app server; on a busy machine it may take longer to stop than bench.stack waits, then it is killed."""
    running = gunicorn(env)
    base, process = running.__enter__()
    try:
        yield base
    finally:
        try:
            running.__exit__(None, None, None)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def make_story(env, headline, status="approved"):
    """A story on the demo's first page, in its first department: (its id, the department's slug)."""
    code = (
        "from articles.models import Article; "
        "from departments.models import Department; from editions.models import Issue; "
        "page = Issue.objects.order_by('date').first().pages.order_by('number').first(); "
        f"a = Article.objects.create(headline='{headline}', body='<p>正文。</p>', status='{status}', "
        "publish_at=None, page=page, page_position=9, "
        "department=Department.objects.order_by('pk').first()); "
        "print(a.pk, a.department.slug)"
    )
    pk, slug = manage(env, "shell", "-c", code).split()[-2:]
    return int(pk), slug


def read(edge, path, **headers):
    status, response_headers, body = fetch(edge["base"], path, headers=headers)
    return status, response_headers, body.decode("utf-8", "replace")


def until(predicate, seconds=WITHIN):
    """Seconds until `predicate()` held, asking every 20 ms; fails after `seconds`."""
    started = time.monotonic()
    while not predicate():
        if time.monotonic() - started > seconds:
            pytest.fail(f"not within {seconds} s")
        time.sleep(0.02)
    return time.monotonic() - started


def cached(edge, path):
    """Ask until Varnish answers from its cache (the first reader fills it)."""
    for _ in range(5):
        status, headers, body = read(edge, path)
        if headers.get("x-cache") == "HIT":
            return status, body
    pytest.fail(f"{path} was not cached at the edge")


def reader_pages(slug, pk):
    return ["/", "/2023/02/15/", "/2023/02/15/1/", f"/departments/{slug}/", "/articles/feed/rss/", f"/articles/{pk}/"]


def transition(editor, pk, action):
    status, _ = editor.post(f"/admin/articles/article/{pk}/transition/{action}/", {"comment": ""})
    assert status == 200


def test_published_through_the_admin_shows_within_a_second_and_withdrawn_goes_within_a_second(edge):
    headline = "边缘缓存发布测试"
    pk, slug = make_story(edge["env"], headline)
    pages = reader_pages(slug, pk)
    for path in pages[:-1]:
        assert headline not in cached(edge, path)[1]
    assert read(edge, f"/articles/{pk}/")[0] == 404

    editor = Browser(edge["base"]).log_in()  # the admin through Varnish: signed in, so passed to the app
    transition(editor, pk, "publish")
    for path in pages:
        until(lambda path=path: headline in read(edge, path)[2])
    sitemap = read(edge, "/sitemap-articles.xml")[2]
    assert f"/articles/{pk}/" in sitemap

    for path in [*pages, "/sitemap-articles.xml"]:
        cached(edge, path)
    transition(editor, pk, "withdraw")
    for path in pages[:-1]:
        until(lambda path=path: headline not in read(edge, path)[2])
    until(lambda: read(edge, f"/articles/{pk}/")[0] == 404)
    until(lambda: f"/articles/{pk}/" not in read(edge, "/sitemap-articles.xml")[2])


def test_two_app_servers_behind_one_varnish_stay_consistent(edge):
    headline = "两台服务器与边缘缓存"
    pk, slug = make_story(edge["env"], headline)
    first, second = (Browser(base).log_in() for base in edge["servers"])
    for path in reader_pages(slug, pk)[:-1]:
        cached(edge, path)
    transition(first, pk, "publish")  # on the first server, which purges
    for path in reader_pages(slug, pk):
        until(lambda path=path: headline in read(edge, path)[2])
        # Each server answers the same when asked past the edge.
        assert all(headline in Browser(base).get(path)[1] for base in edge["servers"])
    transition(second, pk, "withdraw")  # on the second
    for path in reader_pages(slug, pk)[:-1]:
        until(lambda path=path: headline not in read(edge, path)[2])
        assert all(headline not in Browser(base).get(path)[1] for base in edge["servers"])
    until(lambda: read(edge, f"/articles/{pk}/")[0] == 404)


def test_a_scheduled_story_shows_on_time_with_nobody_purging(edge):
    headline = "定时发布的边缘缓存稿件"
    pk, slug = make_story(edge["env"], headline)
    editor = Browser(edge["base"]).log_in()
    # Scheduled through the admin some seconds ahead (Beijing time, to the second): time enough, on a busy
    # machine, for the readers below to be served pages without it from the edge before it is due.
    due = int(time.time()) + 20
    at = datetime.datetime.fromtimestamp(due, ZoneInfo("Asia/Shanghai"))
    form = {"comment": "", "publish_at_0": f"{at:%Y-%m-%d}", "publish_at_1": f"{at:%H:%M:%S}"}
    status, _ = editor.post(f"/admin/articles/article/{pk}/transition/schedule/", form)
    assert status == 200
    time.sleep(0.8)  # the save's own purge, and its repeat, are over
    assert due - time.time() > 2, "the machine was too slow to see the story before it was due"
    for path in ("/", f"/departments/{slug}/"):
        assert headline not in cached(edge, path)[1]
    assert read(edge, f"/articles/{pk}/")[0] == 404
    # Nothing is done at the due time: the edge keeps each page only until then.
    until(lambda: headline in read(edge, "/")[2], seconds=due - time.time() + WITHIN)
    assert time.time() >= due
    until(lambda: read(edge, f"/articles/{pk}/")[0] == 200)
    assert headline in read(edge, f"/departments/{slug}/")[2]


def test_a_draft_never_shows_and_staff_pages_are_never_shared(edge):
    headline = "从未发布的草稿"
    pk, _ = make_story(edge["env"], headline, status="draft")
    editor = Browser(edge["base"]).log_in()
    status, preview = editor.get(f"/preview/{pk}/")
    assert status == 200 and headline in preview
    assert read(edge, f"/preview/{pk}/")[0] in (302, 404)
    for _ in range(3):
        assert read(edge, f"/articles/{pk}/")[0] == 404
        assert headline not in read(edge, "/")[2]
    # A signed-in editor's front page is the app's every time, and never what a reader gets.
    cookie = f"sessionid={session_of(editor)}"
    for _ in range(2):
        assert read(edge, "/", Cookie=cookie)[1]["x-cache"] == "MISS"


def session_of(browser):
    jar = next(handler.cookiejar for handler in browser.opener.handlers if hasattr(handler, "cookiejar"))
    return next(cookie.value for cookie in jar if cookie.name == "sessionid")


def test_cookies_readers_carry_do_not_split_the_cache(edge):
    cached(edge, "/2023/02/15/")
    status, headers, _ = read(edge, "/2023/02/15/", Cookie="_ga=GA1.2.3; csrftoken=abc; theme=dark")
    assert status == 200 and headers["x-cache"] == "HIT"
    assert read(edge, "/2023/02/15/?utm_source=wechat&fbclid=x")[1]["x-cache"] == "HIT"
    # 长辈版 is applied by the page's script from the address bar: the page itself is the same.
    assert read(edge, "/2023/02/15/?mode=elder")[1]["x-cache"] == "HIT"


def test_the_edge_compresses_answers_conditional_gets_and_keeps_its_keys_to_itself(edge):
    cached(edge, "/")
    status, headers, body = fetch(edge["base"], "/", headers={"Accept-Encoding": "gzip"})
    assert status == 200 and headers["content-encoding"] == "gzip" and body[:2] == b"\x1f\x8b"
    assert "accept-encoding" in headers["vary"].lower()
    assert "xkey" not in headers and "edge-expires" not in headers
    assert re.search(r"max-age=0", headers["cache-control"])  # browsers keep nothing a purge cannot reach
    status, again, _ = fetch(edge["base"], "/", headers={"If-None-Match": headers["etag"], "Accept-Encoding": "gzip"})
    assert status == 304 and again["x-cache"] == "HIT"


def test_only_the_app_servers_with_the_secret_may_purge(edge):
    cached(edge, "/")
    status, _, _ = fetch(edge["base"], "/", method="PURGE", headers={"xkey": "all", "X-Purge-Secret": "guess"})
    assert status == 403
    assert read(edge, "/")[1]["x-cache"] == "HIT"
    status, _, _ = fetch(edge["base"], "/", method="PURGE", headers={"xkey": "all", "X-Purge-Secret": edge["secret"]})
    assert status == 200
    assert read(edge, "/")[1]["x-cache"] == "MISS"
