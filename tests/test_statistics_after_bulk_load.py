"""After a bulk load the planner's statistics are refreshed, with VACUUM on PostgreSQL where it may run."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.statistics import refresh_after_bulk_load
from departments.models import Department
from tests.factories import make_department


def statements_run():
    with CaptureQueriesContext(connection) as queries:
        refresh_after_bulk_load()
    return [query["sql"] for query in queries.captured_queries]


@pytest.mark.django_db
def test_inside_a_transaction_it_analyzes_only():
    # VACUUM would fail there on PostgreSQL; SQLite has nothing more to do.
    assert statements_run() == ["ANALYZE"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_outside_one_postgresql_also_vacuums():
    assert statements_run() == (["VACUUM (ANALYZE)"] if connection.vendor == "postgresql" else ["ANALYZE"])


@pytest.mark.django_db
def test_the_statistics_count_the_rows_loaded():
    for number in range(3):
        make_department(name=f"区局{number}")
    refresh_after_bulk_load()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'departments_department'")
        else:
            cursor.execute("SELECT CAST(stat AS INTEGER) FROM sqlite_stat1 WHERE tbl = 'departments_department'")
        assert cursor.fetchone()[0] == Department.objects.count() >= 3
