"""
A laid-out page as HTML: absolutely positioned boxes in pt, one per headline
block, photo, caption and text column, over the header, the banner and the
rules. Each story's pieces follow one another in the document, its columns in
reading order, so a PDF's content stream (and text extracted from it) reads
each story straight through.
"""

from html import escape

from . import pictures
from .content import em_width
from .fit import HEAD_PAD_BOTTOM, HEAD_PAD_TOP
from .grid import CONTENT_WIDTH, MARGIN_TOP, MARGIN_X, PAGE_HEIGHT, PAGE_WIDTH

PAPER = "乌海日报"  # the site's SITE_NAME by default
PAPER_LATIN = "WUHAI RIBAO"
RED = "#c8161d"
MASTHEAD_HEIGHT = 150.0
STRIP_HEIGHT = 54.0
HEADER_GAP = 12.0
BANNER_HEIGHT = 46.0
WEEKDAYS = "一二三四五六日"
HEADER_TEXT = PAPER + PAPER_LATIN + "第版期总今日社出版年月星期" + WEEKDAYS + "（）"


def pt(value):
    return f"{value:.3f}pt"


def place_style(left, top, width, height):
    return f"left:{pt(left)};top:{pt(top)};width:{pt(width)};height:{pt(height)}"


def header_height(number):
    return MASTHEAD_HEIGHT if number == 1 else STRIP_HEIGHT


def content_top(number, banner):
    """Where the header (and the banner) end and the column grid starts."""
    top = MARGIN_TOP + header_height(number) + HEADER_GAP
    return top + (BANNER_HEIGHT + HEADER_GAP if banner else 0)


def banner_box(number):
    return (MARGIN_X, MARGIN_TOP + header_height(number) + HEADER_GAP, CONTENT_WIDTH, BANNER_HEIGHT)


def chinese_date(day):
    return f"{day.year}年{day.month}月{day.day}日 星期{WEEKDAYS[day.weekday()]}"


def block_html(block, start=0, end=None, *, continued=False, cut=False):
    end = len(block.text) if end is None else end
    inner = []
    for text, style in block.runs_between(start, end):
        text = escape(text)
        inner.append(f"<b>{text}</b>" if style == "b" else f'<span class="d">{text}</span>' if style == "d" else text)
    classes = "h" if block.heading else " ".join(name for name, on in (("c", continued), ("j", cut)) if on)
    return f'<p class="{classes}">{"".join(inner)}</p>'


def measuring_html(grid, stories):
    """Each story's blocks in one column of the grid's width, for the browser to break into lines."""
    style = (
        f"left:0;top:0;width:{pt(grid.column_width)};font-size:{pt(grid.font_size)};"
        f"line-height:{pt(grid.line)};visibility:hidden"
    )
    return "".join(
        f'<div class="a seg" style="{style}">{"".join(block_html(b) for b in story.blocks)}</div>' for story in stories
    )


def page_html(layout):
    parts = [header_html(layout), banner_html(layout)]
    for placed in layout.placed:
        parts.append(head_html(layout.grid, placed))
        parts += [photo_html(photo) for photo in placed.photos]
        parts += [segment_html(layout.grid, placed, segment) for segment in placed.segments]
    paths = "".join(f'<path d="{d}"/>' for d in layout.rules)
    parts.append(
        f'<svg class="a" style="left:0;top:0" width="{PAGE_WIDTH:g}pt" height="{PAGE_HEIGHT:g}pt" '
        f'viewBox="0 0 {PAGE_WIDTH:g} {PAGE_HEIGHT:g}"><g fill="none" stroke="#3a3a3a" stroke-width="0.6">'
        f"{paths}</g></svg>"
    )
    return "".join(parts)


def header_html(layout):
    draft = layout.draft
    day = escape(chinese_date(draft.date))
    if draft.number == 1:
        issue = f"第{draft.issue_number}期" + (f"（总第{draft.total_number}期）" if draft.total_number else "")
        lines = [day, issue, f"今日{draft.edition_pages}版", f"{PAPER}社出版"]
        info = "".join(f"<div>{escape(line)}</div>" for line in lines)
        return (
            f'<div class="a ink" style="{place_style(MARGIN_X, MARGIN_TOP, CONTENT_WIDTH, MASTHEAD_HEIGHT)}">'
            f'<div class="a" style="left:0;top:6pt;font-family:PaperSerif;font-weight:700;font-size:86pt;'
            f'line-height:1;color:{RED};letter-spacing:8pt">{PAPER}</div>'
            f'<div class="a" style="left:6pt;top:106pt;font-family:PaperSans;font-size:12pt;letter-spacing:4pt;'
            f'color:{RED}">{PAPER_LATIN}</div>'
            f'<div class="a" style="left:620pt;top:14pt;width:304pt;font-family:PaperSans;font-size:11pt;'
            f'line-height:1.75;text-align:right">{info}</div>'
            f'<div class="a" style="left:0;top:136pt;width:100%;height:3pt;background:{RED}"></div>'
            f'<div class="a" style="left:0;top:142pt;width:100%;height:0.8pt;background:{RED}"></div></div>'
        )
    return (
        f'<div class="a ink" style="{place_style(MARGIN_X, MARGIN_TOP, CONTENT_WIDTH, STRIP_HEIGHT)}">'
        f'<div class="a" style="left:0;top:8pt;font-family:PaperSans;font-weight:700;font-size:22pt;line-height:1">'
        f"第{draft.number}版</div>"
        f'<div class="a" style="left:92pt;top:8pt;font-family:PaperSerif;font-weight:700;font-size:22pt;'
        f'line-height:1;color:{RED}">{escape(draft.section)}</div>'
        f'<div class="a" style="left:362pt;top:12pt;width:200pt;text-align:center;font-family:PaperSerif;'
        f'font-weight:700;font-size:15pt;line-height:1">{PAPER}</div>'
        f'<div class="a" style="left:624pt;top:14pt;width:300pt;text-align:right;font-family:PaperSans;'
        f'font-size:11pt;line-height:1">{day}</div>'
        f'<div class="a" style="left:0;top:44pt;width:100%;height:2pt;background:#222"></div>'
        f'<div class="a" style="left:0;top:48.5pt;width:100%;height:0.6pt;background:#222"></div></div>'
    )


def banner_html(layout):
    banner = layout.draft.banner
    if not banner:
        return ""
    left, top, width, height = banner_box(layout.draft.number)
    size = min(26.0, 0.86 * width / max(em_width(banner), 1))
    return (
        f'<div class="a ink" style="{place_style(left, top, width, height)};background:#b3121b;display:flex;'
        f'align-items:center">'
        f'<div class="a" style="left:5pt;top:5pt;right:5pt;bottom:5pt;border:0.8pt solid #f3c9c9"></div>'
        f'<div class="fit" style="width:100%;text-align:center;white-space:nowrap;overflow:hidden;'
        f'font-family:PaperSerif;font-weight:700;font-size:{pt(size)};line-height:1.2;color:#fff">'
        f"{escape(banner)}</div></div>"
    )


def head_html(grid, placed):
    head = placed.head
    left, top, width, height = grid.box(head.rect)
    inner = []
    if head.kicker:
        inner.append(
            f'<div class="k" style="font-size:{pt(head.kicker_size)};line-height:1.4;margin-bottom:4pt">'
            f"{escape(head.kicker)}</div>"
        )
    color = "#111" if placed.lead else "#1b1b1b"
    inner += [
        f'<div class="t" style="font-size:{pt(head.size)};color:{color}">{escape(line)}</div>' for line in head.lines
    ]
    if head.subheadline:
        inner.append(
            f'<div class="s" style="font-size:{pt(head.subheadline_size)};line-height:1.4;margin-top:4pt">'
            f"{escape(head.subheadline)}</div>"
        )
    pads = f"padding-top:{pt(HEAD_PAD_TOP * grid.line)};padding-bottom:{pt(HEAD_PAD_BOTTOM * grid.line)}"
    return f'<div class="a head" style="{place_style(left, top, width, height)};{pads}">{"".join(inner)}</div>'


def photo_html(photo):
    left, top, width, height = photo.image
    colors = photo.item.colors
    src = pictures.data_url(photo.item.seed, width, height, colors)
    caption_style = (
        f"{place_style(*photo.caption_box)};font-size:{pt(photo.caption_size)};line-height:{pt(photo.caption_line)}"
    )
    return (
        f'<img class="a" alt="" src="{src}" style="{place_style(left, top, width, height)}">'
        f'<div class="a cap" style="{caption_style}">'
        f"{escape(photo.item.caption)}</div>"
    )


def segment_html(grid, placed, segment):
    left, top, width, height = grid.box(segment.rect)
    blocks = placed.story.blocks
    inner = "".join(
        block_html(blocks[p.block], p.start, p.end, continued=p.continued, cut=p.cut) for p in segment.parts
    )
    style = f"{place_style(left, top, width, height)};font-size:{pt(grid.font_size)};line-height:{pt(grid.line)}"
    where = escape(f"{placed.story.key} column {segment.rect.c0}")
    return f'<div class="a seg" data-lines="{segment.lines}" data-where="{where}" style="{style}">{inner}</div>'
