"""A story's area on the page image is a polygon (L-shapes, text around a photo), a rectangle its simplest case."""

import pytest
from django.core.exceptions import ValidationError

from articles import areas

from .factories import image_upload, make_article, make_page

pytestmark = pytest.mark.django_db

L_SHAPE = [[0.1, 0.1], [0.6, 0.1], [0.6, 0.3], [0.4, 0.3], [0.4, 0.5], [0.1, 0.5]]


def test_an_l_shaped_area_keeps_its_outline_and_its_bounding_box():
    story = make_article()
    areas.set_area(story, L_SHAPE)
    story.full_clean()
    story.save()
    story.refresh_from_db()
    assert story.area_polygon == L_SHAPE
    assert (story.area_left, story.area_top) == (0.1, 0.1)
    assert story.area_width == pytest.approx(0.5) and story.area_height == pytest.approx(0.4)
    assert story.area_points == L_SHAPE


def test_a_rectangle_is_a_polygon_of_four_corners():
    story = make_article(area_left=0.1, area_top=0.2, area_width=0.3, area_height=0.4)
    assert story.area_points == [[0.1, 0.2], [0.4, 0.2], [0.4, 0.6000000000000001], [0.1, 0.6000000000000001]]


def test_changing_the_rectangle_drops_an_outline_it_no_longer_bounds():
    story = make_article()
    areas.set_area(story, L_SHAPE)
    story.area_width = 0.2
    story.full_clean()
    assert story.area_polygon is None
    assert story.area_width == 0.2


@pytest.mark.parametrize(
    ("points", "message"),
    [
        ([[0.1, 0.1], [0.2, 0.2]], "3 到"),
        ([[0.1, 0.1], [1.5, 0.1], [0.1, 0.5]], "超出了版面图的范围"),
        ([[0.1, 0.1], ["a", 0.1], [0.1, 0.5]], "一对数字"),
        ([[0.1, 0.1], [0.1, 0.1], [0.1, 0.1]], "没有面积"),
        ("not a list", "3 到"),
    ],
)
def test_a_malformed_outline_is_refused_in_chinese(points, message):
    story = make_article()
    story.area_polygon = points
    with pytest.raises(ValidationError, match=message):
        story.full_clean()


def test_the_page_map_draws_an_outline_as_a_polygon_and_a_rectangle_as_a_rect(client):
    page = make_page(image=image_upload("p.png"))
    shaped = make_article(page=page, page_position=1, headline="拐角稿件")
    areas.set_area(shaped, L_SHAPE)
    shaped.save()
    make_article(
        page=page, page_position=2, headline="方块稿件", area_left=0.6, area_top=0.5, area_width=0.3, area_height=0.2
    )

    html = client.get(page.get_absolute_url()).content.decode()

    assert (
        '<polygon points="10.000,10.000 60.000,10.000 60.000,30.000 40.000,30.000 40.000,50.000 10.000,50.000"/>'
        in html
    )
    assert '<rect x="60.000" y="50.000" width="30.000" height="20.000"/>' in html


def test_an_outline_written_around_the_models_check_draws_nothing_rather_than_failing(client):
    from articles.models import Article

    page = make_page(image=image_upload("p.png"))
    story = make_article(page=page, area_left=0.1, area_top=0.1, area_width=0.2, area_height=0.2)
    Article.objects.filter(pk=story.pk).update(area_polygon=[["x", None], 3])

    response = client.get(page.get_absolute_url())

    assert response.status_code == 200
    assert '<polygon points=""/>' in response.content.decode()
