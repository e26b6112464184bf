"""Every query a public page runs uses an index, checked with EXPLAIN on a small generated archive.

On SQLite the plans of a small archive are those of a large one (without
ANALYZE statistics SQLite plans as if every table were big). On PostgreSQL a
small table is rightly read whole, so there the check only flags tables of
realistic size; `python -m bench.explain_check` runs it on the ten-year archive.
"""

import datetime

import pytest
from django.db import connection

from bench.archive.writer import ArchiveOptions, archive_dates, generate_archive
from bench.explain_check import check_pages, format_report, unindexed_scans
from bench.pages import public_pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_archive(db):
    generate_archive(archive_dates(end=datetime.date(2024, 3, 10), days=3), options=ArchiveOptions(pages_per_issue=2))


def test_every_query_of_every_public_page_uses_an_index(client, small_archive):
    pages = [page for page in public_pages() if page.url]
    assert {"front", "issue", "page", "article", "case_study", "department", "campaign"} <= {
        page.type.key for page in pages
    }

    reports = check_pages(client, pages)

    assert all(report.status == 200 for report in reports), format_report(reports)
    assert all(report.queries for report in reports)
    assert not any(report.flagged for report in reports), format_report(reports)


def test_a_query_that_reads_the_whole_stories_table_is_caught(small_archive):
    from articles.models import Article

    sql, params = Article.objects.filter(headline__contains="招商").values("pk").query.sql_with_params()
    if connection.vendor == "sqlite":
        from bench.explain_check import explain

        assert unindexed_scans("sqlite", explain(connection, sql, params), sql=sql)
    else:
        plan = ["Seq Scan on articles_article  (cost=0.00..9000.00 rows=9 width=8)"]
        assert unindexed_scans("postgresql", plan, table_rows={"articles_article": 175_000})
        assert not unindexed_scans("postgresql", plan, table_rows={"articles_article": 40})


SUBQUERY = 'SELECT 1 FROM "articles_article" U0 WHERE U0."kind" = %s'


@pytest.mark.parametrize(
    "line, sql, flagged",
    [
        ("SCAN articles_article", "SELECT ... LIMIT 20", True),
        ("SCAN U0", SUBQUERY, True),
        ("SCAN U0", 'SELECT 1 FROM "departments_department" U0', False),
        ("SCAN articles_article USING INDEX article_publish_at_idx", "SELECT ... LIMIT 20", False),
        ("SCAN articles_article USING INDEX article_publish_at_idx", "SELECT ...", True),
        ("SCAN editions_page USING COVERING INDEX unique_page_number_per_issue", "SELECT ...", True),
        ("SEARCH articles_article USING INDEX article_page_idx (page_id=?)", "SELECT ...", False),
        ("SCAN departments_department", "SELECT ...", False),
    ],
)
def test_sqlite_plans_are_read_as_a_dba_would(line, sql, flagged):
    assert bool(unindexed_scans("sqlite", [line], sql=sql)) is flagged
