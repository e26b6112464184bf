"""在站点上查看 on a story readers cannot see yet opens its preview, which says so at the top; in real Chromium."""

import pytest
from playwright.sync_api import expect

from tests.browser.admin_login import log_in
from tests.factories import make_article, make_reporter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_view_on_site_on_a_draft_lands_on_its_preview_under_a_not_published_banner(live_server, page, screenshot):
    base = live_server.url
    reporter = make_reporter(username="xiaoli", password="reporter-pass-123")
    draft = make_article(live=False, created_by=reporter, headline="乌达区夜市摊位有序经营")

    log_in(page, base, "xiaoli", "reporter-pass-123")
    page.goto(f"{base}/admin/articles/article/{draft.pk}/change/")
    page.get_by_role("link", name="在站点上查看").click()

    page.wait_for_url(f"{base}/preview/{draft.pk}/")
    banner = page.get_by_role("region", name="预览 · 未发布")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("状态：草稿")
    expect(banner).to_contain_text("读者看不到这篇稿件")
    # The banner is the first thing on the page, above the story.
    assert banner.bounding_box()["y"] < page.locator("h1").bounding_box()["y"]
    expect(page.locator("h1")).to_have_text("乌达区夜市摊位有序经营")
    screenshot(page, "preview-banner-draft")

    # The reader's address for the same story is a 404 until it is published, and has no banner.
    response = page.goto(f"{base}{draft.get_absolute_url()}")
    assert response.status == 404
    expect(page.get_by_text("预览 · 未发布")).to_have_count(0)
