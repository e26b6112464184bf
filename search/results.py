"""
A lazy list of search hits that Django's Paginator can page through.

The index is walked from the most recently added story down, each match is
checked against what the reader may see, and the walk stops after
RESULT_WINDOW + 1 matches; the count and every page come from that list. A
word found in most of a ten-year archive therefore costs what a rare one
costs, and the reader is told there are more than RESULT_WINDOW hits and can
narrow them by date, department or kind.

Order: when the whole archive holds few matches, by relevance (bm25 / ts_rank
with the headline and kicker weighted above the body). When it holds many,
computing that would read every match of every word, so the order is matches
in the headline or kicker first, then in subheadline, dateline, department or
bylines, then in the body, newest first within each.
"""

from dataclasses import dataclass

from django.db import connection
from django.utils.functional import cached_property

from articles.models import Article

from . import documents
from .engines import engine_for
from .highlight import highlight, snippet

RESULT_WINDOW = 500


@dataclass
class Hit:
    article: Article
    headline: str  # highlighted, safe HTML
    snippet: str  # highlighted, safe HTML


class SearchResults:
    def __init__(self, query, visible, *, filtered=False, narrow=False, window=None):
        self.query = query
        self.visible = visible
        self.filtered = filtered  # filters beyond what readers may see
        self.narrow = narrow  # filters that an index narrows down: department, dates
        self.window = window or RESULT_WINDOW

    @cached_property
    def ranked_ids(self):
        """Ids in rank order: at most window + 1, the extra one only saying "there are more"."""
        if not self.query:
            return []
        engine = engine_for(connection)
        with connection.cursor() as cursor:
            ids = engine.window(cursor, self.query, self.visible, narrow=self.narrow, limit=self.window + 1)
            if len(ids) < 2:
                return ids
            if len(ids) <= self.window and not self.filtered:
                # Few matches in the whole archive: full relevance ranking is cheap.
                order = engine.by_relevance(cursor, self.query, ids)
            else:
                # Many: headline and kicker matches first, then subheadline and
                # bylines, then the body; newest first within each.
                order = [pk for tier in engine.heading_matches(cursor, self.query, ids) for pk in tier] + ids
        listed = set(ids)
        return [pk for pk in dict.fromkeys(order) if pk in listed]

    @property
    def more_than_window(self):
        return len(self.ranked_ids) > self.window

    def count(self):
        return min(len(self.ranked_ids), self.window)

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice):
            raise TypeError("SearchResults are read a page at a time.")
        ids = self.ranked_ids[: self.window][key]
        articles = (
            Article.objects.filter(pk__in=ids)
            .select_related("department", "page__issue", "case_study")
            .prefetch_related("case_study__practices", "case_study__lessons")
            .in_bulk()
        )
        return [self._hit(articles[pk]) for pk in ids if pk in articles]

    def _hit(self, article):
        return Hit(
            article=article,
            headline=highlight(article.headline_text, self.query),
            snippet=snippet(documents.snippet_text(article), self.query),
        )
