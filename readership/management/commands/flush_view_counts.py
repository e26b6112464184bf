from django.core.management.base import BaseCommand

from readership import counting


class Command(BaseCommand):
    help = "把 Redis 中累计的稿件阅读量写入数据库（建议每分钟运行一次）。"

    def handle(self, *args, **options):
        flushed = counting.flush()
        self.stdout.write(
            f"入库 {flushed.batches} 批，阅读量 {flushed.views_added} 次；"
            f"舍去 {flushed.views_dropped} 次（稿件不存在或读者已看不到）。"
        )
