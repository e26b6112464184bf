"""Security headers, the content policy, login throttling and the deployment check."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from .factories import make_editor

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)


def public_urls():
    from articles.models import Article

    story = Article.objects.get(dateline="本报讯")
    return ["/", "/2023/02/15/", "/2023/02/15/2/", story.get_absolute_url(), story.department.get_absolute_url()]


def directives(header):
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_public_pages_have_a_strict_policy_and_no_inline_script(client, demo_edition):
    for url in public_urls():
        response = client.get(url)
        policy = directives(response["Content-Security-Policy"])
        assert policy["script-src"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), f"inline script on {url}"
        assert not re.search(r"\son[a-z]+\s*=", html, re.I), f"inline event handler on {url}"


def test_the_admin_policy_relaxes_only_what_ckeditor_needs(admin_client):
    policy = directives(admin_client.get(reverse("admin:articles_article_add"))["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-eval'" not in policy["script-src"]


def test_security_headers_on_every_response(client, demo_edition):
    response = client.get("/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_the_admin_and_previews_need_a_login(client, demo_edition):
    assert client.get(reverse("admin:index")).status_code == 302
    assert client.get(reverse("preview:article", args=[1])).status_code == 302


def test_logins_are_throttled_after_repeated_failures():
    make_editor(username="tired", password="correct-horse-battery")
    client = Client()
    url = reverse("admin:login")
    for _ in range(5):
        client.post(url, {"username": "tired", "password": "wrong"})
    response = client.post(url, {"username": "tired", "password": "correct-horse-battery"})
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session


def test_a_correct_login_works_before_the_limit():
    make_editor(username="fresh", password="correct-horse-battery")
    client = Client()
    client.post(reverse("admin:login"), {"username": "fresh", "password": "wrong"})
    response = client.post(reverse("admin:login"), {"username": "fresh", "password": "correct-horse-battery"})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_check_deploy_is_clean_with_production_settings():
    test_only = {
        "DEBUG",
        "DJANGO_SETTINGS_MODULE",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
    }
    environment = {k: v for k, v in os.environ.items() if k not in test_only}
    environment.update(
        DEBUG="0",
        SECRET_KEY="p" * 20 + "-production-like-secret-" + "q" * 20,
        ALLOWED_HOSTS="news.example.org",
        SITE_URL="https://news.example.org",
        DJANGO_SETTINGS_MODULE="bulletin.settings",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_cookies_are_secure():
    from django.conf import settings

    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.SECURE_CONTENT_TYPE_NOSNIFF
