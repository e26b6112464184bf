"""
The 校对 panel on the story form, in real Chromium: the findings of the stored story are listed with the text
found highlighted, 改为“，” applies the fix with one click, and the fix is a revision on the story's history page.
"""

import pytest
from reversion.models import Version

from articles import proofreading
from articles.models import Article
from proofing import ProofingContext
from tests.browser.admin_login import log_in
from tests.factories import make_article, make_editor, make_reporter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def newsroom_lists(monkeypatch):
    context = ProofingContext(banned=(("敏感词", "", "不得使用"),))
    monkeypatch.setattr(proofreading, "lists_for_checking", lambda: context)


def test_an_editor_sees_the_finding_highlighted_and_fixes_it_with_one_click(live_server, open_page, screenshot):
    base = live_server.url
    editor = make_editor(username="laozhang", password="editor-pass-123")
    editor.last_name, editor.first_name = "张", "伟"
    editor.save()
    story = make_article(
        live=False,
        status=Article.Status.SUBMITTED,
        created_by=make_reporter(),
        headline="我市夜市有序经营",
        body="<p>乌达区设置固定夜市场所9处,摊位有序经营。</p>",
    )
    page = open_page(height=1000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    log_in(page, base, "laozhang", "editor-pass-123")

    page.goto(f"{base}/admin/articles/article/{story.pk}/change/")
    panel = page.get_by_role("region", name="校对")
    assert "1 处提示" in panel.locator("h2").inner_text()
    finding = panel.locator(".proof-finding")
    assert "中文中应使用全角标点" in finding.inner_text()
    mark = finding.locator("mark")
    assert mark.inner_text() == ","
    assert mark.evaluate("m => getComputedStyle(m).backgroundColor") == "rgb(255, 229, 138)"  # our stylesheet
    screenshot(page, "proofreading-panel")

    # With something typed and not saved, the button asks first: declining leaves the page and the story alone.
    page.fill("#id_subheadline", "——尚未保存的副题")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    finding.get_by_role("button", name="改为“，”").click()
    assert asked and "尚未保存的修改" in asked[0]
    assert page.input_value("#id_subheadline") == "——尚未保存的副题"
    story.refresh_from_db()
    assert "9处," in story.body

    page.reload()
    finding = page.get_by_role("region", name="校对").locator(".proof-finding")
    finding.get_by_role("button", name="改为“，”").click()
    page.wait_for_url(f"**/admin/articles/article/{story.pk}/change/#proofreading")
    assert "已将“,”改为“，”" in page.locator(".messagelist").first.inner_text()
    assert "没有发现需要校对的地方" in page.get_by_role("region", name="校对").inner_text()
    story.refresh_from_db()
    assert story.body == "<p>乌达区设置固定夜市场所9处，摊位有序经营。</p>"
    assert Version.objects.get_for_object(story).first().revision.get_comment() == "校对：正文“,”改为“，”"

    page.goto(f"{base}/admin/articles/article/{story.pk}/history/")
    row = page.locator("#change-history tbody tr").first
    assert "校对：正文“,”改为“，”" in row.inner_text() and "张伟" in row.inner_text()
    assert errors == []


def test_an_editor_marks_a_finding_checked_and_the_review_trail_shows_it(live_server, open_page):
    base = live_server.url
    editor = make_editor(username="laozhang", password="editor-pass-123")
    editor.last_name, editor.first_name = "张", "伟"
    editor.save()
    story = make_article(
        live=False, status=Article.Status.SUBMITTED, created_by=make_reporter(), headline="全市共有1,000名志愿者"
    )
    page = open_page(height=1000)
    log_in(page, base, "laozhang", "editor-pass-123")
    page.goto(f"{base}/admin/articles/article/{story.pk}/change/")
    panel = page.get_by_role("region", name="校对")
    assert panel.locator("mark").inner_text() == "1,000"
    panel.get_by_role("button", name="已核").click()
    page.wait_for_url(f"**/admin/articles/article/{story.pk}/change/#proofreading")
    panel = page.get_by_role("region", name="校对")
    assert "均已处理" in panel.locator("h2").inner_text()
    assert "已核（张伟" in panel.inner_text()
    assert panel.get_by_role("button", name="已核").count() == 0
    trail = page.locator("#status_changes-group").inner_text()
    assert "已核：主题“1,000”" in trail and "编辑 张伟" in trail
