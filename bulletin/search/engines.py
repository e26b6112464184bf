"""
The two index engines: SQLite FTS5 and PostgreSQL tsvector.

Both index the tokens of bulletin.search.tokens and are asked only with query
text built here from those tokens, each one quoted, so nothing a reader types
ever reaches the database's query syntax.

A search walks the matches from the highest story id down (newest first),
checks each against the reader's visibility, stops after `limit`, and ranks
only those: its cost does not grow with the archive.
"""

from django.db.models.expressions import RawSQL

TABLE = "search_index"
NEW_TABLE = "search_index_new"  # built beside the live one by a rebuild, then swapped in


def _fts5_string(token):
    return '"' + token.replace('"', '""') + '"'


def _tsquery_lexeme(token):
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


class SqliteEngine:
    """An FTS5 table: title, meta and body columns, rowid = article id."""

    # bm25 weights of the title, meta and body columns.
    weights = (10.0, 4.0, 1.0)
    row_article_id = f"{TABLE}.rowid"

    def create(self, cursor, table):
        # Tokens are made in Python; unicode61 only splits them on the spaces
        # again. '.' stays inside a token so that 2660.81 is one.
        cursor.execute(
            f"CREATE VIRTUAL TABLE {table} USING fts5("
            "title, meta, body, tokenize = \"unicode61 remove_diacritics 0 tokenchars '.'\")"
        )

    def drop(self, cursor, table):
        cursor.execute(f"DROP TABLE IF EXISTS {table}")

    def finish(self, cursor, table):
        pass

    def swap_in(self, cursor, new, live):
        cursor.execute(f"DROP TABLE IF EXISTS {live}")
        cursor.execute(f"ALTER TABLE {new} RENAME TO {live}")

    def write(self, cursor, rows, *, table=TABLE, fresh=False):
        """rows: (article id, title tokens, meta tokens, body tokens), tokens space-separated."""
        if not fresh:
            cursor.executemany(f"DELETE FROM {table} WHERE rowid = %s", [(row[0],) for row in rows])
        cursor.executemany(f"INSERT INTO {table} (rowid, title, meta, body) VALUES (%s, %s, %s, %s)", rows)

    def delete(self, cursor, pks):
        cursor.executemany(f"DELETE FROM {TABLE} WHERE rowid = %s", [(pk,) for pk in pks])

    def expression(self, query):
        parts = []
        for term in query.terms:
            text = _fts5_string(" ".join(term.tokens))
            parts.append(text + "*" if term.prefix else text)
        return " AND ".join(parts)

    def matching_ids_sql(self, query):
        return f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [self.expression(query)]

    def visible_condition(self, visible, *, narrow):
        """SQL keeping only rows whose story is in the queryset `visible`.

        A narrow queryset (one department, some dates) is listed once through
        its index; otherwise each match walked is checked by its primary key.
        """
        if narrow:
            sql, params = visible.values("pk").query.sql_with_params()
            # The "+" keeps SQLite from probing the FTS table once per listed id.
            return f"+rowid IN ({sql})", params
        sql, params = visible.filter(pk=RawSQL(f"{TABLE}.rowid", ())).values("pk").query.sql_with_params()
        return f"EXISTS ({sql})", params

    def window(self, cursor, query, visible_condition, limit):
        """Ids of the newest `limit` visible matches, newest first: FTS5 walks the
        matches by falling rowid and stops at `limit`."""
        condition, params = visible_condition
        cursor.execute(
            f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s AND {condition} ORDER BY rowid DESC LIMIT %s",
            [self.expression(query), *params, limit],
        )
        return [row[0] for row in cursor.fetchall()]

    def by_relevance(self, cursor, query, ids):
        """`ids` by bm25 with column weights. Its idf pass reads every match of
        every term, so it is only asked when the matches are few."""
        weights = ", ".join(str(w) for w in self.weights)
        cursor.execute(
            f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s AND rowid >= %s "
            f"ORDER BY bm25({TABLE}, {weights}), rowid DESC",
            [self.expression(query), min(ids)],
        )
        return [row[0] for row in cursor.fetchall()]

    def in_column(self, cursor, query, column, ids):
        """Which of `ids` match `query` within one column, newest first."""
        cursor.execute(
            f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s AND rowid >= %s ORDER BY rowid DESC",
            [f"{{{column}}} : ({self.expression(query)})", min(ids)],
        )
        return [row[0] for row in cursor.fetchall()]

    def any_row_sql(self):
        return f"SELECT rowid FROM {TABLE} LIMIT 1"

    def size_sql(self):
        return f"SELECT SUM(pgsize) FROM dbstat WHERE name LIKE '{TABLE}%%'"


class PostgresEngine:
    """A table of tsvectors under a GIN index; weights A (title), B (meta), C (body)."""

    # ts_rank weights for D, C, B, A.
    weights = "{0.05, 0.2, 0.4, 1.0}"
    row_article_id = f"{TABLE}.article_id"

    def create(self, cursor, table):
        # No foreign key to the articles: signals keep the index, and a key
        # would stop Django from truncating the articles table in tests.
        cursor.execute(f"CREATE TABLE {table} (article_id bigint PRIMARY KEY, document tsvector NOT NULL)")

    def drop(self, cursor, table):
        cursor.execute(f"DROP TABLE IF EXISTS {table}")

    def finish(self, cursor, table):
        # Built once over the filled table: much faster than growing it row by row.
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        cursor.execute(f"CREATE INDEX {table}_document ON {table} USING gin (document)")
        cursor.execute(f"ANALYZE {table}")

    def swap_in(self, cursor, new, live):
        cursor.execute(f"DROP TABLE IF EXISTS {live}")
        cursor.execute(f"ALTER TABLE {new} RENAME TO {live}")
        cursor.execute(f"ALTER INDEX {new}_pkey RENAME TO {live}_pkey")
        cursor.execute(f"ALTER INDEX {new}_document RENAME TO {live}_document")

    def write(self, cursor, rows, *, table=TABLE, fresh=False):
        upsert = "" if fresh else " ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document"
        cursor.executemany(
            f"INSERT INTO {table} (article_id, document) VALUES (%s, "
            "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B') "
            f"|| setweight(to_tsvector('simple', %s), 'C')){upsert}",
            rows,
        )

    def delete(self, cursor, pks):
        cursor.execute(f"DELETE FROM {TABLE} WHERE article_id = ANY(%s)", [list(pks)])

    column_weights = {"title": "A", "meta": "B", "body": "C"}

    def expression(self, query, *, weight=""):
        parts = []
        for term in query.terms:
            lexemes = [_tsquery_lexeme(token) + (f":{weight}" if weight else "") for token in term.tokens]
            if term.prefix:
                lexemes[-1] = lexemes[-1].replace(f":{weight}", "") + f":*{weight}"
            parts.append("(" + " <-> ".join(lexemes) + ")")
        return " & ".join(parts)

    def matching_ids_sql(self, query):
        return f"SELECT article_id FROM {TABLE} WHERE document @@ %s::tsquery", [self.expression(query)]

    def visible_condition(self, visible, *, narrow):
        if narrow:
            sql, params = visible.values("pk").query.sql_with_params()
            return f"article_id IN ({sql})", params
        sql, params = visible.filter(pk=RawSQL(f"{TABLE}.article_id", ())).values("pk").query.sql_with_params()
        return f"EXISTS ({sql})", params

    def window(self, cursor, query, visible_condition, limit):
        condition, params = visible_condition
        cursor.execute(
            f"SELECT article_id FROM {TABLE} WHERE document @@ %s::tsquery AND {condition} "
            "ORDER BY article_id DESC LIMIT %s",
            [self.expression(query), *params, limit],
        )
        return [row[0] for row in cursor.fetchall()]

    def by_relevance(self, cursor, query, ids):
        cursor.execute(
            f"SELECT article_id FROM {TABLE} WHERE article_id = ANY(%s) "
            "ORDER BY ts_rank(%s, document, %s::tsquery) DESC, article_id DESC",
            [list(ids), self.weights, self.expression(query)],
        )
        return [row[0] for row in cursor.fetchall()]

    def in_column(self, cursor, query, column, ids):
        cursor.execute(
            f"SELECT article_id FROM {TABLE} WHERE article_id = ANY(%s) AND document @@ %s::tsquery "
            "ORDER BY article_id DESC",
            [list(ids), self.expression(query, weight=self.column_weights[column])],
        )
        return [row[0] for row in cursor.fetchall()]

    def any_row_sql(self):
        return f"SELECT article_id FROM {TABLE} LIMIT 1"

    def size_sql(self):
        return f"SELECT pg_total_relation_size('{TABLE}')"


def engine_for(connection):
    return PostgresEngine() if connection.vendor == "postgresql" else SqliteEngine()
