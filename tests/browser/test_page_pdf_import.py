"""
An editor goes from eight page PDFs to a complete, reviewable e-paper edition in the admin, drawing nothing.

The pages are printed here (bench/paper, in a process of its own so that its
Chromium never meets the test's), uploaded through the admin's file input,
and every page is reviewed and accepted in real Chromium.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from articles.models import Article
from editions.models import Page, RegionProposal
from tests.factories import make_editor

from .admin_login import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture(scope="session")
def eight_pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("eight-pages")
    subprocess.run(
        [sys.executable, "-m", "bench.paper", str(folder), "--count", "8", "--seed", "11"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    pdfs = sorted(folder.glob("*.pdf"))
    assert len(pdfs) == 8
    return [(pdf, json.loads(pdf.with_suffix(".json").read_text())) for pdf in pdfs]


def test_eight_page_pdfs_become_a_reviewable_edition_without_drawing_anything(
    live_server, open_page, screenshot, eight_pages
):
    base = live_server.url
    make_editor(username="yeban", password="editor-pass-123")
    page = open_page(height=1000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, base, "yeban", "editor-pass-123")

    page.goto(f"{base}/admin/import-pages/")
    page.get_by_label("出版日期").fill("2024-03-10")
    page.get_by_label("版面PDF").set_input_files([str(pdf) for pdf, _ in eight_pages])
    # Eight pages are imported in the request: a few seconds, many more on a busy machine.
    page.get_by_role("button", name="导入").click(timeout=180_000)
    expect(page.locator(".messagelist")).to_contain_text("已导入 8 个版面", timeout=180_000)

    true_stories = sum(len(truth["stories"]) for _, truth in eight_pages)
    assert RegionProposal.objects.count() == true_stories
    for number in range(1, 9):
        expect(page.get_by_role("heading", level=1)).to_contain_text(f"第{number}版")
        expect(page.locator(".region-review__image img")).to_be_visible()
        regions = page.locator(".region-review__image polygon")
        expect(regions).to_have_count(len(eight_pages[number - 1][1]["stories"]))
        if number == 1:
            screenshot(page, "region-review-1280")
        page.get_by_role("button", name="全部采用").click()
        expect(page.locator(".messagelist")).to_contain_text("已采用")
        expect(page.locator(".region-review__image polygon.region--accepted")).to_have_count(regions.count())
        if number < 8:
            page.get_by_role("navigation", name="本期各版").get_by_role("link", name=f"第{number + 1}版").click()

    assert not RegionProposal.objects.filter(decision=RegionProposal.Decision.PROPOSED).exists()
    pages = Page.objects.filter(issue__date="2024-03-10").order_by("number")
    assert [p.number for p in pages] == list(range(1, 9))
    assert all(p.image and p.pdf for p in pages)
    stories = Article.objects.filter(page__in=pages)
    assert stories.count() == true_stories
    assert all(story.has_area and story.status == Article.Status.DRAFT for story in stories)
    assert any(story.area_polygon for story in stories), "L-shaped stories keep their outline"
    true_photos = sum(len(s["photos"]) for _, truth in eight_pages for s in truth["stories"])
    assert sum(story.photos.count() for story in stories) == true_photos
    assert errors == []
