from django.core.management.base import BaseCommand, CommandError

from backups.bundle import BackupError
from backups.restore import restore_backup


class Command(BaseCommand):
    help = "Restore a backup made by `backup` into an empty, migrated installation. All or nothing."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup file (.tar.gz).")

    def handle(self, *args, path, **options):
        try:
            result = restore_backup(path, stdout=self.stdout)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"恢复完成：{result.row_total} 条记录、{result.files} 个媒体文件（备份时间 {result.created_at}），"
                f"用时 {result.seconds:.1f} 秒。"
            )
        )
