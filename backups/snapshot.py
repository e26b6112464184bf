"""
One consistent view of the whole database, read while the site goes on serving
readers and saving editors' work.

PostgreSQL: the dump runs in one transaction opened with
``SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY``. It sees the
snapshot taken at its first query and nothing committed afterwards; MVCC means
it blocks no writer and no writer blocks it.

SQLite: the settings open every atomic block with BEGIN IMMEDIATE, which takes
the write lock, so dumping inside one would make every editor wait for the
whole dump (and fail with "database is locked" past the busy timeout). Instead
SQLite's online backup API copies the live database into a private file in a
single step. That step reads under one read transaction, which in WAL mode is
a single snapshot and does not stop writers (they append to the WAL
meanwhile); it takes about as long as copying the file. The slow part, turning
rows into JSON, then reads the copy through a temporary connection alias and
holds nothing on the live database. A deferred read transaction on the live
connection would also give a snapshot, but it would have to go around Django's
transaction handling and would keep the WAL from being checkpointed for the
whole dump.

Already inside a transaction (a test, or a caller who wants its own
uncommitted writes in the backup), the dump reads through that transaction.
"""

import sqlite3
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connections, transaction

SNAPSHOT_ALIAS = "backup_snapshot"


@contextmanager
def consistent_read(workdir, *, using=DEFAULT_DB_ALIAS):
    """Yield the alias of a connection that sees one snapshot of the database."""
    connection = connections[using]
    if connection.in_atomic_block:
        yield using
    elif connection.vendor == "sqlite":
        with _sqlite_copy(connection, workdir / "snapshot.sqlite3") as alias:
            yield alias
    elif connection.vendor == "postgresql":
        connection.ensure_connection()
        with transaction.atomic(using=using):
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield using
    else:
        # Other databases: one transaction at their default isolation level.
        with transaction.atomic(using=using):
            yield using


@contextmanager
def _sqlite_copy(connection, path):
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    try:
        # pages=-1: the whole file in one step, hence one snapshot.
        connection.connection.backup(copy, pages=-1)
    finally:
        copy.close()
    connections.settings[SNAPSHOT_ALIAS] = {
        **connection.settings_dict,
        "NAME": str(path),
        "CONN_MAX_AGE": 0,
        "OPTIONS": {"init_command": "PRAGMA query_only = ON;"},
    }
    try:
        yield SNAPSHOT_ALIAS
    finally:
        connections[SNAPSHOT_ALIAS].close()
        del connections[SNAPSHOT_ALIAS]
        del connections.settings[SNAPSHOT_ALIAS]
        ContentType.objects.clear_cache()
