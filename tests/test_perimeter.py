"""The edge of the site: who a login came from behind the TLS proxy, and which address the site calls its own."""

import io
import os
import re
import secrets
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client
from django.urls import reverse

from .factories import make_editor, make_reporter

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
ATTACKER = "203.0.113.9"
EDITORS_HOME = "198.51.100.7"
PROXY = "127.0.0.1"
ROOT = Path(__file__).resolve().parents[1]


def log_in(password, *, username="editor", remote=PROXY, forwarded_for=None):
    """One login through /admin/login/ as the app server sees it: from `remote`, with the header the proxy passes on."""
    client = Client()
    headers = {"REMOTE_ADDR": remote}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    response = client.post(reverse("admin:login"), {"username": username, "password": password}, **headers)
    return response, "_auth_user_id" in client.session


def five_wrong_passwords(**request):
    for _ in range(5):
        response, logged_in = log_in("wrong", **request)
        assert not logged_in
    return response


@pytest.fixture
def editor():
    return make_editor(username="editor", password=PASSWORD)


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def test_someone_elses_wrong_passwords_lock_only_their_own_address_out(editor, behind_one_proxy):
    assert five_wrong_passwords(forwarded_for=ATTACKER).status_code == 429
    # Even the right password from there is refused now: the guesser is locked out…
    response, logged_in = log_in(PASSWORD, forwarded_for=ATTACKER)
    assert response.status_code == 429 and not logged_in
    # …but the editor, coming through the same proxy from home, gets in.
    response, logged_in = log_in(PASSWORD, forwarded_for=EDITORS_HOME)
    assert response.status_code == 302 and logged_in
    # And a colleague sharing the attacker's address is not locked out either.
    make_reporter(username="colleague", password=PASSWORD)
    assert log_in(PASSWORD, username="colleague", forwarded_for=ATTACKER)[1]


def test_an_address_written_into_the_header_by_the_client_is_not_believed(editor, behind_one_proxy):
    # The attacker writes the editor's address into X-Forwarded-For; the proxy appends the real one.
    five_wrong_passwords(forwarded_for=f"{EDITORS_HOME}, {ATTACKER}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    assert log_in(PASSWORD, forwarded_for=EDITORS_HOME)[1]
    # Nor can a made-up entry get the attacker out of the lock.
    assert not log_in(PASSWORD, forwarded_for=f"{EDITORS_HOME}, {ATTACKER}")[1]
    assert not log_in(PASSWORD, forwarded_for=f"not-an-address, {ATTACKER}")[1]


def test_without_a_trusted_proxy_the_header_is_ignored(editor, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    five_wrong_passwords(remote=ATTACKER, forwarded_for=EDITORS_HOME)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    # The header neither frames the editor nor frees the guesser.
    assert log_in(PASSWORD, remote=EDITORS_HOME)[1]
    assert not log_in(PASSWORD, remote=ATTACKER, forwarded_for="192.0.2.44")[1]


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "counted_as"),
    [
        (1, ATTACKER, ATTACKER),
        (1, f"192.0.2.1, 192.0.2.2, {ATTACKER}", ATTACKER),
        # Two proxies (say a CDN, then the TLS proxy): the second appended the CDN's address.
        (2, f"192.0.2.1, {ATTACKER}, 192.0.2.200", ATTACKER),
        # Fewer entries than proxies: the request did not come through them, so the socket's address.
        (2, ATTACKER, PROXY),
        (1, None, PROXY),
        (0, ATTACKER, PROXY),
    ],
)
def test_which_address_a_failed_login_is_counted_against(editor, settings, proxies, forwarded_for, counted_as):
    settings.TRUSTED_PROXY_COUNT = proxies
    log_in("wrong", forwarded_for=forwarded_for)
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [counted_as]


# --- The site's own address: SITE_URL, never the request's Host ------------------------------

SITE_URL = "https://ribao.example.cn"
ODD_HOST = "mirror.example.net"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def check_deploy(**env):
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_", "SESSION_", "CSRF_", "SITE_URL"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="bulletin.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="news.example.org",
        **env,
    )
    command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    return subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True)


def test_check_deploy_refuses_production_without_its_own_site_url():
    result = check_deploy()
    assert result.returncode != 0
    assert "(bulletin.E003) SITE_URL 'http://127.0.0.1:8000' is unset" in result.stderr
    assert check_deploy(SITE_URL="https://news.example.org").returncode == 0


@pytest.mark.parametrize(
    ("site_url", "problem"),
    [
        ("", "bulletin.E001"),
        ("news.example.org", "bulletin.E001"),
        ("ftp://news.example.org", "bulletin.E001"),
        ("https://news.example.org:port", "bulletin.E001"),
        ("https://news.example.org/news/", "bulletin.E002"),
        ("https://news.example.org/?utm=1", "bulletin.E002"),
        ("http://localhost:8000", "bulletin.E003"),
        ("http://[::1]:8000", "bulletin.E003"),
        ("https://news.example.org", None),
        ("https://news.example.org:8443/", None),
    ],
)
def test_check_deploy_says_what_is_wrong_with_site_url(settings, site_url, problem):
    settings.DEBUG, settings.SITE_URL = False, site_url
    if problem is None:
        call_command("check", "--deploy", stdout=io.StringIO(), stderr=io.StringIO())
        return
    with pytest.raises(SystemCheckError, match=re.escape(f"({problem})")):
        call_command("check", "--deploy", stdout=io.StringIO(), stderr=io.StringIO())


def test_development_needs_no_site_url(settings):
    settings.DEBUG, settings.SITE_URL = True, "http://127.0.0.1:8000"
    call_command("check", "--deploy", stdout=io.StringIO(), stderr=io.StringIO())


@pytest.fixture
def odd_host(settings):
    """A host the site answers to (a mirror name, a stale DNS entry) that is not its own address."""
    settings.SITE_URL = SITE_URL
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, ODD_HOST]


def fetch(client, path):
    response = client.get(path, HTTP_HOST=ODD_HOST)
    assert response.status_code == 200, path
    body = response.content.decode()
    assert ODD_HOST not in body, path
    return body


def feed_links(xml):
    """Every address an RSS or Atom feed gives: its links (text or href) and RSS guids."""
    links = []
    for element in ET.fromstring(xml).iter():
        name = element.tag.rsplit("}", 1)[-1]
        if name == "link":
            links.append(element.get("href") or element.text)
        elif name == "guid":
            links.append(element.text)
    return links


def test_canonical_links_feeds_sitemap_and_robots_name_site_url_whatever_the_host(client, demo_edition, odd_host):
    from articles.models import Article

    story = Article.objects.get(dateline="本报讯")
    for path in ["/", story.get_absolute_url(), story.department.get_absolute_url()]:
        assert f'<link rel="canonical" href="{SITE_URL}{path}">' in fetch(client, path)
    for feed in [
        "/articles/feed/rss/",
        "/articles/feed/atom/",
        reverse("departments:feed_rss", kwargs={"slug": story.department.slug}),
    ]:
        links = feed_links(fetch(client, feed))
        assert f"{SITE_URL}{story.get_absolute_url()}" in links
        assert all(link.startswith(f"{SITE_URL}/") for link in links), links
    assert fetch(client, "/robots.txt").endswith(f"Sitemap: {SITE_URL}/sitemap.xml\n")
    sections = [loc.text for loc in ET.fromstring(fetch(client, "/sitemap.xml")).iter(f"{SITEMAP}loc")]
    assert sections and all(section.startswith(f"{SITE_URL}/sitemap-") for section in sections)
    for section in sections:
        locations = [
            loc.text for loc in ET.fromstring(fetch(client, section.removeprefix(SITE_URL))).iter(f"{SITEMAP}loc")
        ]
        assert locations and all(location.startswith(f"{SITE_URL}/") for location in locations)
