"""
An editor schedules an edition that is not whole, in real Chromium: the check
before 排期整期 names the empty page and the lead still waiting for review,
the form refuses until the editor overrides with a reason, the reason is in
the edition's history, and the calendar shows what is still missing. The date
and time are picked with the admin's own pickers, in Beijing time.
"""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article
from editions.models import Issue
from tests.browser.admin_login import log_in
from tests.factories import make_article, make_byline, make_editor, make_issue, make_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

Status = Article.Status


def pick_date(page, field, day):
    """Opens the calendar beside `field`'s date box, moves to `day`'s month and clicks the day."""
    page.fill(f"#{field}_0", "")
    number = page.evaluate(
        f"DateTimeShortcuts.calendarInputs.indexOf(document.getElementById('{field}_0'))",
    )
    page.click(f"#calendarlink{number}")
    box = page.locator(f"#calendarbox{number}")
    assert box.is_visible()
    while True:
        shown = page.evaluate(
            f"[DateTimeShortcuts.calendars[{number}].currentYear, DateTimeShortcuts.calendars[{number}].currentMonth]"
        )
        if shown == [day.year, day.month]:
            break
        box.locator(".calendarnav-next").click()
    box.get_by_role("link", name=str(day.day), exact=True).click()
    assert not box.is_visible()


def pick_time(page, field, choice):
    page.fill(f"#{field}_1", "")
    number = page.evaluate(f"DateTimeShortcuts.clockInputs.indexOf(document.getElementById('{field}_1'))")
    page.click(f"#clocklink{number}")
    box = page.locator(f"#clockbox{number}")
    assert box.is_visible()
    box.get_by_role("link", name=choice, exact=True).click()
    assert not box.is_visible()


def test_an_editor_overrides_the_check_with_a_reason_and_the_calendar_shows_what_is_missing(
    live_server, open_page, screenshot
):
    base = live_server.url
    make_editor(username="laozhang", password="editor-pass-123")
    day = timezone.localdate() + datetime.timedelta(days=2)
    issue = make_issue(date=day, live=False, number=38)
    front = make_page(issue=issue, number=1, name="要闻")
    make_page(issue=issue, number=2, name="专题")
    lead = make_article(
        live=False, status=Status.SUBMITTED, page=front, is_page_lead=True, headline="我市生态环境持续向好"
    )
    make_byline(lead, name="曹艺")
    other = make_article(live=False, status=Status.APPROVED, page=front, page_position=2, headline="夜市摊位有序经营")
    make_byline(other, name="赵晓坤")

    page = open_page(height=1000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, base, "laozhang", "editor-pass-123")

    # From the calendar to the check: the empty page and the unapproved lead are named.
    page.goto(f"{base}/admin/calendar/")
    page.locator("tr", has_text=f"{day.month}月{day.day}日").get_by_role("link", name="排期整期").click()
    check = page.locator("#readiness")
    assert "需要确认" in check.locator("h2").inner_text()
    problems = check.locator(".errorlist").inner_text()
    assert "第1版头条“我市生态环境持续向好”待审，未审核" in problems and "第2版空版" in problems
    assert "没有稿件" in check.locator("tbody", has_text="第2版").inner_text()
    lead_row = check.locator("tr", has_text="我市生态环境持续向好").inner_text()
    assert "头条未审核" in lead_row and "曹艺" in lead_row
    assert check.locator("tr", has_text="夜市摊位有序经营").locator(".flag").inner_text() == ""
    assert "北京时间（UTC+8）" in page.locator(".datetime").inner_text()

    # The date and time come from the admin's pickers, in Beijing time.
    pick_date(page, "id_publish_at", day)
    pick_time(page, "id_publish_at", "上午6点")
    assert page.input_value("#id_publish_at_0") == f"{day:%Y/%m/%d}"
    assert page.input_value("#id_publish_at_1") == "06:00"
    screenshot(page, "readiness")

    # Not without the override, and not without a reason.
    page.click("input[type=submit][value=确认排期]")
    assert "这一期还不能排期" in page.locator(".errornote").inner_text()
    page.check("#id_override")
    page.click("input[type=submit][value=确认排期]")
    assert "请在“说明”中写明理由" in page.locator(".errornote").inner_text()
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.DRAFT

    page.check("#id_override")
    page.fill("#id_override_comment", "第2版改登公益广告，头条夜班审完")
    page.click("input[type=submit][value=确认排期]")
    page.wait_for_url(f"{base}/admin/calendar/")
    assert "已排期" in page.locator(".messagelist .success").inner_text()
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SCHEDULED
    assert timezone.localtime(issue.publish_at) == timezone.make_aware(datetime.datetime.combine(day, datetime.time(6)))

    # The calendar says what the edition still lacks.
    row = page.locator("tr", has_text=f"{day.month}月{day.day}日")
    assert row.locator("td.readiness").inner_text().strip() == "第1版头条未审核 · 第2版空版 · 1 篇待审"
    assert "已排期" in row.inner_text()
    screenshot(page, "calendar")

    # The override is in the edition's history: what was flagged and why (who and when: the unit tests).
    page.goto(f"{base}/admin/editions/issue/{issue.pk}/change/")
    page.get_by_role("link", name="历史").click()
    history = page.locator("#change-history").inner_text()
    assert "仍然排期" in history and "第2版空版" in history and "第2版改登公益广告，头条夜班审完" in history
    assert errors == []


def test_the_single_story_schedule_form_has_working_pickers_in_beijing_time(live_server, open_page):
    base = live_server.url
    make_editor(username="laozhang", password="editor-pass-123")
    story = make_article(live=False, status=Status.APPROVED, headline="夜市摊位有序经营")
    page = open_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, base, "laozhang", "editor-pass-123")
    page.goto(f"{base}/admin/articles/article/{story.pk}/change/")
    page.click("text=排期发布")
    assert "北京时间（UTC+8）" in page.locator(".datetime").inner_text()

    day = timezone.localdate() + datetime.timedelta(days=40)
    pick_date(page, "id_publish_at", day)
    pick_time(page, "id_publish_at", "下午6点")
    page.click("input[type=submit][value^=确认]")
    page.wait_for_selector(".messagelist .success")
    story.refresh_from_db()
    assert story.status == Status.SCHEDULED
    assert timezone.localtime(story.publish_at) == timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(18))
    )
    assert errors == []
