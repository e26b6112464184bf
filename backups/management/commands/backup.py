from django.core.management.base import BaseCommand, CommandError

from backups.bundle import BackupError, create_backup


class Command(BaseCommand):
    help = "Back up the database and media into one .tar.gz while the site keeps running."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Where to write the backup (default: BACKUP_DIR/backup-<time>.tar.gz).")

    def handle(self, *args, output=None, **options):
        try:
            result = create_backup(output)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for name in result.missing_files:
            self.stderr.write(self.style.WARNING(f"数据库提到的媒体文件不存在，未能备份：{name}"))
        self.stdout.write(
            self.style.SUCCESS(
                f"备份完成：{result.path}（{result.size / 1024 / 1024:.1f} MB，{result.row_total} 条记录，"
                f"{result.files} 个媒体文件，用时 {result.seconds:.1f} 秒）。"
            )
        )
