"""Text the site writes itself (teasers, feed and meta descriptions, search snippets) is set as print sets Chinese."""

import html
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from articles.models import Article
from articles.typography import shorten, squeeze
from search import backends

from . import seedtext
from .factories import make_article

pytestmark = pytest.mark.django_db

# A half-width space after Chinese punctuation, or between two Chinese characters or punctuation marks.
CJK = seedtext.CJK + "\u3000-\u303f"
SPACE_IN_CHINESE = re.compile(rf"[。，！？；：、] |[{CJK}] (?=[{CJK}])")
ATOM = "{http://www.w3.org/2005/Atom}"


class Story(str):
    """A seed story's whole text as a reader reads it, paragraphs run together; `ends` where each paragraph ends."""

    def __new__(cls, pieces):
        text = super().__new__(cls, "".join(pieces))
        text.ends = {sum(len(piece) for piece in pieces[: i + 1]) for i in range(len(pieces))}
        return text


def seed_texts():
    """Each seed story by its headline."""
    return {
        "".join(story["headline"]): Story([piece for piece in seedtext.story_pieces(story) if piece])
        for story in seedtext.load_edition()["articles"]
    }


def assert_set_as_print_sets_it(generated, whole, where):
    """No space inside Chinese; a cut marked with …… and nothing else; the rest is the story's own text."""
    assert generated, where
    assert not SPACE_IN_CHINESE.search(generated), (where, generated)
    assert "..." not in generated, (where, generated)
    assert all(dots == "……" for dots in re.findall("…+", generated)), (where, generated)
    text = generated.removeprefix("……").removesuffix("……")
    assert text in whole, (where, generated)
    assert generated.startswith("……") == (not whole.startswith(text)), (where, generated)
    if generated.endswith("……"):
        assert not whole.endswith(text), (where, generated)
    else:  # whole paragraphs (a case study's opening), or cut and marked
        assert whole.index(text) + len(text) in whole.ends, (where, generated)


def meta(page, name):
    found = re.search(rf'<meta (?:name|property)="{name}" content="([^"]*)">', page)
    return html.unescape(found.group(1))


@pytest.fixture
def seed_stories(demo_edition):
    """(story, its whole text) for every seed story, with the search index built as `make run` builds it."""
    backends.rebuild()
    whole = seed_texts()
    stories = Article.objects.published().for_reading().select_related("case_study")
    pairs = [(story, whole[story.headline_text.replace(" ", "")]) for story in stories]
    assert len(pairs) == len(whole) == 5
    return pairs


def test_teasers_and_each_story_pages_descriptions(client, seed_stories):
    for story, text in seed_stories:
        page = client.get(story.get_absolute_url()).content.decode()
        structured = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
        described = [meta(page, "description"), meta(page, "og:description"), structured["description"]]
        for generated in [story.teaser, *described] if story.teaser else described:
            assert_set_as_print_sets_it(generated, text, story.headline_text)
    front = client.get(reverse("editions:front")).content.decode()
    lead = next(story for story in (pair[0] for pair in seed_stories) if story.is_page_lead and story.teaser)
    assert re.findall(r'<p class="teaser">(.*?)</p>', front) == [html.escape(lead.teaser)]


def test_feed_descriptions(client, seed_stories):
    rss = ET.fromstring(client.get(reverse("articles:feed_rss")).content)
    atom = ET.fromstring(client.get(reverse("articles:feed_atom")).content)
    described = [(item.find("title").text, item.find("description").text) for item in rss.iter("item")]
    described += [
        (entry.find(f"{ATOM}title").text, entry.find(f"{ATOM}summary").text) for entry in atom.iter(f"{ATOM}entry")
    ]
    assert len(described) == 2 * len(seed_stories)
    for title, description in described:
        text = next(text for story, text in seed_stories if title.endswith(story.headline_text))
        assert_set_as_print_sets_it(description, text, title)


def test_search_snippets(client, seed_stories):
    texts = {story.pk: text for story, text in seed_stories}
    snippets = 0
    # Words from the start, the middle and the end of each story, so that snippets are cut on either side.
    for _, text in seed_stories:
        for share in (0.02, 0.5, 0.97):
            word = re.search(r"[\u4e00-\u9fff]{2}", text[int(len(text) * share) :] + text).group()
            for hit in client.get(reverse("search:results"), {"q": word}).context["hits"]:
                snippet = html.unescape(strip_tags(hit.snippet))
                assert_set_as_print_sets_it(snippet, texts[hit.article.pk], f"{word}: {snippet}")
                snippets += 1
    assert snippets >= 3 * len(seed_stories)


# --- the rules, one at a time --------------------------------------------------------------------------------


def test_paragraphs_run_together_in_chinese_and_latin_words_stay_apart():
    assert squeeze("做保障。\n\n 紧盯目标任务") == "做保障。紧盯目标任务"
    assert squeeze("强化大气污染综合治理\n“现在空气") == "强化大气污染综合治理“现在空气"
    assert squeeze("the Yellow\n  River basin") == "the Yellow River basin"
    assert squeeze("采用 BDO 工艺") == "采用 BDO 工艺"  # as the reporter typed it
    assert squeeze("采用BDO。 Windows 10，  系统") == "采用BDO。Windows 10，系统"


def test_a_shortened_text_ends_with_the_chinese_ellipsis_within_its_length():
    assert shorten("短文。", 120) == "短文。"
    cut = shorten("一二三四五，六七八九十。", 8)
    assert cut == "一二三四五……" and len(cut) <= 8
    assert shorten("一二三四五六“七八九十", 9) == "一二三四五六……"  # no opening quote left dangling
    assert shorten("一二三四五……六七八九十", 8) == "一二三四五……"  # never three dots' worth


def test_a_teaser_of_paragraphs_in_html_joins_them_as_print_does():
    story = make_article(body="<p>第一段写完了。</p><p>第二段" + "很长" * 100 + "。</p>", summary="")
    assert story.teaser.startswith("第一段写完了。第二段很长")
    assert story.teaser.endswith("……") and len(story.teaser) <= 120
    latin = make_article(body="<p>in the Yellow</p><p>River basin</p>", summary="")
    assert latin.teaser == "in the Yellow River basin"
    assert make_article(summary="编者按：\n本文  讲述。").teaser == "编者按：本文讲述。"
