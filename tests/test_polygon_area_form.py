"""The page admin's hidden area_polygon field: a drawn outline is saved; junk is refused in Chinese."""

import json

import pytest
from django.urls import reverse

from articles import areas
from articles.models import Article

from .admin_forms import form_data
from .factories import image_upload, logged_in, make_article, make_editor, make_page, make_reporter

pytestmark = pytest.mark.django_db

L_SHAPE = [[0.1, 0.1], [0.6, 0.1], [0.6, 0.3], [0.4, 0.3], [0.4, 0.5], [0.1, 0.5]]
# Stored as an outline: a plain rectangle would be kept in the rectangle fields only.
SQUARE = [[0.2, 0.2], [0.4, 0.2], [0.4, 0.3], [0.3, 0.3], [0.3, 0.4], [0.2, 0.4]]


@pytest.fixture
def placed():
    """A page with one story on it whose area is a small L-shaped outline."""
    page = make_page(image=image_upload("版面.png"))
    story = make_article(page=page, page_position=1, headline="拐角稿件")
    areas.set_area(story, SQUARE)
    story.save()
    return page, story


def change_url(page):
    return reverse("admin:editions_page_change", args=[page.pk])


def page_form(client, page):
    response = client.get(change_url(page))
    assert response.status_code == 200
    return response.content.decode(), form_data(response.content.decode(), "page_form")


def stored(story):
    return Article.objects.filter(pk=story.pk).values(
        "area_polygon", "area_left", "area_top", "area_width", "area_height", "version"
    )[0]


def test_the_row_carries_the_outline_as_json_in_a_hidden_input(placed):
    page, _ = placed
    html, data = page_form(logged_in(make_editor()), page)
    assert json.loads(data["articles-0-area_polygon"]) == SQUARE
    assert 'type="hidden" name="articles-0-area_polygon"' in html


def test_an_outline_posted_with_its_bounding_box_is_saved(placed):
    page, story = placed
    client = logged_in(make_editor())
    _, data = page_form(client, page)
    data["articles-0-area_polygon"] = json.dumps(L_SHAPE)
    data.update({"articles-0-area_left": "0.1", "articles-0-area_top": "0.1"})
    data.update({"articles-0-area_width": "0.5", "articles-0-area_height": "0.4"})

    response = client.post(change_url(page), data)

    assert response.status_code == 302
    row = stored(story)
    assert row["area_polygon"] == L_SHAPE
    assert (row["area_left"], row["area_top"]) == (0.1, 0.1)
    assert (row["area_width"], row["area_height"]) == (pytest.approx(0.5), pytest.approx(0.4))


def test_a_rectangle_posted_without_an_outline_clears_the_outline(placed):
    page, story = placed
    client = logged_in(make_editor())
    _, data = page_form(client, page)
    data["articles-0-area_polygon"] = ""
    data.update({"articles-0-area_left": "0.5", "articles-0-area_top": "0.5"})
    data.update({"articles-0-area_width": "0.2", "articles-0-area_height": "0.1"})

    assert client.post(change_url(page), data).status_code == 302

    row = stored(story)
    assert row["area_polygon"] is None
    assert (row["area_left"], row["area_top"], row["area_width"], row["area_height"]) == (0.5, 0.5, 0.2, 0.1)


TEN_THOUSAND_POINTS = json.dumps([[0.1 + (n % 7) / 10, 0.1 + (n % 5) / 10] for n in range(10_000)])


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ("[[", "无法识别"),
        ('{"a":1}', "3 到 400 个顶点"),
        (TEN_THOUSAND_POINTS, "3 到 400 个顶点"),
        ("[" * 5_000 + "]" * 5_000, "无法识别"),  # nested deeper than Python's json will go
        (f"[[{'1' * 5_000}, 0.1], [0.2, 0.2], [0.1, 0.3]]", "无法识别"),  # an integer Python will not convert
        ("[[0.1, 0.1], [0.5, 0.5]]", "3 到 400 个顶点"),
        ('[[0.1, 0.1], ["左", 0.1], [0.1, 0.5]]', "一对数字"),
        ("[[0.1, 0.1], [NaN, 0.1], [0.1, 0.5]]", "超出了版面图的范围"),
        ("[[0.1, 0.1], [1.5, 0.1], [0.1, 0.5]]", "超出了版面图的范围"),
        ("[[0.3, 0.3], [0.3, 0.3], [0.3, 0.3]]", "没有面积"),
        ('"一段文字"', "3 到 400 个顶点"),
        ("true", "3 到 400 个顶点"),
    ],
    ids=[
        "unclosed",
        "object",
        "10000-points",
        "nested",
        "huge-integer",
        "two-points",
        "text-point",
        "nan",
        "off-page",
        "no-area",
        "string",
        "boolean",
    ],
)
def test_a_malformed_outline_is_a_form_error_in_chinese_on_its_row_and_saves_nothing(placed, posted, message):
    page, story = placed
    client = logged_in(make_editor())
    _, data = page_form(client, page)
    data["articles-0-area_polygon"] = posted
    data["articles-0-page_position"] = "5"  # another change on the row, which must not be saved either
    before = stored(story)

    response = client.post(change_url(page), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "请更正以下错误" in html
    row_errors = html.split('class="errorlist nonfield"', 1)[1].split("</ul>", 1)[0]
    assert message in row_errors
    assert stored(story) == before
    assert Article.objects.get(pk=story.pk).page_position == 1
    # The form comes back with an outline the script can draw: what was sent if it parses, else the stored one.
    redrawn = form_data(html, "page_form")["articles-0-area_polygon"]
    assert len(redrawn) <= 200_000
    if message == "无法识别":
        assert json.loads(redrawn) == SQUARE


def test_a_reporter_cannot_change_the_area_of_a_colleagues_story(placed):
    page, story = placed
    editor_view = page_form(logged_in(make_editor()), page)[1]
    before = stored(story)
    data = dict(editor_view)
    data["articles-0-area_polygon"] = json.dumps(L_SHAPE)
    data.update({"articles-0-area_left": "0.1", "articles-0-area_top": "0.1"})
    data.update({"articles-0-area_width": "0.5", "articles-0-area_height": "0.4"})

    logged_in(make_reporter()).post(change_url(page), data)

    assert stored(story) == before
