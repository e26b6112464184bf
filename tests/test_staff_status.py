"""
The status as staff read it, and where "在站点上查看" takes them.

Nothing flips a scheduled story to published when its time comes (readers see
it by the publishing rule), so every staff view works the status out the same
way: a scheduled story readers can see shows as 已发布. Until readers can see a
story, the admin's 在站点上查看 opens its preview, which says so in a banner.
"""

import datetime
import html
import re
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import dashboard, preview
from articles.models import Article
from editions.models import Issue

from .factories import make_article, make_editor, make_issue, make_page, make_reporter

pytestmark = pytest.mark.django_db

Status = Article.Status
HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def clock():
    """The site's clock, set by hand: two in the morning today, Beijing time."""
    today_start, _ = dashboard.day_bounds(timezone.localdate())
    moment = {"now": today_start + 2 * HOUR}
    with mock.patch("core.clock.now", side_effect=lambda: moment["now"]):
        yield moment


@pytest.fixture
def editor():
    client = Client()
    client.force_login(make_editor())
    return client


def scheduled(at, **overrides):
    return make_article(live=False, status=Status.SCHEDULED, publish_at=at, **overrides)


def text_of(response):
    """The page's text as a person reads it: tags dropped, entities decoded, blanks squeezed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def row_of(response, headline):
    """The text of the table row (or list item) that names `headline`."""
    page = response.content.decode()
    for row in re.findall(r"<tr[^>]*>.*?</tr>|<li>.*?</li>", page, flags=re.S):
        if headline in row:
            return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", row)).split())
    raise AssertionError(f"{headline} is not on the page")


def edition(*, status, publish_at):
    return make_page(issue=make_issue(live=False, status=status, publish_at=publish_at))


@pytest.mark.parametrize(
    "status, publish_offset, issue, shown",
    [
        (Status.DRAFT, None, None, Status.DRAFT),
        (Status.SUBMITTED, None, None, Status.SUBMITTED),
        (Status.APPROVED, None, None, Status.APPROVED),
        (Status.WITHDRAWN, -HOUR, None, Status.WITHDRAWN),
        (Status.SCHEDULED, HOUR, None, Status.SCHEDULED),
        (Status.SCHEDULED, -HOUR, None, Status.PUBLISHED),
        (Status.SCHEDULED, datetime.timedelta(0), None, Status.PUBLISHED),
        (Status.SCHEDULED, -HOUR, (Issue.Status.PUBLISHED, -HOUR), Status.PUBLISHED),
        (Status.SCHEDULED, -HOUR, (Issue.Status.SCHEDULED, HOUR), Status.SCHEDULED),
        (Status.SCHEDULED, -HOUR, (Issue.Status.DRAFT, None), Status.SCHEDULED),
        (Status.PUBLISHED, -HOUR, None, Status.PUBLISHED),
    ],
)
def test_a_scheduled_story_readers_can_see_reads_as_published(clock, status, publish_offset, issue, shown):
    now = clock["now"]
    page = None
    if issue:
        issue_status, issue_offset = issue
        page = edition(status=issue_status, publish_at=None if issue_offset is None else now + issue_offset)
    story = make_article(
        live=False, status=status, publish_at=None if publish_offset is None else now + publish_offset, page=page
    )
    assert Article.objects.get(pk=story.pk).status_for_staff == shown
    assert story.status_for_staff.label == shown.label


def test_the_story_list_shows_a_due_schedule_as_published(clock, editor):
    scheduled(clock["now"] - HOUR, headline="已到点的排期稿")
    scheduled(clock["now"] + HOUR, headline="还没到点的排期稿")
    response = editor.get(reverse("admin:articles_article_changelist"))
    assert "已发布" in row_of(response, "已到点的排期稿")
    assert "已排期" not in row_of(response, "已到点的排期稿")
    assert "已排期" in row_of(response, "还没到点的排期稿")


def test_the_story_list_filter_stays_on_the_stored_status(clock, editor):
    scheduled(clock["now"] - HOUR, headline="已到点的排期稿")
    response = editor.get(reverse("admin:articles_article_changelist"), {"status__exact": "scheduled"})
    assert "已到点的排期稿" in response.content.decode()


def test_the_story_form_shows_a_due_schedule_as_published(clock, editor):
    story = scheduled(clock["now"] - HOUR)
    page = editor.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()
    assert "当前状态：<strong>已发布</strong>" in page
    assert re.search(r'<div class="readonly">已发布</div>', page)


def test_a_pages_form_shows_its_due_scheduled_story_as_published(clock, editor):
    page = make_page(issue=make_issue(live=False, status=Issue.Status.SCHEDULED, publish_at=clock["now"] - HOUR))
    scheduled(clock["now"] - HOUR, page=page, headline="版上已到点的稿件")
    response = editor.get(reverse("admin:editions_page_change", args=[page.pk]))
    assert "已发布" in row_of(response, "版上已到点的稿件")
    assert "已排期" not in row_of(response, "版上已到点的稿件")


def test_the_transition_page_shows_a_due_schedule_as_published(clock, editor):
    story = scheduled(clock["now"] - HOUR)
    response = editor.get(reverse("admin:articles_article_transition", args=[story.pk, "withdraw"]))
    assert "当前状态：已发布" in text_of(response)


def test_the_admin_home_and_the_calendar_show_todays_due_schedule_as_published(clock, editor):
    scheduled(clock["now"] - HOUR, headline="凌晨一点的排期稿")
    scheduled(clock["now"] + HOUR, headline="凌晨三点的排期稿")
    for url in (reverse("admin:index"), reverse("admin:editorial_calendar")):
        response = editor.get(url)
        assert "凌晨一点的排期稿（已发布）" in text_of(response).replace(" ", ""), url
        assert "凌晨三点的排期稿（已排期）" in text_of(response).replace(" ", ""), url


def view_on_site(client, story):
    page = client.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()
    return re.search(r'<a href="([^"]+)" class="viewsitelink">在站点上查看</a>', page).group(1)


def test_view_on_site_opens_the_preview_until_readers_can_see_the_story(clock, editor):
    draft = make_article(live=False)
    not_yet = scheduled(clock["now"] + HOUR)
    due = scheduled(clock["now"] - HOUR)
    assert view_on_site(editor, draft) == reverse("preview:article", args=[draft.pk])
    assert view_on_site(editor, not_yet) == reverse("preview:article", args=[not_yet.pk])
    assert view_on_site(editor, due) == due.get_absolute_url()
    assert editor.get(view_on_site(editor, draft)).status_code == 200


def test_a_reporter_is_taken_to_the_preview_of_their_own_draft():
    reporter = make_reporter()
    draft = make_article(live=False, created_by=reporter)
    client = Client()
    client.force_login(reporter)
    assert client.get(view_on_site(client, draft)).status_code == 200


def banner_of(response):
    match = re.search(r'<section class="preview-banner[^"]*".*?</section>', response.content.decode(), flags=re.S)
    assert match, "the page has no preview banner"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", match.group(0))).split())


def test_the_preview_of_a_draft_says_it_is_not_published(editor):
    story = make_article(live=False)
    banner = banner_of(editor.get(reverse("preview:article", args=[story.pk])))
    assert banner.startswith("预览 · 未发布")
    assert "状态：草稿。读者看不到这篇稿件" in banner  # no half-width space between Chinese sentences


def test_the_preview_of_a_schedule_says_when_it_goes_live_in_beijing_time(clock, editor):
    at = clock["now"] + datetime.timedelta(days=1, hours=4, minutes=30)
    story = scheduled(at)
    banner = banner_of(editor.get(reverse("preview:article", args=[story.pk])))
    local = timezone.localtime(at)
    assert banner.startswith("预览 · 未发布")
    assert "状态：已排期" in banner
    assert f"定于 {local.year}年{local.month}月{local.day}日 06:30（北京时间）对读者发布" in banner


def test_the_preview_of_a_due_schedule_says_published_and_links_the_readers_page(clock, editor):
    story = scheduled(clock["now"] - HOUR)
    response = editor.get(reverse("preview:article", args=[story.pk]))
    banner = banner_of(response)
    assert banner.startswith("预览 · 已发布")
    assert "状态：已发布" in banner
    assert f'href="{story.get_absolute_url()}">打开读者看到的页面' in response.content.decode()


def test_the_preview_of_a_due_story_in_an_unscheduled_edition_says_readers_wait_for_the_edition(clock, editor):
    story = scheduled(clock["now"] - HOUR, page=edition(status=Issue.Status.DRAFT, publish_at=None))
    banner = banner_of(editor.get(reverse("preview:article", args=[story.pk])))
    assert banner.startswith("预览 · 未发布")
    assert "状态：已排期" in banner
    assert "还没有排期发布" in banner


def test_the_preview_waits_for_the_later_of_story_and_edition(clock):
    at = clock["now"] + 3 * HOUR
    story = scheduled(clock["now"] + HOUR, page=edition(status=Issue.Status.SCHEDULED, publish_at=at))
    assert preview.goes_live_at(story) == at


def test_a_preview_link_shows_the_banner_too(editor):
    story = make_article(live=False)
    link = preview.issue_link(article=story, by=make_editor())
    assert banner_of(Client().get(preview.link_url(link))).startswith("预览 · 未发布")


def test_readers_never_see_the_banner():
    story = make_article(live=True)
    page = Client().get(story.get_absolute_url()).content.decode()
    assert "preview-banner" not in page and "预览" not in page
