"""
Every kind of public page passes axe-core's WCAG 2.1 A and AA rules with no violation, on a phone
and on a wide screen, in the normal reading mode and in 长辈版; headings run in order, keyboard
focus is visible, and the page image's story areas are reachable by keyboard in reading order.

axe-core is the copy bundled with axe-playwright-python, injected by Playwright's evaluate (from
the browser's debugging side, so the reader's CSP, which allows no inline script, does not apply;
the test checks that axe really ran and checked something). What each run checked is written to
tests/artifacts/axe-summary.json: rules passed and elements checked per page × width × mode, and
what axe could not decide by itself (needs_review). Full-page screenshots of the front page and a
story, at both widths in both modes, are kept beside it (a11y-*.png, committed).
"""

import fcntl
import json
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article, Campaign

from .conftest import ARTIFACTS

# No xdist_group: pytest-xdist sends a group ahead of everything else, and these tests, which
# commit and empty the database after them, would then run before the plain database tests.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WCAG_21_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = {390: 844, 1280: 900}
MODES = ["normal", "elder"]
SUMMARY = ARTIFACTS / "axe-summary.json"
SCREENSHOTS = {"front", "article"}  # a11y-<page>-<width>-<mode>.png, at both widths in both modes

FEATURE_SUBHEADLINE = "——我市生态环境建设综述"


def public_pages():
    """Page type -> the address of one page of that type in the demo edition."""
    case_study = Article.objects.get(case_study__isnull=False, page__number=2, kicker="海南区商务局：")
    feature = Article.objects.get(subheadline=FEATURE_SUBHEADLINE)
    return {
        "front": reverse("editions:front"),
        "edition": reverse("editions:issue", kwargs={"year": 2023, "month": 2, "day": 15}),
        "page": reverse("editions:page", kwargs={"year": 2023, "month": 2, "day": 15, "number": 2}),
        "article": feature.get_absolute_url(),
        "case_study": case_study.get_absolute_url(),
        "campaign": Campaign.objects.get().get_absolute_url(),
        "departments": reverse("departments:index"),
        "department": case_study.department.get_absolute_url(),
        "back_issues": reverse("editions:back_issues"),
        "search": reverse("search:results") + "?q=减排",
        "not_found": "/2023/02/15/99/",
    }


PAGE_TYPES = [
    "front",
    "edition",
    "page",
    "article",
    "case_study",
    "campaign",
    "departments",
    "department",
    "back_issues",
    "search",
    "not_found",
]


def with_mode(url, mode):
    if mode == "normal":
        return url
    return url + ("&" if "?" in url else "?") + "mode=elder"


def open_reader_page(live_server, open_page, page_type, width, mode):
    page = open_page(width=width, height=WIDTHS[width])
    response = page.goto(live_server.url + with_mode(public_pages()[page_type], mode))
    assert response.status == (404 if page_type == "not_found" else 200)
    page.wait_for_load_state("load")
    if mode == "elder":
        # Not vacuous: the page really is in 长辈版.
        expect(page.locator("html")).to_have_attribute("data-reading-mode", "elder")
    else:
        expect(page.locator("html")).to_have_attribute("data-reading-mode", "standard")
    return page


def described(violations):
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} — {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '').replace(chr(10), ' / ')}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def axe_summary():
    """Rules passed and elements checked by each run, merged into tests/artifacts/axe-summary.json."""
    runs = {}
    yield runs
    ARTIFACTS.mkdir(exist_ok=True)
    # Each test worker adds its runs: one at a time, so that none is lost.
    with open(ARTIFACTS / ".axe-summary.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        summary = json.loads(SUMMARY.read_text()) if SUMMARY.exists() else {}
        summary.update(runs)
        summary = dict(sorted(summary.items()))
        SUMMARY.write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n")
    rules = sum(run["rules_passed"] for run in summary.values())
    checks = sum(run["elements_checked"] for run in summary.values())
    print(f"\naxe-core (WCAG 2.1 A/AA): {len(summary)} runs, {rules} rules passed, {checks} element checks passed")


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_every_public_page_passes_axe_at_wcag_21_aa(
    live_server, open_page, demo_edition, axe_summary, screenshot, page_type, width, mode
):
    page = open_reader_page(live_server, open_page, page_type, width, mode)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_A_AA}}).response
    violations = results["violations"]
    # axe ran and judged the page (the CSP did not keep it out): the rules every page is checked by passed.
    passed = {rule["id"] for rule in results["passes"]}
    assert {"html-has-lang", "html-lang-valid", "document-title", "color-contrast"} <= passed | {
        v["id"] for v in violations
    }
    axe_summary[f"{page_type}@{width}/{mode}"] = {
        "rules_passed": len(results["passes"]),
        "elements_checked": sum(len(rule["nodes"]) for rule in results["passes"]),
        "violations": len(violations),
        "needs_review": sorted(rule["id"] for rule in results["incomplete"]),
    }
    assert not violations, f"{page_type} at {width}px, {mode}:\n{described(violations)}"
    if page_type in SCREENSHOTS:
        save_screenshot(page, screenshot, f"a11y-{page_type}-{width}-{mode}", width)


def save_screenshot(page, screenshot, name, width):
    """A full-page PNG in tests/artifacts/ (committed), to look at by eye; nothing runs off the side."""
    assert page.evaluate("document.fonts.ready.then(() => document.documentElement.scrollWidth)") <= width
    png = screenshot(page, name).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and int.from_bytes(png[16:20], "big") == width


def test_axe_runs_under_the_readers_csp_and_finds_what_is_wrong(live_server, open_page, demo_edition):
    """The harness itself: on a page spoiled on purpose axe reports the faults, so a clean run means clean."""
    page = open_reader_page(live_server, open_page, "front", 1280, "normal")
    page.evaluate(
        """() => {
            const img = document.createElement('img');
            img.src = '/static/img/favicon.svg';
            const faint = document.createElement('p');
            faint.textContent = '浅色的字';
            faint.style.color = '#ddd';
            document.querySelector('main').append(img, faint);
        }"""
    )
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_A_AA}}).response
    assert {"image-alt", "color-contrast"} <= {v["id"] for v in results["violations"]}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_headings_run_in_order_and_keyboard_focus_is_always_shown(
    live_server, open_page, demo_edition, page_type, mode
):
    page = open_reader_page(live_server, open_page, page_type, 1280, mode)
    assert page.evaluate("document.documentElement.lang") == "zh-CN"

    # One h1, first; no level skipped on the way down (headings hidden from everyone do not count).
    levels = page.evaluate(
        """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
            .filter(h => h.getClientRects().length || h.closest('.visually-hidden'))
            .map(h => Number(h.tagName[1]))"""
    )
    assert levels.count(1) == 1 and levels[0] == 1, levels
    skips = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
    assert not skips, f"{page_type}: a heading level is skipped in {levels}"

    # The skip link comes first, shows itself, and takes the focus to the page's own content.
    page.keyboard.press("Tab")
    skip_link = page.locator(".skip-link")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_have_text("跳到正文")
    box = skip_link.bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0
    assert_focus_is_shown(page)
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    # Every stop after it, to the end of the page, shows where the focus is.
    stops = 0
    for _ in range(400):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body || document.activeElement.matches('.skip-link')"):
            break
        assert_focus_is_shown(page)
        stops += 1
    assert stops >= 5


def contrast(one, other):
    """WCAG contrast ratio of two sRGB colours given as [r, g, b]."""

    def luminance(rgb):
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (v / 255 for v in rgb))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def rgb(css_color):
    return [int(float(n)) for n in re.findall(r"[\d.]+", css_color)[:3]]


def assert_focus_is_shown(page):
    """The focused element has a solid outline of 2 px or more that stands out 3:1 from the page; a story's
    area on the page image (SVG, where an outline would box the whole picture) has its shape drawn instead."""
    focused = page.evaluate(
        """() => {
            const e = document.activeElement, style = getComputedStyle(e);
            const shape = e.matches('.page-image__area') ? e.querySelector('rect, polygon') : null;
            return {
                element: e.outerHTML.slice(0, 160),
                // A date field's parts take the focus inside it: the field itself matches :focus only.
                focusVisible: e.matches(':focus-visible') || e.matches('input[type=date]:focus-within'),
                outline: style.outlineStyle, width: parseFloat(style.outlineWidth), color: style.outlineColor,
                shape: !!shape,
                stroke: shape && getComputedStyle(shape).stroke,
                strokeWidth: shape && parseFloat(getComputedStyle(shape).strokeWidth),
                page: getComputedStyle(document.body).backgroundColor,
            };
        }"""
    )
    assert focused["focusVisible"], focused
    if focused["shape"]:
        # Drawn in the accent colour, 3:1 or more on the white page image (after its short transition).
        shape = page.locator(".page-image__area:focus").locator("rect, polygon")
        expect(shape).not_to_have_css("stroke", "rgba(0, 0, 0, 0)")
        stroke = shape.evaluate("e => getComputedStyle(e).stroke")
        assert contrast(rgb(stroke), [255, 255, 255]) >= 3 and focused["strokeWidth"] >= 2, focused
        return
    assert focused["outline"] not in ("none", "") and focused["width"] >= 2, focused
    assert contrast(rgb(focused["color"]), rgb(focused["page"])) >= 3, focused


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_page_image_map_is_read_by_keyboard_in_reading_order(live_server, open_page, demo_edition, width):
    page = open_reader_page(live_server, open_page, "page", width, "normal")
    on_the_page = Article.objects.get(kicker="海南区商务局：").page.articles.order_by("page_position", "id")
    stories = [story.headline_text for story in on_the_page]
    figure = page.locator("figure.page-image")

    # The text alternative: every story on the page as a link, named by the figure and linked from its caption.
    details = page.locator("#" + figure.get_attribute("aria-details"))
    expect(details.get_by_role("heading", level=2)).to_have_text("本版标题导航")
    expect(details.get_by_role("list").first.get_by_role("link")).to_contain_text(stories)
    figure.get_by_role("link", name="本版稿件的文字列表").click()
    expect(details).to_be_focused()
    if width == 1280:  # beside the picture on a wide screen
        picture, text = figure.bounding_box(), details.bounding_box()
        assert picture["x"] + picture["width"] <= text["x"] and text["y"] < picture["y"] + picture["height"]

    # Each area is a link named by its story, in the order the page is read.
    areas = page.locator(".page-image__area")
    names = [areas.nth(n).get_attribute("aria-label") for n in range(areas.count())]
    assert len(names) == 3 and set(names) <= set(stories)
    assert names == [story for story in stories if story in names], "the areas are not in reading order"

    # Tabbing from the top of the page reaches them one after another, in that order, each outlined.
    page.goto(page.url.split("#")[0])
    reached = []
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.page-image__area')"):
            focused = page.locator(".page-image__area:focus")
            assert len(reached) < len(names)
            expect(focused).to_have_accessible_name(names[len(reached)])
            expect(focused).to_have_role("link")
            assert_focus_is_shown(page)
            reached.append(names[len(reached)])
        elif reached:
            break
    assert reached == names
