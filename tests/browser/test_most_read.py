"""热门 in real Chromium: reading a story sends one beacon, the flush counts it, and the lists show it, linked."""

import datetime
import re
import time
import uuid

import pytest
import redis
from django.test import override_settings
from playwright.sync_api import expect

from articles.models import Article
from readership import counting
from readership.models import StoryViews

from ..factories import make_article, make_department, make_issue, make_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

REDIS_URL = "redis://127.0.0.1:6379/5"


def redis_answers():
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return False


@pytest.fixture
def counted_in_redis_when_there():
    """The live server counts in Redis, as production does, when Redis answers; else straight into the database."""
    if not redis_answers():
        yield
        return
    prefix = f"test-most-read-{uuid.uuid4().hex}"
    backend = {"BACKEND": "core.redis_cache.NewsroomRedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": prefix}
    with override_settings(CACHES={"default": backend}):
        yield
    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


@pytest.fixture
def todays_paper():
    department = make_department(name="市生态环境局", slug="sthjj")
    page = make_page(issue=make_issue(date=counting.today()), number=1, name="要闻")
    read = make_article(
        headline="乌海湖水质持续向好", page=page, page_position=1, is_page_lead=True, department=department
    )
    unread = make_article(headline="黄河岸线整治完成", page=page, page_position=2, department=department)
    draft = make_article(headline="尚未发布的草稿", live=False, department=department)
    return read, unread, draft, department


def views_after_flush(story, expected, seconds=10):
    """The story's views today once the flush has found `expected` of them (beacons arrive a moment later)."""
    deadline = time.monotonic() + seconds
    while True:
        counting.flush()
        row = StoryViews.objects.filter(story=story, day=counting.today()).first()
        views = row.views if row else 0
        if views >= expected or time.monotonic() > deadline:
            return views
        time.sleep(0.1)


def test_reading_a_story_counts_one_view_and_puts_it_in_the_lists(
    live_server, page, counted_in_redis_when_there, todays_paper, screenshot
):
    read, unread, draft, department = todays_paper
    beacons = []
    page.on("request", lambda request: beacons.append(request) if "/readership/seen/" in request.url else None)

    page.goto(live_server.url + read.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_contain_text("乌海湖水质持续向好")

    assert views_after_flush(read, 1) == 1
    assert [(b.method, b.url) for b in beacons] == [("POST", live_server.url + f"/readership/seen/{read.pk}/")]

    # A beacon for a draft (whoever sends it) is answered like any other and never counted.
    status = page.evaluate(f"fetch('/readership/seen/{draft.pk}/', {{method: 'POST'}}).then(r => r.status)")
    assert status == 204
    counting.flush()
    assert not StoryViews.objects.filter(story=draft).exists()

    page.goto(live_server.url + "/")
    today = page.get_by_role("region", name="今日热门")
    expect(today.get_by_role("link")).to_have_text(["乌海湖水质持续向好"])
    expect(page.get_by_role("region", name="本周热门").get_by_role("link")).to_have_text(["乌海湖水质持续向好"])
    expect(page.get_by_text("尚未发布的草稿")).to_have_count(0)
    screenshot(page, "most-read-front")

    # The list's link is the story's page, where the reader is counted again.
    today.get_by_role("link", name="乌海湖水质持续向好").click()
    expect(page).to_have_url(re.compile(rf"/articles/{read.pk}/$"))
    assert views_after_flush(read, 2) == 2

    page.goto(live_server.url + department.get_absolute_url())
    expect(page.get_by_role("region", name="今日热门").get_by_role("link")).to_have_text(["乌海湖水质持续向好"])
    assert not StoryViews.objects.filter(story=unread).exists()


def test_a_page_opened_in_the_background_counts_only_once_it_is_shown(
    live_server, page, counted_in_redis_when_there, todays_paper
):
    # Counted in Redis, as in production: a beacon written straight into SQLite's shared in-memory test
    # database by the live server's thread, while this thread reads StoryViews, fails as "table is locked".
    read = todays_paper[0]
    # The page starts hidden, as a tab opened behind the one being read.
    page.add_init_script(
        "Object.defineProperty(document, 'visibilityState', {configurable: true, get: () => window.__shown ? "
        "'visible' : 'hidden'});"
    )
    page.goto(live_server.url + read.get_absolute_url())
    page.wait_for_load_state("load")
    time.sleep(0.5)
    counting.flush()
    assert not StoryViews.objects.filter(story=read).exists()

    page.evaluate("window.__shown = true; document.dispatchEvent(new Event('visibilitychange'))")
    assert views_after_flush(read, 1) == 1
    page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")  # shown again: still one view
    time.sleep(0.3)
    assert views_after_flush(read, 2, seconds=1) == 1


def test_the_lists_leave_out_a_story_withdrawn_after_it_was_read(live_server, page, todays_paper):
    read, unread = todays_paper[:2]
    day = counting.today()
    StoryViews.objects.create(story=read, day=day, views=50)
    StoryViews.objects.create(story=unread, day=day - datetime.timedelta(days=3), views=20)
    Article.objects.filter(pk=read.pk).update(status=Article.Status.WITHDRAWN)

    page.goto(live_server.url + "/")

    expect(page.get_by_role("region", name="今日热门")).to_have_count(0)
    expect(page.get_by_role("region", name="本周热门").get_by_role("link")).to_have_text(["黄河岸线整治完成"])
