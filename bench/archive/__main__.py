"""
python -m bench.archive [--database-url URL] [--years 10 | --days N] ...: fill a database with a generated archive.

The database must be migrated first (`python -m bench.databases` does both).
This is not a management command: years of generated editions are a
benchmark's tool, not something the site installs.
"""

import argparse
import datetime
import sys

from bench import django_env


def positive(value):
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


def parser():
    parser = argparse.ArgumentParser(
        prog="python -m bench.archive",
        description=(
            "Fill the database with a realistic archive of daily editions (by default ten years ending "
            "yesterday), for benchmarks and load tests. Refuses dates that already have an issue unless "
            "--append is given."
        ),
    )
    parser.add_argument("--database-url", help="The database to fill (default: DATABASE_URL, else the site's own).")
    parser.add_argument("--years", type=positive, default=10, help="Years of daily editions (default 10).")
    parser.add_argument("--days", type=positive, help="Days of editions; overrides --years (for tests).")
    parser.add_argument(
        "--end", type=datetime.date.fromisoformat, help="Date of the last issue, YYYY-MM-DD (default yesterday)."
    )
    parser.add_argument("--pages-per-issue", type=positive, default=8)
    parser.add_argument("--stories-per-page", type=positive, default=6, help="Average stories per page.")
    parser.add_argument("--seed", type=int, default=1, help="Same seed, same archive.")
    parser.add_argument("--batch-size", type=positive, default=5000, help="Stories written per transaction.")
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="Helper processes that draw the days while this one writes (default 1; 0 draws them here).",
    )
    parser.add_argument("--append", action="store_true", help="Skip dates that already have an issue.")
    parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar.")
    return parser


def main(argv=None):
    options = vars(parser().parse_args(argv))
    django_env.setup(options.pop("database_url"))
    from bench.archive.writer import ArchiveExistsError, fill

    try:
        fill(**options)
    except ArchiveExistsError as error:
        sys.exit(str(error))


if __name__ == "__main__":
    main()
