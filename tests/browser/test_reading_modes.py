"""长辈版 and the type-size control in real Chromium: large, airy, high-contrast pages, the same from page to page."""

import pytest
from playwright.sync_api import expect

from articles.models import Article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# The colour a reader sees: the element's own text colour over the first opaque background behind it.
CONTRAST = """element => {
  const rgb = value => value.match(/[\\d.]+/g).map(Number);
  const luminance = ([r, g, b]) => {
    const channel = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  let background = null;
  for (let node = element; node; node = node.parentElement) {
    const colour = rgb(getComputedStyle(node).backgroundColor);
    if (colour.length === 3 || colour[3] === 1) { background = colour.slice(0, 3); break; }
  }
  background = background || [255, 255, 255];
  const [light, dark] = [luminance(rgb(getComputedStyle(element).color)), luminance(background)].sort((a, b) => b - a);
  return (light + 0.05) / (dark + 0.05);
}"""
SIZES = """e => {
  const s = getComputedStyle(e);
  return [parseFloat(s.fontSize), parseFloat(s.lineHeight), parseFloat(s.marginBottom)];
}"""
FONT_SIZE = "e => parseFloat(getComputedStyle(e).fontSize)"
A_CHINESE_VOICE = """Object.defineProperty(window, "speechSynthesis", {configurable: true, value: {
  getVoices: () => [{name: "Huihui", lang: "zh-CN", localService: true}], addEventListener() {},
}})"""


@pytest.fixture
def story(demo_edition):
    return Article.objects.get(dateline="本报讯")


def mode(page):
    return page.locator("html").get_attribute("data-reading-mode")


def test_the_elder_switch_turns_elder_mode_on_and_it_stays_on_from_page_to_page(live_server, page, story, screenshot):
    page.goto(live_server.url + story.get_absolute_url())
    switch = page.get_by_role("button", name="长辈版")
    expect(switch).to_have_attribute("aria-pressed", "false")
    standard_size = page.locator(".article-body p").first.evaluate(FONT_SIZE)

    switch.click()
    expect(switch).to_have_attribute("aria-pressed", "true")
    assert mode(page) == "elder"
    assert page.locator(".article-body p").first.evaluate(FONT_SIZE) > standard_size
    screenshot(page, "elder-article-1280")

    # Another page, opened by a link: still 长辈版, with the switch showing it.
    page.get_by_role("navigation", name="栏目").get_by_role("link", name="今日报纸").click()
    expect(page.locator(".lead-story")).to_be_visible()
    assert mode(page) == "elder"
    expect(page.get_by_role("button", name="长辈版")).to_have_attribute("aria-pressed", "true")
    screenshot(page, "elder-front-1280")

    # And off again, for this page and the next.
    page.get_by_role("button", name="长辈版").click()
    assert mode(page) == "standard"
    page.goto(live_server.url + story.get_absolute_url())
    assert mode(page) == "standard"
    expect(page.get_by_role("button", name="长辈版")).to_have_attribute("aria-pressed", "false")


def test_the_address_with_mode_elder_turns_it_on_and_it_is_remembered(live_server, page, story):
    page.goto(live_server.url + story.get_absolute_url() + "?mode=elder")
    assert mode(page) == "elder"
    expect(page.get_by_role("button", name="长辈版")).to_have_attribute("aria-pressed", "true")
    page.goto(live_server.url + "/")
    assert mode(page) == "elder"
    page.goto(live_server.url + "/?mode=standard")
    assert mode(page) == "standard"
    page.goto(live_server.url + story.get_absolute_url())
    assert mode(page) == "standard"


def test_elder_mode_meets_the_numbers(live_server, open_page, story):
    page = open_page(width=390, height=844)  # a phone, where elder readers mostly are
    page.goto(live_server.url + story.get_absolute_url() + "?mode=elder")
    paragraphs = page.locator(".article-body p")
    assert paragraphs.count() >= 3
    for n in range(paragraphs.count()):
        font_size, line_height, margin = paragraphs.nth(n).evaluate(SIZES)
        assert font_size >= 22, n
        assert line_height >= 1.8 * font_size, n
        assert margin > line_height - font_size, f"paragraph {n}: gap {margin} is not more than the line gap"
        assert paragraphs.nth(n).evaluate(CONTRAST) >= 7, n
    for selector in (".article-meta", ".headline", ".masthead__issue", ".site-footer p"):
        assert page.locator(selector).first.evaluate(FONT_SIZE) >= 22, selector
        assert page.locator(selector).first.evaluate(CONTRAST) >= 7, selector
    for text in page.locator(".article-meta a, .site-nav a, .reading-tools button").all():
        if text.is_visible():
            assert text.evaluate(CONTRAST) >= 7, text.inner_text()

    # Tap targets: the switch, the size buttons and every navigation item at least 44 × 44.
    targets = page.locator(".reading-tools button, .site-nav a, .article-nav a, .article-meta a, .listen button")
    for target in targets.all():
        if target.is_visible():
            box = target.bounding_box()
            assert box["height"] >= 44 and box["width"] >= 44, (target.inner_text(), box)

    # Simpler navigation: fewer items, the search box folded into a link.
    nav = page.get_by_role("navigation", name="栏目")
    expect(nav.get_by_role("searchbox")).to_be_hidden()
    expect(nav.get_by_role("link", name="搜索")).to_be_visible()
    assert len([link for link in nav.get_by_role("link").all() if link.is_visible()]) == 3

    # Nothing moves.
    assert page.locator(".site-nav a").first.evaluate("e => getComputedStyle(e).transitionDuration") == "0s"


def test_standard_mode_keeps_the_full_navigation(live_server, page, story):
    page.goto(live_server.url + story.get_absolute_url())
    nav = page.get_by_role("navigation", name="栏目")
    expect(nav.get_by_role("searchbox")).to_be_visible()
    expect(nav.get_by_role("link", name="部门")).to_be_visible()
    expect(nav.get_by_role("link", name="搜索")).to_be_hidden()


def test_the_type_size_control_has_four_steps_scales_the_story_and_is_remembered(live_server, page, story):
    page.goto(live_server.url + story.get_absolute_url())
    sizes = page.get_by_role("group", name="字号").get_by_role("button")
    expect(sizes).to_have_text(["标准", "大", "较大", "特大"])
    expect(sizes.first).to_have_attribute("aria-pressed", "true")
    body = page.locator(".article-body p").first
    seen = []
    for n in range(4):
        sizes.nth(n).click()
        expect(sizes.nth(n)).to_have_attribute("aria-pressed", "true")
        assert [sizes.nth(m).get_attribute("aria-pressed") for m in range(4)].count("true") == 1
        seen.append(body.evaluate(FONT_SIZE))
    assert seen == sorted(seen) and len(set(seen)) == 4, seen
    assert seen[-1] >= 1.4 * seen[0]

    page.goto(live_server.url + "/")
    expect(page.get_by_role("group", name="字号").get_by_role("button", name="特大")).to_have_attribute(
        "aria-pressed", "true"
    )
    page.goto(live_server.url + story.get_absolute_url())
    assert page.locator(".article-body p").first.evaluate(FONT_SIZE) == seen[-1]


def test_the_controls_work_from_the_keyboard(live_server, page, story):
    page.goto(live_server.url + story.get_absolute_url())
    page.get_by_role("button", name="长辈版").focus()
    page.keyboard.press("Enter")
    assert mode(page) == "elder"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    assert page.locator("html").get_attribute("data-text-size") == "1"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


@pytest.mark.parametrize("chosen, least", [("standard", 14), ("elder", 18.6)])  # 11 pt and 14 pt
def test_a_printed_story_is_only_the_story_at_a_readable_size(live_server, page, story, screenshot, chosen, least):
    page.add_init_script(A_CHINESE_VOICE)  # so that 听新闻 is there on screen, to be left out in print
    page.goto(live_server.url + story.get_absolute_url() + f"?mode={chosen}")
    for control in (page.get_by_role("button", name="长辈版"), page.locator(".listen"), page.locator(".share-panel")):
        expect(control).to_be_visible()
    page.emulate_media(media="print")
    for selector in (".reading-tools", ".site-nav", ".listen", ".share-panel", ".article-nav", ".site-footer"):
        expect(page.locator(selector)).to_be_hidden()
    expect(page.locator(".article .headline")).to_be_visible()
    font_size, line_height, margin = page.locator(".article-body p").first.evaluate(SIZES)
    assert font_size >= least
    assert line_height >= 1.7 * font_size
    # Nothing of the screen's 长辈版 sizes in print: the page's own print sizes apply.
    assert font_size < 22
    screenshot(page, f"print-{chosen}")
