"""
PostgreSQL: a table of tsvectors under a GIN index.

`document` holds every part with weights A (headline, kicker), B (subheadline,
dateline, department, bylines) and C (body, case-study parts, captions);
`heading` holds the A and B parts again, small enough to stay in the row, so
telling a headline match from a body match never reads the large toasted
`document`.

The table is partitioned by ranges of SLICE story ids, each with its own GIN
index. A common word is in most stories, and a GIN index hands back every
story holding it, unordered; asking the newest slice first, then the next,
and stopping once enough are found, keeps that cost to one slice's worth
however long the archive grows.
"""

import re
import time
from contextlib import contextmanager

from django.db import DatabaseError, transaction
from django.db.models.expressions import RawSQL

from .common import TABLE

SLICE = 20_000  # story ids per partition
COPY_CHUNK = 1 << 20
SLICES_TTL = 60  # seconds a process trusts its list of partitions
_slices_cache = {}

WEIGHTS = "{0.05, 0.2, 0.4, 1.0}"  # ts_rank's weights for D, C, B, A


def _lexeme(token):
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


@contextmanager
def planner_hints(cursor, *, index_scans=False):
    """Pin the search's plans to GIN slices and index probes: PostgreSQL's own take seconds on a ten-year archive.

    Inside, each slice is read through its GIN index, one slice after
    another, with no parallel workers, and the listed stories are checked
    against the published rule by index probes. Index scans start off
    (matching) unless `index_scans`; the block is given a switch to turn them
    on while stories are listed or checked against the published rule, and
    off again while matching. The settings end with the block's transaction;
    on a database other than PostgreSQL nothing is set.

    The planner does not count the cost of reading each row's toasted tsvector,
    so for a common word it would rather walk the primary key or the whole
    table testing every row. And to check a few hundred stories it would read
    every edition into a hash, a table that grows by a row a day, where
    probing the editions' covering index for the few hundred is as fast today
    and stays so. With index scans on, each listed story, its page and its
    edition is read from the covering index that holds the rule's columns
    beside the key, without a visit to the table: half the time of the bitmap
    probes that are all the planner has with them off (1.2 against 2.4 ms for
    560 stories on a ten-year archive).
    """
    if cursor.db.vendor != "postgresql":
        yield lambda allowed: None
        return

    def allow_index_scans(allowed):
        cursor.execute("SELECT set_config('enable_indexscan', %s, true)", ["on" if allowed else "off"])

    with transaction.atomic(using=cursor.db.alias):
        cursor.execute(
            "SELECT set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', %s, true), "
            "set_config('max_parallel_workers_per_gather', '0', true)",
            ["on" if index_scans else "off"],
        )
        yield allow_index_scans


def _partitions(cursor, table):
    cursor.execute(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = %s::regclass",
        [table],
    )
    return [row[0] for row in cursor.fetchall()]


def slices(cursor, *, fresh=False):
    """The partitions of the live index, newest first (the default one, for ids
    past the last range, comes first of all)."""
    cached = _slices_cache.get("slices")
    if cached and not fresh and time.monotonic() - _slices_cache["at"] < SLICES_TTL:
        return cached
    names = _partitions(cursor, TABLE)
    ranged = sorted((n for n in names if _slice_range(n)), key=lambda n: _slice_range(n)[0], reverse=True)
    found = [n for n in names if n not in ranged] + ranged or [TABLE]  # an index built unpartitioned
    _slices_cache.update(slices=found, at=time.monotonic())
    return found


def _slice_range(name):
    """The ids a numbered partition holds, as (low, high); None for the default partition or an unpartitioned index."""
    match = re.match(rf"^{TABLE}_p(\d+)$", name)
    return (int(match.group(1)) * SLICE, (int(match.group(1)) + 1) * SLICE) if match else None


def _among_by_slice(names, among):
    """`among` split by the partition each id is in: {name: ids}, partitions with none left out.

    Each partition is then asked only for its own listed stories, which lets
    PostgreSQL combine the listed ids' and the word's bitmaps, instead of sending
    and joining the whole list once per partition.
    """
    ranges = {name: _slice_range(name) for name in names}
    past_ranges = max((bounds[1] for bounds in ranges.values() if bounds), default=0)
    split = {}
    for name, bounds in ranges.items():
        if bounds:
            ids = [pk for pk in among if bounds[0] <= pk < bounds[1]]
        else:
            ids = [pk for pk in among if pk >= past_ranges]
        if ids:
            split[name] = ids
    return split


class PostgresEngine:
    def create(self, cursor, table, *, up_to=None):
        # No foreign key to the articles: signals keep the index, and a key
        # would stop Django from truncating the articles table in tests.
        cursor.execute(
            f"CREATE TABLE {table} (article_id bigint NOT NULL, document tsvector NOT NULL, heading tsvector, "
            "PRIMARY KEY (article_id)) PARTITION BY RANGE (article_id)"
        )
        if up_to is None:
            cursor.execute("SELECT COALESCE(max(id), 0) FROM articles_article")
            up_to = cursor.fetchone()[0]
        # Ranges up to a little past today's last story; later ones land in the default partition.
        for number in range(up_to // SLICE + 2):
            cursor.execute(
                f"CREATE TABLE {table}_p{number} PARTITION OF {table} "
                f"FOR VALUES FROM ({number * SLICE}) TO ({(number + 1) * SLICE})"
            )
        cursor.execute(f"CREATE TABLE {table}_pdefault PARTITION OF {table} DEFAULT")

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
        for name in _partitions(cursor, live):
            cursor.execute(f"ALTER TABLE {name} RENAME TO {live}{name[len(new) :]}")
        _slices_cache.clear()

    def write(self, cursor, rows, *, table=TABLE, fresh=False):
        upsert = (
            ""
            if fresh
            else " ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document, heading = EXCLUDED.heading"
        )
        cursor.executemany(
            f"INSERT INTO {table} (article_id, heading, document) "
            "SELECT id, heading, heading || setweight(to_tsvector('simple', body), 'C') FROM (SELECT %s AS id, "
            "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B') AS heading, "
            f"%s AS body) AS parts{upsert}",
            rows,
        )

    def delete(self, cursor, pks):
        cursor.execute(f"DELETE FROM {TABLE} WHERE article_id = ANY(%s)", [list(pks)])

    # COPY's text format, as pg_dump writes a table: PostgreSQL prints and parses the tsvectors itself.
    def copy_out(self, cursor, write):
        with cursor.cursor.copy(f"COPY (SELECT article_id, heading, document FROM {TABLE}) TO STDOUT") as copy:
            for data in copy:
                write(bytes(data))
        return cursor.cursor.rowcount

    def copy_in(self, cursor, table, stream):
        with cursor.cursor.copy(f"COPY {table} (article_id, heading, document) FROM STDIN") as copy:
            while data := stream.read(COPY_CHUNK):
                copy.write(data)
        return cursor.cursor.rowcount

    def _expression(self, query, *, weight=""):
        parts = []
        for term in query.terms:
            lexemes = [_lexeme(token) + (f":{weight}" if weight else "") for token in term.tokens]
            if term.prefix:
                lexemes[-1] = _lexeme(term.tokens[-1]) + f":*{weight}"
            parts.append("(" + " <-> ".join(lexemes) + ")")
        return " & ".join(parts)

    def matching_ids_sql(self, query):
        return f"SELECT article_id FROM {TABLE} WHERE document @@ %s::tsquery", [self._expression(query)]

    def window(self, cursor, query, visible, *, narrow, limit):
        try:
            with planner_hints(cursor, index_scans=narrow) as allow_index_scans:
                return self._window(cursor, allow_index_scans, query, visible, narrow=narrow, limit=limit)
        except DatabaseError:
            # Another process rebuilt the index and its partitions changed: look again.
            slices(cursor, fresh=True)
            with planner_hints(cursor, index_scans=narrow) as allow_index_scans:
                return self._window(cursor, allow_index_scans, query, visible, narrow=narrow, limit=limit)

    def _window(self, cursor, allow_index_scans, query, visible, *, narrow, limit):
        if narrow:
            # One department or some dates: list the few visible stories first
            # (from the covering indexes, with index scans on), then match among them.
            shown = list(visible.order_by().values_list("pk", flat=True))
            allow_index_scans(False)
            return self._newest_matches(cursor, query, limit, among=shown)
        # Otherwise nearly every match is visible: take the newest matches, then
        # keep those Article.objects.published() has; go on only if too few were.
        found, before, chunk = [], None, limit + limit // 10 + 10
        while True:
            ids = self._newest_matches(cursor, query, chunk, before=before)
            if not ids:
                break
            # One array parameter rather than a thousand placeholders to build and plan.
            listed = RawSQL("SELECT unnest(%s::bigint[])", (ids,))
            allow_index_scans(True)
            shown = set(visible.order_by().filter(pk__in=listed).values_list("pk", flat=True))
            found += [pk for pk in ids if pk in shown]
            if len(found) >= limit or len(ids) < chunk:
                break
            before = ids[-1]
            allow_index_scans(False)
        return found[:limit]

    def _newest_matches(self, cursor, query, limit, *, before=None, among=None):
        """The newest `limit` matches (older than `before`, within `among`), slice by slice."""
        names = slices(cursor)
        listed = _among_by_slice(names, among) if among is not None else dict.fromkeys(names)
        parts, params = [], []
        for name in (name for name in names if name in listed):
            conditions = ["document @@ %s::tsquery"]
            params.append(self._expression(query))
            if before is not None:
                conditions.append("article_id < %s")
                params.append(before)
            if among is not None:
                conditions.append("article_id = ANY(%s::bigint[])")
                params.append(listed[name])
            parts.append(
                f"(SELECT article_id FROM {name} WHERE {' AND '.join(conditions)} ORDER BY article_id DESC LIMIT %s)"
            )
            params.append(limit)
        if not parts:
            return []
        cursor.execute(f"SELECT article_id FROM ({' UNION ALL '.join(parts)}) AS newest LIMIT %s", [*params, limit])
        return sorted((row[0] for row in cursor.fetchall()), reverse=True)

    def by_relevance(self, cursor, query, ids):
        cursor.execute(
            f"SELECT article_id FROM {TABLE} WHERE article_id = ANY(%s) "
            "ORDER BY ts_rank(%s, document, %s::tsquery) DESC, article_id DESC",
            [list(ids), WEIGHTS, self._expression(query)],
        )
        return [row[0] for row in cursor.fetchall()]

    def heading_matches(self, cursor, query, ids):
        title, meta = self._expression(query, weight="A"), self._expression(query, weight="B")
        cursor.execute(
            f"SELECT article_id, heading @@ %s::tsquery FROM {TABLE} "
            "WHERE article_id = ANY(%s) AND heading @@ (%s::tsquery || %s::tsquery) ORDER BY article_id DESC",
            [title, list(ids), title, meta],
        )
        rows = cursor.fetchall()
        return [pk for pk, in_title in rows if in_title], [pk for pk, in_title in rows if not in_title]

    def highest_id_sql(self):
        return f"SELECT max(article_id) FROM {TABLE}"

    def any_row_sql(self):
        return f"SELECT article_id FROM {TABLE} LIMIT 1"

    def size_sql(self):
        return f"SELECT sum(pg_total_relation_size(relid)) FROM pg_partition_tree('{TABLE}')"
