"""
Build the demo edition from seeds/demo_edition.json (derived from the seed page).

Every row is found by its natural key and written only when something differs,
so building twice changes nothing. A page printed to PDF from the seed text
(seeds/pages/) gets its image rendered from the PDF and each story's outline
read off it, as the print desk's pages are imported (editions.page_import);
a page without one gets a stand-in page image (seeds.stand_in) with each
story's clickable area set to its block. Photos are drawn with Pillow and
marked as stand-ins: the seed text carries captions but no photographs.
"""

import datetime
import io
import json
import posixpath
import re
from decimal import Decimal
from pathlib import Path

import reversion
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.dateparse import parse_datetime
from easy_thumbnails.files import get_thumbnailer
from PIL import Image, ImageDraw
from reversion.models import Version

from articles import areas as area_rules
from articles.importing.html import body_html
from articles.models import Article, Byline, Campaign, CaseStudy, KeyFigure, Lesson, Person, Photo, Practice
from articles.renditions import make_renditions
from departments.models import Department
from editions import page_import
from editions.models import Issue, Page, chinese_date

from . import stand_in

SEED_DIR = Path(settings.BASE_DIR) / "seeds"
DEMO_DATA = SEED_DIR / "demo_edition.json"
# The demo's pages as printed, made from the seed text by `python -m bench.paper --seed-pages seeds/pages`.
PRINTED_PAGES = SEED_DIR / "pages"
# A story on a printed page: its area comes from the page PDF, not from the data.
KEEP_AREA = object()
# In a stand-in's file name: drawn with the CJK font (stand_in.cjk_face).
CJK_MARK = "-cjk"


def load_demo_data(path=DEMO_DATA):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def sync(model, lookup, values):
    """get-or-create by `lookup`; save only the fields that differ. Returns (obj, changed)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values), True
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
    return obj, bool(changed)


def stand_in_picture(colors, size=(1200, 800)):
    """A simple landscape in the given sky and ground colours, labelled STAND-IN."""
    sky, ground = colors
    image = Image.new("RGB", size, sky)
    draw = ImageDraw.Draw(image)
    w, h = size
    draw.ellipse((w * 0.72, h * 0.1, w * 0.84, h * 0.28), fill="#FFE9A8")
    draw.polygon(
        [(0, h * 0.62), (w * 0.3, h * 0.42), (w * 0.55, h * 0.6), (w * 0.8, h * 0.45), (w, h * 0.6), (w, h), (0, h)],
        fill=ground,
    )
    # The caption band darkens the picture under it rather than covering it:
    # drawn on a layer of its own, since drawing a translucent colour straight
    # onto an RGB image paints it opaque.
    band = Image.new("RGBA", size, (0, 0, 0, 0))
    ImageDraw.Draw(band).rectangle((0, h * 0.9, w, h), fill=(0, 0, 0, 96))
    image = Image.alpha_composite(image.convert("RGBA"), band).convert("RGB")
    draw = ImageDraw.Draw(image)
    font = stand_in.cjk_font(32)
    if font:
        draw.text((24, h - 56), "STAND-IN / 示意图", fill="#ffffff", font=font)
    else:
        # Pillow's own font has no Chinese: it would draw boxes.
        draw.text((24, h - 56), "STAND-IN", fill="#ffffff", font_size=32)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82)
    return buffer.getvalue()


@transaction.atomic
def build_demo_edition(data=None):
    """Create or update the seed edition. Returns the number of rows written."""
    data = data or load_demo_data()
    written = 0

    departments = {}
    for item in data["departments"]:
        lookup = {"name": item["name"]}
        values = {k: item[k] for k in ("short_name", "slug", "level", "district", "description", "position")}
        departments[item["name"]], changed = sync(Department, lookup, values)
        written += changed

    campaign_data = data["campaign"]
    campaign, changed = sync(
        Campaign,
        {"slug": campaign_data["slug"]},
        {
            "name": campaign_data["name"],
            "slogan": campaign_data["slogan"],
            "banner_text": campaign_data["banner_text"],
            "description": campaign_data["description"],
            "starts_on": _date(campaign_data["starts_on"]),
            "ends_on": _date(campaign_data["ends_on"]),
        },
    )
    written += changed

    issue_data = data["issue"]
    publish_at = parse_datetime(issue_data["publish_at"])
    issue, changed = sync(
        Issue,
        {"date": _date(issue_data["date"])},
        {
            "number": issue_data["number"],
            "total_number": issue_data["total_number"],
            "status": Issue.Status.PUBLISHED,
            "publish_at": publish_at,
        },
    )
    written += changed
    pages = {}
    areas = {}
    printed = {}
    for item in data["pages"]:
        pages[item["number"]], changed = sync(Page, {"issue": issue, "number": item["number"]}, {"name": item["name"]})
        written += changed
        pdf = PRINTED_PAGES / f"page-{item['number']}.pdf"
        if pdf.exists():
            # The page as printed: its image and the stories' outlines come from the PDF, below.
            printed[item["number"]] = pdf
            continue
        stories = _stories_on(data, item["number"])
        banner = campaign.banner_text if any(s.get("case_study") for s in stories) else ""
        areas.update(stand_in.page_layout(stories, banner=bool(banner)))
        written += _build_page_image(pages[item["number"]], stories, areas, banner)

    for item in data["articles"]:
        area = KEEP_AREA if item["page"] in printed else areas.get(item["key"])
        written += _build_article(item, departments, campaign, pages, publish_at, area)
    for number, pdf in printed.items():
        written += _build_page_from_pdf(pages[number], pdf)
    return written


def _build_page_from_pdf(page, pdf):
    """The page image rendered from its printed PDF, and each story's outline read off it (editions.page_import).

    Rendered once: an image already there (rendered before, or uploaded by an
    editor) stays, and an outline already right is left alone.
    """
    written = 0
    on_disk = [field for field in (page.pdf, page.image) if field and field.storage.exists(field.name)]
    if len(on_disk) == 2:
        with page.pdf.open("rb") as stream:
            matches = page_import.matched_regions(page, stream.read())
    else:
        matches = page_import.index_page(page, pdf.read_bytes(), stored=[])
        written += 1
    for region, article, _score in matches:
        if article is None:
            continue
        before = (article.area_polygon, article.area_points)
        area_rules.set_area(article, [list(point) for point in region.polygon])
        if (article.area_polygon, article.area_points) != before:
            article.save(update_fields=area_rules.FIELDS)
            written += 1
    return written


def _stories_on(data, page_number):
    return sorted((a for a in data["articles"] if a["page"] == page_number), key=lambda a: a["page_position"])


def _build_page_image(page, stories, areas, banner):
    """Draw the stand-in page image once (again once the CJK font is here); an image an editor uploaded stays."""
    stem = f"page-{page.number}"
    if _keep(page.image, unmarked=[f"{stem}-stand-in"]):
        return _store_size(page, "image_width", "image_height")
    drawn_before = page.image.name
    png = stand_in.draw_page(
        paper_name=settings.SITE_NAME,
        page_label=f"第{page.number}版 {page.name}",
        date_label=chinese_date(page.issue.date),
        stories=stories,
        areas=areas,
        banner=banner,
    )
    name = _stand_in_name(stem, "png")
    # A named file, so that the image field measures it and the page stores its size.
    page.image.save(name, ContentFile(png, name=name), save=True)
    make_renditions(page.image, "page", width=page.image_width, height=page.image_height)
    _discard(page.image, drawn_before)
    return 1


def _stand_in_name(stem, extension):
    # The name says whether the CJK font drew it, so a picture drawn without
    # (Chinese as grey bars) is drawn again once the font is installed.
    return f"{stem}-stand-in{CJK_MARK if stand_in.cjk_face() else ''}.{extension}"


def _keep(fieldfile, *, unmarked):
    """Whether a stored picture stays as it is.

    It does unless it is missing, or it is a stand-in drawn without the CJK font
    and the font is here now. `unmarked` are the names (less the extension)
    this builder gives such stand-ins, or gave before names were marked; storage
    may have added `_` and seven letters to a name already taken. Any other name
    is an editor's upload, or a stand-in drawn with the font.
    """
    if not fieldfile or not fieldfile.storage.exists(fieldfile.name):
        return False
    if stand_in.cjk_face() is None:
        return True
    stem = posixpath.splitext(posixpath.basename(fieldfile.name))[0]
    return not any(re.fullmatch(rf"{re.escape(name)}(_[A-Za-z0-9]{{7}})?", stem) for name in unmarked)


def _discard(fieldfile, name):
    """Remove a stand-in that has been drawn again, and its renditions."""
    if not name or name == fieldfile.name:
        return
    get_thumbnailer(fieldfile, relative_name=name).delete_thumbnails()
    fieldfile.storage.delete(name)


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def _build_article(item, departments, campaigns_campaign, pages, publish_at, area=None):
    written = 0
    placement = {}
    if area is not KEEP_AREA:
        area_left, area_top, area_width, area_height = area or (None, None, None, None)
        placement = {
            "area_left": area_left,
            "area_top": area_top,
            "area_width": area_width,
            "area_height": area_height,
        }
    article, changed = sync(
        Article,
        {"slug": item["key"]},
        {
            **placement,
            "kind": item["kind"],
            "kicker": item["kicker"],
            "headline": "\n".join(item["headline"]),
            "subheadline": item["subheadline"],
            "dateline": item["dateline"],
            "body": body_html(item["body"]),
            "department": departments[item["department"]],
            "page": pages[item["page"]],
            "page_position": item["page_position"],
            "is_page_lead": item["is_page_lead"],
            "status": Article.Status.PUBLISHED,
            "publish_at": publish_at,
        },
    )
    written += changed

    for position, byline in enumerate(item["bylines"], start=1):
        person, changed = sync(Person, {"name": byline["name"], "organisation": ""}, {})
        written += changed
        _obj, changed = sync(
            Byline, {"article": article, "person": person, "role": byline["role"]}, {"position": position}
        )
        written += changed

    for position, photo in enumerate(item["photos"], start=1):
        written += _build_photo(article, position, photo)

    case = item.get("case_study")
    if case:
        case_study, changed = sync(
            CaseStudy,
            {"article": article},
            {"campaign": campaigns_campaign, "opening": case["opening"], "lessons_opening": case["lessons_opening"]},
        )
        written += changed
        for position, practice in enumerate(case["practices"], start=1):
            written += sync(Practice, {"case_study": case_study, "position": position}, practice)[1]
        for position, lesson in enumerate(case["lessons"], start=1):
            written += sync(Lesson, {"case_study": case_study, "position": position}, lesson)[1]
        for position, figure in enumerate(case["figures"], start=1):
            values = dict(figure, value=Decimal(figure["value"]))
            written += sync(KeyFigure, {"case_study": case_study, "position": position}, values)[1]
    _keep_a_revision(article, changed=bool(written))
    return written


def _keep_a_revision(article, *, changed):
    """A first revision (and one after any change), so the demo's stories can be compared, restored and recovered."""
    if changed or not Version.objects.get_for_object(article).exists():
        with reversion.create_revision():
            reversion.add_to_revision(article)
            reversion.set_comment("载入示例版面")


def _build_photo(article, position, item):
    values = {"caption": item["caption"], "alt_text": item["alt_text"], "credit": item["credit"]}
    photo, changed = sync(Photo, {"article": article, "position": position}, values)
    stem = f"{article.slug}-{position}"
    if not _keep(photo.image, unmarked=[f"{stem}-stand-in", stem]):
        drawn_before = photo.image.name
        name = _stand_in_name(stem, "jpg")
        # Named, so that the photo stores its size; saving it makes the renditions (Photo.save).
        photo.image.save(name, ContentFile(stand_in_picture(item["colors"]), name=name), save=True)
        _discard(photo.image, drawn_before)
        return True
    return _store_size(photo, "width", "height") or changed


def _store_size(obj, width_field, height_field):
    """A picture stored before its size was: the size measured on loading is kept, so no page view measures it again."""
    stored = type(obj).objects.filter(pk=obj.pk).values_list(width_field, height_field).get()
    if all(stored):
        return 0
    obj.save(update_fields=[width_field, height_field])
    return 1
