"""Readers get cached pages; nothing they see is ever late or stale."""

import datetime
from unittest import mock

from django.test import Client
from django.utils import timezone

from articles import services
from articles.models import Article

from .factories import make_article, make_editor, make_page

Status = Article.Status


def front(client=None):
    return (client or Client()).get("/").content.decode()


def commit(django_capture_on_commit_callbacks, action):
    with django_capture_on_commit_callbacks(execute=True):
        return action()


def test_a_second_reader_is_served_from_the_cache(cached, django_assert_num_queries):
    page = make_page()
    make_article(page=page, headline="缓存中的稿件")
    assert "缓存中的稿件" in front()
    with django_assert_num_queries(0):
        assert "缓存中的稿件" in front()


def test_publishing_shows_at_once(cached, django_capture_on_commit_callbacks):
    page = make_page()
    story = make_article(live=False, status=Status.APPROVED, page=page, headline="刚发布的稿件")
    assert "刚发布的稿件" not in front()
    commit(
        django_capture_on_commit_callbacks,
        lambda: services.transition(article=story, action="publish", by=make_editor()),
    )
    assert "刚发布的稿件" in front()


def test_withdrawing_removes_at_once(cached, django_capture_on_commit_callbacks):
    page = make_page()
    story = make_article(page=page, headline="将被撤下的稿件")
    assert "将被撤下的稿件" in front()
    assert Client().get(story.get_absolute_url()).status_code == 200
    commit(
        django_capture_on_commit_callbacks,
        lambda: services.transition(article=story, action="withdraw", by=make_editor()),
    )
    assert "将被撤下的稿件" not in front()
    assert Client().get(story.get_absolute_url()).status_code == 404


def test_editing_shows_at_once(cached, django_capture_on_commit_callbacks):
    page = make_page()
    story = make_article(page=page, headline="旧主题")
    assert "旧主题" in front()
    story.headline = "新主题"
    commit(django_capture_on_commit_callbacks, story.save)
    html = front()
    assert "新主题" in html and "旧主题" not in html


def test_a_cached_page_never_outlives_the_next_scheduled_story(cached):
    page = make_page()
    due = timezone.now() + datetime.timedelta(hours=2)
    make_article(page=page, headline="已在版上的稿件")
    make_article(page=page, status=Status.SCHEDULED, publish_at=due, headline="两小时后见报")
    assert "两小时后见报" not in front()
    with mock.patch("core.clock.now", return_value=due - datetime.timedelta(seconds=1)):
        assert "两小时后见报" not in front()
    with mock.patch("core.clock.now", return_value=due + datetime.timedelta(seconds=1)):
        assert "两小时后见报" in front()


def test_unchanged_pages_answer_304(cached):
    make_article(page=make_page())
    first = Client().get("/")
    etag = first["ETag"]
    again = Client().get("/", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert "must-revalidate" in first["Cache-Control"]


def test_signed_in_staff_always_see_fresh_pages(cached):
    page = make_page()
    story = make_article(page=page, headline="员工看到的旧主题")
    assert "员工看到的旧主题" in front()  # now cached for readers
    staff = Client()
    staff.force_login(make_editor())
    assert "员工看到的旧主题" in front(staff)
    # Changed without a commit hook firing: only an uncached render can show it.
    Article.objects.filter(pk=story.pk).update(headline="员工看到的新主题")
    assert "员工看到的新主题" in front(staff)
    assert "员工看到的旧主题" in front()  # readers keep the cached page until the change commits


def test_admin_and_previews_are_never_cached(cached):
    assert "public" not in Client().get("/admin/login/").get("Cache-Control", "")
    staff_story = make_article(live=False)
    client = Client()
    client.force_login(make_editor())
    response = client.get(f"/preview/{staff_story.pk}/")
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
