"""
Partners' API keys, as a superuser and a partner meet them: made in the admin and shown once, stored as a hash,
working until revoked, refused in Chinese otherwise, limited per key, every request logged and counted per day.
"""

import datetime
import hashlib
import re

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from core import clock
from partners.models import PartnerKey, PartnerRequest, Scope
from partners.services import issue_key, revoke_key

from .factories import make_editor, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.partners_urls")]

PING = "/api/test/ping/"
EMBARGOED = "/api/test/embargoed/"


@pytest.fixture(autouse=True)
def fresh_throttle_history():
    cache.clear()
    yield
    cache.clear()


def bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def new_key(**kwargs):
    kwargs.setdefault("name", "新华网")
    return issue_key(by=make_user(is_superuser=True), **kwargs)


def create_in_admin(admin_client, **fields):
    data = {"name": "澎湃新闻", "contact": "王编辑 13800000000", "scopes": [Scope.READ], "rate_limit": ""}
    data.update(fields)
    return admin_client.post(reverse("admin:partners_partnerkey_add"), data)


def token_on(response):
    return re.search(r'<code id="partner-token">([^<]+)</code>', response.content.decode()).group(1)


# --- made in the admin, shown once, stored as a hash ---------------------------------------


def test_a_key_made_in_the_admin_is_shown_once_and_only_its_hash_is_stored(admin_client, superuser):
    response = create_in_admin(admin_client)
    assert response.status_code == 200
    assert "只在此页显示这一次" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    token = token_on(response)
    assert len(token) >= 40

    key = PartnerKey.objects.get()
    assert key.name == "澎湃新闻" and key.created_by == superuser
    assert key.prefix == token[:8]
    assert key.secret_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = PartnerKey.objects.filter(pk=key.pk).values().get()
    assert not any(token in str(value) for value in stored.values()), "the token itself is stored nowhere"

    for page in (
        reverse("admin:partners_partnerkey_changelist"),
        reverse("admin:partners_partnerkey_change", args=[key.pk]),
    ):
        html = admin_client.get(page).content.decode()
        assert key.prefix in html
        assert token not in html, "never shown again: only its prefix"

    assert admin_client.get(PING, **bearer(token)).json()["partner"] == "澎湃新闻"


def test_the_admin_lists_keys_with_who_made_them_their_rights_and_use(admin_client, superuser):
    key, token = new_key(name="界面新闻", scopes=[Scope.EMBARGO])
    admin_client.get(PING, **bearer(token))
    html = admin_client.get(reverse("admin:partners_partnerkey_changelist")).content.decode()
    for shown in ("界面新闻", f"{key.prefix}…", "提前读取", key.created_by.username, "有效"):
        assert shown in html
    for column in ("合作方", "密钥前缀", "权限", "创建人", "创建时间", "最近使用", "状态"):
        assert f">{column}<" in html


def test_every_key_reads_and_only_a_key_given_the_embargo_scope_reads_ahead(client):
    _, reader = new_key(name="读者型")
    embargo_key, ahead = new_key(name="禁发协议", scopes=[Scope.EMBARGO])
    assert embargo_key.has_scope(Scope.EMBARGO) and embargo_key.has_scope(Scope.READ)
    assert client.get(PING, **bearer(reader)).status_code == 200
    refused = client.get(EMBARGOED, **bearer(reader))
    assert refused.status_code == 403
    assert "没有访问该内容的权限" in refused.json()["detail"]
    assert client.get(EMBARGOED, **bearer(ahead)).json() == {"embargoed": True}


def test_scopes_are_changed_in_the_admin_and_read_is_always_kept(admin_client):
    key, token = new_key()
    url = reverse("admin:partners_partnerkey_change", args=[key.pk])
    admin_client.post(url, {"name": key.name, "contact": "", "scopes": [Scope.EMBARGO], "rate_limit": "30"})
    key.refresh_from_db()
    assert key.scope_names == {Scope.READ, Scope.EMBARGO}
    assert key.rate_limit == 30
    assert admin_client.get(EMBARGOED, **bearer(token)).status_code == 200


# --- working, used, revoked ------------------------------------------------------------------


def test_a_key_works_by_bearer_or_x_api_key_and_is_never_a_user(client):
    _, token = new_key()
    by_bearer = client.get(PING, **bearer(token))
    assert by_bearer.status_code == 200
    assert by_bearer.json() == {"partner": "新华网", "user_is_anonymous": True}
    assert client.get(PING, HTTP_X_API_KEY=token).status_code == 200


def test_last_used_is_recorded_at_most_once_a_minute(client, django_assert_num_queries):
    key, token = new_key()
    assert key.last_used_at is None
    client.get(PING, **bearer(token))
    key.refresh_from_db()
    first_use = key.last_used_at
    assert first_use is not None

    # Within the minute: the key is read and the request logged; last_used_at is not written again.
    with django_assert_num_queries(2):
        client.get(PING, **bearer(token))
    key.refresh_from_db()
    assert key.last_used_at == first_use

    PartnerKey.objects.filter(pk=key.pk).update(last_used_at=first_use - datetime.timedelta(minutes=2))
    client.get(PING, **bearer(token))
    key.refresh_from_db()
    assert key.last_used_at > first_use - datetime.timedelta(minutes=2)


def test_revoking_in_the_admin_refuses_the_key_at_once(admin_client, client, superuser):
    key, token = new_key()
    other, other_token = new_key(name="其他合作方")
    assert client.get(PING, **bearer(token)).status_code == 200

    response = admin_client.post(
        reverse("admin:partners_partnerkey_changelist"),
        {"action": "revoke", "_selected_action": [key.pk]},
        follow=True,
    )
    assert "已吊销 1 个密钥" in response.content.decode()
    key.refresh_from_db()
    assert not key.is_active and key.revoked_by == superuser and key.revoked_at is not None

    refused = client.get(PING, **bearer(token))
    assert refused.status_code == 401
    assert refused.json()["detail"] == "API 密钥已被吊销，请向报社索取新的密钥。"
    assert refused["WWW-Authenticate"].startswith("Bearer")
    assert client.get(PING, **bearer(other_token)).status_code == 200, "other keys go on working"


def test_a_revoked_key_stays_revoked_and_keys_are_never_deleted(admin_client, superuser):
    key, _ = new_key()
    assert revoke_key(key=key, by=superuser)
    revoked_at = key.revoked_at
    assert not revoke_key(key=key, by=make_user(is_superuser=True)), "revoking again changes nothing"
    key.refresh_from_db()
    assert key.revoked_at == revoked_at and key.revoked_by == superuser
    html = admin_client.get(reverse("admin:partners_partnerkey_change", args=[key.pk])).content.decode()
    assert "吊销人" in html and superuser.username in html
    admin_client.post(reverse("admin:partners_partnerkey_delete", args=[key.pk]), {"post": "yes"})
    assert PartnerKey.objects.filter(pk=key.pk).exists(), "who made it and what it did stay on record"


# --- refused in Chinese --------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers,expected",
    [
        ({}, "缺少 API 密钥"),
        ({"HTTP_AUTHORIZATION": "Bearer 0123456789abcdef-not-a-key"}, "API 密钥无效"),
        ({"HTTP_AUTHORIZATION": "Bearer"}, "Bearer <密钥>"),
        ({"HTTP_AUTHORIZATION": "Bearer two words"}, "Bearer <密钥>"),
        ({"HTTP_X_API_KEY": "short"}, "API 密钥无效"),
        ({"HTTP_AUTHORIZATION": "Basic dXNlcjpwYXNz"}, "缺少 API 密钥"),
        ({"HTTP_AUTHORIZATION": "Bearer 密钥".encode().decode("latin-1")}, "API 密钥无效"),
    ],
)
def test_no_key_or_a_wrong_one_is_401_in_chinese(client, headers, expected):
    response = client.get(PING, **headers)
    assert response.status_code == 401
    assert expected in response.json()["detail"]
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_a_key_with_the_right_prefix_and_a_wrong_secret_is_refused(client):
    key, token = new_key()
    forged = token[:8] + ("A" if token[8] != "A" else "B") + token[9:]
    assert client.get(PING, **bearer(forged)).status_code == 401


def test_a_signed_in_editor_gets_nothing_from_the_api_without_a_key(client):
    client.force_login(make_user(is_superuser=True))
    response = client.get(PING)
    assert response.status_code == 401


def test_a_key_sent_to_the_admin_gets_only_the_login_page(client):
    _, token = new_key()
    for path in (reverse("admin:index"), reverse("admin:partners_partnerkey_changelist")):
        response = client.get(path, **bearer(token))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
        response = client.get(path, HTTP_X_API_KEY=token)
        assert response.status_code == 302


# --- who may make keys -----------------------------------------------------------------------


def test_editors_cannot_make_keys_unless_given_the_permission_by_name(client):
    editor = make_editor()
    client.force_login(editor)
    assert create_in_admin(client).status_code == 403
    assert not PartnerKey.objects.exists()

    editor.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="partners", codename__in=["add_partnerkey", "view_partnerkey"]
        )
    )
    response = create_in_admin(client)
    assert response.status_code == 200
    assert PartnerKey.objects.get().created_by == editor


# --- rate limits -------------------------------------------------------------------------------


@override_settings(API_DEFAULT_RATE="3/min")
def test_over_the_limit_is_429_with_retry_after_and_other_keys_are_unaffected(client):
    _, busy = new_key(name="频繁")
    _, calm = new_key(name="平稳")
    for _ in range(3):
        assert client.get(PING, **bearer(busy)).status_code == 200
    refused = client.get(PING, **bearer(busy))
    assert refused.status_code == 429
    wait = int(refused["Retry-After"])
    assert 0 < wait <= 60
    assert refused.json()["detail"] == f"请求过于频繁，已超过此密钥的每分钟上限。请在 {wait} 秒后重试。"
    assert client.get(PING, **bearer(calm)).status_code == 200, "the limit is each key's own"


def test_a_key_has_its_own_limit_and_the_window_moves_on(client, monkeypatch):
    key, token = new_key(rate_limit=2)
    _, default_key = new_key(name="默认上限")
    assert key.rate == "2/min"
    moment = [1_000_000.0]
    monkeypatch.setattr("partners.throttling.PartnerKeyRateThrottle.timer", lambda self: moment[0])
    assert [client.get(PING, **bearer(token)).status_code for _ in range(3)] == [200, 200, 429]
    assert client.get(PING, **bearer(default_key)).status_code == 200
    moment[0] += 61
    assert client.get(PING, **bearer(token)).status_code == 200, "a minute later the key works again"


def test_a_lowered_limit_applies_at_once_and_still_says_when_to_retry(client, monkeypatch):
    key, token = new_key(rate_limit=10)
    moment = [1_000_000.0]
    monkeypatch.setattr("partners.throttling.PartnerKeyRateThrottle.timer", lambda self: moment[0])
    for _ in range(6):
        assert client.get(PING, **bearer(token)).status_code == 200
        moment[0] += 5
    PartnerKey.objects.filter(pk=key.pk).update(rate_limit=2)
    refused = client.get(PING, **bearer(token))
    assert refused.status_code == 429
    # Of the six requests, made at 0, 5, …, 25 s and now 30 s on, the fifth (20 s) must age out first.
    assert refused["Retry-After"] == "50"


# --- every request logged, counted per day ------------------------------------------------


@override_settings(API_DEFAULT_RATE="2/min")
def test_every_request_with_a_key_is_logged_and_counted_per_day_in_the_admin(admin_client, client):
    key, token = new_key()
    other, other_token = new_key(name="其他合作方")
    for _ in range(3):
        client.get(PING, **bearer(token))
    client.get(EMBARGOED, **bearer(token))
    client.get(PING, **bearer(other_token))
    client.get(PING, HTTP_AUTHORIZATION="Bearer nothing-like-a-key")

    logged = list(PartnerRequest.objects.filter(key=key).order_by("id").values_list("path", "status"))
    assert logged == [(PING, 200), (PING, 200), (PING, 429), (EMBARGOED, 403)]
    assert PartnerRequest.objects.filter(key=other).count() == 1
    assert PartnerRequest.objects.count() == 5, "nothing is logged for a request with no valid key"

    yesterday = clock.now() - datetime.timedelta(days=1)
    PartnerRequest.objects.create(key=key, at=yesterday, method="GET", path=PING, status=200)
    html = admin_client.get(reverse("admin:partners_partnerkey_change", args=[key.pk])).content.decode()
    from django.utils import timezone

    today = timezone.localtime(clock.now()).date().isoformat()
    day_before = timezone.localtime(yesterday).date().isoformat()
    assert f"<tr><td>{today}</td><td>4</td><td>2</td><td>1</td></tr>" in html
    assert f"<tr><td>{day_before}</td><td>1</td><td>0</td><td>0</td></tr>" in html


def test_old_request_log_rows_are_pruned(settings):
    settings.API_REQUEST_LOG_DAYS = 30
    key, _ = new_key()
    now = clock.now()
    for days_ago in (0, 29, 31, 400):
        PartnerRequest.objects.create(
            key=key, at=now - datetime.timedelta(days=days_ago), method="GET", path=PING, status=200
        )
    call_command("prune_api_requests")
    kept = sorted((now - at).days for at in PartnerRequest.objects.values_list("at", flat=True))
    assert kept == [0, 29]


def test_a_failed_log_write_does_not_spoil_the_answer(client, monkeypatch):
    _, token = new_key()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(PartnerRequest.objects, "create", broken)
    assert client.get(PING, **bearer(token)).status_code == 200


def test_the_add_form_says_the_default_limit_in_words(admin_client, settings):
    settings.API_DEFAULT_RATE = "5000/hour"
    html = admin_client.get(reverse("admin:partners_partnerkey_add")).content.decode()
    assert "留空则用默认上限（每小时 5000 次）" in html
    assert "提前读取已排期" in html and "读取已发布的稿件" in html


def test_a_default_rate_drf_cannot_read_stops_the_site_from_starting():
    from .test_settings import run_python

    result = run_python("import django; django.setup()", DEBUG="1", API_DEFAULT_RATE="120 per minute")
    assert result.returncode != 0
    assert "API_DEFAULT_RATE must look like 120/min" in result.stderr
    started = run_python("import django; django.setup()", DEBUG="1", API_DEFAULT_RATE="10/s")
    assert started.returncode == 0, started.stderr


def test_a_key_is_revoked_from_its_own_page_after_being_asked(admin_client, client, superuser):
    key, token = new_key()
    page = admin_client.get(reverse("admin:partners_partnerkey_change", args=[key.pk])).content.decode()
    revoke_url = reverse("admin:partners_partnerkey_revoke", args=[key.pk])
    assert revoke_url in page and "吊销此密钥" in page

    asked = admin_client.get(revoke_url).content.decode()
    assert "吊销不能撤回" in asked and "确定吊销" in asked
    key.refresh_from_db()
    assert key.is_active, "opening the question revokes nothing"

    done = admin_client.post(revoke_url, follow=True).content.decode()
    assert "已吊销密钥" in done
    key.refresh_from_db()
    assert not key.is_active and key.revoked_by == superuser
    assert client.get(PING, **bearer(token)).status_code == 401
    page_after = admin_client.get(reverse("admin:partners_partnerkey_change", args=[key.pk])).content.decode()
    assert revoke_url not in page_after


def test_only_someone_who_may_change_keys_may_revoke_one(client):
    key, token = new_key()
    client.force_login(make_editor())
    assert client.post(reverse("admin:partners_partnerkey_revoke", args=[key.pk])).status_code == 403
    key.refresh_from_db()
    assert key.is_active
    assert client.get(PING, **bearer(token)).status_code == 200
