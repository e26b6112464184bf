"""Editing together without losing words: concurrent saves, presence, revisions, previews, schedules."""

import datetime
import re
from unittest import mock

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import preview
from articles.models import Article, Byline, Photo, RefusedEdit

from .factories import (
    article_form_data,
    logged_in,
    make_article,
    make_byline,
    make_editor,
    make_issue,
    make_page,
    make_photo,
    make_reporter,
)

pytestmark = pytest.mark.django_db

Status = Article.Status


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_when_two_people_edit_one_story_the_later_save_is_refused_and_both_texts_survive():
    story = make_article(live=False, created_by=make_reporter(), headline="原来的主题")
    first, second = logged_in(make_editor(username="wang")), logged_in(make_editor(username="li"))
    # Both open the story at the same version.
    opened = story.version
    first.post(change_url(story), article_form_data(story, base_version=opened, headline="王编辑改的主题"))
    response = second.post(change_url(story), article_form_data(story, base_version=opened, headline="李编辑改的主题"))

    story.refresh_from_db()
    assert story.headline == "王编辑改的主题"
    html = response.content.decode()
    assert response.status_code == 200
    assert "你这次的保存没有生效" in html
    assert "wang 已经保存了新的版本" in html
    assert "<del>王</del><ins>李</ins>编辑改的主题" in html  # where the stored text and yours differ
    assert "李编辑改的主题</textarea>" in html  # the refused text is still in the form
    refused = RefusedEdit.objects.get(article=story)
    assert refused.data["headline"] == "李编辑改的主题"
    assert refused.base_version == opened


def test_after_seeing_the_conflict_the_merged_text_can_be_saved():
    story = make_article(live=False, created_by=make_reporter())
    first, second = logged_in(make_editor()), logged_in(make_editor())
    opened = story.version
    first.post(change_url(story), article_form_data(story, base_version=opened, headline="甲"))
    second.post(change_url(story), article_form_data(story, base_version=opened, headline="乙"))
    story.refresh_from_db()
    second.post(change_url(story), article_form_data(story, base_version=story.version, headline="甲乙合并"))
    story.refresh_from_db()
    assert story.headline == "甲乙合并"


def test_opening_a_story_someone_else_is_editing_says_who_and_since_when():
    story = make_article(live=False, created_by=make_reporter())
    logged_in(make_editor(username="zhao")).get(change_url(story))
    html = logged_in(make_editor()).get(change_url(story)).content.decode()
    assert "zhao 自" in html.lower() and "起也在编辑这篇稿件" in html


def form_version(client, url):
    """The base_version the admin's form carries, as a browser would post it back."""
    return int(re.search(r'name="base_version" value="(\d+)"', client.get(url).content.decode()).group(1))


def test_a_save_without_the_version_it_started_from_is_refused():
    story = make_article(live=False, headline="原样")
    data = article_form_data(story, headline="不知从哪个版本改的")
    del data["base_version"]
    logged_in(make_editor()).post(change_url(story), data)
    story.refresh_from_db()
    assert story.headline == "原样"


def test_when_the_other_save_has_a_revision_the_message_says_what_they_changed():
    first, second = logged_in(make_editor(username="sun")), logged_in(make_editor())
    first.post(reverse("admin:articles_article_add"), article_form_data(headline="原来的主题"))
    story = Article.objects.get(headline="原来的主题")
    opened = form_version(first, change_url(story))
    first.post(change_url(story), article_form_data(story, base_version=opened, headline="孙编辑的主题"))
    html = second.post(change_url(story), article_form_data(story, base_version=opened)).content.decode()
    assert "sun 改动了下面这些内容" in html
    assert "<del>原来</del><ins>孙编辑</ins>的主题" in html


def test_every_save_keeps_a_revision_and_an_editor_sees_what_changed():
    editor = logged_in(make_editor())
    editor.post(
        reverse("admin:articles_article_add"), article_form_data(headline="初稿主题", body="<p>第一版正文。</p>")
    )
    story = Article.objects.get(headline="初稿主题")
    editor.post(change_url(story), article_form_data(story, headline="改后主题", body="<p>第二版正文。</p>"))
    html = editor.get(reverse("admin:articles_article_compare", args=[story.pk])).content.decode()
    assert "<del>初稿</del><ins>改后</ins>主题" in html
    assert "第<del>一</del><ins>二</ins>版正文" in html


def test_an_editor_restores_an_old_revision():
    editor = logged_in(make_editor())
    editor.post(reverse("admin:articles_article_add"), article_form_data(headline="第一版"))
    story = Article.objects.get(headline="第一版")
    editor.post(change_url(story), article_form_data(story, headline="第二版"))
    from reversion.models import Version

    oldest = Version.objects.get_for_object(story).order_by("pk").first()
    url = reverse("admin:articles_article_revision", args=[story.pk, oldest.pk])
    stale = form_version(editor, change_url(story))
    editor.post(
        url,
        article_form_data(story, headline="第一版", base_version=form_version(editor, url), restore_reason="改回原稿"),
    )
    story.refresh_from_db()
    assert story.headline == "第一版"
    # A form opened before the restore is still refused: the counter never goes back.
    editor.post(change_url(story), article_form_data(story, headline="旧表单", base_version=stale))
    story.refresh_from_db()
    assert story.headline == "第一版"


def test_a_deleted_story_comes_back_with_its_photos_and_bylines():
    editor_user = make_editor()
    editor = logged_in(editor_user)
    editor.post(reverse("admin:articles_article_add"), article_form_data(headline="会被删掉的稿件"))
    story = Article.objects.get(headline="会被删掉的稿件")
    make_byline(story, "记者乙")
    make_photo(story, caption="现场照片。")
    editor.post(change_url(story), article_form_data(story))  # a save that records bylines and photos
    editor.post(reverse("admin:articles_article_delete", args=[story.pk]), {"post": "yes"})
    assert not Article.objects.filter(pk=story.pk).exists()

    from reversion.models import Version

    deleted = Version.objects.get_deleted(Article).get(object_id=str(story.pk))
    url = reverse("admin:articles_article_recover", args=[deleted.pk])
    editor.post(url, article_form_data(story, base_version=form_version(editor, url), restore_reason="误删"))
    restored = Article.objects.get(pk=story.pk)
    assert restored.headline == "会被删掉的稿件"
    assert Byline.objects.filter(article=restored, person__name="记者乙").exists()
    assert Photo.objects.filter(article=restored, caption="现场照片。").exists()


def test_a_reporter_previews_their_draft_exactly_as_readers_will_see_it():
    reporter = make_reporter()
    draft = make_article(live=False, created_by=reporter, headline="预览中的稿件", kicker="引题：")
    response = logged_in(reporter).get(reverse("preview:article", args=[draft.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<p class="kicker">引题：</p>' in html and "预览中的稿件" in html
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert Client().get(draft.get_absolute_url()).status_code == 404


def test_a_signed_preview_link_works_without_login_until_it_expires():
    draft = make_article(live=False, headline="给同事看的稿件")
    url = preview.link_url(preview.issue_link(article=draft, by=make_editor()))
    assert "给同事看的稿件" in Client().get(url).content.decode()
    later = timezone.now() + datetime.timedelta(days=3)
    with mock.patch("core.clock.now", return_value=later):
        assert Client().get(url).status_code == 404
    assert Client().get(url[:-3] + "abc/").status_code == 404


def test_preview_link_tokens_cannot_be_forged_for_another_story():
    draft = make_article(live=False)
    forged = signing.dumps({"pk": draft.pk}, salt="something-else")
    assert Client().get(reverse("preview:signed", args=[forged])).status_code == 404


def test_an_editor_schedules_a_whole_edition_and_its_approved_stories_follow():
    editor_user = make_editor()
    issue = make_issue(live=False, status="ready")
    page = make_page(issue=issue)
    approved = make_article(live=False, status=Status.APPROVED, page=page)
    later = timezone.now() + datetime.timedelta(days=2)
    late_story = make_article(live=False, status=Status.APPROVED, page=page, publish_at=later)
    unreviewed = make_article(live=False, status=Status.SUBMITTED, page=page)
    at = timezone.localtime() + datetime.timedelta(hours=5)
    response = logged_in(editor_user).post(
        reverse("admin:schedule_issue", args=[issue.pk]),
        {"publish_at_0": at.strftime("%Y-%m-%d"), "publish_at_1": at.strftime("%H:%M:%S")},
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    for story in (approved, late_story, unreviewed):
        story.refresh_from_db()
    assert issue.status == "scheduled"
    assert approved.status == Status.SCHEDULED and approved.publish_at == issue.publish_at
    assert late_story.publish_at == later
    assert unreviewed.status == Status.SUBMITTED


def test_the_editorial_calendar_shows_the_coming_days_and_the_review_queue():
    editor = logged_in(make_editor())
    soon = timezone.now() + datetime.timedelta(days=1)
    make_article(status=Status.SCHEDULED, publish_at=soon, headline="明天见报的稿件")
    make_article(live=False, status=Status.SUBMITTED, headline="排队待审的稿件")
    html = editor.get(reverse("admin:editorial_calendar")).content.decode()
    assert "明天见报的稿件" in html and "排队待审的稿件" in html
    assert logged_in(make_reporter()).get(reverse("admin:editorial_calendar")).status_code == 403
