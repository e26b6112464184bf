"""
Make sure a benchmark database holds a generated archive; build it if it is empty.

    python -m bench.databases --database-url sqlite:////abs/path/archive10y.sqlite3 --years 10
    python -m bench.databases --database-url postgres://postgres@127.0.0.1:5432/bulletin_bench --days 30

Migrates, generates the archive when there is no issue yet (a database that
already has one is left as it is), and builds the search index when the
project has one. A PostgreSQL database that does not exist is created.
"""

import argparse
import os
import sys
import time

from . import django_env


def create_postgres_database(database_url):
    import environ
    import psycopg
    from psycopg import sql

    config = environ.Env.db_url_config(database_url)
    if "postgresql" not in config["ENGINE"]:
        return
    params = {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
            print(f"created database {config['NAME']}", file=sys.stderr)


def ensure_archive(database_url, *, years=None, days=None):
    django_env.RESULTS.mkdir(parents=True, exist_ok=True)
    create_postgres_database(database_url)
    django_env.setup(database_url)
    from django.core.management import call_command, get_commands

    from bench.archive.writer import fill
    from core import changes
    from editions.models import Issue

    call_command("migrate", verbosity=0, interactive=False)
    if Issue.objects.exists():
        print(f"archive already there: {database_url}", file=sys.stderr)
    else:
        started = time.monotonic()
        # Written past the registry of side effects, then each effect's work done once for all of it.
        with changes.paused():
            fill(years=years or 10, days=days)
        changes.everything_changed()
        call_command("rebuild_search_index", jobs=os.cpu_count() or 1)
        if "rebuild_change_feed" in get_commands():
            call_command("rebuild_change_feed")
        print(f"generated and indexed in {time.monotonic() - started:.0f} s", file=sys.stderr)
    if search_index_is_empty():
        call_command("rebuild_search_index", jobs=os.cpu_count() or 1)


def search_index_is_empty():
    from django.core.management import get_commands

    if "rebuild_search_index" not in get_commands():
        return False
    from search import backends

    return backends.index_is_empty()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    size = parser.add_mutually_exclusive_group(required=True)
    size.add_argument("--years", type=int)
    size.add_argument("--days", type=int)
    args = parser.parse_args(argv)
    ensure_archive(args.database_url, years=args.years, days=args.days)


if __name__ == "__main__":
    main()
