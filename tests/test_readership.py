"""
热门: a reader's view of a story is counted once, without cookies or addresses; robots are not counted;
counts wait in Redis and are flushed into the database without losing or repeating one; the lists show
the live stories read most today and this week; editors read the counts in the admin.
"""

import datetime
import io
import threading
import uuid
from io import StringIO

import pytest
import redis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from core import clock
from readership import counting
from readership.bots import is_robot
from readership.middleware import BEACON
from readership.models import AppliedBatch, StoryViews

from .factories import make_article, make_department, make_editor, make_issue, make_page, make_reporter

pytestmark = pytest.mark.django_db

REDIS_URL = "redis://127.0.0.1:6379/5"
CHROMIUM = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
HEADLESS_CHROMIUM = CHROMIUM.replace("Chrome/", "HeadlessChrome/")
ROBOTS = [
    "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
    "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/91.0 Safari/537.36; 360Spider",
    "Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 Chrome/69.0 Safari/537.36 YisouSpider/5.0",
    "Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; "
    "Bytespider; spider-feedback@bytedance.com)",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
    "DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Applebot/0.1",
    "Mozilla/5.0 (Linux; Android 7.0;) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; "
    "PetalBot;+https://webmaster.petalsearch.com/site/petalbot)",
    "Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)",
    "SomeNewsCrawler/1.0",
    "curl/8.5.0",
    "Wget/1.21.4",
    "python-requests/2.32.3",
    "",
]


def beacon_url(story):
    return reverse("readership:seen", kwargs={"story_id": story.pk})


def send_beacon(client, story_or_url, user_agent=CHROMIUM):
    url = story_or_url if isinstance(story_or_url, str) else beacon_url(story_or_url)
    return client.post(url, HTTP_USER_AGENT=user_agent)


def views_of(story, day=None):
    row = StoryViews.objects.filter(story=story, day=day or counting.today()).first()
    return row.views if row else 0


def redis_answers():
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return False


needs_redis = pytest.mark.skipif(not redis_answers(), reason="needs Redis on 127.0.0.1:6379")


@pytest.fixture
def shared_redis():
    """The site's cache in Redis, under a prefix of this test's own; removed afterwards."""
    prefix = f"test-readership-{uuid.uuid4().hex}"
    backend = {"BACKEND": "core.redis_cache.NewsroomRedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": prefix}
    caches = {"default": backend}
    with override_settings(CACHES=caches):
        yield redis.Redis.from_url(REDIS_URL)
    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


def waiting_in_redis(client):
    """Views counted in Redis and not yet flushed, whatever key they wait under."""
    prefix = counting.shared_redis()[0].make_key("readership:")
    return sum(
        sum(int(value) for value in client.hgetall(key).values())
        for key in client.scan_iter(f"{prefix}*")
        if client.type(key) == b"hash"
    )


# --- the beacon -------------------------------------------------------------------------------


def test_a_view_is_counted_once_per_beacon_with_no_cookie_read_or_set():
    story = make_article()
    client = Client()
    client.cookies["sessionid"] = "whatever-a-browser-sends"

    for _ in range(3):
        response = send_beacon(client, story)
        assert response.status_code == 204
        assert not response.cookies
        assert "Set-Cookie" not in response.headers

    assert views_of(story) == 3


def test_the_beacon_needs_no_csrf_token():
    story = make_article()
    assert send_beacon(Client(enforce_csrf_checks=True), story).status_code == 204
    assert views_of(story) == 1


@pytest.mark.parametrize("user_agent", ROBOTS, ids=lambda ua: ua.split("/")[0][-30:] or "empty")
def test_robots_are_not_counted(user_agent):
    story = make_article()
    assert send_beacon(Client(), story, user_agent).status_code == 204
    assert views_of(story) == 0
    assert is_robot(user_agent)


@pytest.mark.parametrize("user_agent", [CHROMIUM, HEADLESS_CHROMIUM], ids=["Chrome", "HeadlessChrome"])
def test_browsers_are_counted_headless_chromium_included(user_agent):
    story = make_article()
    send_beacon(Client(), story, user_agent)
    assert views_of(story) == 1
    assert not is_robot(user_agent)


def test_the_beacon_answers_only_post():
    story = make_article()
    client = Client()
    for method in ("get", "head", "put", "delete"):
        response = getattr(client, method)(beacon_url(story), HTTP_USER_AGENT=CHROMIUM)
        assert response.status_code == 405, method
    assert views_of(story) == 0


@pytest.mark.parametrize(
    "path",
    ["/readership/seen/abc/", "/readership/seen/-1/", "/readership/seen/99999999999999999999999/", "/readership/seen/"],
)
def test_a_malformed_story_id_is_not_found(path):
    response = Client().post(path, HTTP_USER_AGENT=CHROMIUM)
    assert response.status_code == 404
    assert "没有" in response.content.decode() or "找不到" in response.content.decode()
    assert not StoryViews.objects.exists()


def test_the_beacon_refuses_a_host_the_site_does_not_serve():
    story = make_article()
    response = Client().post(beacon_url(story), HTTP_USER_AGENT=CHROMIUM, HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert views_of(story) == 0


def test_the_middleware_answers_the_address_the_url_pattern_names():
    assert BEACON.fullmatch(reverse("readership:seen", kwargs={"story_id": 1234567}))


def test_a_story_not_live_is_not_counted():
    draft = make_article(live=False)
    withdrawn = make_article(status=Article.Status.WITHDRAWN)
    for story in (draft, withdrawn):
        assert send_beacon(Client(), story).status_code == 204
    assert send_beacon(Client(), "/readership/seen/987654321/").status_code == 204
    assert not StoryViews.objects.exists()


def test_views_are_counted_on_the_day_in_beijing_time(monkeypatch):
    story = make_article(publish_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    # 2026-03-01 23:59 and 2026-03-02 00:01 in Beijing: the UTC date is the 1st for both.
    for utc in (datetime.datetime(2026, 3, 1, 15, 59, tzinfo=datetime.UTC), datetime.datetime(2026, 3, 1, 16, 1)):
        monkeypatch.setattr(clock, "now", lambda utc=utc: utc.replace(tzinfo=datetime.UTC))
        send_beacon(Client(), story)
    assert views_of(story, datetime.date(2026, 3, 1)) == 1
    assert views_of(story, datetime.date(2026, 3, 2)) == 1


def wsgi_call(method, path, host="127.0.0.1", user_agent=CHROMIUM):
    """(status line, body) of a request made to the site's WSGI application, as gunicorn makes it."""
    from bulletin.wsgi import application

    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SCRIPT_NAME": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host,
        "HTTP_USER_AGENT": user_agent,
        "CONTENT_LENGTH": "0",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    status = []
    # As Django's test client does: the request's end must not close the test's database connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        body = b"".join(application(environ, lambda line, headers, exc_info=None: status.append(line)))
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return status[0], body


@needs_redis
def test_under_gunicorn_a_beacon_is_answered_before_django_handles_the_request(shared_redis, monkeypatch):
    story = make_article()
    handled = []
    monkeypatch.setattr(
        "django.core.handlers.base.BaseHandler.get_response", lambda self, request: handled.append(request)
    )
    assert wsgi_call("POST", beacon_url(story)) == ("204 No Content", b"")
    assert wsgi_call("POST", beacon_url(story), user_agent=ROBOTS[0]) == ("204 No Content", b"")
    assert not handled
    assert waiting_in_redis(shared_redis) == 1


@needs_redis
def test_under_gunicorn_everything_else_goes_on_to_the_site(shared_redis):
    story = make_article()
    assert wsgi_call("GET", beacon_url(story))[0].startswith("405")
    assert wsgi_call("POST", beacon_url(story), host="evil.example")[0].startswith("400")
    assert wsgi_call("POST", "/readership/seen/99999999999999999999/")[0].startswith("404")
    assert wsgi_call("GET", story.get_absolute_url())[0].startswith("200")
    assert waiting_in_redis(shared_redis) == 0


def test_under_gunicorn_without_redis_the_site_counts_the_view_itself():
    story = make_article()
    assert wsgi_call("POST", beacon_url(story))[0] == "204 No Content"
    assert views_of(story) == 1


@needs_redis
def test_a_view_redis_could_not_take_is_answered_503_and_logged(shared_redis, monkeypatch, caplog):
    story = make_article()

    def unreachable(story_id):
        raise redis.ConnectionError("Redis went away")

    monkeypatch.setattr(counting, "count_view", unreachable)
    assert send_beacon(Client(), story).status_code == 503
    assert f"a view of story {story.pk} could not be counted" in caplog.text


# --- the story page carries the beacon --------------------------------------------------------


def test_the_story_page_loads_the_counting_script_with_its_address():
    story = make_article()
    html = Client().get(story.get_absolute_url()).content.decode()
    assert f'data-beacon="{beacon_url(story)}"' in html
    assert "readership/count_view.js" in html and " defer" in html


def test_a_preview_sends_no_beacon(admin_client):
    draft = make_article(live=False)
    html = admin_client.get(reverse("preview:article", kwargs={"pk": draft.pk})).content.decode()
    assert draft.headline in html
    assert "count_view.js" not in html


# --- Redis and the flush ----------------------------------------------------------------------


@needs_redis
def test_with_redis_a_view_costs_no_query_and_waits_for_the_flush(shared_redis, django_assert_num_queries):
    story = make_article()
    client = Client()
    with django_assert_num_queries(0):
        for _ in range(5):
            assert send_beacon(client, story).status_code == 204
    assert views_of(story) == 0
    assert waiting_in_redis(shared_redis) == 5

    flushed = counting.flush()

    assert views_of(story) == 5
    assert (flushed.views_added, flushed.views_dropped) == (5, 0)
    assert waiting_in_redis(shared_redis) == 0
    assert counting.flush().views_added == 0  # nothing is added twice


@needs_redis
def test_the_flush_adds_to_the_rows_already_there(shared_redis):
    story = make_article()
    StoryViews.objects.create(story=story, day=counting.today(), views=40)
    for _ in range(3):
        send_beacon(Client(), story)
    counting.flush()
    send_beacon(Client(), story)
    counting.flush()
    assert views_of(story) == 44


@needs_redis
def test_the_flush_drops_stories_that_do_not_exist_or_are_not_live(shared_redis):
    live, draft = make_article(), make_article(live=False)
    for url in (beacon_url(live), beacon_url(draft), "/readership/seen/987654321/", "/readership/seen/0/"):
        send_beacon(Client(), url)

    flushed = counting.flush()

    assert list(StoryViews.objects.values_list("story_id", "views")) == [(live.pk, 1)]
    assert (flushed.views_added, flushed.views_dropped) == (1, 3)
    assert waiting_in_redis(shared_redis) == 0


@needs_redis
def test_a_flush_that_fails_before_its_commit_loses_nothing(shared_redis, monkeypatch):
    story = make_article()
    for _ in range(4):
        send_beacon(Client(), story)

    def dies(*args, **kwargs):
        raise RuntimeError("the database went away")

    with monkeypatch.context() as patch:
        patch.setattr(counting, "add_counts", dies)
        with pytest.raises(RuntimeError):
            counting.flush()
    assert views_of(story) == 0
    assert waiting_in_redis(shared_redis) == 4  # taken out of the day's hash, still in Redis

    send_beacon(Client(), story)  # a reader while it was down
    counting.flush()

    assert views_of(story) == 5
    assert waiting_in_redis(shared_redis) == 0


@needs_redis
def test_a_flush_that_dies_after_its_commit_adds_nothing_twice(shared_redis, monkeypatch):
    story = make_article()
    for _ in range(3):
        send_beacon(Client(), story)

    def dies(*args, **kwargs):
        raise RuntimeError("killed before the batch was deleted from Redis")

    with monkeypatch.context() as patch:
        patch.setattr(counting, "forget_batch", dies)
        with pytest.raises(RuntimeError):
            counting.flush()
    assert views_of(story) == 3
    assert waiting_in_redis(shared_redis) == 3  # the batch is still there, already added

    flushed = counting.flush()

    assert views_of(story) == 3
    assert flushed.views_added == 0
    assert waiting_in_redis(shared_redis) == 0


@needs_redis
def test_old_records_of_added_batches_are_pruned(shared_redis, monkeypatch):
    story = make_article()
    send_beacon(Client(), story)
    counting.flush()
    assert AppliedBatch.objects.count() == 1
    later = timezone.now() + datetime.timedelta(days=3)
    monkeypatch.setattr(clock, "now", lambda: later)
    send_beacon(Client(), story)
    counting.flush()
    assert AppliedBatch.objects.count() == 1


@needs_redis
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_view_is_lost_while_readers_and_flushes_run_at_once(shared_redis):
    stories = [make_article() for _ in range(3)]
    readers, views_each = 8, 60
    done = threading.Event()

    def reader(n):
        for i in range(views_each):
            counting.count_view(stories[(n + i) % len(stories)].pk)

    def flusher():
        while not done.is_set():
            counting.flush()

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(readers)]
    flushing = threading.Thread(target=flusher)
    flushing.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    done.set()
    flushing.join()
    counting.flush()

    assert sum(StoryViews.objects.values_list("views", flat=True)) == readers * views_each


@needs_redis
def test_flush_view_counts_says_what_it_did_in_chinese(shared_redis):
    story = make_article()
    send_beacon(Client(), story)
    send_beacon(Client(), "/readership/seen/987654321/")
    out = StringIO()
    call_command("flush_view_counts", stdout=out)
    assert "阅读量 1 次" in out.getvalue() and "舍去 1 次" in out.getvalue()
    assert views_of(story) == 1


# --- 今日热门 and 本周热门 ---------------------------------------------------------------------


def read(story, views, days_ago=0):
    StoryViews.objects.create(story=story, day=counting.today() - datetime.timedelta(days=days_ago), views=views)


def headlines_under(html, title):
    """The headlines of the list titled `title`, in order."""
    import re

    section = html.split(f">{title}</h2>", 1)[1].split("</ol>", 1)[0]
    return re.findall(r'<a href="/articles/\d+/">(?:<span[^>]*>[^<]*</span>)?([^<]+)</a>', section)


@pytest.fixture
def edition():
    issue = make_issue(date=counting.today())
    return make_page(issue=issue, number=1)


def test_the_front_page_lists_the_most_read_today_and_this_week(client, edition):
    popular = make_article(headline="今天读的人最多", page=edition, page_position=1)
    second = make_article(headline="今天第二", page=edition, page_position=2)
    last_week = make_article(headline="六天前很热")
    too_old = make_article(headline="八天前很热")
    withdrawn = make_article(headline="已撤下的稿件", status=Article.Status.WITHDRAWN)
    draft = make_article(headline="未发布的草稿", live=False)
    read(popular, 30)
    read(second, 20)
    read(second, 5, days_ago=1)
    read(last_week, 100, days_ago=6)
    read(too_old, 500, days_ago=7)
    read(withdrawn, 900)
    read(draft, 900)

    html = client.get("/").content.decode()

    assert headlines_under(html, "今日热门") == ["今天读的人最多", "今天第二"]
    assert headlines_under(html, "本周热门") == ["六天前很热", "今天读的人最多", "今天第二"]
    assert f'href="{popular.get_absolute_url()}"' in html
    for hidden in ("八天前很热", "已撤下的稿件", "未发布的草稿"):
        assert hidden not in html


def test_the_lists_hold_ten_stories(client, edition):
    for n in range(12):
        read(make_article(headline=f"稿件第{n}篇"), views=n + 1)
    html = client.get("/").content.decode()
    assert headlines_under(html, "今日热门") == [f"稿件第{n}篇" for n in range(11, 1, -1)]


def test_without_views_there_are_no_lists(client, edition):
    make_article(page=edition, page_position=1)
    html = client.get("/").content.decode()
    assert "今日热门" not in html and "本周热门" not in html


def test_a_department_page_lists_its_own_most_read(client):
    department, other = make_department(), make_department()
    ours = make_article(headline="本部门热门稿件", department=department)
    theirs = make_article(headline="别的部门的热门稿件", department=other)
    read(ours, 3)
    read(theirs, 300)

    html = client.get(department.get_absolute_url()).content.decode()

    assert headlines_under(html, "今日热门") == ["本部门热门稿件"]
    assert headlines_under(html, "本周热门") == ["本部门热门稿件"]
    assert "别的部门的热门稿件" not in html


def test_the_lists_cost_one_query_each_however_many_stories_were_read(client, edition, django_assert_num_queries):
    department = make_department()
    make_article(page=edition, page_position=1, department=department)
    read(make_article(department=department), 1)
    client.get("/")
    with django_assert_num_queries(5):  # edition, pages, stories; 今日热门, 本周热门
        client.get("/")
    with django_assert_num_queries(4):  # department, a page of its stories; 今日热门, 本周热门
        client.get(department.get_absolute_url())
    for n in range(30):
        read(make_article(department=department), n + 1, days_ago=n % 7)
    with django_assert_num_queries(5):
        client.get("/")
    with django_assert_num_queries(4):
        client.get(department.get_absolute_url())


# --- the admin ------------------------------------------------------------------------------


def test_editors_read_the_counts_per_story_per_day_and_per_page(edition):
    second_page = make_page(issue=edition.issue, number=2, name="城事")
    lead = make_article(headline="头版头条", page=edition, page_position=1)
    other = make_article(headline="头版二条", page=edition, page_position=2)
    city = make_article(headline="二版稿件", page=second_page, page_position=1)
    read(lead, 10)
    read(lead, 5, days_ago=1)
    read(other, 2)
    read(city, 7, days_ago=2)
    client = Client()
    client.force_login(make_editor())

    changelist = client.get(reverse("admin:readership_storyviews_changelist")).content.decode()
    report = client.get(reverse("admin:readership_storyviews_report"), {"issue": edition.issue.date.isoformat()})
    html = report.content.decode()

    assert "头版头条" in changelist and "二版稿件" in changelist
    assert report.status_code == 200
    per_day = html.split('id="views-per-day"', 1)[1].split("</table>", 1)[0]
    today = counting.today()
    assert f"{today.year}年{today.month}月{today.day}日</th><td>12</td>" in per_day
    per_story = html.split('id="views-per-story"', 1)[1].split("</table>", 1)[0]
    assert per_story.index("头版头条") < per_story.index("二版稿件") < per_story.index("头版二条")
    per_page = html.split('id="views-per-page"', 1)[1].split("</table>", 1)[0]
    assert "第1版：要闻（合计）</th><td><strong>17</strong>" in per_page
    assert "第2版：城事（合计）</th><td><strong>7</strong>" in per_page


def test_the_report_says_in_chinese_when_the_date_is_wrong(edition):
    client = Client()
    client.force_login(make_editor())
    url = reverse("admin:readership_storyviews_report")
    assert "日期格式应为" in client.get(url, {"issue": "2023-02-31"}).content.decode()
    assert "没有报纸" in client.get(url, {"issue": "1999-01-01"}).content.decode()


@needs_redis
def test_the_admin_shows_views_not_yet_flushed(shared_redis, edition):
    story = make_article(headline="刚刚有人读", page=edition, page_position=1)
    send_beacon(Client(), story)
    client = Client()
    client.force_login(make_editor())
    html = client.get(reverse("admin:readership_storyviews_report")).content.decode()
    assert "刚刚有人读" in html.split('id="views-per-story"', 1)[1]


def test_reporters_do_not_see_the_counts_and_nobody_changes_them(edition):
    row = StoryViews.objects.create(story=make_article(), day=counting.today(), views=3)
    reporter, editor = Client(), Client()
    reporter.force_login(make_reporter())
    editor.force_login(make_editor())
    for url in (
        reverse("admin:readership_storyviews_changelist"),
        reverse("admin:readership_storyviews_report"),
        reverse("admin:readership_storyviews_change", args=[row.pk]),
    ):
        assert reporter.get(url).status_code == 403
        assert editor.get(url).status_code == 200
    editor.post(reverse("admin:readership_storyviews_change", args=[row.pk]), {"views": "999"})
    editor.post(reverse("admin:readership_storyviews_delete", args=[row.pk]), {"post": "yes"})
    assert StoryViews.objects.get(pk=row.pk).views == 3
    assert editor.get(reverse("admin:readership_storyviews_add")).status_code == 403
