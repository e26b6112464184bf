"""A partner's key opens the news API and nothing else: not the admin; and a signed-in editor's session
does not open the API (keys only)."""

import pytest
from django.urls import reverse

from .factories import make_article, make_editor
from .partner_api import Partner

pytestmark = pytest.mark.django_db

ADMIN_PAGES = ["/admin/", "/admin/articles/article/", "/admin/partners/partnerkey/", "/admin/calendar/"]


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_a_key_cannot_read_the_admin(url):
    partner = Partner("embargo")
    for headers in ({}, {"HTTP_X_API_KEY": partner.token}):
        response = partner.get(url, **headers)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url


def test_a_signed_in_editor_gets_nothing_from_the_api_without_a_key(client):
    story = make_article()
    client.force_login(make_editor())

    response = client.get(reverse("syndication:story", kwargs={"id": story.pk}))

    assert response.status_code == 401
    assert "API 密钥" in response.json()["detail"]


def test_every_endpoint_asks_for_a_key():
    from django.test import Client

    anonymous = Client()
    for name, kwargs in [
        ("stories", {}),
        ("story", {"id": 1}),
        ("editions", {}),
        ("edition", {"date": "2024-03-15"}),
        ("page", {"date": "2024-03-15", "number": 1}),
        ("departments", {}),
        ("campaigns", {}),
        ("changes", {}),
    ]:
        assert anonymous.get(reverse(f"syndication:{name}", kwargs=kwargs)).status_code == 401, name


def test_the_api_is_read_only():
    partner = Partner()
    for method in ("post", "put", "patch", "delete"):
        response = getattr(partner.client, method)(reverse("syndication:changes"))
        assert response.status_code == 405, method
