"""manage.py rebuild_change_feed: write the changes feed afresh from the stories as they are.

For a database that had stories before the feed existed (an archive loaded in bulk, a restore), and
after API_EMBARGO_HOURS changes. Every story gets its entries as if it had just been saved (a
deleted one that partners may hold keeps its tombstone), so partners syncing from scratch get
everything; partners already syncing get every story once more.
"""

from django.core.management.base import BaseCommand

from articles.models import Article
from syndication import feed
from syndication.models import StoryChange


class Command(BaseCommand):
    help = "重建新闻接口的变更流：为每篇稿件按其当前状态写入变更记录（分批进行）。"

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=2000, help="每批处理的稿件数（默认 2000）")

    def handle(self, *, batch_size, verbosity, **options):
        in_feed = set(StoryChange.objects.values_list("story_id", flat=True).distinct())
        ids = sorted(in_feed | set(Article._base_manager.values_list("pk", flat=True)))
        for start in range(0, len(ids), batch_size):
            feed.record(ids[start : start + batch_size])
            if verbosity > 1:
                self.stdout.write(f"{min(start + batch_size, len(ids))}/{len(ids)}")
        self.stdout.write(f"变更流已重建：{len(ids)} 篇稿件，{StoryChange.objects.count()} 条记录。")
