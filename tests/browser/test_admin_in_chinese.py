"""
Every screen of the newsroom in Chinese, as a Chinese-only editor meets it, in real Chromium.

The admin URLs are generated from the URL configuration, not listed by hand:
every named pattern under /admin/ (each registered ModelAdmin's list, add,
change, history and delete pages, django-reversion's pages and every custom
view), filled in with objects of the demo edition, is opened as a reporter
and as an editor. On each page the visible text, the button labels, the
aria-label / title / alt / placeholder attributes and the screen-reader-only
texts are read, and any Latin word not on the short allowlist below fails the
test. Pages that only answer POST (405 to a GET) and answers that are not
pages (JSON, JavaScript, a redirect to the public site) are counted apart.
A pattern whose arguments the walker cannot fill fails the test too, so a
new admin page is walked from the day it is added.

Beside the walk: the lockout page after too many wrong passwords, CKEditor's
dialogs and its 浏览服务器 window, and the admin's own 403 and 404 pages.
"""

import datetime
import re

import pytest
import reversion
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError

from articles import policy
from articles.models import Article, Campaign, CaseStudy, Person, RefusedEdit
from articles.services import ACTION_LABELS
from departments.models import Department
from editions.models import Issue, Page
from partners.models import PartnerKey
from partners.services import issue_key
from proofing.models import BannedWord, PreferredForm, ProtectedName
from readership.models import StoryViews
from tests.browser.admin_login import log_in
from tests.factories import image_bytes, make_article, make_editor, make_reporter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "pass-for-tests"
REPORTER, EDITOR = "caoyi", "zhaoxk"

# Latin words a Chinese newsroom reads without translation. Each with its reason; keep it short.
ALLOWED_WORDS = {
    # Account names are what people type to sign in; the admin shows them where accounts are managed.
    REPORTER,
    EDITOR,
    # Page PDFs are called PDF in every newsroom.
    "PDF",
}
# Removed before looking for words: names and notations that are not language.
NOT_WORDS = re.compile(
    r"\b[a-z]+://\S*"  # links shown in full (preview links), and CKEditor's protocol choices (https://)
    r"|[\w.%-]*(?:/[\w.%-]+)+/?"  # paths (/media/uploads/…, pages/2023/02/15/…)
    r"|[\w.-]*\.(?:jpe?g|png|gif|webp|pdf|txt)\b"  # files by their names, and file types (.txt 文件)
    r"|\b[a-z0-9]+(?:-[a-z0-9]+)+\b"  # 网址名 (slugs), which the newsroom writes in pinyin
    r"|\b(?:UTF-8|GB18030|GBK)\b"  # text encodings, as every Chinese editor's 另存为 names them
    r"|\b(?:Ctrl|Alt|ALT|Shift)\+\w+"  # keyboard shortcuts, as printed on the keys (CKEditor: 撤消 (Ctrl+Z))
    r"|\bUTC\+8\b",  # Beijing time's offset, beside the words 北京时间
)
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")

# Everything a person or a screen reader gets from a page.
READ_PAGE = """() => {
    const found = [["title", document.title], ["text", (document.body || document.documentElement).innerText]];
    for (const el of document.querySelectorAll("[aria-label], [title], [alt], [placeholder]")) {
        for (const name of ["aria-label", "title", "alt", "placeholder"]) {
            if (el.hasAttribute(name)) found.push([name, el.getAttribute(name)]);
        }
    }
    for (const el of document.querySelectorAll("input[type=submit], input[type=button], input[type=reset]")) {
        found.push(["button", el.value]);
    }
    const spoken = ".sr-only, .visually-hidden, .cke_voice_label, .cke_accessibility";
    for (const el of document.querySelectorAll(`option, ${spoken}`)) {
        found.push([el.matches("option") ? "option" : "screen reader", el.textContent]);
    }
    return found;
}"""


def english_in(texts):
    """[(where, word, context)] for each Latin word outside the allowlist."""
    leftovers = []
    for where, text in texts:
        text = NOT_WORDS.sub(" ", text or "")
        for match in LATIN_WORD.finditer(text):
            if match.group() not in ALLOWED_WORDS:
                context = text[max(0, match.start() - 20) : match.end() + 20].replace("\n", " ")
                leftovers.append((where, match.group(), context))
    return leftovers


def english_on(page):
    try:
        return english_in(page.evaluate(READ_PAGE))
    except PlaywrightError as error:
        if "context was destroyed" not in str(error):
            raise
    # A script moved the page on while it was being read: read where it went.
    page.wait_for_load_state()
    return english_in(page.evaluate(READ_PAGE))


# --- the URLs, from the URL configuration ------------------------------------------

# Named admin patterns that are not pages a person reads, with the reason.
NOT_PAGES = {
    "jsi18n": "JavaScript (Django's own catalogue of the admin's Chinese strings)",
    "autocomplete": "JSON for the select boxes",
    "view_on_site": "a redirect to the public site or the preview",
    "login": "opened signed out, in test_the_login_page_and_the_lockout_are_chinese",
}


def admin_patterns():
    """(name, route, parameter names) of every named URL pattern under /admin/."""

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, route, inner)
            elif isinstance(pattern, URLPattern) and pattern.name and route.startswith("admin/"):
                regex = pattern.pattern.regex
                names = list(regex.groupindex) or [f"_{i}" for i in range(regex.groups)]
                yield namespace + pattern.name, route, names

    return list(walk(get_resolver().url_patterns, "", ""))


class DemoObjects:
    """One object of each kind the admin shows, from the demo edition plus a few of each person's own."""

    def __init__(self, reporter, editor):
        self.reporter, self.editor = reporter, editor
        self.demo_story = Article.objects.exclude(status=Article.Status.DRAFT).order_by("pk").first()
        with reversion.create_revision():
            reversion.set_user(reporter)
            self.draft = make_article(live=False, headline="乌达区夜市摊位有序经营", created_by=reporter)
        with reversion.create_revision():
            reversion.set_user(reporter)
            self.submitted = make_article(
                live=False, headline="海勃湾区新增口袋公园", created_by=reporter, status=Article.Status.SUBMITTED
            )
        with reversion.create_revision():
            reversion.set_user(editor)
            self.demo_story.save()
        with reversion.create_revision():
            reversion.set_user(editor)
            gone = make_article(live=False, headline="已删除的稿件", created_by=editor)
        gone.delete()
        self.by_model = {
            Group: Group.objects.get(name="记者"),
            type(reporter): reporter,
            Department: Department.objects.order_by("pk").first(),
            Campaign: Campaign.objects.order_by("pk").first(),
            CaseStudy: CaseStudy.objects.order_by("pk").first(),
            Person: Person.objects.order_by("pk").first(),
            Issue: Issue.objects.order_by("pk").first(),
            Page: Page.objects.order_by("pk").first(),
        }
        self.deleted_version = reversion.models.Version.objects.get_deleted(Article).first()
        # 阅读量: a day of the demo story's views, for the counts' pages.
        self.by_model[StoryViews] = StoryViews.objects.create(
            story=self.demo_story, day=datetime.date(2023, 2, 15), views=12
        )
        # The 校对 lists: a row of each with a revision, and one deleted (its recover page).
        for model, values in (
            (PreferredForm, {"wrong": "十四五规划", "right": "“十四五”规划"}),
            (ProtectedName, {"name": "乌海市人力资源和社会保障局"}),
            (BannedWord, {"word": "测试禁用词"}),
        ):
            with reversion.create_revision():
                reversion.set_user(editor)
                self.by_model[model] = model.objects.create(**values)
            with reversion.create_revision():
                reversion.set_user(editor)
                gone = model.objects.create(**{key: f"{value}（已删）" for key, value in values.items()})
            gone.delete()
        # A save each person's story refused, kept to copy back.
        self.refused = {
            story: RefusedEdit.objects.create(
                content_type=ContentType.objects.get_for_model(Article),
                object_id=str(story.pk),
                article=story,
                user=reporter,
                base_version=0,
                data={"headline": story.headline, "body": "<p>乌达区设置固定夜市场所9处。</p>"},
            )
            for story in (self.draft, self.submitted)
        }
        # What login throttling records (an administrator's pages; the others see the 403).
        seen = {"ip_address": "203.0.113.7", "user_agent": "Chromium", "username": reporter.username}
        AccessAttempt.objects.create(
            **seen, get_data="", post_data="", failures_since_start=2, path_info="/admin/login/"
        )
        AccessFailureLog.objects.create(**seen, path_info="/admin/login/")
        AccessLog.objects.create(**seen, path_info="/admin/login/")
        self.issue_preview_link()
        # A partner's API key: its pages are a superuser's (the newsroom's people see the 403).
        self.by_model[PartnerKey] = issue_key(name="新华网", contact="王编辑", by=editor)[0]

    def issue_preview_link(self):
        from articles import preview

        self.preview_link = preview.issue_link(article=self.draft, by=self.reporter)

    def story_for(self, user):
        """The story a person works on: a reporter their own draft, an editor one submitted for review."""
        return self.submitted if policy.is_editor(user) else self.draft

    def object_for(self, model, user):
        if model is Article:
            return self.story_for(user)
        if model not in self.by_model:
            return model._default_manager.order_by("pk").first()
        return self.by_model[model]


def model_of(name):
    """The registered model whose admin URL names start like `name`, if any."""
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        if name.startswith(prefix):
            return model, name.removeprefix(prefix)
    return None, name


def urls_for(user, objects):
    """(url, pattern name) for every admin page `user` could be sent to, and the patterns not filled in."""
    urls, unfilled = [], []
    for name, route, params in admin_patterns():
        short = name.removeprefix("admin:")
        if short in NOT_PAGES:
            continue
        model, view = model_of(name)
        try:
            urls.extend(
                (reverse(name, args=args, kwargs=kwargs), name)
                for args, kwargs in fill(name, model, view, params, user, objects)
            )
        except LookupError:
            unfilled.append(f"{name} ({route})")
    return urls, unfilled


def fill(name, model, view, params, user, objects):
    """Each (args, kwargs) to reverse `name` with; LookupError when the walker does not know."""
    if not params:
        return [((), {})]
    if params == ["app_label"]:
        return [((), {"app_label": label}) for label in sorted({m._meta.app_label for m in admin.site._registry})]
    if params == ["url"]:  # the admin's catch-all: the 404 test opens it
        return []
    if model is Article:
        story = objects.story_for(user)
        if view == "transition":
            # Each action on a story it applies to for this person, or on theirs (the 403 page).
            candidates = [objects.draft, objects.submitted, objects.demo_story]
            return [
                ((next((s for s in candidates if policy.can_transition(user, s, a)), story).pk, a), {})
                for a in ACTION_LABELS
            ]
        if view == "revision":
            version = reversion.models.Version.objects.get_for_object(story).first()
            return [((story.pk, version.pk), {})]
        if view == "recover":
            return [((objects.deleted_version.pk,), {})]
        if view == "refused_edit":
            return [((story.pk, objects.refused[story].pk), {})]
        if view == "preview_link_revoke":
            return [((objects.draft.pk, objects.preview_link.pk), {})]
        if params in (["pk"], ["object_id"]):
            # Their own story, and a published one of the demo edition (a reporter's 403 or 404).
            return [((story.pk,), {}), ((objects.demo_story.pk,), {})]
    if model is not None and view == "revision":
        obj = objects.object_for(model, user)
        return [((obj.pk, reversion.models.Version.objects.get_for_object(obj).first().pk), {})]
    if model is not None and view == "recover":
        return [((reversion.models.Version.objects.get_deleted(model).first().pk,), {})]
    if model is not None and params in (["object_id"], ["pk"]):
        return [((objects.object_for(model, user).pk,), {})]
    if name == "admin:schedule_issue":
        return [((objects.by_model[Issue].pk,), {})]
    if name == "page_import:review":
        return [((objects.by_model[Issue].pages.order_by("number").first().pk,), {})]
    if name == "admin:auth_user_password_change":
        return [((user.pk,), {})]
    if params == ["id"] and model is not None:
        return [((objects.object_for(model, user).pk,), {})]
    raise LookupError(name)


def summary(leftovers):
    """One line per word and where it was read, with one place it was seen and how many pages show it."""
    seen = {}
    for username, url, where, word, context in leftovers:
        first, pages = seen.setdefault((word, where), ([username, url, context], set()))
        pages.add((username, url))
    return "\n".join(
        f"{word!r} [{where}] on {len(pages)} page(s), e.g. {first[0]} {first[1]}: …{first[2]}…"
        for (word, where), (first, pages) in sorted(seen.items())
    )


# --- the tests -------------------------------------------------------------------------


def make_people():
    reporter = make_reporter(username=REPORTER)
    editor = make_editor(username=EDITOR)
    for user, (last, first) in ((reporter, ("曹", "艺")), (editor, ("赵", "晓坤"))):
        user.last_name, user.first_name = last, first
        user.save()
    return reporter, editor


def log_in_reading_only(page, base, username):
    """Signed in through the form; after that the page sends nothing but GETs.

    The walk only reads. What the pages' scripts send by themselves (presence
    heartbeats, a beacon on leaving) would otherwise still be arriving while
    the test's data is flushed, and write rows the next test trips over.
    """
    log_in(page, base, username, PASSWORD)
    page.context.route("**/*", lambda route: route.continue_() if route.request.method == "GET" else route.abort())


def test_every_admin_page_is_in_chinese(live_server, browser, demo_edition):
    base = live_server.url
    reporter, editor = make_people()
    objects = DemoObjects(reporter, editor)
    walked, only_post, not_html, broken, unfilled, leftovers = set(), set(), set(), [], set(), []
    for user in (reporter, editor):
        urls, missing = urls_for(user, objects)
        unfilled.update(missing)
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        log_in_reading_only(page, base, user.username)
        for url, name in urls:
            try:
                response = page.goto(base + url)
            except PlaywrightError:
                # Chromium shows no page for an empty error answer (a 405 to a GET); ask again to see which.
                response = context.request.get(base + url)
            if response.status == 405:
                only_post.add(name)
                continue
            if response.status >= 500:
                broken.append(f"{user.username} {url}: {response.status}")
                continue
            if not response.headers.get("content-type", "").startswith("text/html"):
                not_html.add(name)
                continue
            walked.add((user.username, url))
            leftovers += [(user.username, url, *found) for found in english_on(page)]
        context.close()
    print(
        f"\nWalked {len(walked)} admin pages ({len({url for _, url in walked})} URLs, as reporter and editor); "
        f"POST only: {sorted(only_post)}; not pages: {sorted(not_html)}"
    )
    assert not unfilled, f"The walker does not know how to fill these admin URLs: {sorted(unfilled)}"
    assert not broken, broken
    assert not leftovers, "English on admin pages:\n" + summary(leftovers)


def test_the_login_page_and_the_lockout_are_chinese(live_server, page, screenshot):
    base = live_server.url
    make_people()
    page.goto(f"{base}/admin/login/")
    assert english_on(page) == []
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.fill("#id_username", REPORTER)
        page.fill("#id_password", "wrong-password")
        with page.expect_navigation() as answer:
            page.click("input[type=submit]")
        started = timezone.now()
    assert answer.value.status == 429
    assert english_on(page) == []
    screenshot(page, "admin-lockout")
    # In the admin's look: its header, no menus for someone signed out.
    assert f"{settings.SITE_NAME} 编辑部" in page.locator("#site-name").inner_text()
    text = page.locator("#content-main").inner_text()
    assert "暂时锁定 30 分钟" in text and "系统管理员" in text and "编辑" in text
    # When to try again, in Beijing time: the last wrong password plus the cool-off.
    until = page.locator("strong.until").inner_text()
    ends = [timezone.localtime(started + datetime.timedelta(minutes=30, seconds=s)) for s in (-60, 0, 60)]
    assert until in {f"{t.month}月{t.day}日 {t:%H:%M}" for t in ends}
    assert "北京时间 " + until in text

    # The right password now gets the same page with the same time, not a login.
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", REPORTER)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation() as answer:
        page.click("input[type=submit]")
    assert answer.value.status == 429
    assert page.locator("strong.until").inner_text() == until


def test_ckeditor_dialogs_and_its_image_browser_are_chinese(live_server, page, screenshot):
    base = live_server.url
    make_people()
    log_in(page, base, REPORTER, PASSWORD)
    page.goto(f"{base}/admin/articles/article/add/")
    page.wait_for_selector("iframe.cke_wysiwyg_frame")
    # One image of the reporter's own, sent as the editor's upload tab sends it.
    csrf = next(cookie["value"] for cookie in page.context.cookies() if cookie["name"] == "csrftoken")
    upload = {"name": "乌海湖.png", "mimeType": "image/png", "buffer": image_bytes()}
    answer = page.request.post(f"{base}/ckeditor/upload/", multipart={"upload": upload}, headers={"X-CSRFToken": csrf})
    assert answer.ok, answer.text()

    page.on("dialog", lambda confirm: confirm.accept())  # "close the dialog without keeping the changes?"
    found = []
    # Each dialog of the toolbar, and a word on it that shows whose text it is.
    for button, shown in (("link", "网址"), ("image", "图像属性"), ("table", "表格属性"), ("specialchar", "顿号")):
        page.click(f"a.cke_button__{button}")
        dialog = page.locator(".cke_dialog:visible")
        assert shown in dialog.text_content()  # the special characters' names are for screen readers
        found += [(button, *leftover) for leftover in english_on(page)]
        tabs = dialog.locator("a.cke_dialog_tab").filter(visible=True)  # none shown when there is one
        for tab in range(1, tabs.count()):
            tabs.nth(tab).click()
            found += [(button, *leftover) for leftover in english_on(page)]
        if button == "image":
            # 浏览服务器 opens the image browser in a window of its own; picking an image fills the dialog.
            tabs.first.click()  # back to 图像信息
            with page.expect_popup() as window:
                dialog.locator("a.cke_dialog_ui_button", has_text="浏览服务器").first.click()
            browser_window = window.value
            browser_window.wait_for_load_state()
            screenshot(browser_window, "ckeditor-image-browser")
            found += [("浏览服务器", *leftover) for leftover in english_on(browser_window)]
            assert "乌海湖" in browser_window.locator("body").inner_text()
            with browser_window.expect_event("close"):
                browser_window.locator("li", has_text="乌海湖").locator("button", has_text="插入这张图片").click()
            assert "/media/uploads/" in dialog.locator("input.cke_dialog_ui_input_text").first.input_value()
        dialog.locator("a.cke_dialog_ui_button_cancel").click()
    page.click("a.cke_combo_button")  # 格式, whose list is a frame of its own
    # Frames on show; a hidden one (a closed dialog's upload form) has no layout to read.
    for frame in [page.main_frame, *(f for f in page.frames[1:] if f.frame_element().is_visible())]:
        found += [("frame", *leftover) for leftover in english_in(frame.evaluate(READ_PAGE))]
    assert not found, "\n".join(sorted({f"{place} [{where}] {word}: …{text}…" for place, where, word, text in found}))


def test_the_admins_403_and_404_say_what_to_do_instead(live_server, page, screenshot):
    base = live_server.url
    reporter, editor = make_people()
    submitted = make_article(
        live=False, headline="海勃湾区新增口袋公园", created_by=reporter, status=Article.Status.SUBMITTED
    )
    log_in(page, base, REPORTER, PASSWORD)

    # A reporter trying an editor's step on their submitted story.
    answer = page.goto(f"{base}/admin/articles/article/{submitted.pk}/transition/approve/")
    assert answer.status == 403
    screenshot(page, "admin-403")
    assert f"{settings.SITE_NAME} 编辑部" in page.locator("#site-name").inner_text()
    text = page.locator("#content-main").inner_text()
    assert "这篇稿件已提交审核，只有编辑可以修改。" in text and "联系值班编辑" in text
    assert page.locator("#content-main a", has_text="返回采编首页").get_attribute("href") == "/admin/"
    assert english_on(page) == []

    # An address in the admin that leads nowhere, and a story that is not there.
    for address in ("/admin/no-such-page/", "/admin/articles/article/999999/compare/", "/admin/calendarr/"):
        answer = page.goto(base + address)
        assert answer.status == 404, address
        assert page.locator("h1").inner_text() == "没有找到这个页面"
        assert "返回采编首页" in page.locator("#content-main").inner_text()
        assert english_on(page) == [], address
    screenshot(page, "admin-404")

    # The public site keeps its own page.
    answer = page.goto(f"{base}/no-such-page/")
    assert answer.status == 404
    assert page.locator("#site-name").count() == 0
    assert "今日报纸" in page.locator("body").inner_text()
