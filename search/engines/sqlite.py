"""SQLite: an FTS5 table with title, meta and body columns; rowid = article id."""

import json
from itertools import islice

from django.db.models.expressions import RawSQL

from .common import TABLE

COPY_ROWS = 1000


def _rows(stream):
    """The rows copy_out wrote, each checked to be [id, text, text, text]."""
    for line in stream:
        if line.strip():
            row = json.loads(line)
            if not (len(row) == 4 and type(row[0]) is int and all(isinstance(part, str) for part in row[1:])):
                raise ValueError("not a row of the search index")
            yield row


def _batches(rows, size):
    while batch := list(islice(rows, size)):
        yield batch


def _fts5_string(token):
    return '"' + token.replace('"', '""') + '"'


class SqliteEngine:
    # bm25 weights of the title, meta and body columns.
    weights = (10.0, 4.0, 1.0)

    def create(self, cursor, table, *, up_to=None):
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
        if not fresh:
            cursor.executemany(f"DELETE FROM {table} WHERE rowid = %s", [(row[0],) for row in rows])
        cursor.executemany(f"INSERT INTO {table} (rowid, title, meta, body) VALUES (%s, %s, %s, %s)", rows)

    def delete(self, cursor, pks):
        cursor.executemany(f"DELETE FROM {TABLE} WHERE rowid = %s", [(pk,) for pk in pks])

    # One JSON array a line: [rowid, title, meta, body], the columns FTS5 keeps.
    def copy_out(self, cursor, write):
        cursor.execute(f"SELECT rowid, title, meta, body FROM {TABLE}")
        count = 0
        while rows := cursor.fetchmany(COPY_ROWS):
            write("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode())
            count += len(rows)
        return count

    def copy_in(self, cursor, table, stream):
        count = 0
        for rows in _batches(_rows(stream), COPY_ROWS):
            cursor.executemany(f"INSERT INTO {table} (rowid, title, meta, body) VALUES (%s, %s, %s, %s)", rows)
            count += len(rows)
        return count

    def _expression(self, query):
        parts = []
        for term in query.terms:
            text = _fts5_string(" ".join(term.tokens))
            parts.append(text + "*" if term.prefix else text)
        return " AND ".join(parts)

    def matching_ids_sql(self, query):
        return f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [self._expression(query)]

    def _visible_condition(self, visible, *, narrow):
        """SQL keeping only rows whose story is in the queryset `visible`.

        A narrow queryset (one department, some dates) is listed once through
        its index; otherwise each match walked is checked by its primary key.
        """
        if narrow:
            sql, params = visible.order_by().values("pk").query.sql_with_params()
            # The "+" keeps SQLite from probing the FTS table once per listed id.
            return f"+rowid IN ({sql})", params
        sql, params = visible.order_by().filter(pk=RawSQL(f"{TABLE}.rowid", ())).values("pk").query.sql_with_params()
        return f"EXISTS ({sql})", params

    def window(self, cursor, query, visible, *, narrow, limit):
        # FTS5 walks the matches by falling rowid and stops at `limit`.
        condition, params = self._visible_condition(visible, narrow=narrow)
        cursor.execute(
            f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s AND {condition} ORDER BY rowid DESC LIMIT %s",
            [self._expression(query), *params, limit],
        )
        return [row[0] for row in cursor.fetchall()]

    def by_relevance(self, cursor, query, ids):
        # bm25's idf pass reads every match of every term, so this is only
        # asked when the matches are few.
        weights = ", ".join(str(w) for w in self.weights)
        cursor.execute(
            f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s AND rowid BETWEEN %s AND %s "
            f"ORDER BY bm25({TABLE}, {weights}), rowid DESC",
            [self._expression(query), min(ids), max(ids)],
        )
        return [row[0] for row in cursor.fetchall()]

    def heading_matches(self, cursor, query, ids):
        found = []
        for column in ("title", "meta"):
            # In rowid order: FTS5 walks a column filter backwards many times slower.
            cursor.execute(
                f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s AND rowid BETWEEN %s AND %s",
                [f"{{{column}}} : ({self._expression(query)})", min(ids), max(ids)],
            )
            found.append(sorted((row[0] for row in cursor.fetchall()), reverse=True))
        return tuple(found)

    def highest_id_sql(self):
        return f"SELECT max(rowid) FROM {TABLE}"

    def any_row_sql(self):
        return f"SELECT rowid FROM {TABLE} LIMIT 1"

    def size_sql(self):
        return f"SELECT SUM(pgsize) FROM dbstat WHERE name LIKE '{TABLE}%%'"
