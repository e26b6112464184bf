import datetime
import time

from django.core.management.base import BaseCommand, CommandError

from bulletin.editions.archive import (
    ArchiveExistsError,
    ArchiveOptions,
    archive_dates,
    default_end_date,
    generate_archive,
)
from bulletin.planner import refresh_after_bulk_load


def positive(value):
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Fill the database with a realistic archive of daily editions (by default ten years ending yesterday), "
        "for benchmarks and load tests. Refuses dates that already have an issue unless --append is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--years", type=positive, default=10, help="Years of daily editions (default 10).")
        parser.add_argument("--days", type=positive, help="Days of editions; overrides --years (for tests).")
        parser.add_argument(
            "--end", type=datetime.date.fromisoformat, help="Date of the last issue, YYYY-MM-DD (default yesterday)."
        )
        parser.add_argument("--pages-per-issue", type=positive, default=8)
        parser.add_argument("--stories-per-page", type=positive, default=6, help="Average stories per page.")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same archive.")
        parser.add_argument(
            "--batch-size", type=positive, default=5000, help="Stories written per transaction (default 5000)."
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="Helper processes that draw the days while this one writes (default 1; 0 draws them here).",
        )
        parser.add_argument("--append", action="store_true", help="Skip dates that already have an issue.")
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar.")

    def handle(self, *args, **options):
        end = options["end"] or default_end_date()
        days = options["days"] or round(options["years"] * 365.25)
        settings = ArchiveOptions(
            seed=options["seed"],
            pages_per_issue=options["pages_per_issue"],
            stories_per_page=options["stories_per_page"],
            batch_size=options["batch_size"],
            workers=max(0, options["workers"]),
        )
        started = time.monotonic()
        try:
            counts = generate_archive(
                archive_dates(end=end, days=days),
                options=settings,
                append=options["append"],
                progress=not options["no_progress"] and options["verbosity"] > 0,
            )
        except ArchiveExistsError as error:
            raise CommandError(str(error)) from None
        refresh_after_bulk_load()
        self.stdout.write(
            self.style.SUCCESS(
                f"往期报纸已生成（{time.monotonic() - started:.0f} 秒）：{counts.issues} 期，{counts.pages} 个版面，"
                f"{counts.articles} 篇稿件，{counts.bylines} 条署名，{counts.photos} 张图片，"
                f"{counts.case_studies} 个典型案例。"
            )
        )
