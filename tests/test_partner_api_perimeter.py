"""
What stands around the API: cross-origin access only from configured origins and only under /api/; a keyed
answer is never kept by the reader cache for someone else; staff cookies give the API nothing extra.
"""

import pytest
from django.core.cache import cache

from partners.services import issue_key

from .factories import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.partners_urls")]

PING = "/api/test/ping/"
PARTNER_SITE = "https://partner.example.com"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def token():
    return issue_key(name="合作网站", by=make_user(is_superuser=True))[1]


def test_by_default_no_origin_may_call_the_api_from_a_browser(client, token):
    response = client.get(PING, HTTP_ORIGIN=PARTNER_SITE, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


def test_a_configured_origin_may_call_the_api_and_no_other(client, settings, token):
    settings.CORS_ALLOWED_ORIGINS = [PARTNER_SITE]
    allowed = client.get(PING, HTTP_ORIGIN=PARTNER_SITE, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert allowed["Access-Control-Allow-Origin"] == PARTNER_SITE
    assert "Retry-After" in allowed["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Credentials" not in allowed, "a browser's cookies are never sent along"

    other = client.get(PING, HTTP_ORIGIN="https://elsewhere.example.org", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert "Access-Control-Allow-Origin" not in other


def test_a_browser_asking_first_may_send_the_key_headers(client, settings):
    settings.CORS_ALLOWED_ORIGINS = [PARTNER_SITE]
    preflight = client.options(
        PING,
        HTTP_ORIGIN=PARTNER_SITE,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, x-api-key",
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == PARTNER_SITE
    allowed_headers = {h.strip() for h in preflight["Access-Control-Allow-Headers"].split(",")}
    assert {"authorization", "x-api-key"} <= allowed_headers
    assert set(preflight["Access-Control-Allow-Methods"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}


def test_cross_origin_access_is_for_the_api_only(client, settings):
    settings.CORS_ALLOWED_ORIGINS = [PARTNER_SITE]
    for path in ("/", "/admin/login/", "/search/"):
        response = client.get(path, HTTP_ORIGIN=PARTNER_SITE)
        assert "Access-Control-Allow-Origin" not in response, path


def test_a_keyed_answer_is_never_served_from_the_reader_cache(client, settings, token):
    settings.READER_CACHE_SECONDS = 300
    assert client.get(PING, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    assert client.get(PING).status_code == 401, "the next caller without a key is asked for one"


def test_a_signed_in_superuser_gets_nothing_from_the_api_without_a_key(client):
    client.force_login(make_user(is_superuser=True))
    response = client.get(PING)
    assert response.status_code == 401
    assert "缺少 API 密钥" in response.json()["detail"]
