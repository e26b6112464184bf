"""
Who may do what to a story, through the real admin URLs.

The table below is the newsroom's rule book: for each role and action, whether
the admin lets it happen. Each action is performed the way a browser would,
and the outcome is read back from the database (never from a hidden button).
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article

from .factories import article_form_data, image_bytes, make_article, make_editor, make_reporter

pytestmark = pytest.mark.django_db

Status = Article.Status

ROLES = ["author", "other_reporter", "editor"]

#            action            author  other_reporter  editor
RULES = {
    "create": (True, True, True),
    "edit_own_draft": (True, None, None),
    "edit_another_story": (None, False, True),
    "edit_after_submitting": (False, None, True),
    "submit": (True, False, True),
    "return": (False, False, True),
    "approve": (False, False, True),
    "schedule": (False, False, True),
    "publish": (False, False, True),
    "withdraw": (False, False, True),
    "delete": (False, False, True),
    "bulk_publish": (False, False, True),
    "upload": (True, True, True),
    "preview": (True, False, True),
}


@pytest.fixture
def people():
    return {"author": make_reporter(), "other_reporter": make_reporter(), "editor": make_editor()}


def story_by(author, status=Status.DRAFT, **extra):
    live = status in (Status.SCHEDULED, Status.PUBLISHED)
    return make_article(live=live, status=status, created_by=author, **extra)


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def transition(client, article, action, **data):
    url = reverse("admin:articles_article_transition", args=[article.pk, action])
    client.post(url, data)
    article.refresh_from_db()
    return article


def do_create(client, people):
    client.post(reverse("admin:articles_article_add"), article_form_data(headline="新写的稿件"))
    return Article.objects.filter(headline="新写的稿件").exists()


def do_edit(client, article):
    client.post(change_url(article), article_form_data(article, headline="改过的主题"))
    article.refresh_from_db()
    return article.headline == "改过的主题"


def do_edit_own_draft(client, people):
    return do_edit(client, story_by(people["author"]))


def do_edit_another_story(client, people):
    return do_edit(client, story_by(people["author"]))


def do_edit_after_submitting(client, people):
    return do_edit(client, story_by(people["author"], Status.SUBMITTED))


def do_submit(client, people):
    return transition(client, story_by(people["author"]), "submit").status == Status.SUBMITTED


def do_return(client, people):
    story = story_by(people["author"], Status.SUBMITTED)
    return transition(client, story, "return", comment="请补充数据来源").status == Status.DRAFT


def do_approve(client, people):
    return transition(client, story_by(people["author"], Status.SUBMITTED), "approve").status == Status.APPROVED


def do_schedule(client, people):
    at = timezone.localtime() + datetime.timedelta(hours=3)
    story = story_by(people["author"], Status.APPROVED)
    data = {"publish_at_0": at.strftime("%Y-%m-%d"), "publish_at_1": at.strftime("%H:%M:%S")}
    return transition(client, story, "schedule", **data).status == Status.SCHEDULED


def do_publish(client, people):
    return transition(client, story_by(people["author"], Status.APPROVED), "publish").status == Status.PUBLISHED


def do_withdraw(client, people):
    return transition(client, story_by(people["author"], Status.PUBLISHED), "withdraw").status == Status.WITHDRAWN


def do_delete(client, people):
    story = story_by(people["author"])
    client.post(reverse("admin:articles_article_delete", args=[story.pk]), {"post": "yes"})
    return not Article.objects.filter(pk=story.pk).exists()


def do_bulk_publish(client, people):
    story = story_by(people["author"], Status.APPROVED)
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [story.pk], "index": 0},
    )
    story.refresh_from_db()
    return story.status == Status.PUBLISHED


def do_upload(client, people):
    upload = SimpleUploadedFile("图.png", image_bytes())
    response = client.post("/ckeditor/upload/", {"upload": upload})
    return response.status_code == 200 and response.json()["uploaded"] == 1


def do_preview(client, people):
    story = story_by(people["author"])
    response = client.get(reverse("preview:article", args=[story.pk]))
    return response.status_code == 200 and story.headline in response.content.decode()


ACTIONS = {name: globals()[f"do_{name}"] for name in RULES}


@pytest.mark.parametrize("role_index,role", list(enumerate(ROLES)))
@pytest.mark.parametrize("action", list(RULES))
def test_permission_matrix(people, role_index, role, action):
    expected = RULES[action][role_index]
    if expected is None:
        pytest.skip("not a meaningful combination")
    client = Client()
    client.force_login(people[role])
    assert ACTIONS[action](client, people) is expected


@pytest.mark.parametrize("action", ["create", "submit", "preview", "upload", "publish"])
def test_strangers_can_do_nothing(people, action):
    assert ACTIONS[action](Client(), people) is False


def test_a_reporter_does_not_even_see_another_reporters_story(people):
    story = story_by(people["author"])
    client = Client()
    client.force_login(people["other_reporter"])
    listing = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert story.headline not in listing
    assert client.get(change_url(story)).status_code == 302  # "does not exist" → admin home


def test_a_reporter_sees_their_submitted_story_read_only(people):
    story = story_by(people["author"], Status.SUBMITTED)
    client = Client()
    client.force_login(people["author"])
    html = client.get(change_url(story)).content.decode()
    assert 'name="headline"' not in html
    assert "待审" in html


def test_every_status_change_is_recorded_with_who_when_and_why(people):
    story = story_by(people["author"])
    reporter, editor = Client(), Client()
    reporter.force_login(people["author"])
    editor.force_login(people["editor"])
    transition(reporter, story, "submit")
    transition(editor, story, "return", comment="导语太长")
    changes = list(story.status_changes.order_by("at", "id").values_list("from_status", "to_status", "by", "comment"))
    assert changes == [
        ("draft", "submitted", people["author"].pk, ""),
        ("submitted", "draft", people["editor"].pk, "导语太长"),
    ]
    history = editor.get(change_url(story)).content.decode()
    assert "审稿记录" in history and "导语太长" in history


def test_returning_needs_a_comment(people):
    story = story_by(people["author"], Status.SUBMITTED)
    client = Client()
    client.force_login(people["editor"])
    response = client.post(reverse("admin:articles_article_transition", args=[story.pk, "return"]), {"comment": ""})
    assert "请写明修改意见" in response.content.decode()
    story.refresh_from_db()
    assert story.status == Status.SUBMITTED


def test_the_admin_home_tells_each_person_what_needs_them(people):
    returned = story_by(people["author"], Status.SUBMITTED, headline="被退回的稿件")
    queued = story_by(people["other_reporter"], Status.SUBMITTED, headline="别人的待审稿件甲")
    editor = Client()
    editor.force_login(people["editor"])
    transition(editor, returned, "return", comment="请核实数字")
    editor_home = editor.get(reverse("admin:index")).content.decode()
    assert "待审稿件" in editor_home and queued.headline in editor_home
    reporter = Client()
    reporter.force_login(people["author"])
    reporter_home = reporter.get(reverse("admin:index")).content.decode()
    assert "退回给你修改的稿件" in reporter_home
    assert "被退回的稿件" in reporter_home and "请核实数字" in reporter_home
    assert queued.headline not in reporter_home
