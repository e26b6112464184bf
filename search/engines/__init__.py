"""
The two index engines: SQLite FTS5 and PostgreSQL tsvector, with one interface (base.SearchEngine).

Both index the tokens of search.tokens and are asked only with query
text built from those tokens, each one quoted, so nothing a reader types ever
reaches the database's query syntax.

A search walks the matches from the highest story id down (the most recently
added first), keeps those the reader may see, stops after `limit`, and ranks
only those: its cost does not grow with the archive.
"""

from .base import SearchEngine
from .common import NEW_TABLE, TABLE
from .postgresql import PostgresEngine
from .sqlite import SqliteEngine

__all__ = ["NEW_TABLE", "TABLE", "PostgresEngine", "SearchEngine", "SqliteEngine", "engine_for"]


def engine_for(connection) -> SearchEngine:
    return PostgresEngine() if connection.vendor == "postgresql" else SqliteEngine()
