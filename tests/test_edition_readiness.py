"""Editions go out whole: the check before 排期整期, the override it asks for, and readiness on the calendar."""

import datetime
import re

import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Person
from editions import readiness
from editions.models import Issue

from .factories import logged_in, make_article, make_byline, make_editor, make_issue, make_page, make_reporter

pytestmark = pytest.mark.django_db

Status = Article.Status


def schedule_url(issue):
    return reverse("admin:schedule_issue", args=[issue.pk])


def text_of(response):
    """The page as a reader of it sees the words: tags dropped, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def coming_issue(days=3, **overrides):
    return make_issue(date=timezone.localdate() + datetime.timedelta(days=days), live=False, **overrides)


def when(days=3, hour=6):
    at = timezone.localtime() + datetime.timedelta(days=days)
    return {"publish_at_0": at.strftime("%Y-%m-%d"), "publish_at_1": f"{hour:02d}:00:00"}


def edition_with_problems():
    """第1版 led by a story still waiting for review, with a draft and a withdrawn story; 第2版 empty."""
    issue = coming_issue()
    front = make_page(issue=issue, number=1, name="要闻")
    make_page(issue=issue, number=2, name="专题")
    reporter = make_reporter()
    Person.objects.create(name="曹艺", user=reporter)
    lead = make_article(
        live=False, status=Status.SUBMITTED, page=front, is_page_lead=True, headline="头条稿件", created_by=reporter
    )
    make_article(live=False, status=Status.APPROVED, page=front, page_position=2, headline="已审稿件")
    make_article(live=False, status=Status.DRAFT, page=front, page_position=3, headline="草稿稿件")
    make_article(live=False, status=Status.WITHDRAWN, page=front, page_position=4, headline="撤下的稿件")
    return issue, lead


def ready_edition(pages=1, stories=1, **overrides):
    issue = coming_issue(**overrides)
    for number in range(1, pages + 1):
        page = make_page(issue=issue, number=number, name=f"第{number}版")
        for position in range(1, stories + 1):
            story = make_article(
                live=False, status=Status.APPROVED, page=page, page_position=position, is_page_lead=position == 1
            )
            make_byline(story, name="赵晓坤")
    return issue


def test_the_check_lists_each_page_in_order_with_its_stories_and_flags_what_would_not_go_out():
    issue, _ = edition_with_problems()
    report = readiness.for_issue(issue)
    assert [(page.label, page.name) for page in report.pages] == [("第1版", "要闻"), ("第2版", "专题")]
    front, second = report.pages
    assert [(s.headline, s.status_label, s.is_lead) for s in front.stories] == [
        ("头条稿件", "待审", True),
        ("已审稿件", "已审", False),
        ("草稿稿件", "草稿", False),
        ("撤下的稿件", "已撤稿", False),
    ]
    assert front.stories[0].author == "曹艺"  # the reporter's name, not the account's
    assert [s.flag for s in front.stories] == [
        "头条未审核（待审，审核通过后需单独排期）",
        "",
        "草稿，不会随期发布",
        "已撤稿，不会见报",
    ]
    assert second.stories == [] and second.is_empty
    assert report.blocking == ["第1版头条“头条稿件”待审，未审核", "第2版空版"]
    assert report.counts == ["1 篇待审", "1 篇草稿", "1 篇已撤稿"]
    assert report.verdict == "需要确认"
    assert report.summary == "第1版头条未审核 · 第2版空版 · 1 篇待审 · 1 篇草稿 · 1 篇已撤稿"


def test_an_edition_whose_pages_all_carry_approved_stories_is_ready():
    report = readiness.for_issue(ready_edition(pages=2, stories=2))
    assert report.blocking == [] and report.counts == []
    assert report.verdict == "可以排期" and report.summary == "就绪"
    assert report.pages[0].stories[0].author == "赵晓坤"  # the byline's name


def test_a_story_without_a_byline_is_named_by_its_writers_name_and_only_then_by_the_account():
    issue = coming_issue()
    page = make_page(issue=issue)
    named = make_reporter(username="caoyi")
    named.last_name, named.first_name = "曹", "艺"
    named.save()
    make_article(live=False, page=page, created_by=named)
    make_article(live=False, page=page, created_by=make_reporter(username="wangwu"))
    make_article(live=False, page=page)
    assert [story.author for story in readiness.for_issue(issue).pages[0].stories] == ["曹艺", "wangwu", "—"]


def test_a_page_whose_only_story_was_withdrawn_is_empty_and_an_edition_without_pages_cannot_go_out():
    issue = coming_issue()
    page = make_page(issue=issue, number=1)
    make_article(live=False, status=Status.WITHDRAWN, page=page)
    assert readiness.for_issue(issue).blocking == ["第1版空版"]
    assert readiness.for_issue(coming_issue(days=4)).blocking == ["这一期还没有版面"]


def test_the_schedule_page_shows_the_check_above_the_form():
    issue, lead = edition_with_problems()
    response = logged_in(make_editor()).get(schedule_url(issue))
    html = response.content.decode()
    text = text_of(response)
    assert "排期检查： 需要确认" in text
    assert "第1版头条“头条稿件”待审，未审核" in text and "第2版空版" in text
    assert "第2版 专题 没有稿件 空版" in text
    assert "头条稿件 头条 待审 曹艺" in text
    assert reverse("admin:articles_article_change", args=[lead.pk]) in html
    assert html.index('id="readiness"') < html.index('name="publish_at_0"')
    assert "仍然排期" in text


def test_without_the_override_an_edition_with_problems_is_not_scheduled():
    issue, _ = edition_with_problems()
    editor = logged_in(make_editor())
    response = editor.post(schedule_url(issue), {**when(), "flagged": readiness.for_issue(issue).key})
    assert response.status_code == 200
    assert "这一期还不能排期：第1版头条“头条稿件”待审，未审核；第2版空版。" in text_of(response)
    assert "请勾选“仍然排期”并写明理由" in text_of(response)

    response = editor.post(schedule_url(issue), {**when(), "flagged": readiness.for_issue(issue).key, "override": "on"})
    assert "请在“说明”中写明理由" in text_of(response)
    response = editor.post(
        schedule_url(issue),
        {**when(), "flagged": readiness.for_issue(issue).key, "override": "on", "override_comment": "   "},
    )
    assert "请在“说明”中写明理由" in text_of(response)
    issue.refresh_from_db()
    assert issue.status == Issue.Status.DRAFT and issue.publish_at is None
    assert not LogEntry.objects.filter(object_id=str(issue.pk)).exists()


def test_an_override_covers_only_the_problems_the_editor_saw():
    issue, _ = edition_with_problems()
    editor = logged_in(make_editor())
    seen = readiness.for_issue(issue).key
    make_page(issue=issue, number=3, name="文体")  # another empty page appears meanwhile
    response = editor.post(schedule_url(issue), {**when(), "flagged": seen, "override": "on", "override_comment": "x"})
    assert "打开本页之后，这一期的情况有了变化" in text_of(response) and "第3版空版" in text_of(response)
    # The page drawn again carries the problems as they are now, so the editor can decide again.
    assert f'name="flagged" value="{readiness.for_issue(issue).key}"' in response.content.decode()
    issue.refresh_from_db()
    assert issue.status == Issue.Status.DRAFT


def test_an_override_with_a_reason_schedules_and_is_recorded_in_the_editions_history():
    issue, lead = edition_with_problems()
    editor_user = make_editor()
    editor = logged_in(editor_user)
    response = editor.post(
        schedule_url(issue),
        {
            **when(hour=5),
            "flagged": readiness.for_issue(issue).key,
            "override": "on",
            "override_comment": "第2版改用广告，头条稿件夜班审完",
        },
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    lead.refresh_from_db()
    assert issue.status == Issue.Status.SCHEDULED
    assert timezone.localtime(issue.publish_at).hour == 5
    assert lead.status == Status.SUBMITTED  # still waiting for review: nothing approved it

    entry = LogEntry.objects.get(object_id=str(issue.pk))
    assert entry.user == editor_user and entry.get_edited_object() == issue
    assert entry.get_change_message() == (
        f"排期整期，发布时间 {timezone.localtime(issue.publish_at):%Y-%m-%d} 05:00（北京时间）；"
        "仍然排期，当时的问题：第1版头条“头条稿件”待审，未审核；第2版空版；"
        "说明：第2版改用广告，头条稿件夜班审完；尚未随期发布：1 篇待审、1 篇草稿、1 篇已撤稿。"
    )
    history = text_of(editor.get(reverse("admin:editions_issue_history", args=[issue.pk])))
    assert "仍然排期" in history and "第2版改用广告，头条稿件夜班审完" in history and "第2版空版" in history


def test_a_ready_edition_is_scheduled_without_an_override_and_its_history_says_when():
    issue = ready_edition(pages=2, stories=2)
    editor = logged_in(make_editor())
    assert "排期检查： 可以排期" in text_of(editor.get(schedule_url(issue)))
    assert 'name="override"' not in editor.get(schedule_url(issue)).content.decode()
    assert editor.post(schedule_url(issue), when(hour=6)).status_code == 302
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SCHEDULED
    assert Article.objects.filter(page__issue=issue, status=Status.SCHEDULED).count() == 4
    message = LogEntry.objects.get(object_id=str(issue.pk)).get_change_message()
    assert message.startswith("排期整期，发布时间") and "仍然排期" not in message


def test_the_check_costs_the_same_queries_for_a_big_edition_as_for_a_small_one(django_assert_num_queries):
    small = ready_edition(days=2, pages=1, stories=1)
    big, _ = edition_with_problems()
    for number in range(3, 9):
        page = make_page(issue=big, number=number, name=f"第{number}版")
        for position in range(1, 7):
            story = make_article(live=False, status=Status.SUBMITTED, page=page, page_position=position)
            make_byline(story, name=f"记者{position}")
    for issue in (small, big):
        with django_assert_num_queries(3):  # pages, stories with their accounts, bylines with their people
            report = readiness.for_issue(issue)
            [story.author for page in report.pages for story in page.stories]
    assert len(readiness.for_issue(big).pages) == 8

    editor = logged_in(make_editor())
    counts = []
    for issue in (small, big):
        editor.get(schedule_url(issue))  # the session and permissions are loaded once
        with CaptureQueriesContext(connection) as queries:
            assert editor.get(schedule_url(issue)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_calendar_shows_each_editions_readiness_for_the_coming_three_weeks():
    editor = logged_in(make_editor())
    ready_edition(days=1)
    edition_with_problems()
    waiting = coming_issue(days=5)
    page = make_page(issue=waiting, number=1)
    make_article(live=False, status=Status.APPROVED, page=page, is_page_lead=True)
    for position in range(2, 5):
        make_article(live=False, status=Status.SUBMITTED, page=page, page_position=position)
    html = editor.get(reverse("admin:editorial_calendar")).content.decode()
    rows = re.findall(r'<th scope="row">(\d+月\d+日).*?<td class="readiness">(.*?)</td>', html, re.S)
    shown = {date: " ".join(re.sub(r"<[^>]+>", " ", cell).split()) for date, cell in rows}
    assert len(shown) == 21

    def day(offset):
        date = timezone.localdate() + datetime.timedelta(days=offset)
        return f"{date.month}月{date.day}日"

    assert shown[day(0)] == "—"  # no edition that day
    assert shown[day(1)] == "就绪"
    assert shown[day(3)] == "第1版头条未审核 · 第2版空版 · 1 篇待审 · 1 篇草稿 · 1 篇已撤稿"
    assert shown[day(5)] == "3 篇待审"


def test_readiness_for_the_calendars_editions_costs_two_queries_however_many_and_big(django_assert_num_queries):
    one = [ready_edition(days=1)]
    with django_assert_num_queries(2):
        assert readiness.for_issues(one)[one[0].pk].summary == "就绪"
    many = one + [ready_edition(days=days, pages=4, stories=3) for days in range(2, 21)]
    with django_assert_num_queries(2):
        assert {report.summary for report in readiness.for_issues(many).values()} == {"就绪"}


def test_the_calendar_costs_the_same_queries_for_three_weeks_of_big_editions():
    editor = logged_in(make_editor())
    url = reverse("admin:editorial_calendar")
    editor.get(url)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert editor.get(url).status_code == 200
        return len(captured)

    ready_edition(days=1)
    few = queries()
    for days in range(2, 21):
        ready_edition(days=days, pages=4, stories=3)
    assert queries() == few


def test_the_schedule_forms_carry_working_date_and_time_pickers_labelled_beijing_time():
    editor = logged_in(make_editor())
    story = make_article(live=False, status=Status.APPROVED)
    pages = [
        editor.get(schedule_url(ready_edition())).content.decode(),
        editor.get(reverse("admin:articles_article_transition", args=[story.pk, "schedule"])).content.decode(),
    ]
    for html in pages:
        scripts = re.findall(r'<script src="([^"]+)"', html)
        wanted = [reverse("admin:jsi18n"), "admin/js/core.js", "admin/js/calendar.js", "DateTimeShortcuts.js"]
        positions = [next(i for i, src in enumerate(scripts) if src.endswith(name)) for name in wanted]
        assert positions[0] < min(positions[1:])  # the translations come before the code that uses them
        assert "admin/css/widgets.css" in html
        assert "发布时间（北京时间）" in html and "北京时间（UTC+8）" in html
        assert 'class="vDateField"' in html and 'class="vTimeField"' in html
