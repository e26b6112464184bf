"""A reader walks the demo edition in real Chromium; an editor draws a story's area on the page image."""

import datetime
import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from articles.models import Article
from editions.models import Page

from ..factories import make_article, make_issue, make_page, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def boxes(page, selector):
    return [page.locator(selector).nth(n).bounding_box() for n in range(page.locator(selector).count())]


@pytest.fixture
def second_edition(demo_edition):
    """An earlier edition in the same month, so the back issues have somewhere to go."""
    issue = make_issue(date=datetime.date(2023, 2, 10), number=26)
    page = make_page(issue=issue, number=1, name="要闻")
    make_article(page=page, headline="二月十日的头条", is_page_lead=True, department=Article.objects.first().department)
    return issue


def test_a_reader_walks_from_the_front_page_to_a_case_study_its_department_and_back_issues(
    live_server, page, second_edition, screenshot
):
    page.goto(live_server.url + "/")
    expect(page.locator(".masthead__name")).to_have_text("乌海日报")
    expect(page.locator(".masthead__issue")).to_contain_text("2023年2月15日 星期三 · 第27期")
    expect(page.locator(".lead-story .headline")).to_have_text("我市持续压实“十四五”主要污染物减排责任")
    # Wide screen: the edition's pages sit side by side in columns.
    first, second = boxes(page, ".edition-page")
    assert first["x"] < second["x"] and abs(first["y"] - second["y"]) < 1
    lead_size = page.locator(".lead-story .headline").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert lead_size >= 40
    screenshot(page, "front-1280")

    # Front page -> page 1 -> 版面导航 -> page 2.
    page.get_by_role("link", name="第1版：要闻").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("第1版：要闻")
    page.get_by_role("navigation", name="版面导航").get_by_role("link", name="第2版：专题").click()
    expect(page).to_have_url(re.compile(r"/2023/02/15/2/$"))
    expect(page.locator(".page-nav [aria-current=page]")).to_have_text("第2版：专题")
    expect(page.locator(".page-image img")).to_be_visible()
    screenshot(page, "page-2-1280")

    # The story's area on the page image: outlined on keyboard focus, and it leads to the story.
    area = page.locator(".page-image").get_by_role("link", name="打造便民消费圈 共建高品质美好生活")
    outline = area.locator("rect, polygon")
    expect(outline).to_have_css("stroke", "rgba(0, 0, 0, 0)")
    area.focus()
    expect(outline).to_have_css("stroke", "rgb(164, 22, 26)")
    image_box, area_box = page.locator(".page-image img").bounding_box(), area.bounding_box()
    assert (
        image_box["x"] <= area_box["x"] and area_box["x"] + area_box["width"] <= image_box["x"] + image_box["width"] + 1
    )
    area.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("打造便民消费圈共建高品质美好生活")
    expect(page.locator(".campaign-banner")).to_contain_text("作风建设集中整顿")
    expect(page.get_by_text("一、主要做法")).to_be_visible()
    screenshot(page, "case-study-1280")

    # The case study -> its department.
    page.locator(".article-meta__department").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("海南区商务局")
    expect(page.locator(".story-list")).to_contain_text("打造便民消费圈")

    # -> back issues -> the other edition of the month.
    page.get_by_role("navigation", name="栏目").get_by_role("link", name="往期回顾").click()
    expect(page.locator(".back-issues__title")).to_have_text("2023年2月")
    calendar, side = (
        page.locator(".back-issues__month").bounding_box(),
        page.locator(".back-issues__side").bounding_box(),
    )
    assert calendar["x"] + calendar["width"] <= side["x"]  # the month's list beside the calendar
    screenshot(page, "archive-1280")
    page.get_by_role("link", name="2023年2月10日 星期五，第26期").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("2023年2月10日 星期五")
    expect(page.get_by_text("二月十日的头条")).to_be_visible()
    page.get_by_role("link", name="下一期：2023年2月15日").click()
    expect(page).to_have_url(re.compile(r"/2023/02/15/$"))


def test_on_a_phone_everything_reads_in_one_column(live_server, open_page, demo_edition, screenshot):
    page = open_page(width=390, height=844)
    page.goto(live_server.url + "/")
    first, second = boxes(page, ".edition-page")
    assert abs(first["x"] - second["x"]) < 1 and second["y"] > first["y"] + first["height"] - 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "front-390")

    page.goto(live_server.url + "/2023/02/15/2/")
    nav, image, headlines = (page.locator(s).bounding_box() for s in (".page-nav", ".page-image", ".page-headlines"))
    assert nav["y"] < image["y"] < headlines["y"]
    assert image["width"] > 330
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    feature = Article.objects.get(subheadline="——我市生态环境建设综述")
    page.goto(live_server.url + feature.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    photo = page.locator(".photo img").first
    photo.scroll_into_view_if_needed()
    expect(photo).to_have_js_property("complete", True)
    # A phone downloads a rendition sized for it, not the 1200-pixel one.
    assert ".480x0_" in photo.evaluate("e => e.currentSrc") or ".800x0_" in photo.evaluate("e => e.currentSrc")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "feature-390")


def test_the_keyboard_reaches_the_page_image_areas(live_server, page, demo_edition):
    page.goto(live_server.url + "/2023/02/15/1/")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('page-image__area')"):
            break
    focused = page.locator(".page-image__area:focus")
    expect(focused).to_have_attribute("aria-label", "我市持续压实“十四五”主要污染物减排责任")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("我市持续压实“十四五”主要污染物减排责任")


def test_an_editor_draws_redraws_and_clears_a_storys_area_on_the_page_image(
    live_server, open_page, demo_edition, screenshot
):
    editor = make_user(is_superuser=True)
    client = Client()
    client.force_login(editor)
    session = client.cookies["sessionid"].value
    page = open_page(cookies=[{"name": "sessionid", "value": session, "url": live_server.url}])
    page_row = Page.objects.get(number=2)
    wuda = page_row.articles.get(kicker="乌达区城市管理综合执法局：")
    hainan = page_row.articles.get(kicker="海南区商务局：")

    page.goto(f"{live_server.url}/admin/editions/page/{page_row.pk}/change/")
    canvas = page.locator(".page-area-editor__canvas")
    expect(canvas.locator("img")).to_be_visible()
    expect(canvas.locator(".page-area-editor__area")).to_have_count(3)

    row = page.locator("tr", has_text="“三个精准”助推")
    row.get_by_role("button", name="在版面图上画热区").click()
    expect(page.locator(".page-area-editor__status")).to_contain_text("正在画热区：“三个精准”助推")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.1, box["y"] + box["height"] * 0.2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.3, steps=5)
    page.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.5, steps=5)
    page.mouse.up()
    left = float(row.locator("input[name$='-area_left']").input_value())
    width = float(row.locator("input[name$='-area_width']").input_value())
    assert left == pytest.approx(0.1, abs=0.01) and width == pytest.approx(0.5, abs=0.01)
    assert len(row.locator("input[name$='-area_top']").input_value().split(".")[-1]) <= 4

    screenshot(page, "admin-page-areas-1280")
    page.locator("tr", has_text="打造便民消费圈").get_by_role("button", name="清除").click()
    expect(canvas.locator(".page-area-editor__area")).to_have_count(2)
    page.get_by_role("button", name="保存并继续编辑").click()
    expect(page.locator(".messagelist")).to_be_visible()

    wuda.refresh_from_db()
    hainan.refresh_from_db()
    assert (wuda.area_left, wuda.area_width) == (pytest.approx(0.1, abs=0.01), pytest.approx(0.5, abs=0.01))
    assert wuda.area_top == pytest.approx(0.2, abs=0.01) and wuda.area_height == pytest.approx(0.3, abs=0.01)
    assert not hainan.has_area
    # The reader's page shows the redrawn area and none for the cleared story.
    page.goto(live_server.url + page_row.get_absolute_url())
    expect(page.locator(".page-image__area")).to_have_count(2)
    redrawn = page.get_by_role("link", name=wuda.headline_text).and_(page.locator(".page-image__area"))
    assert redrawn.locator("rect").get_attribute("x") == f"{wuda.area_left * 100:.3f}"
