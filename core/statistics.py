"""What the database needs after a bulk load before its query plans can be trusted."""

from django.db import connection


def refresh_after_bulk_load():
    """Refresh the database's statistics so that query plans see the tables' real size.

    On PostgreSQL also VACUUM, as autovacuum would soon after a bulk load: it
    marks the new pages all-visible, without which the covering indexes
    cannot answer from the index alone. VACUUM cannot run in a transaction
    (a test's, say); ANALYZE alone does there.
    """
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)" if vacuum else "ANALYZE")
