"""An editor draws and reshapes a story's area on the page image as a polygon; readers reach it by keyboard."""

import json

import pytest
from django.test import Client
from playwright.sync_api import expect

from articles import areas
from editions.models import Page

from ..factories import make_editor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

L_SHAPE = [[0.1, 0.1], [0.6, 0.1], [0.6, 0.3], [0.4, 0.3], [0.4, 0.5], [0.1, 0.5]]
# A click lands on a whole pixel of an image some 640 pixels wide.
NEAR = 0.005


def approx_points(points):
    return [pytest.approx(point, abs=NEAR) for point in points]


@pytest.fixture
def admin_page(live_server, open_page, demo_edition):
    """(browser page signed in as an editor, the demo's page 2, the story whose area is drawn on it).

    The script must run under the admin's CSP without a single complaint: no
    script error, no refused inline script or style.
    """
    client = Client()
    client.force_login(make_editor())
    session = client.cookies["sessionid"].value
    page = open_page(cookies=[{"name": "sessionid", "value": session, "url": live_server.url}])
    complaints = []
    page.on("pageerror", lambda error: complaints.append(str(error)))
    page.on("console", lambda message: message.type == "error" and complaints.append(message.text))
    page_row = Page.objects.get(number=2)
    story = page_row.articles.get(kicker="乌达区城市管理综合执法局：")
    yield page, page_row, story
    assert complaints == []


class Canvas:
    """The page image in the admin, addressed in fractions of its width and height as the fields are."""

    def __init__(self, page):
        self.page = page
        self.locator = page.locator(".page-area-editor__canvas")

    def at(self, x, y):
        self.locator.scroll_into_view_if_needed()
        box = self.page.locator(".page-area-editor__canvas img").bounding_box()
        return box["x"] + box["width"] * x, box["y"] + box["height"] * y

    def click(self, x, y):
        self.page.mouse.click(*self.at(x, y))

    def drag(self, start, end):
        self.page.mouse.move(*self.at(*start))
        self.page.mouse.down()
        self.page.mouse.move(*self.at(*end), steps=8)
        self.page.mouse.up()


def outline_in_form(row):
    text = row.locator("input[name$='-area_polygon']").input_value()
    return json.loads(text) if text else None


def open_story(page, live_server, page_row, story):
    page.goto(f"{live_server.url}/admin/editions/page/{page_row.pk}/change/")
    row = page.locator("tr.form-row", has_text=story.headline_text)
    row.get_by_role("button", name="在版面图上画热区").click()
    expect(page.locator(".page-area-editor__status")).to_contain_text(f"正在画热区：{story.headline_text}")
    return row


def save(page):
    page.get_by_role("button", name="保存并继续编辑").click()
    expect(page.locator(".messagelist")).to_be_visible()
    expect(page.locator(".errornote")).to_have_count(0)


def test_an_editor_draws_an_l_shaped_area_that_readers_reach_by_keyboard(live_server, admin_page, screenshot):
    page, page_row, story = admin_page
    row = open_story(page, live_server, page_row, story)
    canvas, status = Canvas(page), page.locator(".page-area-editor__status")
    # Every story's area is drawn, faintly; the chosen one's corners get handles.
    expect(canvas.locator.locator(".page-area-editor__area")).to_have_count(3)
    expect(canvas.locator.locator(".page-area-editor__handle")).to_have_count(4)

    page.get_by_role("button", name="多边形", exact=True).click()
    expect(page.get_by_role("button", name="多边形", exact=True)).to_have_attribute("aria-pressed", "true")
    # A start that goes wrong: Escape leaves the area as it was.
    canvas.click(0.3, 0.7)
    canvas.click(0.5, 0.7)
    page.keyboard.press("Escape")
    expect(status).to_contain_text("已取消画多边形")
    assert outline_in_form(row) is None

    # Six corners of an L, one slip taken back with Backspace, closed on the first corner.
    canvas.click(*L_SHAPE[0])
    canvas.click(*L_SHAPE[1])
    canvas.click(0.8, 0.9)
    expect(status).to_contain_text("已放下第3个顶点")
    page.keyboard.press("Backspace")
    expect(status).to_contain_text("已删去上一个顶点，还有2个")
    for x, y in L_SHAPE[2:]:
        canvas.click(x, y)
    canvas.click(*L_SHAPE[0])
    expect(status).to_contain_text(f"已为“{story.headline_text}”画好多边形热区（6个顶点）")
    expect(status).to_have_attribute("role", "status")
    assert outline_in_form(row) == approx_points(L_SHAPE)
    assert float(row.locator("input[name$='-area_width']").input_value()) == pytest.approx(0.5, abs=NEAR)
    expect(canvas.locator.locator(".page-area-editor__handle")).to_have_count(6)
    screenshot(page, "admin-page-polygon-1280")
    save(page)

    story.refresh_from_db()
    assert story.area_polygon == approx_points(L_SHAPE)
    assert (story.area_left, story.area_top) == (pytest.approx(0.1, abs=NEAR), pytest.approx(0.1, abs=NEAR))
    assert (story.area_width, story.area_height) == (pytest.approx(0.5, abs=NEAR), pytest.approx(0.4, abs=NEAR))
    assert areas.same_box(
        areas.bounding_box(story.area_polygon), (story.area_left, story.area_top, story.area_width, story.area_height)
    )

    # The reader's page: the story is a polygon link, which the keyboard reaches and which opens the story.
    page.goto(live_server.url + page_row.get_absolute_url())
    link = page.locator(".page-image__area", has=page.locator("polygon"))
    expect(link).to_have_count(1)
    expect(link).to_have_attribute("aria-label", story.headline_text)
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('page-image__area')") and page.evaluate(
            "document.activeElement.querySelector('polygon') !== null"
        ):
            break
    expect(page.locator(".page-image__area:focus")).to_have_attribute("aria-label", story.headline_text)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(story.headline.replace("\n", ""))


def test_an_editor_reshapes_an_outline_with_the_mouse_and_the_keyboard_then_draws_a_rectangle_over_it(
    live_server, admin_page
):
    page, page_row, story = admin_page
    areas.set_area(story, L_SHAPE)
    story.save()
    row = open_story(page, live_server, page_row, story)
    canvas, status = Canvas(page), page.locator(".page-area-editor__status")
    handles = canvas.locator.locator(".page-area-editor__handle")
    expect(handles).to_have_count(6)

    # Drag the third corner out and down.
    canvas.drag(L_SHAPE[2], (0.7, 0.35))
    expect(status).to_contain_text("已移动顶点，第3个顶点")
    expect(handles.nth(2)).to_be_focused()
    assert outline_in_form(row)[2] == pytest.approx([0.7, 0.35], abs=NEAR)

    # The keyboard reaches the first handle with Tab, and the arrow keys move it in small steps.
    row.get_by_role("button", name="在版面图上画热区").focus()
    row.get_by_role("button", name="在版面图上画热区").press("Enter")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('page-area-editor__handle')"):
            break
    expect(handles.nth(0)).to_be_focused()
    expect(handles.nth(0)).to_have_attribute("aria-label", "第1个顶点（共6个）：横 10.0%，纵 10.0%")
    for key in ["ArrowRight"] * 5 + ["ArrowDown"] * 5:
        page.keyboard.press(key)
    expect(status).to_contain_text("已移动第1个顶点（共6个）：横 11.0%，纵 11.0%")
    assert outline_in_form(row)[0] == [0.11, 0.11]
    # A visible focus ring on the focused handle.
    assert handles.nth(0).evaluate("e => getComputedStyle(e).boxShadow") != "none"

    # A click on the left edge adds a vertex there; the fourth corner, selected, goes with Delete.
    canvas.click(0.105, 0.305)
    expect(status).to_contain_text("已加一个顶点，第7个顶点（共7个）")
    expect(handles).to_have_count(7)
    handles.nth(3).click()
    expect(status).to_contain_text("已选中第4个顶点")
    page.keyboard.press("Delete")
    expect(status).to_contain_text("已删去第4个顶点，还剩6个")
    expect(handles).to_have_count(6)
    expected = [[0.11, 0.11], [0.6, 0.1], [0.7, 0.35], [0.4, 0.5], [0.1, 0.5], [0.105, 0.305]]
    assert outline_in_form(row) == approx_points(expected)
    save(page)

    story.refresh_from_db()
    assert story.area_polygon == approx_points(expected)
    assert (story.area_left, story.area_top) == (pytest.approx(0.1, abs=NEAR), pytest.approx(0.1, abs=NEAR))
    assert (story.area_width, story.area_height) == (pytest.approx(0.6, abs=NEAR), pytest.approx(0.4, abs=NEAR))

    # A rectangle drawn over it replaces the outline.
    row = open_story(page, live_server, page_row, story)
    expect(handles).to_have_count(6)
    expect(page.get_by_role("button", name="矩形", exact=True)).to_have_attribute("aria-pressed", "true")
    canvas.drag((0.2, 0.6), (0.5, 0.8))
    expect(status).to_contain_text(f"已为“{story.headline_text}”画好矩形热区")
    assert outline_in_form(row) is None
    expect(handles).to_have_count(4)
    save(page)

    story.refresh_from_db()
    assert story.area_polygon is None
    assert (story.area_left, story.area_top) == (pytest.approx(0.2, abs=NEAR), pytest.approx(0.6, abs=NEAR))
    assert (story.area_width, story.area_height) == (pytest.approx(0.3, abs=NEAR), pytest.approx(0.2, abs=NEAR))


def test_a_double_click_or_enter_closes_a_polygon_and_the_toolbar_clears_the_area(live_server, admin_page):
    page, page_row, story = admin_page
    row = open_story(page, live_server, page_row, story)
    canvas, status = Canvas(page), page.locator(".page-area-editor__status")
    page.get_by_role("button", name="多边形", exact=True).click()
    triangle = [[0.2, 0.6], [0.5, 0.6], [0.35, 0.9]]
    canvas.click(*triangle[0])
    canvas.click(*triangle[1])
    page.mouse.dblclick(*canvas.at(*triangle[2]))
    expect(status).to_contain_text("画好多边形热区（3个顶点）")
    assert outline_in_form(row) == approx_points(triangle)

    for x, y in [(0.6, 0.6), (0.9, 0.6), (0.9, 0.9), (0.7, 0.9), (0.7, 0.75)]:
        canvas.click(x, y)
    page.keyboard.press("Enter")
    expect(status).to_contain_text("画好多边形热区（5个顶点）")
    assert len(outline_in_form(row)) == 5

    page.get_by_role("button", name="清除热区").click()
    expect(status).to_contain_text(f"已清除热区：{story.headline_text}")
    assert outline_in_form(row) is None
    assert row.locator("input[name$='-area_left']").input_value() == ""
    expect(canvas.locator.locator(".page-area-editor__area")).to_have_count(2)
    save(page)
    story.refresh_from_db()
    assert not story.has_area and story.area_polygon is None
