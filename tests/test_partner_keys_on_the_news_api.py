"""
A partner's key on the real news API (/api/v1/): working, logged, limited and revoked as on the test views.
"""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from partners.models import PartnerKey, PartnerRequest
from partners.services import issue_key, revoke_key

from .factories import make_article, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttle_history():
    cache.clear()
    yield
    cache.clear()


def test_a_key_reads_the_news_api_until_it_is_revoked_and_each_request_is_logged(settings):
    settings.API_DEFAULT_RATE = "3/min"
    chief = make_user(is_superuser=True)
    story = make_article(headline="乌海湖畔春意渐浓")
    key, token = issue_key(name="新华网", by=chief)
    partner = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    stories, one_story = reverse("syndication:stories"), reverse("syndication:story", kwargs={"id": story.pk})

    assert Client().get(stories).status_code == 401
    assert "缺少 API 密钥" in Client().get(stories).json()["detail"]
    assert partner.get(stories).status_code == 200
    assert partner.get(one_story).json()["headlines"][0]["value"] == "乌海湖畔春意渐浓"
    key.refresh_from_db()
    assert key.last_used_at is not None

    partner.get(stories)
    throttled = partner.get(stories)
    assert throttled.status_code == 429 and int(throttled["Retry-After"]) > 0

    assert list(PartnerRequest.objects.filter(key=key).order_by("id").values_list("path", "status")) == [
        (stories, 200),
        (one_story, 200),
        (stories, 200),
        (stories, 429),
    ]

    revoke_key(key=key, by=chief)
    cache.clear()  # the limit's window forgotten: the refusal is the revocation's
    refused = partner.get(one_story)
    assert refused.status_code == 401
    assert refused.json()["detail"] == "API 密钥已被吊销，请向报社索取新的密钥。"


def test_a_staff_session_reads_nothing_from_the_news_api():
    client = Client()
    client.force_login(make_user(is_superuser=True))
    assert client.get(reverse("syndication:stories")).status_code == 401


def test_the_news_api_answers_a_configured_origin_only(settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://partner.example.com"]
    token = issue_key(name="合作网站", by=make_user(is_superuser=True))[1]
    partner = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    stories = reverse("syndication:stories")
    allowed = partner.get(stories, HTTP_ORIGIN="https://partner.example.com")
    assert allowed["Access-Control-Allow-Origin"] == "https://partner.example.com"
    assert "Access-Control-Allow-Origin" not in partner.get(stories, HTTP_ORIGIN="https://evil.example.net")


def test_the_schema_is_public_and_nothing_is_logged_for_it():
    response = Client().get(reverse("syndication:schema"))
    assert response.status_code == 200
    assert not PartnerRequest.objects.exists()
    assert not PartnerKey.objects.exists()
