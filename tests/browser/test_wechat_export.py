"""导出公众号 in real Chromium: the preview is a phone's width, and 复制到剪贴板 puts rich HTML on the clipboard."""

import pytest
from playwright.sync_api import expect

from editions.models import Issue
from tests.browser.admin_login import log_in
from tests.factories import make_article, make_byline, make_editor, make_photo, make_reporter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

READ_CLIPBOARD = """async () => {
  const [item] = await navigator.clipboard.read();
  const html = await (await item.getType("text/html")).text();
  const plain = item.types.includes("text/plain") ? await (await item.getType("text/plain")).text() : "";
  return {types: item.types, html, plain};
}"""


# First in the module: the demo edition is built once per worker, before other tests here flush the database.
def test_an_editor_exports_the_demo_editions_digest(live_server, page, screenshot, settings, demo_edition):
    base = live_server.url
    settings.SITE_URL = base
    make_editor(username="zhaoxk", password="editor-pass-123")
    issue = Issue.objects.get()

    log_in(page, base, "zhaoxk", "editor-pass-123")
    page.goto(f"{base}/admin/editions/issue/{issue.pk}/change/")
    page.get_by_role("link", name="导出今日要闻").click()
    page.wait_for_url(f"{base}/admin/editions/issue/{issue.pk}/wechat/")

    assert page.locator("#wechat-preview").evaluate("frame => frame.clientWidth") == 375
    frame = page.frame_locator("#wechat-preview")
    expect(frame.locator("h1")).to_have_text("《乌海日报》2023年2月15日 今日要闻")
    expect(frame.locator("h2")).to_have_text(["第1版 要闻", "第2版 专题"])
    expect(frame.locator("a", has_text="描绘天蓝地绿水清的宜居画卷")).to_have_count(1)
    # The front page's picture, loaded from the site.
    page.wait_for_function(
        "() => { const img = document.querySelector('#wechat-preview').contentDocument.querySelector('img');"
        " return img && img.complete && img.naturalWidth > 0; }"
    )
    screenshot(page, "wechat-digest")


def test_the_copy_button_puts_the_styled_story_on_the_clipboard(live_server, page, screenshot, settings):
    base = live_server.url
    settings.SITE_URL = base  # the pictures are on this site, as the admin's CSP requires
    reporter = make_reporter(username="xiaoli", password="reporter-pass-123")
    draft = make_article(
        live=False,
        created_by=reporter,
        kicker="海南区商务局：",
        headline="打造便民消费圈\n共建高品质美好生活",
        dateline="本报讯",
        body="<p>海南区商务局有序推进一刻钟社区生活圈建设。</p><h3>优化资源配置</h3><p>对便民市场进行改造提升。</p>",
    )
    make_photo(draft, caption="便民市场。")
    make_byline(draft, name="曹艺")

    log_in(page, base, "xiaoli", "reporter-pass-123")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    page.goto(f"{base}/admin/articles/article/{draft.pk}/change/")
    page.get_by_role("link", name="导出公众号").click()
    page.wait_for_url(f"{base}/admin/articles/article/{draft.pk}/wechat/")
    expect(page.get_by_role("status").filter(has_text="未发布")).to_be_visible()

    preview = page.locator("#wechat-preview")
    assert preview.evaluate("frame => frame.clientWidth") == 375
    frame = page.frame_locator("#wechat-preview")
    expect(frame.locator("h1")).to_have_text("打造便民消费圈共建高品质美好生活")
    # The picture loads from its absolute address, inside the admin's Content-Security-Policy.
    picture = frame.locator("img")
    expect(picture).to_have_count(1)
    page.wait_for_function(
        "() => { const img = document.querySelector('#wechat-preview').contentDocument.querySelector('img');"
        " return img && img.complete && img.naturalWidth > 0; }"
    )
    # A paragraph is indented two characters: 2 × its 16px font.
    indent = frame.locator("p", has_text="对便民市场进行改造提升").evaluate("p => getComputedStyle(p).textIndent")
    assert indent == "32px"

    page.get_by_role("button", name="复制到剪贴板").click()
    expect(page.locator("#wechat-copy-status")).to_have_text("已复制，可以到公众号编辑器里粘贴了。")
    copied = page.evaluate(READ_CLIPBOARD)
    assert "text/html" in copied["types"]
    assert "text-indent:2em" in copied["html"] and "<h1 " in copied["html"]
    assert "class=" not in copied["html"] and "<script" not in copied["html"]
    assert "海南区商务局有序推进一刻钟社区生活圈建设。" in copied["plain"]
    screenshot(page, "wechat-export")


def test_without_clipboarditem_the_button_copies_the_source_as_text(live_server, page, settings):
    base = live_server.url
    settings.SITE_URL = base
    reporter = make_reporter(username="xiaoli", password="reporter-pass-123")
    draft = make_article(live=False, created_by=reporter, headline="乌达区夜市摊位有序经营")

    log_in(page, base, "xiaoli", "reporter-pass-123")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    # A browser that cannot put HTML on the clipboard.
    page.add_init_script("delete window.ClipboardItem;")
    page.goto(f"{base}/admin/articles/article/{draft.pk}/wechat/")
    page.get_by_role("button", name="复制到剪贴板").click()
    expect(page.locator("#wechat-copy-status")).to_have_text("浏览器不支持复制带格式的内容，已复制源码。")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == page.locator("#wechat-source").input_value()
    assert copied.startswith("<section style=") and "乌达区夜市摊位有序经营" in copied
