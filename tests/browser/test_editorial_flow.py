"""
A story's way from a reporter's keyboard to a reader, in real Chromium.

The reporter types the story into the real CKEditor and submits it; the
editor schedules it a minute ahead; the reader does not see it until the
site's clock (which the test moves, never sleeps for) passes that minute.
"""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from articles.models import Article
from tests.browser.admin_login import log_in
from tests.factories import make_editor, make_reporter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_reporter_writes_editor_schedules_reader_sees_it_on_time(live_server, open_page):
    base = live_server.url
    make_reporter(username="xiaoli", password="reporter-pass-123")
    make_editor(username="laozhang", password="editor-pass-123")
    real_now = timezone.now()
    clock = {"now": real_now}

    with mock.patch("core.clock.now", side_effect=lambda: clock["now"]):
        # The reporter writes in CKEditor and submits.
        reporter = open_page()
        log_in(reporter, base, "xiaoli", "reporter-pass-123")
        reporter.goto(f"{base}/admin/articles/article/add/")
        reporter.fill("#id_headline", "夜市摊位有序经营")
        editor_body = reporter.frame_locator("iframe.cke_wysiwyg_frame").locator("body")
        editor_body.click()
        editor_body.type("乌达区设置固定夜市场所9处。")
        reporter.click("input[name=_continue]")
        reporter.wait_for_selector(".messagelist .success")
        story = Article.objects.get(headline="夜市摊位有序经营")
        assert "乌达区设置固定夜市场所9处。" in story.body
        assert story.status == Article.Status.DRAFT
        reporter.click("text=提交审核")
        reporter.click("input[type=submit][value^=确认]")
        story.refresh_from_db()
        assert story.status == Article.Status.SUBMITTED

        # The editor schedules it one minute ahead (Beijing time, as labelled).
        editor = open_page()
        log_in(editor, base, "laozhang", "editor-pass-123")
        editor.goto(f"{base}/admin/articles/article/{story.pk}/change/")
        editor.click("text=排期发布")
        at = timezone.localtime(real_now + datetime.timedelta(minutes=1))
        editor.fill("#id_publish_at_0", at.strftime("%Y-%m-%d"))
        editor.fill("#id_publish_at_1", at.strftime("%H:%M:%S"))
        editor.click("input[type=submit][value^=确认]")
        editor.wait_for_selector(".messagelist .success")
        story.refresh_from_db()
        assert story.status == Article.Status.SCHEDULED

        # A reader before the minute: nothing. After it: the story.
        reader = open_page(width=390)
        response = reader.goto(f"{base}/articles/{story.pk}/")
        assert response.status == 404
        clock["now"] = real_now + datetime.timedelta(minutes=1, seconds=1)
        response = reader.goto(f"{base}/articles/{story.pk}/")
        assert response.status == 200
        assert reader.locator("h1").inner_text().strip() == "夜市摊位有序经营"
        assert "乌达区设置固定夜市场所9处。" in reader.locator("article").inner_text()
