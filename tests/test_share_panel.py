"""
Every live story has a share panel: a short link that leads to it, and a QR code of that link drawn on the
server. Stories readers cannot see have neither: the short link and the code are the site's 404.
"""

import datetime
import xml.etree.ElementTree as ET

import pytest
import segno
from django.core.cache import cache
from django.utils import timezone

from articles import sharing
from articles.models import Article

from .factories import make_article, make_issue, make_page

pytestmark = pytest.mark.django_db
SITE_URL = "https://ribao.example.cn"
SVG = "{http://www.w3.org/2000/svg}svg"
Status = Article.Status


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE_URL
    cache.clear()
    yield
    cache.clear()


def not_live_stories():
    later = timezone.now() + datetime.timedelta(days=1)
    return {
        "draft": make_article(live=False),
        "submitted": make_article(live=False, status=Status.SUBMITTED),
        "scheduled, not yet due": make_article(status=Status.SCHEDULED, publish_at=later),
        "withdrawn": make_article(status=Status.WITHDRAWN),
        "in an edition not yet out": make_article(
            page=make_page(issue=make_issue(publish_at=later, status="scheduled"))
        ),
    }


def test_the_short_link_leads_to_a_live_story_for_good(client, django_assert_num_queries):
    story = make_article(status=Status.SCHEDULED, publish_at=timezone.now() - datetime.timedelta(minutes=1))
    with django_assert_num_queries(1):
        response = client.get(f"/s/{story.pk}/")
    assert response.status_code == 301
    assert response["Location"] == story.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


def test_stories_readers_cannot_see_have_no_short_link_and_no_code(client):
    for what, story in not_live_stories().items():
        for url in (f"/s/{story.pk}/", f"/s/{story.pk}/qr.svg"):
            response = client.get(url)
            assert response.status_code == 404, (what, url)
            assert "没有找到这个页面" in response.content.decode(), what
    assert client.get("/s/999999999/").status_code == 404
    assert client.get("/s/999999999/qr.svg").status_code == 404


def test_the_code_is_the_qr_code_of_exactly_the_short_link(client):
    story, other = make_article(), make_article()
    response = client.get(f"/s/{story.pk}/qr.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    root = ET.fromstring(response.content)
    assert root.tag == SVG
    short = f"{SITE_URL}/s/{story.pk}/"
    assert root.findtext("{http://www.w3.org/2000/svg}title") == short
    # The modules segno draws for that URL, and not those of any other story's link.
    drawn_by_segno = segno.make(short, error="m", micro=False).svg_inline(scale=4)
    expected = ET.fromstring(drawn_by_segno).find("path[@class='qrline']").get("d")
    assert _modules(response.content) == expected
    assert _modules(response.content) != _modules(client.get(f"/s/{other.pk}/qr.svg").content)


def _modules(svg):
    """The drawn modules of a segno SVG (its path's d attribute)."""
    paths = ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}path")
    return next(path for path in paths if path.get("class") == "qrline").get("d")


def test_the_code_is_drawn_once_and_kept_by_browsers(client, django_assert_num_queries, monkeypatch):
    story = make_article()
    drawn = []
    monkeypatch.setattr(sharing, "qr_svg", lambda url: drawn.append(url) or b"<svg/>")
    first = client.get(f"/s/{story.pk}/qr.svg")
    with django_assert_num_queries(1):  # whether the story is live is still asked every time
        again = client.get(f"/s/{story.pk}/qr.svg")
    assert drawn == [f"{SITE_URL}/s/{story.pk}/"]
    assert again.content == first.content
    cache_control = again["Cache-Control"]
    assert "max-age=31536000" in cache_control and "immutable" in cache_control


def test_the_code_carries_the_sites_security_headers_and_runs_nothing_on_its_own(client):
    response = client.get(f"/s/{make_article().pk}/qr.svg")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "sandbox" in policy


def test_the_story_page_has_the_share_panel(client):
    story = make_article(page=make_page(), headline="分享这篇稿件")
    html = client.get(story.get_absolute_url()).content.decode()
    assert '<section class="share-panel" aria-labelledby="share-panel-title">' in html
    assert f'value="{SITE_URL}/s/{story.pk}/"' in html
    assert f'<img src="/s/{story.pk}/qr.svg" width="132" height="132" alt="本文短链接的二维码' in html
    assert "复制链接" in html


def test_a_preview_has_no_share_panel(client):
    from .factories import make_editor

    story = make_article(live=False)
    client.force_login(make_editor())
    html = client.get(f"/preview/{story.pk}/").content.decode()
    assert "share-panel" not in html
