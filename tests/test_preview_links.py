"""
Preview links for a colleague without an account, as the newsroom and an attacker use them.

A link is made on the story's admin page and shown there; a stranger opens it.
It stops working when it expires, when an editor revokes it, and when the
story moves on to another status, even if the story later comes back to the
status it was made for. Whatever is sent in its place, forged, malformed,
expired or pointing at a deleted story, the answer is a 404, never a 500.
"""

import datetime
import html
import json
import re
from unittest import mock
from urllib.parse import quote

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles import preview, services
from articles.models import Article, PreviewLink

from .factories import make_article, make_editor, make_reporter

pytestmark = pytest.mark.django_db

Status = Article.Status

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
LINK = re.compile(r'<input type="text" readonly size="60" value="([^"]+)" aria-label="预览链接">')


def signed_in(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def form_action(page, form_id):
    match = re.search(rf'<form id="{form_id}" method="post" action="([^"]+)" hidden>', page)
    assert match, f"no form {form_id} on the page"
    return html.unescape(match.group(1))


def press(client, article, form_id):
    """Press a button of the story's admin page the way a browser does: the form's action, with its CSRF token."""
    page = client.get(change_url(article)).content.decode()
    return client.post(form_action(page, form_id), {"csrfmiddlewaretoken": CSRF.search(page).group(1)}, follow=True)


def make_link(client, article):
    """Make a link on the story page and read its address back from the page's list."""
    response = press(client, article, "preview-link-issue")
    assert response.status_code == 200
    links = LINK.findall(response.content.decode())
    assert links, "the new link is not listed on the story page"
    return html.unescape(links[0])  # newest first


def opens(url):
    return Client().get(url).status_code


def token_of(url):
    return url.rstrip("/").rsplit("/", 1)[-1]


def refusal(token):
    # A NUL byte anywhere in a URL is refused with 400 before any view runs (core/http/request_guard.py).
    return 400 if "\x00" in token else 404


def url_for_token(token):
    # quote() so that "/", "?" and "#" in junk reach the view (or at least the resolver) as sent.
    return reverse("preview:signed", kwargs={"token": "TOKEN"}).replace("TOKEN", quote(token, safe=""))


@pytest.fixture
def editor():
    return make_editor(username="zhang")


@pytest.fixture
def reporter():
    return make_reporter(username="li")


def test_an_editor_makes_a_link_on_the_story_page_and_a_stranger_opens_it_uncached_and_unindexed(editor):
    story = make_article(live=False, status=Status.APPROVED, headline="明天见报的稿件")
    url = make_link(signed_in(editor), story)

    response = Client().get(url)
    assert response.status_code == 200
    assert "明天见报的稿件" in response.content.decode()
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
    link = PreviewLink.objects.get()
    assert (link.article, link.issued_by, link.status) == (story, editor, Status.APPROVED)
    page = signed_in(editor).get(change_url(story)).content.decode()
    assert "<td>zhang</td>" in page and "<td>已审</td>" in page  # who made it and for which status


@pytest.mark.parametrize(
    "status, moves",
    [
        (Status.DRAFT, ["submit"]),
        (Status.SUBMITTED, ["approve"]),
        (Status.SUBMITTED, ["return"]),
        (Status.APPROVED, ["publish"]),
        (Status.SCHEDULED, ["withdraw"]),
        (Status.PUBLISHED, ["withdraw"]),
        (Status.SUBMITTED, ["return", "submit"]),  # back in the status the link was made for
        (Status.DRAFT, ["submit", "return"]),
    ],
)
def test_a_link_stops_working_when_its_story_moves_on(editor, status, moves):
    live = status in (Status.SCHEDULED, Status.PUBLISHED)
    story = make_article(live=live, status=status, created_by=editor)
    url = make_link(signed_in(editor), story)
    assert opens(url) == 200

    for action in moves:
        services.transition(article=story, action=action, by=editor, comment="请再核实数据")
    story.refresh_from_db()
    assert opens(url) == 404
    assert not LINK.findall(signed_in(editor).get(change_url(story)).content.decode())
    if story.status != Status.WITHDRAWN:
        assert opens(make_link(signed_in(editor), story)) == 200  # a fresh link for the new status works


def test_a_withdrawn_story_gets_no_link(editor):
    story = make_article(live=False, status=Status.WITHDRAWN)
    page = signed_in(editor).get(change_url(story)).content.decode()
    assert "已撤稿的稿件不能生成预览链接" in page
    response = press(signed_in(editor), story, "preview-link-issue")
    assert "已撤稿的稿件不能生成预览链接" in response.content.decode()
    assert not PreviewLink.objects.exists()


def test_an_editor_revokes_a_link_from_the_story_page(editor):
    story = make_article(live=False, status=Status.SUBMITTED)
    client = signed_in(editor)
    kept, revoked = make_link(client, story), make_link(client, story)
    link = PreviewLink.objects.latest("pk")

    response = press(client, story, f"preview-link-revoke-{link.pk}")
    assert "预览链接已撤销" in response.content.decode()
    assert opens(revoked) == 404
    assert opens(kept) == 200
    assert [html.unescape(listed) for listed in LINK.findall(response.content.decode())] == [kept]
    link.refresh_from_db()
    assert link.revoked_by == editor and link.revoked_at is not None


def test_a_reporter_makes_links_for_their_own_story_but_cannot_revoke_any(editor, reporter):
    own = make_article(live=False, created_by=reporter)
    others = make_article(live=False, created_by=make_reporter())
    client = signed_in(reporter)
    own_url = make_link(client, own)
    assert opens(own_url) == 200
    page = client.get(change_url(own)).content.decode()
    assert "preview-link-revoke-" not in page  # no button to press

    own_link = PreviewLink.objects.get(article=own)
    others_link = preview.issue_link(article=others, by=editor)
    csrf = CSRF.search(page).group(1)
    for story, link in [(own, own_link), (others, others_link)]:
        url = reverse("admin:articles_article_preview_link_revoke", args=[story.pk, link.pk])
        assert client.post(url, {"csrfmiddlewaretoken": csrf}).status_code == 403
    # Nor by pairing someone else's link with their own story's address.
    url = reverse("admin:articles_article_preview_link_revoke", args=[own.pk, others_link.pk])
    assert client.post(url, {"csrfmiddlewaretoken": csrf}).status_code == 403
    assert not PreviewLink.objects.filter(revoked_at__isnull=False).exists()
    assert opens(own_url) == 200 and opens(url_for_token(token_of(preview.link_url(others_link)))) == 200

    issue_for_others = reverse("admin:articles_article_preview_link_issue", args=[others.pk])
    assert client.post(issue_for_others, {"csrfmiddlewaretoken": csrf}).status_code == 404
    assert PreviewLink.objects.filter(article=others).count() == 1


def test_link_buttons_want_a_post_with_a_csrf_token_from_a_signed_in_editor(editor):
    story = make_article(live=False)
    link = preview.issue_link(article=story, by=editor)
    issue = reverse("admin:articles_article_preview_link_issue", args=[story.pk])
    revoke = reverse("admin:articles_article_preview_link_revoke", args=[story.pk, link.pk])
    client = signed_in(editor)
    assert client.get(issue).status_code == 405 and client.get(revoke).status_code == 405
    assert client.post(issue).status_code == 403 and client.post(revoke).status_code == 403  # no CSRF token
    assert Client().post(revoke).status_code == 302  # to the login page
    assert PreviewLink.objects.count() == 1 and opens(preview.link_url(link)) == 200
    other_story = make_article(live=False)
    wrong_pair = reverse("admin:articles_article_preview_link_revoke", args=[other_story.pk, link.pk])
    page = client.get(change_url(story)).content.decode()
    assert client.post(wrong_pair, {"csrfmiddlewaretoken": CSRF.search(page).group(1)}).status_code == 404


def test_a_link_names_its_story_and_changing_the_payload_breaks_the_signature(editor):
    client = signed_in(editor)
    first, second = make_article(live=False), make_article(live=False, headline="另一篇稿件")
    url = make_link(client, first)
    make_link(client, second)
    second_link = PreviewLink.objects.get(article=second)

    payload, signature = token_of(url).rsplit(":", 1)
    data = json.loads(signing.b64_decode(payload.encode()))
    data["link"] = second_link.pk
    forged = signing.b64_encode(json.dumps(data, separators=(",", ":")).encode()).decode() + ":" + signature
    assert opens(url_for_token(forged)) == 404
    # Nor is a well-formed token signed with another salt or key accepted.
    grant = {"link": second_link.pk, "status": second_link.status}
    assert opens(url_for_token(signing.Signer(salt="articles.preview").sign_object(grant))) == 404
    assert opens(url_for_token(signing.Signer(key="x" * 50, salt=preview.SIGNING_SALT).sign_object(grant))) == 404
    assert "另一篇稿件" not in Client().get(url).content.decode()


def test_a_link_expires_after_the_preview_link_max_age(editor, settings):
    settings.PREVIEW_LINK_MAX_AGE = 3600
    story = make_article(live=False)
    url = make_link(signed_in(editor), story)
    issued = PreviewLink.objects.get().issued_at
    with mock.patch("core.clock.now", return_value=issued + datetime.timedelta(seconds=3599)):
        assert opens(url) == 200
    with mock.patch("core.clock.now", return_value=issued + datetime.timedelta(seconds=3600)):
        assert opens(url) == 404
        assert not LINK.findall(signed_in(editor).get(change_url(story)).content.decode())


def test_a_link_to_a_deleted_story_is_a_404(editor):
    story = make_article(live=False)
    url = make_link(signed_in(editor), story)
    client = signed_in(editor)
    delete = reverse("admin:articles_article_delete", args=[story.pk])
    page = client.get(delete).content.decode()
    client.post(delete, {"post": "yes", "csrfmiddlewaretoken": CSRF.search(page).group(1)})
    assert not Article.objects.filter(pk=story.pk).exists()
    assert opens(url) == 404


def test_links_made_before_links_were_recorded_open_nothing():
    story = make_article(live=False)
    old = signing.dumps({"pk": story.pk}, salt="articles.preview")
    assert opens(url_for_token(old)) == 404


def signed(payload, *, compress=False):
    return signing.Signer(salt=preview.SIGNING_SALT).sign_object(payload, compress=compress)


@pytest.fixture
def grant(editor):
    """A live link, so that wrong shapes are tried with a real id beside them."""
    return preview.issue_link(article=make_article(live=False), by=editor)


WRONG_SHAPES = [
    lambda g: [g.pk, g.status],
    lambda g: "draft",
    lambda g: g.pk,
    lambda g: None,
    lambda g: {"pk": g.article_id},
    lambda g: {"pk": "x"},
    lambda g: {"pk": 10**30},
    lambda g: {"pk": None},
    lambda g: {"link": g.pk},
    lambda g: {"link": str(g.pk), "status": g.status},
    lambda g: {"link": float(g.pk), "status": g.status},
    lambda g: {"link": True, "status": g.status},
    lambda g: {"link": -g.pk, "status": g.status},
    lambda g: {"link": 0, "status": g.status},
    lambda g: {"link": 10**30, "status": g.status},
    lambda g: {"link": 2**63, "status": g.status},
    lambda g: {"link": None, "status": g.status},
    lambda g: {"link": {"pk": g.pk}, "status": g.status},
    lambda g: {"link": [g.pk], "status": g.status},
    lambda g: {"link": g.pk, "status": "published"},  # not the status it was made for
    lambda g: {"link": g.pk, "status": "secret"},
    lambda g: {"link": g.pk, "status": ["draft"]},
    lambda g: {"link": g.pk, "status": {"draft": 1}},
    lambda g: {"link": g.pk, "status": g.status, "extra": 1},
    lambda g: {"link": {"link": {"link": g.pk}}, "status": g.status},
]


@pytest.mark.parametrize("shape", range(len(WRONG_SHAPES)))
def test_a_validly_signed_payload_of_the_wrong_shape_is_a_404(grant, shape):
    payload = WRONG_SHAPES[shape](grant)
    for token in (signed(payload), signed(payload, compress=True), signing.dumps(payload, salt=preview.SIGNING_SALT)):
        assert opens(url_for_token(token)) == 404, token


@pytest.mark.parametrize(
    "token",
    [
        "not-base64!:sig",
        "%%%",
        "a:b:c",
        ":",
        "." + "A" * 40 + ":x",
        "eyJsaW5rIjoxfQ",  # {"link":1} with no signature
        "\x00",
        "预览:签名",
        "A" * 5000,
    ],
)
def test_a_malformed_token_is_a_404(grant, token):
    assert opens(url_for_token(token)) == refusal(token)


def test_the_real_token_of_a_grant_opens_it(grant):
    # The twin of the shapes above: the one payload that is accepted.
    assert opens(url_for_token(signed({"link": grant.pk, "status": grant.status}))) == 200


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
# Near misses of the one accepted shape, which arbitrary JSON would rarely draw.
near_grants = st.fixed_dictionaries(
    {"link": st.one_of(st.integers(), json_values), "status": st.one_of(st.sampled_from(Status.values), json_values)}
)
PROPERTY = settings(
    max_examples=100,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def expected_for(payload, grant):
    return 200 if payload == {"link": grant.pk, "status": grant.status} and type(payload["link"]) is int else 404


@PROPERTY
@given(token=st.text(max_size=300))
def test_any_text_as_a_token_is_a_404(grant, token):
    assert opens(url_for_token(token)) == refusal(token)


@PROPERTY
@given(payload=st.one_of(json_values, near_grants), how=st.sampled_from(["signer", "compressed", "dumps"]))
def test_any_payload_signed_with_the_links_salt_is_a_404_unless_it_is_the_grant(grant, payload, how):
    if how == "dumps":
        token = signing.dumps(payload, salt=preview.SIGNING_SALT)
        expected = 404  # timestamped tokens are not links
    else:
        token = signed(payload, compress=how == "compressed")
        expected = expected_for(payload, grant)
    assert opens(url_for_token(token)) == expected
