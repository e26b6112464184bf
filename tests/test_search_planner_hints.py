"""The PostgreSQL engine's planner hints hold inside their block only, and ask nothing of SQLite."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.engines.postgresql import planner_hints

HINTED = ("enable_seqscan", "enable_indexscan", "max_parallel_workers_per_gather")
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="the hints are PostgreSQL settings")
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite side")


def hinted_settings(cursor):
    cursor.execute("SELECT " + ", ".join(f"current_setting('{name}')" for name in HINTED))
    return dict(zip(HINTED, cursor.fetchone(), strict=True))


# Each block must be the outermost transaction: inside a test's own, the
# settings would last until that one ends, which is what SET LOCAL means.
@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("index_scans", [False, True])
def test_the_hints_hold_inside_their_transaction_and_end_with_it(index_scans):
    with connection.cursor() as cursor:
        before = hinted_settings(cursor)
        assert before["enable_seqscan"] == "on" and before["enable_indexscan"] == "on"
        with planner_hints(cursor, index_scans=index_scans) as allow_index_scans:
            assert connection.in_atomic_block
            assert hinted_settings(cursor) == {
                "enable_seqscan": "off",
                "enable_indexscan": "on" if index_scans else "off",
                "max_parallel_workers_per_gather": "0",
            }
            allow_index_scans(not index_scans)
            assert hinted_settings(cursor)["enable_indexscan"] == ("off" if index_scans else "on")
            allow_index_scans(index_scans)
            assert hinted_settings(cursor)["enable_indexscan"] == ("on" if index_scans else "off")
        assert not connection.in_atomic_block
        assert hinted_settings(cursor) == before


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_hints_end_when_the_search_fails_inside_them():
    with connection.cursor() as cursor:
        before = hinted_settings(cursor)
        with pytest.raises(RuntimeError), planner_hints(cursor):
            raise RuntimeError("a search that failed half-way")
        assert hinted_settings(cursor) == before


@on_sqlite
@pytest.mark.django_db
def test_the_hints_ask_nothing_of_sqlite():
    with connection.cursor() as cursor, CaptureQueriesContext(connection) as queries:
        in_atomic_block = connection.in_atomic_block
        with planner_hints(cursor, index_scans=True) as allow_index_scans:
            allow_index_scans(False)
            assert connection.in_atomic_block == in_atomic_block
    assert queries.captured_queries == []
