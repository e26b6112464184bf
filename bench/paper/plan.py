"""
Page plans: which grid area each story owns, where its headline goes and where its photos hang.

An area is given column by column: each of its columns is one run of rows
[top, bottom). That describes every shape a story takes on the page:

- a rectangle (every column the same run);
- a dog-leg, the L-shape: a story whose text runs down its first columns and
  then continues in the columns beside, below another story;
- a story whose corner is taken by another story's photo: the story above hangs
  its photo down into it, and the text below wraps around the photo.

Text always runs down one column and on into the next: first the columns under
the headline, left to right, then the others. The plan is drawn from a seeded
random generator alone, before any text is measured, so the same seed gives the
same plan.
"""

import math
from dataclasses import dataclass, field

from .grid import Rect

MIN_ROWS = 14  # a story under that has no room for a headline and a few lines
NARROW_MIN_ROWS = 26  # a one-column story must be tall
PHOTO_PAD = 0.6  # rows of white between a photo and text in the same column
CAPTION_RESERVE = 2  # caption lines a planned photo leaves room for


@dataclass
class Area:
    runs: dict  # column -> [top, bottom) rows

    @classmethod
    def of(cls, rect):
        return cls(dict.fromkeys(range(rect.c0, rect.c1), (rect.r0, rect.r1)))

    @property
    def columns(self):
        return sorted(self.runs)

    @property
    def top(self):
        return min(top for top, _bottom in self.runs.values())

    def bounds(self):
        """(top, left) of the area, for the reading order."""
        return (self.top, min(self.runs))


@dataclass
class PhotoPlan:
    c0: int
    c1: int
    anchor: str  # "top": under the headline (or the area's top); "bottom": at the foot of its columns
    rows: int


@dataclass
class Slot:
    area: Area
    lead: bool = False
    head: tuple = ()  # columns [h0, h1) under the headline
    photos: list = field(default_factory=list)
    kind: str = ""  # what the story must be, when the plan decides it (case_study under a banner)


def head_columns(area, rng=None):
    """The headline's columns: the left-most run of columns that start highest (one fewer, sometimes)."""
    top = area.top
    columns = area.columns
    first = next(c for c in columns if area.runs[c][0] == top)
    last = first
    while last + 1 in area.runs and area.runs[last + 1][0] == top:
        last += 1
    h0, h1 = first, last + 1
    # A headline over all but the last column, which runs from the top beside it.
    if rng is not None and h1 - h0 >= 3 and h1 == columns[-1] + 1 and rng.random() < 0.2:
        h1 -= 1
    return (h0, h1)


def photo_rows(grid, c0, c1, rng, anchor):
    """Rows for a photo over columns [c0, c1): a landscape picture, its caption, white around."""
    width = grid.span_width(c0, c1)
    height = width * rng.uniform(0.55, 0.75)
    caption = CAPTION_RESERVE * caption_line(grid)
    pad = PHOTO_PAD * grid.line
    return max(6, math.ceil((height + caption + 4 + pad + (pad if anchor == "bottom" else 0)) / grid.line))


def caption_line(grid):
    return round(grid.font_size * 0.95 * 1.35, 2)


def plan_page(rng, grid, *, cases=0):
    """The slots of a generated page: the lead across the top, the rest partitioned below.

    On a banner page (cases > 0) the lead and the `cases` stories after it are the campaign's case studies.
    """
    n, rows = grid.columns, grid.rows
    lead_rows = rng.randint(int(rows * 0.36), int(rows * 0.5))
    variant = rng.choice(("full", "full", "side", "dogleg"))
    slots = []
    if variant == "full":
        slots.append(Slot(Area.of(Rect(0, n, 0, lead_rows)), lead=True))
    else:
        side = 2 if n >= 5 and rng.random() < 0.5 else 1
        if variant == "side":
            slots.append(Slot(Area.of(Rect(0, n - side, 0, lead_rows)), lead=True))
            side_rect = Rect(n - side, n, 0, lead_rows)
        else:
            turn = lead_rows - rng.randint(9, 14)
            runs = dict.fromkeys(range(n - side), (0, lead_rows))
            runs.update(dict.fromkeys(range(n - side, n), (turn, lead_rows)))
            slots.append(Slot(Area(runs), lead=True))
            side_rect = Rect(n - side, n, 0, turn - 1)
        slots += [Slot(area) for area in partition(rng, side_rect, depth=1)]
    slots += [Slot(area) for area in partition(rng, Rect(0, n, lead_rows + 1, rows), depth=0)]
    slots.sort(key=lambda slot: (not slot.lead, slot.area.bounds()))
    if rng.random() < 0.55:
        hang_photo(rng, grid, slots)
    for slot in slots:
        if not slot.head:
            slot.head = head_columns(slot.area, rng)
        add_photos(rng, grid, slot)
    for slot in slots[: 1 + cases] if cases else ():
        slot.kind = "case_study"
    return slots


def partition(rng, rect, depth):
    """Areas tiling `rect` (one row apart above and below, one gutter apart side by side)."""
    width, height = rect.columns, rect.rows
    narrow = 1 if height >= NARROW_MIN_ROWS else 2
    options = []
    if height >= 2 * MIN_ROWS + 1:
        options.append("stack")
    if width >= 2 * narrow and (width >= 3 or height >= NARROW_MIN_ROWS):
        options += ["beside", "beside"]
    if width >= 3 and height >= 2 * MIN_ROWS + 1:
        options.append("dogleg")
    leaf = (0.0, 0.3, 0.55, 0.8)[min(depth, 3)]
    if not options or rng.random() < leaf:
        return [Area.of(rect)]
    choice = rng.choice(options)
    c0, c1, r0, r1 = rect.c0, rect.c1, rect.r0, rect.r1
    if choice == "stack":
        split = rng.randint(r0 + MIN_ROWS, r1 - MIN_ROWS - 1)
        return partition(rng, Rect(c0, c1, r0, split), depth + 1) + partition(
            rng, Rect(c0, c1, split + 1, r1), depth + 1
        )
    if choice == "beside":
        split = rng.randint(c0 + narrow, c1 - narrow)
        return partition(rng, Rect(c0, split, r0, r1), depth + 1) + partition(rng, Rect(split, c1, r0, r1), depth + 1)
    # The dog-leg: a story down the left columns and on into the columns beside,
    # under the stories that fill the top right.
    split = rng.randint(c0 + 1, c1 - 2) if width >= 4 else c0 + 1 + (height < NARROW_MIN_ROWS)
    if split >= c1:
        return [Area.of(rect)]
    turn = rng.randint(r0 + MIN_ROWS, r1 - 9)
    runs = dict.fromkeys(range(c0, split), (r0, r1))
    runs.update(dict.fromkeys(range(split, c1), (turn + 1, r1)))
    return [Area(runs), *partition(rng, Rect(split, c1, r0, turn), depth + 1)]


def hang_photo(rng, grid, slots):
    """Hang one story's photo down into the corner of the story below it; the story below wraps around it."""
    for upper in slots:
        for lower in slots:
            placed = _try_hang(rng, grid, upper, lower)
            if placed:
                return placed
    return None


def _try_hang(rng, grid, upper, lower):
    if upper is lower:
        return None
    top = lower.area.top
    head = head_columns(lower.area)
    if head[1] - head[0] < 3:
        return None
    width = 1 if head[1] - head[0] == 3 or grid.columns >= 5 and rng.random() < 0.5 else 2
    hung = list(range(head[1] - width, head[1]))
    if any(c not in upper.area.runs or upper.area.runs[c][1] != top - 1 for c in hung):
        return None
    upper_top = max(upper.area.runs[c][0] for c in hung)
    lower_bottom = min(lower.area.runs[c][1] for c in hung)
    inside, below = rng.randint(3, 6), rng.randint(5, 9)
    if top - 1 - upper_top < inside + 12 or lower_bottom - (top + below + 1) < 6:
        return None
    for c in hung:
        upper.area.runs[c] = (upper.area.runs[c][0], top + below)
        lower.area.runs[c] = (top + below + 1, lower.area.runs[c][1])
    upper.photos.append(PhotoPlan(hung[0], hung[-1] + 1, "bottom", inside + 1 + below))
    lower.head = (head[0], hung[0])
    upper.head = head_columns(upper.area)
    return upper, lower


def add_photos(rng, grid, slot):
    """Photos under the headline or at the foot of the headline's columns, if there is room."""
    h0, h1 = slot.head
    span = h1 - h0
    taken = {c for photo in slot.photos for c in range(photo.c0, photo.c1)}
    if taken.intersection(range(h0, h1)):
        return
    height = min(slot.area.runs[c][1] - slot.area.runs[c][0] for c in range(h0, h1))
    wanted = 0.6 if slot.lead else 0.22
    if rng.random() >= wanted or height < MIN_ROWS + 10:
        return
    count = 2 if span >= 2 and height >= 34 and rng.random() < 0.25 else 1
    if count == 2:
        split = h0 + max(1, span // 2 + rng.choice((0, 0, 1)) * (span >= 4))
        spans = [(h0, split), (split, h1)]
        anchor = "top"
    else:
        width = rng.choice([w for w in (1, 2, 2, 3, 3, span - 1, span) if 1 <= w <= span])
        start = h0 if rng.random() < 0.5 else h1 - width
        spans = [(start, start + width)]
        anchor = "top" if rng.random() < 0.75 else "bottom"
    rows = max(photo_rows(grid, c0, c1, rng, anchor) for c0, c1 in spans)
    if height - rows < 12:
        return
    slot.photos += [PhotoPlan(c0, c1, anchor, rows) for c0, c1 in spans]
