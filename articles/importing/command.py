"""import_texts <folder>: every .txt file in a folder becomes a draft story."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from articles.models import Article, Campaign

from .forms import guess_department
from .reading import UnreadableText, decode_text
from .saving import save_draft
from .structure import parse_story


class Command(BaseCommand):
    help = (
        "Import every .txt file in a folder (text copied from the print layout, UTF-8 or GB18030) as a draft "
        "story. Each file is saved in its own transaction; unreadable files are reported and skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument("--user", help="Username recorded as the drafts' author.")
        parser.add_argument("--campaign", help="Slug of the campaign case studies belong to.")

    def handle(self, *args, folder, user=None, campaign=None, **options):
        if not folder.is_dir():
            raise CommandError(f"找不到文件夹：{folder}")
        author = self._lookup(get_user_model(), {get_user_model().USERNAME_FIELD: user}, "用户") if user else None
        campaign = self._lookup(Campaign, {"slug": campaign}, "专项活动") if campaign else None
        imported, skipped = [], []
        for path in sorted(folder.glob("*.txt")):
            try:
                article, note = self._import(path, author, campaign)
            except (UnreadableText, ValidationError) as error:
                skipped.append(path.name)
                message = error.messages[0] if isinstance(error, ValidationError) else str(error)
                self.stderr.write(f"跳过 {path.name}：{message}")
                continue
            imported.append(article)
            self.stdout.write(f"{path.name} → 草稿 #{article.pk}《{article.headline_text}》{note}")
        case_studies = sum(1 for article in imported if article.kind == Article.Kind.CASE_STUDY)
        summary = f"导入完成：{len(imported)} 篇草稿（其中典型案例 {case_studies} 篇），跳过 {len(skipped)} 个文件。"
        self.stdout.write(self.style.SUCCESS(summary) if not skipped else self.style.WARNING(summary))

    def _lookup(self, model, lookup, label):
        found = model.objects.filter(**lookup).first()
        if found is None:
            raise CommandError(f"找不到{label}：{next(iter(lookup.values()))}")
        return found

    def _import(self, path, author, campaign):
        story = parse_story(decode_text(path.read_bytes()))
        note = ""
        headline = None
        if not story.headline:
            headline, note = path.stem, "（未识别出主题，用文件名代替）"
        if story.case_study and campaign is None:
            note += "（典型案例：未指定 --campaign，做法与启示保存在正文中）"
        article = save_draft(
            story=story, headline=headline, department=guess_department(story), campaign=campaign, by=author
        )
        return article, note
