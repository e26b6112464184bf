"""
Presence both ways, in real Chromium: two editors and a reporter on one story.

The heartbeat interval comes from a setting; the test makes it short so that
"within one heartbeat" is a few seconds, and gives each wait one interval plus
the time a request takes on a busy machine, never the presence timeout.
"""

import time

import pytest
from playwright.sync_api import expect

from articles.models import Article, EditingSession
from tests.browser.admin_login import log_in
from tests.factories import make_article, make_editor, make_reporter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

INTERVAL = 2  # seconds between heartbeats in this test; the timeout is then 2 × 2 + 10 = 14 s
ONE_HEARTBEAT_MS = (INTERVAL + 2) * 1000  # one interval, and room for the request itself


def open_story(page, base, story):
    page.goto(f"{base}/admin/articles/article/{story.pk}/change/")
    return page.locator(".editing-presence[role=status][aria-live=polite]")


def next_heartbeat(page):
    return page.expect_response(lambda response: response.url.endswith("/heartbeat/"), timeout=ONE_HEARTBEAT_MS)


def test_a_second_editor_is_announced_within_a_heartbeat_a_reader_is_not_and_closing_the_tab_ends_it(
    live_server, open_page, settings, screenshot
):
    settings.EDITING_HEARTBEAT_SECONDS = INTERVAL
    base = live_server.url
    reporter = make_reporter(username="xiaoli", password="reporter-pass-123")
    reporter.last_name, reporter.first_name = "李", "小"
    reporter.save()
    make_editor(username="laozhang", password="editor-pass-123")
    second = make_editor(username="caoyi", password="editor-pass-456")
    second.last_name, second.first_name = "曹", "艺"
    second.save()
    story = make_article(
        live=False, status=Article.Status.SUBMITTED, created_by=reporter, headline="城区供暖管网改造完工"
    )

    # Editor A opens the story: nobody else is editing it.
    a = open_page()
    log_in(a, base, "laozhang", "editor-pass-123")
    notice = open_story(a, base, story)
    expect(notice).to_have_text("")

    # The reporter opens their submitted story: read-only, so not editing and not announced.
    r = open_page()
    log_in(r, base, "xiaoli", "reporter-pass-123")
    open_story(r, base, story)
    expect(r.locator("[data-presence-heartbeat]")).to_have_count(0)
    for _ in range(2):
        with next_heartbeat(a):
            pass
    expect(notice).to_have_text("")
    assert not EditingSession.objects.filter(user=reporter).exists()

    # Editor B opens it: A's form names B within one heartbeat.
    b = open_page()
    log_in(b, base, "caoyi", "editor-pass-456")
    open_story(b, base, story)
    expect(notice).to_contain_text("曹艺 自", timeout=ONE_HEARTBEAT_MS)
    expect(notice).to_contain_text("（北京时间）起也在编辑这篇稿件。")
    expect(notice).not_to_contain_text("李小")
    screenshot(a, "presence-second-editor-announced")

    # B closes the tab: its beacon ends B's presence (the row is gone: a timeout only ignores it),
    # and A's notice clears at the next heartbeat, well inside the 14 s timeout.
    b.close(run_before_unload=True)
    # The beacon's own trip through a busy machine is not the heartbeat's to bound: once it has
    # been answered, B's row is gone, and A's notice must clear within one heartbeat of that.
    deadline = time.monotonic() + 10
    while EditingSession.objects.filter(user=second).exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not EditingSession.objects.filter(user=second).exists(), "the closing tab's beacon ended B's presence"
    expect(notice).to_have_text("", timeout=ONE_HEARTBEAT_MS)
