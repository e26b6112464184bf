"""
Hostile content, stored through the real admin, never runs in a real browser.

Every payload of tests/xss_payloads.py is typed into the admin's forms as a
superuser would (story body, headline, kicker, subheadline, summary, photo
caption and description, department name and description), the stories are
submitted and published through the admin's own buttons, and Chromium then
opens every page where the text shows: the article, the edition, its pages,
the front page, the departments, search (with each payload as the query),
the admin's lists, the change forms and the CKEditor inside them.

The browser ignores the Content-Security-Policy here (bypass_csp), so what is
proved is the first wall on its own: the sanitizer and the templates'
escaping. (The policy itself is tested in tests/test_security.py.)

What would show a payload ran: a dialog, a console message or page error with
its marker, window.__xss set, print() called, a request for a javascript: or
data: document — and, stricter than execution, any element of the rendered
page that carries a marker in an event handler, a script or style, a style
attribute, srcdoc or a javascript:/data:/vbscript: URL.
"""

import datetime
import re
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from departments.models import Department
from tests.browser.admin_login import log_in
from tests.factories import image_bytes, make_issue, make_page
from tests.xss_payloads import CATEGORIES, PAYLOADS

pytestmark = pytest.mark.browser

MARKER = re.compile(r"XSS\d+")
PLAIN_FIELD_LIMITS = {"headline": 300, "kicker": 200, "subheadline": 300}
PHOTO_FIELD_LIMITS = {"caption": 300, "alt_text": 300}
FEATURE_STORIES = 6
DEPARTMENT_NAME_LIMIT = 100
DEPARTMENTS = 12
ADMIN_SEARCHES = 12

# Wraps the functions a payload would call, before any page script runs, so
# that print() (which opens no dialog) is seen too, and every hit names itself.
HOOKS = """
(() => {
  for (const name of ["alert", "confirm", "prompt", "print"]) {
    const original = window[name];
    window[name] = function (...args) {
      (window.__xssHits = window.__xssHits || []).push(name + ":" + String(args[0]).slice(0, 60));
      console.log("hook " + name + " " + String(args[0]).slice(0, 60));
      return name === "print" ? undefined : original.apply(this, args);
    };
  }
})();
"""

# Elements that would run or load something a marker could be in.
SCAN = r"""
(pattern) => {
  const marker = new RegExp(pattern);
  const urlAttributes = new Set(["href", "src", "action", "formaction", "xlink:href", "data", "background",
                                 "poster", "codebase", "cite", "srcset", "ping", "lowsrc", "dynsrc", "to", "values"]);
  const found = [];
  const note = (el, why) => found.push(why + " on <" + el.localName + ">: " + el.outerHTML.slice(0, 160));
  for (const el of document.querySelectorAll("*")) {
    for (const attribute of el.attributes) {
      if (!marker.test(attribute.value)) continue;
      const name = attribute.name.toLowerCase();
      const squeezed = attribute.value.replace(/[\s\u0000-\u001f]+/g, "").toLowerCase();
      if (name.startsWith("on")) note(el, "event handler " + name);
      else if (name === "style" || name === "srcdoc") note(el, name);
      else if (urlAttributes.has(name) && /^(javascript|vbscript|data):/.test(squeezed)) note(el, "URL in " + name);
    }
    const tag = el.localName;
    const runs = tag === "script" ? !/json/i.test(el.type) : tag === "style";
    if (runs && marker.test(el.textContent)) note(el, "marker inside");
    if (["iframe", "frame", "frameset", "object", "embed", "applet"].includes(tag) && marker.test(el.outerHTML))
      note(el, "marker in an embedding element");
    if (["base", "link"].includes(tag) && marker.test(el.getAttribute("href") || "")) note(el, "marker in href");
    if (tag === "meta" && el.hasAttribute("http-equiv") && marker.test(el.outerHTML)) note(el, "marker in http-equiv");
  }
  if (window.__xss !== undefined) found.push("window.__xss = " + window.__xss);
  for (const hit of window.__xssHits || []) found.push("called " + hit);
  return found;
}
"""

EDITOR_READY = """() => window.CKEDITOR && Object.keys(CKEDITOR.instances).length > 0
    && Object.values(CKEDITOR.instances).every((editor) => editor.status === "ready")"""


def packed(payloads, limit):
    """Payloads on one line each, joined into as few values of at most `limit` characters as they fit."""
    chunks, current = [], []
    for payload in payloads:
        line = payload.as_line()
        if len(line) > limit:
            continue
        if current and len(" ".join([*current, line])) > limit:
            chunks.append(" ".join(current))
            current = []
        current.append(line)
    if current:
        chunks.append(" ".join(current))
    return chunks


def spread(items, parts):
    return [items[i::parts] for i in range(parts)]


# --- storing through the admin -------------------------------------------------------------------


class Newsroom:
    """A superuser at the admin, posting what a browser would post, and counting what went where."""

    def __init__(self, user):
        self.client = Client()
        self.client.force_login(user)
        self.placed = {}  # (where, field) -> number of payloads

    def count(self, where, field, value):
        found = sum(1 for payload in PAYLOADS if payload.html in value or payload.as_line() in value)
        self.placed[where, field] = self.placed.get((where, field), 0) + found

    def add_department(self, n, name, description):
        data = {"name": name, "short_name": "", "slug": f"hostile-{n}", "level": "city", "district": ""}
        data.update(position=n, description=description)
        response = self.client.post(reverse("admin:departments_department_add"), data)
        assert response.status_code == 302, f"department {n} refused: {form_errors(response)}"
        self.count("admin form", "department name", name)
        self.count("admin form", "department description", description)
        return Department.objects.get(slug=f"hostile-{n}")

    def add_story(self, n, *, plain, photos, body, department, page, position, stories_per_page):
        data = {
            "kicker": plain.get("kicker", ""),
            "headline": plain.get("headline") or f"稿件{n}",
            "subheadline": plain.get("subheadline", ""),
            "dateline": "本报讯",
            "body": body,
            "summary": body,
            "department": department.pk,
            "kind": "news",
            "page": page.pk,
            "page_position": position,
            "is_page_lead": "on" if position == 1 else "",
            # An area on the page image, so that the headline also titles a link on the page's picture.
            **area(position, stories_per_page),
            **empty_inline("bylines"),
            **empty_inline("case_study"),
            **empty_inline("status_changes"),
            **empty_inline("photos"),
            "photos-TOTAL_FORMS": len(photos),
        }
        for i, photo in enumerate(photos):
            data.update(
                {
                    f"photos-{i}-position": i,
                    f"photos-{i}-image": SimpleUploadedFile(f"现场{n}-{i}.png", image_bytes("PNG")),
                    f"photos-{i}-caption": photo.get("caption", ""),
                    f"photos-{i}-alt_text": photo.get("alt_text") or "现场图片",
                    f"photos-{i}-credit": "记者 摄",
                }
            )
        response = self.client.post(reverse("admin:articles_article_add"), data)
        assert response.status_code == 302, f"story {n} refused: {form_errors(response)}"
        story = Article.objects.latest("id")
        for field in ("kicker", "headline", "subheadline", "body", "summary"):
            self.count("story", field, data[field])
        for photo in photos:
            for field, value in photo.items():
                self.count("story", f"photo {field}", value)
        return story

    def publish(self, stories):
        """Submit and publish them all at once, with the story list's actions."""
        for action in ("submit_selected", "publish_selected"):
            data = {"action": action, "_selected_action": [story.pk for story in stories], "index": 0}
            response = self.client.post(reverse("admin:articles_article_changelist"), data)
            assert response.status_code == 302, f"{action} refused: {form_errors(response)}"


def area(position, stories_per_page):
    share = (10_000 // stories_per_page) / 10_000  # rounded down, so the last area still fits
    return {"area_left": 0.05, "area_top": round((position - 1) * share, 4), "area_width": 0.9, "area_height": share}


def empty_inline(prefix):
    return {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}


def form_errors(response):
    if response.status_code != 200:
        return response.status_code
    return re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.content.decode(), re.S)


def store_the_corpus(user):
    """
    Departments, then stories on two pages of a live edition, all through the admin.

    A few feature stories hold every payload in their bodies (about two dozen
    each, as pasted text would come) and photo captions; headlines, kickers
    and subheadlines hold a handful each, so every payload also sits in each
    of those, over as many short stories as their lengths need.
    """
    newsroom = Newsroom(user)
    names = packed(PAYLOADS, DEPARTMENT_NAME_LIMIT)[:DEPARTMENTS]
    descriptions = ["\n".join(p.html for p in group) for group in spread(PAYLOADS, DEPARTMENTS)]
    departments = [newsroom.add_department(n, name, descriptions[n]) for n, name in enumerate(names)]

    issue = make_issue(date=datetime.date(2031, 5, 20), publish_at=timezone.now() - datetime.timedelta(hours=1))
    pages = [make_page(issue=issue, number=1, name="要闻"), make_page(issue=issue, number=2, name="专题")]
    for page in pages:
        page.image.save(f"page-{page.number}.png", ContentFile(image_bytes("PNG", size=(300, 450))), save=True)
    plain = {field: packed(PAYLOADS, limit) for field, limit in PLAIN_FIELD_LIMITS.items()}
    count = max(len(chunks) for chunks in plain.values())
    bodies = ["\n".join(f"<p>段落</p>{p.html}" for p in group) for group in spread(PAYLOADS, FEATURE_STORIES)]
    photo_fields = {
        field: spread(packed(PAYLOADS, limit), FEATURE_STORIES) for field, limit in PHOTO_FIELD_LIMITS.items()
    }
    stories = []
    for n in range(count):
        feature = n < FEATURE_STORIES
        photos = []
        if feature:
            captions, alts = photo_fields["caption"][n], photo_fields["alt_text"][n]
            photos = [
                {"caption": captions[i] if i < len(captions) else "", "alt_text": alts[i] if i < len(alts) else ""}
                for i in range(max(len(captions), len(alts)))
            ]
        stories.append(
            newsroom.add_story(
                n,
                plain={field: chunks[n] for field, chunks in plain.items() if n < len(chunks)},
                photos=photos,
                body=bodies[n] if feature else "<p>简讯正文。</p>",
                department=departments[n % len(departments)],
                page=pages[n % 2],
                position=n // 2 + 1,
                stories_per_page=(count + 1) // 2,
            )
        )
    newsroom.publish(stories)
    assert Article.objects.published().count() == len(stories)
    return issue, pages, departments, stories, newsroom.placed


# --- watching the browser ------------------------------------------------------------------------


class Watch:
    """Everything a payload could do that a browser would show, from every page opened."""

    def __init__(self):
        self.findings = []
        self.loads = 0
        self.surfaces = {}
        self.where = ""

    def attach(self, page):
        page.on("dialog", self._dialog)
        page.on("console", lambda message: self._text("console", message.text))
        page.on("pageerror", lambda error: self._text("page error", str(error)))
        page.on("request", self._request)
        return page

    def _dialog(self, dialog):
        self.findings.append(f"{self.where}: {dialog.type} dialog “{dialog.message[:80]}”")
        dialog.dismiss()

    def _text(self, kind, text):
        if MARKER.search(text) or text.startswith("hook "):
            self.findings.append(f"{self.where}: {kind} “{text[:120]}”")

    def _request(self, request):
        url = request.url.lower()
        if url.startswith(("javascript:", "vbscript:")) or (
            url.startswith("data:") and not url.startswith("data:image/png")
        ):
            self.findings.append(f"{self.where}: request for {request.url[:120]}")

    def visit(self, page, url, surface, *, editor=False, images=True):
        """Open `url` and look for anything a payload did; `images=False` for pages that show none."""
        self.where = f"{surface} {url[:100]}"
        self.surfaces[surface] = self.surfaces.get(surface, 0) + 1
        self.loads += 1
        response = page.goto(url, wait_until="load" if images else "domcontentloaded")
        assert response.status < 400, f"{self.where} answered {response.status}"
        if editor:
            page.wait_for_function(EDITOR_READY)
        if images:
            page.wait_for_timeout(30)  # let timers a payload might have set fire
        self.inspect(page)
        return response

    def inspect(self, page):
        for frame in page.frames:
            for finding in frame.evaluate(SCAN, MARKER.pattern):
                self.findings.append(f"{self.where} [{frame.url[:40]}]: {finding}")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_stored_or_searched_payload_ever_runs(live_server, browser, superuser, capsys):
    issue, pages, departments, stories, placed = store_the_corpus(superuser)
    every_field_got_every_payload(placed)
    base = live_server.url
    watch = Watch()
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.set_default_timeout(20_000)
    context.add_init_script(script=HOOKS)
    try:
        reader = watch.attach(context.new_page())
        # The reader's pages where the stories, their photos and departments show.
        watch.visit(reader, f"{base}/", "front page")
        watch.visit(reader, f"{base}{issue.get_absolute_url()}", "edition")
        for page in pages:
            watch.visit(reader, f"{base}{page.get_absolute_url()}", "edition page")
        for story in stories:
            watch.visit(reader, f"{base}{story.get_absolute_url()}", "article")
            reader.mouse.move(300, 300)
            reader.mouse.move(700, 600, steps=4)
        watch.visit(reader, f"{base}/departments/", "department list")
        for department in departments:
            watch.visit(reader, f"{base}{department.get_absolute_url()}", "department")
        # Search: every payload as the query, and words that find the hostile stories and highlight them.
        for payload in PAYLOADS:
            watch.visit(reader, f"{base}/search/?q={quote(payload.html)}", "search", images=False)
        for word in ("alert", "script", "onerror", "javascript", "XSS1"):
            watch.visit(reader, f"{base}/search/?q={word}", "search")

        # The newsroom's side: lists, the change forms with every body loaded into CKEditor.
        editor = watch.attach(context.new_page())
        log_in(editor, base, superuser.username, "pass-for-tests")
        watch.visit(editor, f"{base}/admin/articles/article/", "admin story list")
        for payload in PAYLOADS[:ADMIN_SEARCHES]:
            watch.visit(editor, f"{base}/admin/articles/article/?q={quote(payload.as_line())}", "admin search")
        for story in stories[:FEATURE_STORIES]:
            url = f"{base}{reverse('admin:articles_article_change', args=[story.pk])}"
            watch.visit(editor, url, "admin change form with CKEditor", editor=True)
        for page in pages:
            url = f"{base}{reverse('admin:editions_page_change', args=[page.pk])}"
            watch.visit(editor, url, "admin page form with area editor")
        watch.visit(editor, f"{base}/admin/departments/department/", "admin department list")
        for department in departments:
            url = f"{base}{reverse('admin:departments_department_change', args=[department.pk])}"
            watch.visit(editor, url, "admin department form")
    finally:
        context.close()

    with capsys.disabled():
        stored = ", ".join(f"{field} {count}" for (_where, field), count in sorted(placed.items()))
        opened = ", ".join(f"{kind} {count}" for kind, count in sorted(watch.surfaces.items()))
        print(
            f"\n[hostile content] {len(PAYLOADS)} payloads ({len(CATEGORIES)} families), stored through the admin"
            f" in: {stored}; searched for: {len(PAYLOADS)}.\n[hostile content] {watch.loads} pages opened in"
            f" Chromium: {opened}. Payloads that ran: {len(watch.findings)}."
        )
    assert not watch.findings, "\n".join(watch.findings[:40])


def every_field_got_every_payload(placed):
    """Nothing was refused on the way in: each field holds every payload short enough for it."""
    limits = {**PLAIN_FIELD_LIMITS, **{f"photo {field}": limit for field, limit in PHOTO_FIELD_LIMITS.items()}}
    for field, limit in limits.items():
        fits = sum(1 for payload in PAYLOADS if len(payload.as_line()) <= limit)
        assert placed["story", field] == fits, field
    assert placed["story", "body"] == len(PAYLOADS)
    assert placed["admin form", "department description"] == len(PAYLOADS)


RUNNING = [
    "<img src=x onerror=alert('XSS0')>",
    "<script>confirm('XSS0')</script>",
    "<script>print('XSS0')</script>",
    "<script>window.__xss='XSS0'</script>",
    "<script>console.log('XSS0')</script>",
    "<script>throw new Error('XSS0')</script>",
    "<iframe srcdoc=\"<script>parent.__xss='XSS0'</script>\"></iframe>",
]
WOULD_RUN = [
    "<a href=\"java&#x09;script:alert('XSS0')\">click</a>",
    "<div onmouseover=\"alert('XSS0')\">hover</div>",
    "<p style=\"background:url(javascript:alert('XSS0'))\">css</p>",
    "<meta http-equiv=refresh content=\"9;url=javascript:alert('XSS0')\">",
]


def test_the_watch_would_see_a_payload_that_got_through(browser):
    """The watch is not blind: markup that runs, or waits for a click to run, is reported."""
    context = browser.new_context(bypass_csp=True)
    context.add_init_script(script=HOOKS)
    unnoticed = []
    try:
        for html in RUNNING + WOULD_RUN:
            watch = Watch()
            page = watch.attach(context.new_page())
            page.route("http://hostile.test/", serving(html))
            watch.visit(page, "http://hostile.test/", "control")
            page.close()
            if not watch.findings:
                unnoticed.append(html)
    finally:
        context.close()
    assert not unnoticed


def serving(html):
    def fulfill(route):
        route.fulfill(body=html, content_type="text/html")

    return fulfill
