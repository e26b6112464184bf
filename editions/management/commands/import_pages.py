"""manage.py import_pages <folder> --date YYYY-MM-DD --user <username>: an edition from its page PDFs."""

import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from editions import page_import


class Command(BaseCommand):
    help = "从排版系统导出的版面PDF导入一期报纸：生成版面图、识别稿件区域、对应或新建稿件（草稿），等待编辑确认。"

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="放版面PDF的文件夹（每版一个，或整期一个多页PDF）。")
        parser.add_argument("--date", required=True, type=datetime.date.fromisoformat, help="出版日期 YYYY-MM-DD")
        parser.add_argument("--user", required=True, help="以哪位编辑的名义导入（用户名）。")
        parser.add_argument("--by-order", action="store_true", help="按文件名排序的顺序编版次，不看文件名里的版次。")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, folder, date, user, by_order, no_progress, **options):
        editor = get_user_model().objects.filter(username=user, is_active=True).first()
        if editor is None or not page_import.may_review(editor):
            raise CommandError(f"没有名为“{user}”的在职编辑：导入版面会改动稿件的版面区域，只有编辑可以。")
        paths = sorted(path for path in folder.glob("*") if path.suffix.lower() == ".pdf") if folder.is_dir() else []
        if not paths:
            raise CommandError(f"{folder} 里没有PDF文件。")
        handles = [path.open("rb") for path in paths]
        try:
            files = [File(handle, name=path.name) for handle, path in zip(handles, paths, strict=True)]
            try:
                pages = page_import.split_uploads(files, by_name=not by_order)
            except ValidationError as error:
                raise CommandError(error.messages[0]) from None
        finally:
            for handle in handles:
                handle.close()
        bar = tqdm(total=len(pages), unit="版", desc="导入版面", disable=no_progress or options["verbosity"] == 0)
        with bar:
            try:
                imported = page_import.import_edition(
                    date=date, pages=pages, user=editor, progress=lambda _: bar.update()
                )
            except page_import.PageImportError as error:
                raise CommandError(str(error)) from None
        found = sum(page.region_proposals.count() for page in imported)
        self.stdout.write(
            self.style.SUCCESS(
                f"已导入 {date} 的 {len(imported)} 个版面，识别出 {found} 个稿件区域，请在后台逐版确认。"
            )
        )
