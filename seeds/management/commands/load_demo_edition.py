from django.core.management.base import BaseCommand

from seeds import stand_in
from seeds.demo import DEMO_DATA, build_demo_edition, load_demo_data


class Command(BaseCommand):
    help = "Build the demo edition from the seed page (seeds/demo_edition.json). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--data", default=str(DEMO_DATA), help="Path to the structured seed data.")

    def handle(self, *args, data, **options):
        if stand_in.cjk_face() is None:
            self.stderr.write(
                self.style.WARNING(
                    "没有找到中文字体（Debian 的 fonts-noto-cjk）：示意图里的中文先画成灰条。"
                    "装上字体后再运行 make run，示意图会重画。"
                )
            )
        written = build_demo_edition(load_demo_data(data))
        if written:
            self.stdout.write(self.style.SUCCESS(f"示例报纸已生成：写入 {written} 行。"))
        else:
            self.stdout.write("示例报纸已是最新，没有改动。")
