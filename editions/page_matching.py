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
class Reading:
    """A story, or a region read off a page, as the matcher compares them: letters of the head and the opening."""

    headline: str
    opening: str

    @classmethod
    def of_story(cls, article):
        return cls(
            headline=letters(article.kicker + article.headline + article.subheadline),
            opening=letters(strip_tags(article.body))[:OPENING_CHARS],
        )

    @classmethod
    def of_region(cls, region):
        return cls(
            headline=letters(region.kicker + "".join(region.headline) + region.subheadline),
            opening=letters("".join(region.paragraphs))[:OPENING_CHARS],
        )


def score(region, story):
    """0..1: how surely the region (a Reading) is the story (a Reading).

    Mostly the headline; the opening of the text tells apart two stories a
    page heads alike (全力以赴抓好校园安全, twice), and finds a story whose
    headline the desk changed after it was typed.
    """
    same = region.headline and region.headline == story.headline
    by_headline = 1.0 if same else ratio(region.headline, story.headline)
    if not (region.opening and story.opening):
        return by_headline
    by_opening = ratio(region.opening, story.opening)
    return max(0.7 * by_headline + 0.3 * by_opening, 0.5 * by_headline + 0.5 * by_opening)


def match(regions, articles):
    """[(region, article or None, score)] in the regions' order: each story is given to at most one region.

    The pairs are taken best first, so a story with two similar regions (a
    jump, a sidebar) goes to the one that reads most like it.
    """
    articles = list(articles)
    stories = [Reading.of_story(article) for article in articles]
    read = [Reading.of_region(region) for region in regions]
    pairs = sorted(
        (
            (score(region, story), index, number)
            for index, region in enumerate(read)
            for number, story in enumerate(stories)
        ),
        reverse=True,
    )
    chosen, taken = {}, set()
    for value, index, number in pairs:
        if value < MATCH_THRESHOLD or index in chosen or number in taken:
            continue
        chosen[index] = (articles[number], value)
        taken.add(number)
    return [(region, *chosen.get(index, (None, 0.0))) for index, region in enumerate(regions)]
