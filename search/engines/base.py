"""
The interface both index engines provide, each method documented here once.

search.backends and search.results call an engine only
through these methods; tests/test_search_engine_protocol.py fails when one
engine gains a method the other lacks or their signatures part.
"""

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, BinaryIO, Protocol, runtime_checkable

from .common import TABLE

if TYPE_CHECKING:
    from django.db.backends.utils import CursorWrapper
    from django.db.models import QuerySet

    from ..tokens import Query

    Row = tuple[int, str, str, str]


@runtime_checkable
class SearchEngine(Protocol):
    def create(self, cursor: "CursorWrapper", table: str, *, up_to: int | None = None) -> None:
        """Create the empty index table `table`, for story ids up to `up_to` (default: the highest there is now)."""

    def drop(self, cursor: "CursorWrapper", table: str) -> None:
        """Drop the index table `table` if it exists."""

    def finish(self, cursor: "CursorWrapper", table: str) -> None:
        """Make the filled table `table` ready to search (what is faster built once, over all its rows)."""

    def swap_in(self, cursor: "CursorWrapper", new: str, live: str) -> None:
        """Replace the index table `live` with the finished table `new`, which takes its name."""

    def write(self, cursor: "CursorWrapper", rows: "Sequence[Row]", *, table: str = TABLE, fresh: bool = False) -> None:
        """Index `rows` in `table`, replacing what it held for those stories unless `fresh`.

        rows: (article id, title tokens, meta tokens, body tokens), tokens space-separated.
        """

    def delete(self, cursor: "CursorWrapper", pks: Sequence[int]) -> None:
        """Take the stories `pks` out of the live index."""

    def matching_ids_sql(self, query: "Query") -> tuple[str, list]:
        """(sql, params) of a SELECT listing the ids of every story matching `query`, unranked."""

    def window(
        self, cursor: "CursorWrapper", query: "Query", visible: "QuerySet", *, narrow: bool, limit: int
    ) -> list[int]:
        """Ids of the newest `limit` matches that are in the queryset `visible`, newest first.

        `narrow` says `visible` is a small part of the archive (one department,
        some dates), cheaper to list first than to check match by match.
        """

    def by_relevance(self, cursor: "CursorWrapper", query: "Query", ids: Sequence[int]) -> list[int]:
        """`ids` in order of relevance to `query`, headline and kicker weighted above the body; ties newest first.

        Other matches between the smallest and largest of `ids` may come too: callers keep only `ids`.
        """

    def heading_matches(
        self, cursor: "CursorWrapper", query: "Query", ids: Sequence[int]
    ) -> tuple[list[int], list[int]]:
        """Which of `ids` match within the headline or kicker, and which within the meta parts, each newest first.

        Other matches between the smallest and largest of `ids` may come too: callers keep only `ids`.
        """

    def copy_out(self, cursor: "CursorWrapper", write: "Callable[[bytes], object]") -> int:
        """Hand every row of the live index to `write` as bytes, in a form only this engine's copy_in reads.

        Returns the number of rows. The rows are what the engine stores
        (PostgreSQL's tsvectors, FTS5's token columns), so copying them back
        costs no Python work per story.
        """

    def copy_in(self, cursor: "CursorWrapper", table: str, stream: "BinaryIO") -> int:
        """Fill the empty table `table` from what copy_out wrote, read from the binary `stream`; returns its rows."""

    def highest_id_sql(self) -> str:
        """A SELECT returning the highest story id in the live index (NULL when it is empty)."""

    def any_row_sql(self) -> str:
        """A SELECT returning a row if the live index holds any story, none if it is empty."""

    def size_sql(self) -> str:
        """A SELECT returning the bytes the live index takes on disk."""
