"""
Stand-in page images for the demo edition, drawn with Pillow.

The seed carries the text of the pages but not their pictures. So that a
newcomer sees the clickable page working, each demo page gets a grey layout of
a newspaper page with a block where each story sits (marked STAND-IN / 示意图),
and each story's area is set to its block. The layout is pure arithmetic on
the page's stories, so building the demo twice gives the same areas.
"""

import functools
import io
import json
import math
import subprocess
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

PAGE_SIZE = (1000, 1400)
MARGIN = 0.04
HEADER_BOTTOM = 0.1
BANNER_HEIGHT = 0.05
GAP = 0.015
LEAD_SHARE = 0.45
LABEL = "STAND-IN / 示意图"

PAPER = "#f4f2ec"
INK = "#3a3a3a"
GREY = "#9a9a9a"
LIGHT = "#c9c6bf"

# Debian's fonts-noto-cjk (`make run` and `make test` install it): the Simplified
# Chinese face of each collection, boldest first.
CJK_FONTS = [
    # (path, index of the Simplified Chinese face in the collection)
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
]


@functools.cache
def cjk_face():
    """(path, index) of a font with Simplified Chinese on this machine, or None.

    Without one, Chinese is drawn as grey bars (never as boxes), and the demo
    builder redraws those pictures once a font is installed.
    """
    candidates = [(path, index) for path, index in CJK_FONTS if Path(path).exists()]
    candidates += _fontconfig_face()
    for path, index in candidates:
        try:
            ImageFont.truetype(path, 12, index=index)
        except OSError:
            continue
        return path, index
    return None


def _fontconfig_face():
    # Elsewhere than Debian's paths (another distribution, a font in the home
    # directory), fontconfig knows. fc-match always answers, with DejaVu if need
    # be, so its answer counts only if the face covers Simplified Chinese.
    try:
        answer = subprocess.run(
            ["fc-match", "--format=%{file}\n%{index}\n%{lang}", "serif:bold:lang=zh-cn"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    path, index, languages = [*answer.split("\n"), "", ""][:3]
    if "zh-cn" not in languages.split("|") or not index.isdigit():
        return []
    return [(path, int(index))]


def cjk_font(size):
    """The CJK font at `size`, or None when this machine has none."""
    face = cjk_face()
    return None if face is None else _font(*face, size)


@functools.lru_cache(maxsize=32)
def _font(path, index, size):
    return ImageFont.truetype(path, size, index=index)


def _round(area):
    return tuple(round(value, 4) for value in area)


def page_layout(stories, *, banner=False):
    """Areas (left, top, width, height, as fractions of the page) for stories in page order.

    `stories` are dicts with "key" and "is_page_lead". The lead runs across the
    top; the others share the rest, two to a row.
    """
    if not stories:
        return {}
    top = HEADER_BOTTOM + GAP / 2 + (BANNER_HEIGHT + GAP / 2 if banner else 0)
    left, width, bottom = MARGIN, 1 - 2 * MARGIN, 1 - MARGIN
    lead = next((s for s in stories if s["is_page_lead"]), stories[0])
    others = [s for s in stories if s is not lead]
    areas = {}
    if not others:
        areas[lead["key"]] = _round((left, top, width, bottom - top))
        return areas
    lead_height = (bottom - top) * LEAD_SHARE
    areas[lead["key"]] = _round((left, top, width, lead_height))
    columns = min(len(others), 2)
    rows = math.ceil(len(others) / columns)
    row_top = top + lead_height + GAP
    cell_width = (width - GAP * (columns - 1)) / columns
    cell_height = (bottom - row_top - GAP * (rows - 1)) / rows
    for n, story in enumerate(others):
        row, column = divmod(n, columns)
        areas[story["key"]] = _round(
            (left + column * (cell_width + GAP), row_top + row * (cell_height + GAP), cell_width, cell_height)
        )
    return areas


def _box(area, size=PAGE_SIZE):
    w, h = size
    left, top, width, height = area
    return (round(left * w), round(top * h), round((left + width) * w), round((top + height) * h))


def _text_or_bar(draw, xy, text, *, size, fill, max_width):
    """Draw `text` when a CJK font is there, else a bar the width the text would take."""
    font = cjk_font(size)
    x, y = xy
    if font is None:
        draw.rectangle((x, y, x + min(max_width, len(text) * size), y + size), fill=fill)
        return size
    # Shrink a long headline a little, as a subeditor would, before cutting it.
    fitted = size
    while fitted > size * 0.7 and draw.textlength(text, font=font) > max_width:
        fitted -= 2
        font = cjk_font(fitted)
    while text and draw.textlength(text, font=font) > max_width:
        text = text[:-1]
    draw.text((x, y), text, font=font, fill=fill)
    return size


def _story_block(draw, box, story, *, is_lead):
    x0, y0, x1, y1 = box
    draw.rectangle(box, outline=LIGHT, width=2)
    pad = 14
    y = y0 + pad
    if story.get("kicker"):
        y += _text_or_bar(draw, (x0 + pad, y), story["kicker"], size=20, fill=GREY, max_width=x1 - x0 - 2 * pad) + 8
    headline_size = 40 if is_lead else 30
    for line in story["headline"]:
        y += _text_or_bar(draw, (x0 + pad, y), line, size=headline_size, fill=INK, max_width=x1 - x0 - 2 * pad) + 10
    if story.get("subheadline"):
        y += _text_or_bar(draw, (x0 + pad, y), story["subheadline"], size=22, fill=GREY, max_width=x1 - x0 - 2 * pad)
        y += 8
    y += 10
    if story.get("photos"):
        photo_bottom = min(y1 - pad, y + (y1 - y0) // 3)
        draw.rectangle((x0 + pad, y, x1 - pad, photo_bottom), fill=LIGHT)
        draw.polygon([(x0 + pad, photo_bottom), ((x0 + x1) // 2, y + 20), (x1 - pad, photo_bottom)], fill=GREY)
        y = photo_bottom + 12
    # Body text: thin grey lines in columns, as set type looks from afar.
    columns = 3 if x1 - x0 > 600 else 2
    column_width = (x1 - x0 - 2 * pad - (columns - 1) * 16) / columns
    for column in range(columns):
        cx = x0 + pad + column * (column_width + 16)
        for line_y in range(y, y1 - pad - 6, 14):
            draw.rectangle((cx, line_y, cx + column_width, line_y + 5), fill=LIGHT)
    draw.rectangle((x1 - pad - 178, y1 - pad - 28, x1 - pad, y1 - pad), fill=PAPER)
    _text_or_bar(draw, (x1 - pad - 170, y1 - pad - 24), "示意图 STAND-IN", size=18, fill=INK, max_width=170)


def draw_page(*, paper_name, page_label, date_label, stories, areas, banner=""):
    """PNG bytes of a stand-in page: header, optional campaign banner, a block per story."""
    arguments = {
        "paper_name": paper_name,
        "page_label": page_label,
        "date_label": date_label,
        "stories": stories,
        "areas": areas,
        "banner": banner,
    }
    return _drawn(json.dumps(arguments, ensure_ascii=False, sort_keys=True), cjk_face())


@functools.lru_cache(maxsize=8)
def _drawn(arguments, face):
    # Drawing is pure, given the font: the same page drawn again (tests build the demo many times) costs nothing.
    return _draw(**json.loads(arguments))


def _draw(*, paper_name, page_label, date_label, stories, areas, banner):
    # Greyscale: a fraction of the bytes, and quick to encode.
    image = Image.new("L", PAGE_SIZE, PAPER)
    draw = ImageDraw.Draw(image)
    w, h = PAGE_SIZE
    left, right = round(MARGIN * w), round((1 - MARGIN) * w)
    header_bottom = round(HEADER_BOTTOM * h)
    _text_or_bar(draw, (left, round(0.025 * h)), paper_name, size=64, fill=INK, max_width=w // 2)
    _text_or_bar(draw, (right - 330, round(0.03 * h)), page_label, size=30, fill=INK, max_width=330)
    _text_or_bar(draw, (right - 330, round(0.03 * h) + 44), date_label, size=22, fill=GREY, max_width=330)
    draw.rectangle((left, header_bottom - 8, right, header_bottom - 5), fill=INK)
    draw.rectangle((left, header_bottom - 2, right, header_bottom - 1), fill=INK)
    if banner:
        top = round((HEADER_BOTTOM + GAP / 2) * h)
        draw.rectangle((left, top, right, top + round(BANNER_HEIGHT * h)), fill=GREY)
        _text_or_bar(draw, (left + 20, top + 16), banner, size=30, fill="#ffffff", max_width=right - left - 40)
    lead = next((s for s in stories if s["is_page_lead"]), stories[0] if stories else None)
    for story in stories:
        _story_block(draw, _box(areas[story["key"]]), story, is_lead=story is lead)
    label = (left, h - round(MARGIN * h) + 12)
    if cjk_font(22):
        draw.text(label, f"{LABEL} · {page_label}", fill=INK, font=cjk_font(22))
    else:
        # Pillow's own font has no Chinese: it would draw boxes.
        draw.text(label, "STAND-IN", fill=INK, font=ImageFont.load_default(size=22))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
