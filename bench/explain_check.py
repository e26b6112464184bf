"""
Does every query a public page runs use an index? Ask the database with EXPLAIN.

    python -m bench.explain_check                  # the ten-year SQLite archive in bench/results/
    python -m bench.explain_check --database-url postgres://postgres@127.0.0.1:5432/bulletin_bench

Each public page (bench.pages) is fetched once; every SELECT it runs is
captured with its parameters and explained. A plan is flagged when it reads a
whole table that grows with the archive:

- SQLite (EXPLAIN QUERY PLAN): "SCAN <table>" without "USING INDEX" or
  "USING COVERING INDEX"; and "SCAN <table> USING INDEX" (a walk through the
  whole index) in a query without LIMIT to stop it. Without ANALYZE
  statistics SQLite plans as if every table were large, so a small archive
  shows the plans of a big one.
- PostgreSQL (EXPLAIN, after ANALYZE): "Seq Scan on <table>" for a table of at
  least MIN_ROWS rows. On small tables a sequential scan is the right plan, so
  this check means something only on a realistically sized archive.

Exit status 1 when something is flagged.
"""

import argparse
import re
import sys
from dataclasses import dataclass, field

from . import django_env

# Tables whose size grows with the archive; a full scan of one costs more every day.
GROWING_TABLES = {
    "articles_article",
    "articles_byline",
    "articles_photo",
    "articles_casestudy",
    "articles_practice",
    "articles_lesson",
    "articles_keyfigure",
    "articles_statuschange",
    "editions_issue",
    "editions_page",
}
MIN_ROWS = 1000

SQLITE_SCAN = re.compile(r"^SCAN (\w+)")
POSTGRES_SEQ_SCAN = re.compile(r"Seq Scan on (\w+)")
SQL_ALIAS = re.compile(r'"(\w+)" ([A-Z]\d+)\b')
SQL_LIMIT = re.compile(r"\bLIMIT\b", re.IGNORECASE)


@dataclass
class ExplainedQuery:
    sql: str
    params: tuple
    plan: list
    flagged: list = field(default_factory=list)


@dataclass
class PageReport:
    label: str
    url: str
    status: int
    queries: list

    @property
    def flagged(self):
        return [query for query in self.queries if query.flagged]


def unindexed_scans(vendor, plan_lines, *, sql="", table_rows=None):
    """The plan lines that read a whole growing table; `table_rows` (PostgreSQL) gives each table's size."""
    if vendor == "sqlite":
        return _sqlite_full_scans(plan_lines, sql)
    flagged = []
    for line in plan_lines:
        match = POSTGRES_SEQ_SCAN.search(line)
        if match and match.group(1) in GROWING_TABLES and (table_rows or {}).get(match.group(1), 0) >= MIN_ROWS:
            flagged.append(line.strip())
    return flagged


def _sqlite_full_scans(plan_lines, sql):
    # Django's subqueries name tables U0, U1...; the plan names them the same way.
    aliases = {alias: table for table, alias in SQL_ALIAS.findall(sql)}
    has_limit = bool(SQL_LIMIT.search(sql))
    flagged = []
    for line in plan_lines:
        match = SQLITE_SCAN.match(line.strip())
        if not match or aliases.get(match.group(1), match.group(1)) not in GROWING_TABLES:
            continue
        # "SCAN t USING INDEX i" walks the whole index in its order: harmless
        # when a LIMIT stops the walk early, a full scan otherwise.
        if "USING" not in line or not has_limit:
            flagged.append(line.strip())
    return flagged


# Planner settings a page may change for its own statements (search/engines/postgresql.py).
PLANNER_SETTINGS = ("enable_seqscan", "enable_indexscan", "max_parallel_workers_per_gather")


def planner_settings(connection):
    """The PostgreSQL planner settings in force now, read beside Django's cursor so nothing is recorded."""
    if connection.vendor != "postgresql":
        return ()
    columns = ", ".join(f"current_setting('{name}')" for name in PLANNER_SETTINGS)
    values = connection.connection.execute(f"SELECT {columns}").fetchone()
    return tuple(zip(PLANNER_SETTINGS, values, strict=True))


def explain(connection, sql, params, settings=()):
    """The plan of one statement, planned under the settings it ran with."""
    from django.db import transaction

    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            return [row[-1] for row in cursor.fetchall()]
        for name, value in settings:
            cursor.execute("SELECT set_config(%s, %s, true)", [name, value])
        cursor.execute("EXPLAIN " + sql, params)
        return [row[0] for row in cursor.fetchall()]


def table_rows(connection):
    """Estimated rows of each table (PostgreSQL's statistics, fresh after ANALYZE)."""
    if connection.vendor != "postgresql":
        return {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, reltuples FROM pg_class WHERE relkind = 'r'")
        return dict(cursor.fetchall())


def capture_selects(client, url):
    """Fetch `url`; return (status, [(sql, params, planner settings)]) for each SELECT it ran, exactly as sent."""
    from django.db import connection

    # execute_wrapper, rather than CaptureQueriesContext, keeps the SQL and its
    # parameters apart: the logged SQL has them interpolated, which is not
    # always valid SQL to explain again.
    statements = []

    def record(execute, sql, params, many, context):
        if not many and sql.lstrip().upper().startswith(("SELECT", "WITH")):
            statements.append((sql, tuple(params or ()), planner_settings(connection)))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        status = client.get(url).status_code
    return status, statements


def check_pages(client, pages):
    """A PageReport for each public page that exists."""
    from django.db import connection

    rows = table_rows(connection)
    reports = []
    for page in pages:
        if page.url is None:
            continue
        status, statements = capture_selects(client, page.url)
        queries = []
        for sql, params, settings in statements:
            plan = explain(connection, sql, params, settings)
            flagged = unindexed_scans(connection.vendor, plan, sql=sql, table_rows=rows)
            queries.append(ExplainedQuery(sql, params, plan, flagged))
        reports.append(PageReport(page.type.label, page.url, status, queries))
    return reports


def _short(text, limit):
    return text if len(text) <= limit else text[: limit - 1] + "…"


def format_report(reports, *, verbose=False):
    lines = []
    for report in reports:
        flagged = report.flagged
        lines.append(
            f"{'FULL SCAN' if flagged else 'ok':9} {report.label} {report.url} (HTTP {report.status}, "
            f"{len(report.queries)} queries)"
        )
        for query in report.queries if verbose else flagged:
            params = ", ".join(repr(p) for p in query.params[:6])
            if len(query.params) > 6:
                params += f", … ({len(query.params)} in all)"
            lines.append(f"    {_short(query.sql, 400)}")
            lines.append(f"      params: {params}")
            lines.extend(f"      | {_short(line, 200)}" for line in query.plan)
            if query.flagged:
                lines.append(f"      => reads a whole table: {'; '.join(query.flagged)}")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=f"sqlite:///{django_env.RESULTS / 'archive10y.sqlite3'}")
    parser.add_argument("--verbose", action="store_true", help="Print every query and its plan.")
    args = parser.parse_args(argv)
    django_env.setup(args.database_url)
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    from .pages import public_pages

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    with override_settings(**django_env.bench_settings()):
        reports = check_pages(Client(), public_pages())
    print(f"EXPLAIN check on {connection.vendor} {connection.settings_dict['NAME']}")
    print(format_report(reports, verbose=args.verbose))
    sys.exit(1 if any(report.flagged for report in reports) else 0)


if __name__ == "__main__":
    main()
