"""
Two editors on one story, and a restore, in real Chromium: what the desk sees and clicks.

The later save is refused with a table of what the other editor changed beside
what was typed (a screenshot goes to tests/artifacts/conflict.png); saving
again needs the 覆盖对方的修改 box ticked; a restore from 比较版本 asks why and
shows up in 审稿记录 under the editor's name.
"""

import pytest
import reversion

from articles.models import Article, Person, StatusChange
from tests.browser.admin_login import log_in
from tests.factories import make_editor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def editor_named(name, username):
    user = make_editor(username=username, password="editor-pass-123")
    Person.objects.create(name=name, user=user)
    return user


def signed_in(open_page, base, username):
    page = open_page()
    log_in(page, base, username, "editor-pass-123")
    return page


def test_a_conflict_shows_what_changed_and_overwriting_is_a_deliberate_choice(live_server, open_page, screenshot):
    base = live_server.url
    editor_named("王编辑", "wang")
    editor_named("李编辑", "li")
    with reversion.create_revision():  # saved as the admin saves: with a revision to compare against
        story = Article.objects.create(headline="城区供暖季启动", body="<p>原来的正文。</p>")
    url = f"{base}/admin/articles/article/{story.pk}/change/"

    wang, li = signed_in(open_page, base, "wang"), signed_in(open_page, base, "li")
    wang.goto(url)
    li.goto(url)
    wang.fill("#id_headline", "城区供暖季提前启动")
    wang.click("input[name=_continue]")
    wang.wait_for_selector(".messagelist .success")

    li.fill("#id_kicker", "民生关注：")
    li.click("input[name=_continue]")
    li.locator(".errornote").wait_for()
    text = li.locator("#content").inner_text()
    assert "王编辑 改动了下面这些内容" in text
    assert "对方保存的" in text and "你填写的" in text
    screenshot(li, "conflict")
    assert li.locator("#id_kicker").input_value() == "民生关注："  # what was typed is still there

    li.click("input[name=_continue]")  # again, without choosing
    li.locator(".errorlist").first.wait_for()
    story.refresh_from_db()
    assert story.kicker == ""
    li.check("#id_overwrite_others")
    li.click("input[name=_continue]")
    li.wait_for_selector(".messagelist .success")
    story.refresh_from_db()
    assert story.kicker == "民生关注："


def test_a_restore_asks_why_and_is_in_the_review_trail(live_server, open_page):
    base = live_server.url
    editor_named("孙编辑", "sun")
    page = signed_in(open_page, base, "sun")
    page.goto(f"{base}/admin/articles/article/add/")
    page.fill("#id_headline", "第一稿主题")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    page.fill("#id_headline", "第二稿主题")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    story = Article.objects.get(headline="第二稿主题")

    page.click("text=比较版本")
    page.locator("text=恢复到这个版本").last.click()
    page.fill("#id_restore_reason", "第二稿改错了主题")
    page.click("input[type=submit][name=_save], input[type=submit][value=保存]")
    page.wait_for_selector(".messagelist .success")
    story.refresh_from_db()
    assert story.headline == "第一稿主题"
    assert StatusChange.objects.filter(article=story, comment__contains="第二稿改错了主题").exists()

    page.goto(f"{base}/admin/articles/article/{story.pk}/change/")
    trail = page.locator("text=审稿记录").locator("xpath=ancestor::fieldset|ancestor::div[1]").first.inner_text()
    assert "孙编辑" in trail or "孙编辑" in page.locator("#content").inner_text()
    assert "第二稿改错了主题" in page.locator("#content").inner_text()
