"""import_texts <folder> --user <username>: every .txt file in a folder becomes a draft story by that user."""

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
        # Checked in handle() rather than by argparse, so that the refusal is in Chinese.
        parser.add_argument(
            "--user",
            help="Required. Username of the drafts' author; people named in bylines are added only if this "
            "user may add them.",
        )
        parser.add_argument("--campaign", help="Slug of the campaign case studies belong to.")

    def handle(self, *args, folder, user=None, campaign=None, **options):
        if not user:
            raise CommandError("请用 --user 用户名 指明这批草稿的作者：导入的稿件不能没有作者。")
        author = self._lookup(get_user_model(), {get_user_model().USERNAME_FIELD: user}, "用户")
        if not author.is_active:
            raise CommandError(f"用户 {user} 的账号已停用，不能作为草稿的作者；请换一个在职人员的用户名。")
        if not folder.is_dir():
            raise CommandError(f"找不到文件夹：{folder}")
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
        if article.unlisted_bylines:
            names = "、".join(article.unlisted_bylines)
            note += f"（署名人名单中没有“{names}”，这些署名没有加上；请编辑把他们加入名单后再补上署名）"
        return article, note
