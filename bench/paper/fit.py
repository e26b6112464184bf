"""
Fitting a story into its slot: the headline's type size and rows, the photos'
pictures and captions, and the body text flowed through the columns.

The body is measured first (bench.paper.press reports where the browser breaks
every line of every block at the column's width). Lines are rows, so text fits
by arithmetic: a slot holds as many lines as its columns have free rows. A story
drawn for the page is cut after the last sentence that fits; the demo's stories
are printed whole, and their slots are sized to them instead. A block that runs
from one column into the next is split at a line break, where the browser broke
it, so each column prints exactly the lines it was given.
"""

import math
from dataclasses import dataclass, field, replace

from .content import em_width
from .grid import Rect
from .plan import PHOTO_PAD, caption_line

HEAD_PAD_TOP = 0.25  # rows
HEAD_PAD_BOTTOM = 0.75  # rows, before the text
LEAD_MAX = (0, 26, 32, 38, 44, 46, 48)  # the lead's headline, pt, by columns spanned
OTHER_MAX = (0, 16, 22, 26, 28, 30, 30)
LEAD_MIN, OTHER_MIN = 20.0, 13.0
HEADLINE_LEADING = 1.25
FILL = 0.93  # of the headline's width a headline line may take
# Verbs that open a phrase in the vocabulary's headlines: a line may break before them.
BREAK_BEFORE = set("让为助推促提打共守绘奋全按跑聚以多扎注取召迈书描筑织念做下紧强优创加压")


class DoesNotFit(Exception):
    pass


@dataclass
class Head:
    rect: Rect
    kicker: str
    kicker_size: float
    lines: list
    size: float
    subheadline: str
    subheadline_size: float


@dataclass
class PlacedPhoto:
    rect: Rect
    item: object  # content.PhotoItem
    image: tuple  # (left, top, width, height) pt
    caption_box: tuple
    caption_size: float
    caption_line: float


@dataclass
class Part:
    block: int
    start: int
    end: int
    continued: bool  # starts inside the block: no first-line indent
    cut: bool  # ends inside the block: its last line is a full line


@dataclass
class Segment:
    rect: Rect  # one column
    parts: list
    lines: int  # lines printed (the last segment may have white under them)


@dataclass
class Placed:
    story: object  # content.Story, its blocks as printed
    lead: bool
    head: Head
    photos: list
    segments: list
    runs: dict  # the area the story took: column -> (top, bottom)
    rects: list = field(default_factory=list)  # head, photos, text columns (merged), in grid units


def headline_size(lines, width, *, lead, cap):
    """The headline's lines (split when too long for the width) and type size."""
    biggest = (LEAD_MAX if lead else OTHER_MAX)[min(6, max(1, round(width / 150)))]
    biggest = min(biggest, cap)
    smallest = min(LEAD_MIN if lead else OTHER_MIN, biggest)
    lines = list(lines)
    while True:
        size = min(biggest, min(FILL * width / max(em_width(line), 1) for line in lines))
        if size >= smallest or len(lines) >= 4:
            break
        longest = max(range(len(lines)), key=lambda i: em_width(lines[i]))
        lines[longest : longest + 1] = split_line(lines[longest])
    if size < 9:
        raise DoesNotFit(f"headline {lines} in {width:.0f}pt")
    return lines, math.floor(size * 4) / 4


def split_line(line):
    """A headline line in two, where a desk would break it: after punctuation or 的, before a verb that opens
    a phrase (让群众…, 助推…), never inside quotes or a number; in the middle only if nothing else is near it."""
    middle, quoted, scored = len(line) / 2, 0, []
    for i in range(1, len(line)):
        before, after = line[i - 1], line[i]
        quoted += {"“": 1, "”": -1}.get(before, 0)
        if before in " ，、：" or (before == "”" and after == "“"):
            scored.append((0, abs(i - middle), i))
        elif quoted or (before.isdigit() and after.isdigit()):
            continue
        elif before == "的" or after in BREAK_BEFORE:
            scored.append((1, abs(i - middle), i))
        else:
            scored.append((2, abs(i - middle), i))
    near = [item for item in scored if item[0] < 2 and item[1] <= len(line) / 3]
    anywhere = [(distance, i) for _priority, distance, i in scored] or [(0, round(middle))]
    best = min(near)[2] if near else min(anywhere)[1]
    return [line[:best].rstrip(" "), line[best:].lstrip(" ")]


def wrapped_lines(text, size, width):
    """Lines `text` takes at `size` in `width`, never fewer than the browser will make."""
    return math.ceil((em_width(text) + 1) * size / width) if text else 0


def lay_out_head(story, grid, columns, top, *, lead, cap):
    width = grid.span_width(*columns)
    lines, size = headline_size(story.headline, width, lead=lead, cap=cap)
    kicker_size = min(17.0, max(10.5, round(size * 0.42 * 2) / 2))
    sub_size = min(20.0, max(11.0, round(size * 0.52 * 2) / 2))
    height = (HEAD_PAD_TOP + HEAD_PAD_BOTTOM) * grid.line + len(lines) * size * HEADLINE_LEADING
    height += wrapped_lines(story.kicker, kicker_size, width) * kicker_size * 1.4 + (4 if story.kicker else 0)
    height += wrapped_lines(story.subheadline, sub_size, width) * sub_size * 1.4 + (4 if story.subheadline else 0)
    rows = math.ceil(height / grid.line - 1e-9)
    rect = Rect(columns[0], columns[1], top, top + rows)
    return Head(rect, story.kicker, kicker_size, lines, size, story.subheadline, sub_size)


def lay_out_photo(grid, plan, item, top):
    """The photo's picture and caption in rows [top, top + plan.rows) of its columns."""
    rect = Rect(plan.c0, plan.c1, top, top + plan.rows)
    left, y, width, height = grid.box(rect)
    size = round(grid.font_size * 0.95, 2)
    line = caption_line(grid)
    caption_height = wrapped_lines(item.caption, size, width) * line
    pad_top = PHOTO_PAD * grid.line if plan.anchor == "bottom" else 0
    pad_bottom = 2 if plan.anchor == "bottom" else PHOTO_PAD * grid.line
    image_height = height - pad_top - 4 - caption_height - pad_bottom
    if image_height < width * 0.3:
        raise DoesNotFit(f"photo of {plan.rows} rows over {plan.c1 - plan.c0} columns")
    image = (left, y + pad_top, width, image_height)
    caption = (left, y + pad_top + image_height + 4, width, caption_height)
    return PlacedPhoto(rect, item, image, caption, size, line)


def place(slot, story, grid, starts, *, cap, sized=False):
    """The story laid out in its slot. `starts`: per block, the offsets where its lines start.

    Filling (sized=False) cuts the story after the last sentence that fits the
    slot. Sizing (the demo's stories) prints it whole and ends the slot's columns
    at the first row where everything fits: the slot's bottoms are then only limits.
    """
    runs = dict(slot.area.runs)
    h0, h1 = slot.head
    top = runs[h0][0]
    head = lay_out_head(story, grid, slot.head, top, lead=slot.lead, cap=cap)
    start = {c: (head.rect.r1 if h0 <= c < h1 else runs[c][0]) for c in runs}
    # A planned photo the story has no picture for is left out: its rows go to the text.
    pairs = list(zip(slot.photos, story.photos, strict=False))
    photos = []
    for plan, item in pairs:
        if plan.anchor == "top":
            row = max(start[c] for c in range(plan.c0, plan.c1))
            photos.append((plan, item, row))
            for c in range(plan.c0, plan.c1):
                start[c] = row + plan.rows
    below = dict.fromkeys(runs, 0)  # rows the bottom photos take
    for plan, _item in pairs:
        if plan.anchor == "bottom":
            for c in range(plan.c0, plan.c1):
                below[c] = plan.rows
    order = [*range(h0, h1), *(c for c in sorted(runs) if not h0 <= c < h1)]
    blocks = list(story.blocks)
    if sized:
        needed = sum(len(lines) for lines in starts)
        bottom = _bottom_for(needed, start, below, grid.rows)
        runs = {c: (runs[c][0], bottom) for c in runs}
    ends = {c: runs[c][1] - below[c] for c in runs}
    capacity = [(c, start[c], ends[c]) for c in order if ends[c] > start[c]]
    if any(ends[c] < start[c] for c in runs):
        raise DoesNotFit(f"{story.key}: headline and photos overrun the slot")
    room = sum(end - begin for _c, begin, end in capacity)
    if not sized:
        blocks, starts = cut_to_fit(blocks, starts, room, story.cuttable)
    segments = flow(blocks, starts, capacity)
    for plan, item in pairs:
        if plan.anchor == "bottom":
            photos.append((plan, item, runs[plan.c0][1] - plan.rows))
    placed_photos = [lay_out_photo(grid, plan, item, row) for plan, item, row in photos]
    printed = replace(story, blocks=blocks, headline=head.lines, photos=[p.item for p in placed_photos])
    placed = Placed(printed, slot.lead, head, placed_photos, segments, runs)
    placed.rects = [head.rect, *[p.rect for p in placed_photos], *merge_columns(capacity)]
    return placed


def _bottom_for(needed, start, below, limit):
    """The first bottom row at which the columns hold `needed` lines."""
    lowest = max(start[c] + below[c] for c in start)
    for bottom in range(lowest, limit + 1):
        if sum(max(0, bottom - below[c] - start[c]) for c in start) >= needed:
            return bottom
    raise DoesNotFit(f"{needed} lines")


def cut_to_fit(blocks, starts, room, cuttable):
    """The blocks (the last perhaps cut after a sentence) and their line starts that fit in `room` lines."""
    kept, kept_starts, used = [], [], 0
    for block, lines in zip(blocks, starts, strict=True):
        if used + len(lines) <= room:
            kept.append(block)
            kept_starts.append(lines)
            used += len(lines)
            continue
        if not cuttable:
            raise DoesNotFit(f"{len(lines)} lines in {room - used}")
        if not block.heading:
            fitting = [end for end in block.sentence_ends() if sum(1 for s in lines if s < end) <= room - used]
            if fitting:
                end = fitting[-1]
                kept.append(block.prefix(end))
                kept_starts.append([s for s in lines if s < end])
        break
    while kept and kept[-1].heading:
        kept.pop()
        kept_starts.pop()
    if not kept:
        raise DoesNotFit(f"not one sentence in {room} lines")
    return kept, kept_starts


def flow(blocks, starts, capacity):
    """The blocks' lines poured into the column runs `capacity` [(column, first row, end row)], in order."""
    lines = []
    for index, (block, offsets) in enumerate(zip(blocks, starts, strict=True)):
        ends = [*offsets[1:], len(block.text)]
        lines += [(index, begin, end) for begin, end in zip(offsets, ends, strict=True)]
    segments, position = [], 0
    for column, first, end in capacity:
        taken = lines[position : position + end - first]
        position += len(taken)
        parts = []
        for index, begin, stop in taken:
            if parts and parts[-1].block == index:
                parts[-1].end = stop
            else:
                parts.append(Part(index, begin, stop, continued=begin > 0, cut=False))
        for part in parts:
            part.cut = part.end < len(blocks[part.block].text)
        segments.append(Segment(Rect(column, column + 1, first, end), parts, len(taken)))
    if position < len(lines):
        raise DoesNotFit(f"{len(lines) - position} lines left over")
    return segments


def merge_columns(capacity):
    """Neighbouring text columns over the same rows as one rectangle."""
    rects = []
    for column, first, end in sorted(capacity):
        last = rects[-1] if rects else None
        if last and last.c1 == column and (last.r0, last.r1) == (first, end):
            rects[-1] = Rect(last.c0, column + 1, first, end)
        else:
            rects.append(Rect(column, column + 1, first, end))
    return rects
