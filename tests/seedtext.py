"""Reading the seed page: shared by the tests of the seed data and of the demo edition."""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED_NAME = "000_871d32ec14f82eb6.txt"
RAW_PATH = ROOT / "seeds" / SEED_NAME
SHARED_RAW_PATH = ROOT.parent / "shared" / "seeds" / SEED_NAME
EDITION_PATH = ROOT / "seeds" / "demo_edition.json"

SLOGAN = "转作风 提效能 促发展"
BANNER = "全市“转作风 提效能 促发展”作风建设集中整顿"
SECTION_LABELS = ("一、主要做法", "二、经验启示")

# CJK ideographs and punctuation, full-width forms, and the typographic
# quotes / dashes that Chinese print uses.
CJK = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u2014\u2018\u2019\u201c\u201d\u2026\u00b7"
SPACE_NEXT_TO_CJK = re.compile(rf"[{CJK}]\s|\s[{CJK}]")
SENTENCE = re.compile(r"[^。！？]*[。！？][”’）》」』]*")


def squeeze(text):
    return re.sub(r"\s+", "", text)


def all_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from all_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from all_strings(item)


def story_pieces(article):
    for block in article["body"]:
        if block["type"] == "heading":
            yield block["text"]
        else:
            yield block["lead"] + block["text"]
    study = article["case_study"]
    if study:
        yield study["opening"]
        for practice in study["practices"]:
            yield practice["lead"] + practice["text"]
        yield study["lessons_opening"]
        for lesson in study["lessons"]:
            yield lesson["lead"] + lesson["text"]


def display_pieces(article):
    yield article["kicker"] + "".join(article["headline"]) + article["subheadline"]
    if article["dateline"]:
        yield article["dateline"]
    if article["bylines"]:
        yield "（" + "".join(byline["name"] for byline in article["bylines"]) + "）"
    for photo in article["photos"]:
        yield photo["caption"]


def load_raw():
    return RAW_PATH.read_text(encoding="utf-8")


def load_edition():
    return json.loads(EDITION_PATH.read_text(encoding="utf-8"))


def body_sentences(raw, edition):
    """The seed's story sentences: the raw text, whitespace removed, less headlines, captions and labels."""
    text = squeeze(raw)
    display = [squeeze(edition["campaign"]["banner_text"])]
    for article in edition["articles"]:
        display.extend(squeeze(piece) for piece in display_pieces(article))
    for piece in display:
        assert text.count(piece) == 1, piece
        text = text.replace(piece, "", 1)
    for label in SECTION_LABELS:
        assert text.count(label) == 3, label
        text = text.replace(label, "")
    sentences = SENTENCE.findall(text)
    assert "".join(sentences) == text, "text left over after the last sentence"
    return sentences
