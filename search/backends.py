"""
The search interface the rest of the site uses, whatever the database.

    index_article(article)  remove_article(pk)  rebuild(...)
    search(query, published_only=True, department=None, kind=None, date_from=None, date_to=None)
    filter_queryset(queryset, query)   (the admin)

Readers only ever find what Article.objects.published() returns at the moment
they search: the index holds text, and every search is joined with that
queryset, so a scheduled story turns up when its time comes without
re-indexing and a withdrawn one is gone at once.
"""

import datetime
import multiprocessing

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone

from articles.models import Article

from . import documents
from .engines import NEW_TABLE, TABLE, SearchEngine, engine_for
from .tokens import TOKENS_VERSION, document_text, parse_query

BATCH_SIZE = 500


def engine() -> SearchEngine:
    return engine_for(connection)


def index_articles(articles, *, table=TABLE, fresh=False):
    """(Re)index the given articles, fetched with documents.articles_for_indexing().

    `fresh` says the index holds none of them yet (a rebuild), so nothing is replaced.
    """
    rows = [(article.pk, *map(document_text, documents.document(article))) for article in articles]
    if rows:
        with connection.cursor() as cursor:
            engine().write(cursor, rows, table=table, fresh=fresh)
    return len(rows)


def index_article(article):
    """(Re)index one story from what is in the database now; a deleted one leaves the index."""
    pk = getattr(article, "pk", article)
    found = list(documents.articles_for_indexing().filter(pk=pk))
    if found:
        index_articles(found)
    else:
        remove_article(pk)


def index_pks(pks):
    """(Re)index these stories; those no longer in the database leave the index."""
    pks = sorted(set(pks))
    for start in range(0, len(pks), BATCH_SIZE):
        batch = pks[start : start + BATCH_SIZE]
        found = list(documents.articles_for_indexing().filter(pk__in=batch))
        index_articles(found)
        gone = set(batch) - {article.pk for article in found}
        if gone:
            remove_articles(gone)


def remove_article(pk):
    remove_articles([pk])


def remove_articles(pks):
    with connection.cursor() as cursor:
        engine().delete(cursor, list(pks))


def rebuild(*, batch_size=BATCH_SIZE, progress=None, jobs=1):
    """Build a new index beside the live one, swap it in, and return the number indexed.

    Each batch is its own short transaction, so the newsroom can keep saving
    (SQLite has one writer at a time) and readers keep searching the old index
    until the swap. Stories saved during the build are indexed again after it.
    With `jobs` > 1 on PostgreSQL, that many processes index batches side by
    side (cutting CJK text into terms is Python's work, one core each).
    """
    started = timezone.now()
    with connection.cursor() as cursor:
        engine().drop(cursor, NEW_TABLE)
        engine().create(cursor, NEW_TABLE)
    pks = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    batches = [pks[start : start + batch_size] for start in range(0, len(pks), batch_size)]
    total = 0
    for indexed in _indexed_batches(batches, jobs):
        total += indexed
        if progress:
            progress(indexed)
    with transaction.atomic(), connection.cursor() as cursor:
        engine().finish(cursor, NEW_TABLE)
        engine().swap_in(cursor, NEW_TABLE, TABLE)
    index_pks(Article.objects.filter(updated_at__gte=started).values_list("pk", flat=True))
    return total


# What a copy of the index holds: the engine's stored rows, cut into tokens as this version cuts them.
# A copy is read back only into the same kind of index; any other is rebuilt from the stories instead.
COPY_FORMAT = "{vendor}-tokens-{version}"


def copy_format(using=DEFAULT_DB_ALIAS):
    return COPY_FORMAT.format(vendor=connections[using].vendor, version=TOKENS_VERSION)


def copy_out(write, *, using=DEFAULT_DB_ALIAS):
    """
    Write the live index through `write(bytes)`, on `using` (a backup reads one snapshot).

    Returns what copy_in is to be told: {"rows": rows written, "up_to": the highest story id among them}.
    """
    found = engine_for(connections[using])
    with connections[using].cursor() as cursor:
        cursor.execute(found.highest_id_sql())
        up_to = cursor.fetchone()[0] or 0
        rows = found.copy_out(cursor, write)
    return {"rows": rows, "up_to": up_to}


def copy_in(stream, about):
    """
    Build an index from a copy that copy_out wrote beside the live one; returns its rows.

    `stream` is the copy, opened in binary; `about` is what copy_out returned.
    swap_in_copy() then makes it the live index; discard_copy() drops it.
    It reads nothing but the copy, so it may run on a connection of its own
    while the stories are still being written on another (a restore).
    """
    with connection.cursor() as cursor:
        engine().drop(cursor, NEW_TABLE)
        engine().create(cursor, NEW_TABLE, up_to=int(about.get("up_to") or 0))
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            count = engine().copy_in(cursor, NEW_TABLE, stream)
            engine().finish(cursor, NEW_TABLE)
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # What the restore's VACUUM at the end would do to these pages, done here, beside the stories.
            with connection.cursor() as cursor:
                cursor.execute(f"VACUUM (ANALYZE) {NEW_TABLE}")
    except BaseException:
        discard_copy()
        raise
    return count


def swap_in_copy():
    with transaction.atomic(), connection.cursor() as cursor:
        engine().swap_in(cursor, NEW_TABLE, TABLE)


def discard_copy():
    with connection.cursor() as cursor:
        engine().drop(cursor, NEW_TABLE)


def _indexed_batches(batches, jobs):
    """The number of stories indexed, batch by batch, in this process or in `jobs` of them."""
    # Other processes see only what is committed: inside a transaction (a test), or on
    # SQLite, whose one writer at a time would make them queue, the batches go one by one.
    if jobs <= 1 or connection.vendor != "postgresql" or connection.in_atomic_block:
        for batch in batches:
            yield _index_batch(batch)
        return
    # Each process opens its own connection: none may inherit this one's socket.
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        yield from pool.imap_unordered(_index_batch, batches)


def _index_batch(pks):
    with transaction.atomic():
        return index_articles(documents.articles_for_indexing().filter(pk__in=pks), table=NEW_TABLE, fresh=True)


def index_is_empty():
    with connection.cursor() as cursor:
        cursor.execute(engine().any_row_sql())
        return cursor.fetchone() is None


def index_size():
    """Bytes the index takes on disk."""
    with connection.cursor() as cursor:
        cursor.execute(engine().size_sql())
        return int(cursor.fetchone()[0] or 0)


def filter_queryset(queryset, query):
    """`queryset` narrowed to the stories matching `query` (unranked): the admin's search."""
    parsed = parse_query(query)
    if not parsed:
        return queryset.none()
    sql, params = engine().matching_ids_sql(parsed)
    return queryset.filter(pk__in=RawSQL(sql, params))


def visible_articles(*, published_only=True, department=None, kind=None, date_from=None, date_to=None, now=None):
    """The stories a search may return, with the filters applied."""
    articles = Article.objects.published(now=now) if published_only else Article.objects.all()
    if department is not None:
        articles = articles.filter(department=department)
    if kind:
        articles = articles.filter(kind=kind)
    # Whole days in Beijing time, as the edition dates are read.
    # The calendar's first and last days cannot be shifted to UTC or have no next day
    # (OverflowError, found by tests/test_fuzz_urls.py): nothing lies beyond them anyway.
    if date_from and date_from > datetime.date.min:
        articles = articles.filter(publish_at__gte=_start_of(date_from))
    if date_to and date_to < datetime.date.max:
        articles = articles.filter(publish_at__lt=_start_of(date_to + datetime.timedelta(days=1)))
    return articles


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def search(query, *, within=None, now=None, **filters):
    """Ranked hits for `query` among the visible stories (or `within`, a queryset).

    Returns SearchResults: len() is the number of hits, slicing fetches that
    page's stories in rank order. A query with nothing searchable in it finds
    nothing rather than everything.
    """
    from .results import SearchResults

    if within is not None:
        return SearchResults(parse_query(query), within, filtered=True)
    return SearchResults(
        parse_query(query),
        visible_articles(now=now, **filters),
        filtered=any(filters.values()),
        narrow=bool(filters.get("department") or filters.get("date_from") or filters.get("date_to")),
    )
