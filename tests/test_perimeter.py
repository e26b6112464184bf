"""The edge of the site: who a login came from behind the TLS proxy, and which address the site calls its own."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from .factories import make_editor, make_reporter

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
ATTACKER = "203.0.113.9"
EDITORS_HOME = "198.51.100.7"
PROXY = "127.0.0.1"


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
