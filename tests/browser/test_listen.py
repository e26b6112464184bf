"""
听新闻 in Chromium, with a stand-in for the browser's speech engine (a headless Chromium has no voices):
the stand-in queues what it is asked to say and starts and ends each utterance when the test says so.
"""

import pytest
from playwright.sync_api import expect

from articles.models import Article

from ..factories import make_article, make_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FAKE_SPEECH = """
(() => {
  const speech = window.__speech = { queue: [], calls: [], listeners: [], voices: %s };
  class Utterance {
    constructor(text) { this.text = text; this.lang = ""; this.voice = null; this.rate = 1; }
  }
  const synth = {
    paused: false,
    getVoices() { return speech.voices; },
    speak(utterance) { speech.calls.push("speak"); speech.queue.push(utterance); },
    cancel() {
      speech.calls.push("cancel");
      speech.queue.splice(0).forEach(u => u.onerror && u.onerror({ error: "canceled" }));
    },
    pause() { speech.calls.push("pause"); this.paused = true; },
    resume() { speech.calls.push("resume"); this.paused = false; },
    addEventListener(type, listener) { if (type === "voiceschanged") speech.listeners.push(listener); },
  };
  speech.start = () => { const u = speech.queue[0]; u.onstart && u.onstart({}); return u.text; };
  speech.finish = () => { const u = speech.queue.shift(); u.onend && u.onend({}); };
  speech.said = () => speech.queue.map(u => u.text);
  speech.announce = voices => { speech.voices = voices; speech.listeners.forEach(l => l(new Event("voiceschanged"))); };
  Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
  window.SpeechSynthesisUtterance = Utterance;
})();
"""
CHINESE = '[{"name": "Ting-Ting", "lang": "zh-TW", "localService": true},'
CHINESE += ' {"name": "Huihui", "lang": "zh-CN", "localService": true}, {"name": "Alex", "lang": "en-US"}]'
ENGLISH_ONLY = '[{"name": "Alex", "lang": "en-US", "localService": true}]'
REMOTE_CHINESE = '[{"name": "Online 普通话", "lang": "zh-CN", "localService": false}]'
HIGHLIGHTED = """() => {
  const highlight = CSS.highlights.get("listen-sentence");
  return highlight ? [...highlight].map(range => range.toString()) : [];
}"""


@pytest.fixture
def story(built_demo_edition, db):
    # built_demo_edition only so that the worker's one build of the demo happens before this module's first
    # flush: a first build after a flush reads stale content-type ids and the next demo test cannot load it.
    return make_article(
        page=make_page(),
        headline="黄河岸边的春天",
        dateline="本报讯",
        body=(
            "<p>今年春天来得早。河边的柳树<strong>已经发芽</strong>！你看到了吗？</p>"
            "<h2>一、主要做法</h2>"
            "<p>“今天天气很好。”老人说；孩子们笑了</p>"
        ),
        status=Article.Status.PUBLISHED,
    )


def open_story(open_page, live_server, story, voices):
    page = open_page()
    page.add_init_script(FAKE_SPEECH % voices)
    page.goto(live_server.url + story.get_absolute_url())
    return page


def said(page):
    return page.evaluate("__speech.said()")


def test_play_reads_the_headline_then_each_sentence_and_marks_the_one_being_read(
    open_page, live_server, story, screenshot
):
    page = open_story(open_page, live_server, story, CHINESE)
    listen = page.get_by_role("group", name="听新闻")
    expect(listen).to_be_visible()
    play = listen.get_by_role("button", name="听新闻")
    expect(listen.get_by_role("button", name="停止")).to_be_disabled()
    play.click()

    expect(listen.get_by_role("button", name="暂停")).to_be_visible()
    expect(listen.get_by_role("status")).to_have_text("正在朗读")
    # One sentence at a time, the headline first, in the Chinese voice of this country.
    assert said(page) == ["黄河岸边的春天"]
    utterance = page.evaluate("({lang: __speech.queue[0].lang, voice: __speech.queue[0].voice.name})")
    assert utterance == {"lang": "zh-CN", "voice": "Huihui"}
    assert page.evaluate(HIGHLIGHTED) == []
    assert page.evaluate("__speech.start()") == "黄河岸边的春天"
    assert page.evaluate(HIGHLIGHTED) == ["黄河岸边的春天"]

    spoken = []
    while said(page):
        spoken.append(page.evaluate("__speech.start()"))
        assert page.evaluate(HIGHLIGHTED) == [spoken[-1]]
        if len(spoken) == 3:
            screenshot(page, "listen-marks-the-sentence")
        page.evaluate("__speech.finish()")
    assert spoken == [
        "黄河岸边的春天",
        "本报讯 今年春天来得早。",
        "河边的柳树已经发芽！",
        "你看到了吗？",
        "一、主要做法",
        "“今天天气很好。”",
        "老人说；",
        "孩子们笑了",
    ]
    # At the end: back to the start, nothing marked.
    expect(listen.get_by_role("button", name="听新闻")).to_be_visible()
    expect(listen.get_by_role("status")).to_have_text("已读完")
    assert page.evaluate(HIGHLIGHTED) == []


def test_pause_resume_and_stop(open_page, live_server, story):
    page = open_story(open_page, live_server, story, CHINESE)
    listen = page.get_by_role("group", name="听新闻")
    listen.get_by_role("button", name="听新闻").click()
    page.evaluate("__speech.start()")

    listen.get_by_role("button", name="暂停").click()
    assert page.evaluate("__speech.calls.slice(-1)") == ["pause"]
    expect(listen.get_by_role("status")).to_have_text("已暂停")
    listen.get_by_role("button", name="继续").click()
    assert page.evaluate("__speech.calls.slice(-1)") == ["resume"]
    expect(listen.get_by_role("button", name="暂停")).to_be_visible()

    page.evaluate("__speech.finish()")  # the headline read: the first sentence of the text is next
    assert said(page) == ["本报讯 今年春天来得早。"]
    page.evaluate("__speech.start()")
    assert page.evaluate(HIGHLIGHTED) == ["本报讯 今年春天来得早。"]

    listen.get_by_role("button", name="停止").click()
    assert "cancel" in page.evaluate("__speech.calls.slice(-2)")
    assert said(page) == []
    assert page.evaluate(HIGHLIGHTED) == []
    expect(listen.get_by_role("status")).to_have_text("已停止")
    expect(listen.get_by_role("button", name="停止")).to_be_disabled()
    expect(listen.get_by_role("button", name="听新闻")).to_be_focused()

    # Playing again starts from the headline.
    listen.get_by_role("button", name="听新闻").click()
    assert said(page) == ["黄河岸边的春天"]


def test_the_keyboard_alone_plays_and_stops(open_page, live_server, story):
    page = open_story(open_page, live_server, story, CHINESE)
    listen = page.get_by_role("group", name="听新闻")
    listen.get_by_role("button", name="听新闻").focus()
    page.keyboard.press("Enter")
    assert said(page) == ["黄河岸边的春天"]
    page.keyboard.press("Tab")
    expect(listen.get_by_role("button", name="停止")).to_be_focused()
    page.keyboard.press("Space")
    assert said(page) == []


@pytest.mark.parametrize("voices", [ENGLISH_ONLY, REMOTE_CHINESE, "[]"], ids=["english", "online-only", "none"])
def test_without_a_chinese_voice_on_the_device_there_is_no_control(open_page, live_server, story, voices):
    page = open_story(open_page, live_server, story, voices)
    expect(page.locator(".article-body")).to_be_visible()
    expect(page.get_by_role("group", name="听新闻")).to_be_hidden()
    expect(page.get_by_role("button", name="听新闻")).to_have_count(0)


def test_a_chinese_voice_arriving_late_shows_the_control(open_page, live_server, story):
    page = open_story(open_page, live_server, story, "[]")
    expect(page.get_by_role("group", name="听新闻")).to_be_hidden()
    page.evaluate("__speech.announce([{name: 'Huihui', lang: 'zh_CN', localService: true}])")
    expect(page.get_by_role("group", name="听新闻")).to_be_visible()


def test_without_speech_synthesis_there_is_no_control(open_page, live_server, story):
    page = open_page()
    page.add_init_script("Object.defineProperty(window, 'speechSynthesis', {value: undefined, configurable: true})")
    page.goto(live_server.url + story.get_absolute_url())
    expect(page.locator(".article-body")).to_be_visible()
    expect(page.get_by_role("group", name="听新闻")).to_be_hidden()
