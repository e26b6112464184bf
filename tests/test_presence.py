"""Presence both ways: who counts as editing a story, how the others are told, and how presence ends."""

import datetime
import re
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, EditingSession, Person

from .factories import article_form_data, logged_in, make_article, make_editor, make_reporter

pytestmark = pytest.mark.django_db

Status = Article.Status


def change_url(story):
    return reverse("admin:articles_article_change", args=[story.pk])


def heartbeat(client, story):
    return client.post(reverse("admin:articles_article_heartbeat", args=[story.pk]))


def stop(client, story, **data):
    return client.post(reverse("admin:articles_article_stop_editing", args=[story.pk]), data)


def presence_region(html):
    match = re.search(r'<div class="editing-presence"[^>]*>', html)
    assert match, "the change form has no presence region"
    return match.group(0)


def seen_at(html):
    return re.search(r'data-presence-seen-at="([^"]+)"', html).group(1)


def named_editor(username, last_name, first_name):
    user = make_editor(username=username)
    user.last_name, user.first_name = last_name, first_name
    user.save()
    return user


@pytest.fixture
def clock():
    """The site's clock, moved by hand."""
    moment = {"now": timezone.now()}
    with mock.patch("core.clock.now", side_effect=lambda: moment["now"]):
        yield moment


def test_the_first_editor_is_told_by_name_at_the_next_heartbeat_when_a_second_opens_the_story():
    story = make_article(live=False, created_by=make_reporter())
    first, second = logged_in(make_editor()), logged_in(named_editor("caoyi", "曹", "艺"))
    first.get(change_url(story))
    assert heartbeat(first, story).json()["others"] == []

    second.get(change_url(story))
    answer = heartbeat(first, story).json()
    assert answer["editing"] is True
    [told] = answer["others"]
    assert told.startswith("曹艺 自 ") and told.endswith("（北京时间）起也在编辑这篇稿件。")


def test_someone_without_a_name_is_shown_by_user_name():
    story = make_article(live=False, created_by=make_reporter())
    first = logged_in(make_editor())
    first.get(change_url(story))
    logged_in(make_editor(username="zhaoke")).get(change_url(story))
    assert heartbeat(first, story).json()["others"][0].startswith("zhaoke 自 ")


def test_someone_with_a_byline_is_shown_by_the_name_on_it():
    story = make_article(live=False, created_by=make_reporter())
    first = logged_in(make_editor())
    first.get(change_url(story))
    second = make_editor(username="zhaoxk")
    Person.objects.create(name="赵晓坤", user=second)
    logged_in(second).get(change_url(story))
    assert heartbeat(first, story).json()["others"][0].startswith("赵晓坤 自 ")


def test_the_second_editor_sees_the_first_in_the_form_as_a_status_message():
    story = make_article(live=False, created_by=make_reporter())
    logged_in(named_editor("wangfang", "王", "芳")).get(change_url(story))
    html = logged_in(make_editor()).get(change_url(story)).content.decode()
    region = presence_region(html)
    assert 'role="status"' in region and 'aria-live="polite"' in region
    assert re.search(r'<li class="warning">王芳 自 \d\d:\d\d（北京时间）起也在编辑这篇稿件。</li>', html)


def test_a_read_only_view_records_nothing_and_is_not_announced():
    # A reporter may open their submitted story, but only to read it.
    reporter = make_reporter(username="xiaoli")
    story = make_article(live=False, status=Status.SUBMITTED, created_by=reporter)
    editor = logged_in(make_editor())
    editor.get(change_url(story))

    html = logged_in(reporter).get(change_url(story)).content.decode()

    assert "data-presence-heartbeat" not in presence_region(html)
    assert not EditingSession.objects.filter(article=story, user=reporter).exists()
    assert heartbeat(editor, story).json()["others"] == []


def test_a_read_only_viewer_is_still_told_who_is_editing():
    reporter = make_reporter()
    story = make_article(live=False, status=Status.SUBMITTED, created_by=reporter)
    logged_in(make_editor(username="laozhang")).get(change_url(story))
    assert "laozhang 自 " in logged_in(reporter).get(change_url(story)).content.decode()


def test_a_heartbeat_from_a_form_that_is_no_longer_editable_ends_its_presence():
    reporter = make_reporter(username="xiaoli")
    story = make_article(live=False, created_by=reporter)
    author = logged_in(reporter)
    author.get(change_url(story))
    editor = logged_in(make_editor())
    editor.get(change_url(story))
    assert heartbeat(editor, story).json()["others"][0].startswith("xiaoli")

    # Submitted meanwhile: the reporter's open form is read-only from now on.
    Article.objects.filter(pk=story.pk).update(status=Status.SUBMITTED)
    answer = heartbeat(author, story).json()

    assert answer["editing"] is False
    assert heartbeat(editor, story).json()["others"] == []


def test_no_heartbeat_for_a_story_one_may_not_open():
    story = make_article(live=False, created_by=make_reporter())
    assert heartbeat(logged_in(make_reporter()), story).status_code == 404
    assert not EditingSession.objects.exists()


def test_the_heartbeat_takes_posts_only():
    story = make_article(live=False)
    client = logged_in(make_editor())
    assert client.get(reverse("admin:articles_article_heartbeat", args=[story.pk])).status_code == 405
    assert client.get(reverse("admin:articles_article_stop_editing", args=[story.pk])).status_code == 405


def test_the_interval_the_form_reports_in_comes_from_the_setting(settings):
    settings.EDITING_HEARTBEAT_SECONDS = 7
    story = make_article(live=False)
    html = logged_in(make_editor()).get(change_url(story)).content.decode()
    assert 'data-presence-interval="7000"' in presence_region(html)


def test_the_closing_tabs_beacon_ends_presence_with_its_csrf_token():
    story = make_article(live=False)
    leaving = logged_in(make_editor(username="leaving"), enforce_csrf_checks=True)
    html = leaving.get(change_url(story)).content.decode()
    staying = logged_in(make_editor())
    staying.get(change_url(story))

    # sendBeacon cannot set headers: the token travels in the form data, as a form's would.
    assert stop(leaving, story, seen_at=seen_at(html)).status_code == 403
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert stop(leaving, story, seen_at=seen_at(html), csrfmiddlewaretoken=token).status_code == 204

    assert heartbeat(staying, story).json()["others"] == []


def test_the_beacon_of_a_page_left_for_a_fresh_copy_does_not_end_the_fresh_ones_presence(clock):
    # Reloading, or saving and continuing: the old page's beacon arrives after the new page reported in.
    story = make_article(live=False)
    editor = logged_in(make_editor(username="reloader"))
    old_page = editor.get(change_url(story)).content.decode()
    clock["now"] += datetime.timedelta(seconds=1)
    editor.get(change_url(story))

    stop(editor, story, seen_at=seen_at(old_page))

    colleague = logged_in(make_editor())
    colleague.get(change_url(story))
    assert heartbeat(colleague, story).json()["others"][0].startswith("reloader")


def test_presence_without_a_heartbeat_ends_after_two_missed_heartbeats(settings, clock):
    settings.EDITING_HEARTBEAT_SECONDS = 25
    story = make_article(live=False)
    gone = logged_in(make_editor(username="gone"))
    gone.get(change_url(story))
    staying = logged_in(make_editor())
    staying.get(change_url(story))

    clock["now"] += datetime.timedelta(seconds=50)
    assert heartbeat(staying, story).json()["others"][0].startswith("gone")
    clock["now"] += datetime.timedelta(seconds=15)  # 65 s: two heartbeats and the grace missed
    assert heartbeat(staying, story).json()["others"] == []


def test_coming_back_after_presence_ran_out_starts_a_new_since(clock):
    story = make_article(live=False)
    returning = logged_in(make_editor(username="back"))
    returning.get(change_url(story))
    clock["now"] += datetime.timedelta(hours=2)
    heartbeat(returning, story)
    assert EditingSession.objects.get(article=story).started_at == clock["now"]


def test_saving_the_story_ends_presence():
    story = make_article(live=False)
    saver = logged_in(make_editor())
    html = saver.get(change_url(story)).content.decode()
    version = int(re.search(r'name="base_version" value="(\d+)"', html).group(1))
    response = saver.post(change_url(story), article_form_data(story, base_version=version, headline="改好了"))
    assert response.status_code == 302
    assert not EditingSession.objects.filter(article=story).exists()
