"""
manage.py make_renditions: make the renditions readers see for every story photo and page image.

Pictures saved one by one get their renditions when they are stored; run this
after a restore (backups leave renditions out), a bulk import, or on
pictures stored before renditions were made on upload. It also stores the
size of any picture whose row lacks it, so that drawing a page never opens
the file to measure it. Safe to run again: renditions already there are left
alone, and each file is handled once however many rows point at it.
"""

from django.core.management.base import BaseCommand

from articles.models import Photo
from articles.renditions import make_renditions
from editions.models import Page

# (kind of rendition, model, width field, height field)
PICTURES = (("photo", Photo, "width", "height"), ("page", Page, "image_width", "image_height"))


class Command(BaseCommand):
    help = "为所有稿件图片和版面图补做缩略图（恢复备份、批量导入之后运行）。可重复运行。"

    def handle(self, *args, **options):
        made = failed = 0
        for kind, model, width_field, height_field in PICTURES:
            field = model._meta.get_field("image")
            rows = model.objects.exclude(image="").values_list("image", width_field, height_field).distinct()
            for name, width, height in rows.order_by().iterator():
                fieldfile = field.attr_class(None, field, name)
                try:
                    if not (width and height):
                        width, height = fieldfile.width, fieldfile.height
                        model.objects.filter(image=name).update(**{width_field: width, height_field: height})
                    make_renditions(fieldfile, kind, width=width, height=height)
                except Exception as error:
                    failed += 1
                    self.stderr.write(f"{name}：无法生成缩略图（{error}）。请检查文件是否存在、能否打开。")
                else:
                    made += 1
        if failed:
            self.stdout.write(f"{made} 张图片的缩略图已齐全，{failed} 张失败。")
        else:
            self.stdout.write(self.style.SUCCESS(f"缩略图已齐全：{made} 张图片。"))
