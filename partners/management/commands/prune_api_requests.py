import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core import clock
from partners.models import PartnerRequest


class Command(BaseCommand):
    help = "删除早于 API_REQUEST_LOG_DAYS 天的合作方接口请求记录（建议每天运行一次）。"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="保留天数（默认为设置 API_REQUEST_LOG_DAYS）")

    def handle(self, *args, days=None, **options):
        days = settings.API_REQUEST_LOG_DAYS if days is None else days
        if days < 1:
            raise CommandError("保留天数至少为 1。")
        cutoff = clock.now() - datetime.timedelta(days=days)
        deleted, _ = PartnerRequest.objects.filter(at__lt=cutoff).delete()
        self.stdout.write(f"已删除 {deleted} 条早于 {days} 天的请求记录。")
