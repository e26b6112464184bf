"""
Which story a region found on a page PDF is: text similarity, robust to the print layout.

The print layout breaks lines anywhere, hyphenates nothing but may add or drop
spaces, and the text importer's repairs (joined lines, healed column breaks,
full-width punctuation) mean the same story can differ in every kind of
whitespace and punctuation. So both sides are compared on their letters and
digits only (NFKC-folded), headline first: a headline that reads the same is
the same story; otherwise the headline and the opening of the text together
decide, and below MATCH_THRESHOLD the region is a story the CMS does not have.
"""

import difflib
import unicodedata
from dataclasses import dataclass

from django.utils.html import strip_tags

MATCH_THRESHOLD = 0.6
OPENING_CHARS = 160


def letters(text):
    """Only the letters and digits of `text`, NFKC-folded and lower-cased: what survives any layout."""
    folded = unicodedata.normalize("NFKC", text or "").lower()
    return "".join(char for char in folded if unicodedata.category(char)[0] in "LN")


def ratio(a, b):
    if not a or not b:
        return 0.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


@dataclass(frozen=True)
class Candidate:
    """A story as the matcher reads it."""

    article: object
    headline: str
    opening: str

    @classmethod
    def of(cls, article):
        return cls(
            article=article,
            headline=letters(article.kicker + article.headline + article.subheadline),
            opening=letters(strip_tags(article.body))[:OPENING_CHARS],
        )


def score(region, candidate):
    """0..1: how surely `region` is `candidate`'s story.

    Mostly the headline; the opening of the text tells apart two stories a
    page heads alike (全力以赴抓好校园安全, twice), and finds a story whose
    headline the desk changed after it was typed.
    """
    headline = letters(region.kicker + "".join(region.headline) + region.subheadline)
    opening = letters("".join(region.paragraphs))[:OPENING_CHARS]
    by_headline = 1.0 if headline and headline == candidate.headline else ratio(headline, candidate.headline)
    if not (opening and candidate.opening):
        return by_headline
    return max(
        0.7 * by_headline + 0.3 * ratio(opening, candidate.opening),
        0.5 * by_headline + 0.5 * ratio(opening, candidate.opening),
    )


def match(regions, articles):
    """[(region, article or None, score)] in the regions' order: each story is given to at most one region.

    The pairs are taken best first, so a story with two similar regions (a
    jump, a sidebar) goes to the one that reads most like it.
    """
    candidates = [Candidate.of(article) for article in articles]
    pairs = sorted(
        (
            (score(region, candidate), index, number)
            for index, region in enumerate(regions)
            for number, candidate in enumerate(candidates)
        ),
        reverse=True,
    )
    chosen, taken = {}, set()
    for value, index, number in pairs:
        if value < MATCH_THRESHOLD or index in chosen or number in taken:
            continue
        chosen[index] = (candidates[number].article, value)
        taken.add(number)
    return [(region, *chosen.get(index, (None, 0.0))) for index, region in enumerate(regions)]
