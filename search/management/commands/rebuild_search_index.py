import time

from django.core.management.base import BaseCommand
from tqdm import tqdm

from articles.models import Article
from search import backends


class Command(BaseCommand):
    help = "Empty the search index and rebuild it from every story, in batches."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=backends.BATCH_SIZE, help="Stories per batch.")
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar.")
        parser.add_argument(
            "--jobs", type=int, default=1, help="Processes indexing side by side (PostgreSQL; SQLite uses one)."
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        hide = options["no_progress"] or options["verbosity"] == 0
        with tqdm(total=Article.objects.count(), unit="篇", desc="建立索引", disable=hide) as bar:
            total = backends.rebuild(
                batch_size=max(1, options["batch_size"]), progress=bar.update, jobs=max(1, options["jobs"])
            )
        size_mb = backends.index_size() / 1024 / 1024
        self.stdout.write(
            self.style.SUCCESS(
                f"搜索索引已重建：{total} 篇稿件，用时 {time.monotonic() - started:.1f} 秒，索引约 {size_mb:.1f} MB。"
            )
        )
