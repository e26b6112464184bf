"""
Which blocks and photos make up each story, in what order its text reads, and how sure we are.

Every head stack starts a story. A head reaches sideways over the white beside it up to
whatever stands at its height, and stands over the row of columns right under it (a
short, centred headline still heads all of them). A column block or a photo belongs to
what is right above it: a head, or a part of a story it is attached to (no rule between,
no more white than a photo's margin). A part cut off from what is above it, by a rule or
the gap between stories, goes on from the story beside it, as a dog-leg's text runs on
into the columns under its neighbour and a column may run beside its own headline.

A story reads column by column: the columns under its headline, left to right, then the
others, left to right; each column from the top down. Paragraphs are found by indents
and short last lines; the credit (本报讯（记者 张三）) opens the first one.
"""

import re
from dataclasses import dataclass, field

from .layout import Block, Head
from .rules import horizontal_rule_between, vertical_rule_between
from .text import join_lines

# The credit that opens a story's first paragraph: 本报讯（记者 张三 通讯员 李四）, 新华社北京3月5日电,
# or the bylines alone in full-width parentheses (features have no dateline).
DATELINE = re.compile(
    r"^(?P<dateline>本报讯|本报[\u4e00-\u9fff]{1,8}\d*月?\d*日?电|新华社[\u4e00-\u9fff]{1,12}\d*月\d+日电|"
    r"[\u4e00-\u9fff]{2,8}(?:讯|电))?"
    r"\s*(?:[（(](?P<people>[^）)]{1,60})[）)])?"
)
ROLE_WORDS = ("本报记者", "特约记者", "见习记者", "实习记者", "记者", "通讯员", "实习生", "摄影", "撰稿")
ROLE_SPLIT = re.compile("(" + "|".join(ROLE_WORDS) + ")")  # longest first, so 本报记者 is not 本报 + 记者


@dataclass(eq=False)
class Story:
    head: object = None
    blocks: list = field(default_factory=list)
    pictures: list = field(default_factory=list)
    doubts: list = field(default_factory=list)

    @property
    def elements(self):
        return [*([self.head] if self.head else []), *self.blocks, *self.pictures]


def box_of(element):
    """(x0, top, x1, bottom) of a block (as wide as its column), a head, or a photo with its caption."""
    if hasattr(element, "unit_box"):
        return element.unit_box
    if getattr(element, "frame", None):
        return element.frame[0], element.top, element.frame[1], element.bottom
    return element.x0, element.top, element.x1, element.bottom


def set_reach(heads, blocks, pictures, rules, content_x0, content_x1):
    """Extend each head sideways over white space up to whatever stands beside it at its height."""
    obstacles = [*heads, *blocks, *pictures]
    for head in heads:
        top, bottom = head.top, head.bottom
        left, right = content_x0, content_x1
        for other in obstacles:
            if other is head:
                continue
            x0, t, x1, b = box_of(other)
            if min(b, bottom) - max(t, top) <= 0.25 * min(b - t, bottom - top):
                continue
            if x1 <= head.x0 + 1:
                left = max(left, x1)
            elif x0 >= head.x1 - 1:
                right = min(right, x0)
        for rule in rules:
            if rule.horizontal or min(rule.bottom, bottom) - max(rule.top, top) <= 0:
                continue
            middle = (rule.x0 + rule.x1) / 2
            if middle <= head.x0:
                left = max(left, middle)
            elif middle >= head.x1:
                right = min(right, middle)
        head.reach = (left, right)


def set_span(heads, elements, size):
    """The columns each head stands over: the row of blocks and photos right under it, as far as its reach allows.

    The row starts under the head's own text and grows sideways across gutters while
    the tops line up, stopping at anything that stands under another head's text.
    """
    for head in heads:
        reach0, reach1 = head.reach
        under = [
            e
            for e in elements
            if -0.5 * size <= box_of(e)[1] - head.bottom <= 4 * size
            and reach0 - 1 <= box_of(e)[0]
            and box_of(e)[2] <= reach1 + 1
        ]
        seeds = [e for e in under if min(box_of(e)[2], head.x1) - max(box_of(e)[0], head.x0) > 0]
        if not seeds:
            head.span = (head.x0, head.x1)
            continue
        first_top = min(box_of(e)[1] for e in seeds)
        row = [e for e in seeds if box_of(e)[1] - first_top <= 2 * size]
        grown = True
        while grown:
            grown = False
            x0 = min(box_of(e)[0] for e in row)
            x1 = max(box_of(e)[2] for e in row)
            for e in under:
                if e in row or abs(box_of(e)[1] - first_top) > 2 * size:
                    continue
                ex0, etop, ex1, _ = box_of(e)
                beside = -1 <= ex0 - x1 <= 3 * size or -1 <= x0 - ex1 <= 3 * size
                if beside and not _under_other_head(e, head, heads):
                    row.append(e)
                    grown = True
        head.span = (min([head.x0] + [box_of(e)[0] for e in row]), max([head.x1] + [box_of(e)[2] for e in row]))


def _under_other_head(element, head, heads):
    x0, top, x1, _ = box_of(element)
    for other in heads:
        if other is head or other.bottom > top + 1 or other.bottom < head.top:
            continue
        if min(other.x1, x1) - max(other.x0, x0) > 0.3 * (x1 - x0):
            return True
    return False


def _head_box(head):
    return head.span[0], head.top, head.span[1], head.bottom


def _extent(element):
    return _head_box(element) if isinstance(element, Head) else box_of(element)


def _overlap(a0, a1, b0, b1):
    return min(a1, b1) - max(a0, b0)


def assign(heads, blocks, pictures, rules, size):
    """Stories for the heads, each block and photo given to one; text no head leads becomes a story of its own.

    An element belongs to what is right above it in its column: a head, or a block or
    photo it is attached to (no rule between them, no more white than a photo's
    margin). An element cut off from what is above it (by a rule or a story's gap) is
    the continuation of the story beside it, on its left as text flows (a dog-leg
    runs on into the columns under its neighbour; a column may run beside its own
    headline), or failing that on its right. Failing both, the nearest head above
    whose columns cover it takes it, with doubt. Elements wait for the ones they
    depend on, so the order they are met in does not matter.
    """
    found = []
    for head in heads:
        story = Story(head=head)
        head.story = story
        found.append(story)
    waiting = sorted([*blocks, *pictures], key=lambda e: (box_of(e)[1], box_of(e)[0]))
    for element in waiting:
        element.story = None
    candidates = [*heads, *blocks, *pictures]
    while waiting:
        progress = False
        for element in list(waiting):
            story = _owner(element, candidates, rules, size)
            if story is not None:
                _give(story, element)
                waiting.remove(element)
                progress = True
        if progress:
            continue
        # Nothing settles by its neighbours: the topmost waiting element goes to the
        # nearest head above that covers it, or starts a story of its own.
        element = waiting.pop(0)
        story, doubt = _fallback(element, heads, rules, size)
        if story is None:
            story = Story()
            found.append(story)
        if doubt:
            story.doubts.append(doubt)
        _give(story, element)
    return [s for s in found if s.blocks or s.pictures or s.head]


def _owner(element, candidates, rules, size):
    """The story `element` continues, or None while what it depends on has no story yet (or it has none)."""
    x0, top, x1, bottom = box_of(element)
    width = x1 - x0
    above = None
    for other in candidates:
        if other is element:
            continue
        ox0, otop, ox1, obottom = _extent(other)
        if obottom > top + 0.3 * size or otop >= top:
            continue
        if _overlap(x0, x1, ox0, ox1) < 0.3 * min(width, ox1 - ox0):
            continue
        if above is None or obottom > _extent(above)[3] + 0.5:
            above = other
    if above is not None:
        ox0, _, ox1, obottom = _extent(above)
        ruled = horizontal_rule_between(rules, max(x0, ox0), min(x1, ox1), obottom, top, cover=0.5)
        attached = not ruled and (isinstance(above, Head) or top - obottom <= 1.7 * size)
        if attached:
            return above.story
    for side in ("left", "right"):
        neighbour = _beside(element, candidates, rules, size, side)
        if neighbour is not None:
            return neighbour.story
    return None


def _fallback(element, heads, rules, size):
    """(story, doubt) for an element nothing settles: the nearest head above that covers it.

    Sure when no rule parts them (a photo at the foot of a column its text does not fill).
    """
    x0, top, x1, _ = box_of(element)
    covering = [h for h in heads if h.bottom <= top + 0.5 * size and _overlap(x0, x1, *h.span) >= 0.5 * (x1 - x0)]
    if covering:
        head = max(covering, key=lambda h: h.bottom)
        if horizontal_rule_between(rules, x0, x1, head.bottom, top, cover=0.5):
            return head.story, "有一段文字与上方稿件隔开，按最近的标题归入"
        return head.story, None
    return None, "没有找到标题"


def _beside(element, candidates, rules, size, side):
    """The element with a story right beside `element` on `side`, a gutter away, with no rule between."""
    x0, top, x1, bottom = box_of(element)
    best, best_overlap = None, 0.0
    for other in candidates:
        if other is element or getattr(other, "story", None) is None:
            continue
        ox0, otop, ox1, obottom = _extent(other)
        gap = x0 - ox1 if side == "left" else ox0 - x1
        if not -1 <= gap <= 3 * size:
            continue
        shared = _overlap(top, bottom, otop, obottom)
        if shared <= 0.5 * min(bottom - top, obottom - otop):
            continue
        lo, hi = (ox1, x0) if side == "left" else (x1, ox0)
        if vertical_rule_between(rules, lo, hi, max(top, otop), min(bottom, obottom)) is not None:
            continue
        if shared > best_overlap:
            best, best_overlap = other, shared
    return best


def _give(story, element):
    element.story = story
    if isinstance(element, Block):
        story.blocks.append(element)
    else:
        story.pictures.append(element)


def reading_order(story):
    """The story's blocks as its text reads: column by column, the columns under its headline first, left to right,
    then the others left to right; down each column from the top."""
    columns = []
    for block in sorted(story.blocks, key=lambda b: (b.x0, b.top)):
        for column in columns:
            c0, c1 = column["x0"], column["x1"]
            if _overlap(block.x0, block.x1, c0, c1) > 0.5 * min(block.x1 - block.x0, c1 - c0):
                column["blocks"].append(block)
                column["x0"], column["x1"] = min(c0, block.x0), max(c1, block.x1)
                break
        else:
            columns.append({"x0": block.x0, "x1": block.x1, "blocks": [block]})
    head = story.head

    def under_head(column):
        if head is None:
            return True
        middle = (column["x0"] + column["x1"]) / 2
        starts_below = min(b.top for b in column["blocks"]) >= head.bottom - 1
        return head.span[0] <= middle <= head.span[1] and starts_below

    ordered = sorted(columns, key=lambda c: (not under_head(c), c["x0"]))
    story.blocks = [b for column in ordered for b in sorted(column["blocks"], key=lambda b: b.top)]
    return story.blocks


def paragraphs_of(blocks, frames):
    """Body paragraphs as printed: a paragraph starts at a first-line indent or after a short last line.

    Justified text fills every line of a paragraph but the last, so a line that stops
    short of the column's right edge ends its paragraph, and a column's full last line
    goes on in the next column.
    """
    paragraphs = []
    current = []
    previous_short = True
    for block in blocks:
        left, right = frame(block, frames)
        for line in block.lines:
            indented = line.x0 - left >= 0.8 * line.size
            if (indented or previous_short) and current:
                paragraphs.append(join_lines(current))
                current = []
            current.append(line.text)
            previous_short = right - line.x1 > 1.0 * line.size
    if current:
        paragraphs.append(join_lines(current))
    return [p for p in paragraphs if p]


def page_frames(blocks):
    """The page's text columns as (left, right): from blocks with two consecutive full lines (same right edge)."""
    frames = set()
    for block in blocks:
        lines = block.lines
        ends = [a.x1 for a, b in zip(lines, lines[1:], strict=False) if abs(a.x1 - b.x1) <= 0.5]
        if ends:
            frames.add((round(min(line.x0 for line in lines), 1), round(max(ends), 1)))
    return sorted(frames)


def frame(block, frames):
    """(left, right) edges of the column the block is set in: the narrowest page column holding it."""
    left = min(line.x0 for line in block.lines)
    right = max(line.x1 for line in block.lines)
    size = block.size
    holding = [f for f in frames if f[0] - 0.5 <= left <= f[0] + 4 * size and right <= f[1] + 0.5]
    if holding:
        return min(holding, key=lambda f: f[1] - f[0])
    return left, right


def credit(paragraphs):
    """(dateline, bylines) from the credit at the start of the first paragraph, which keeps it as printed."""
    if not paragraphs:
        return "", []
    match = DATELINE.match(paragraphs[0])
    if not match:
        return "", []
    dateline = match.group("dateline") or ""
    people = match.group("people") or ""
    if people and not dateline and not any(role in people for role in ROLE_WORDS):
        people = ""  # an aside in parentheses, not a credit
    return dateline, parse_bylines(people) if people else []


def parse_bylines(text):
    """'记者 张三 李四 通讯员 王五' -> ['记者 张三', '记者 李四', '通讯员 王五']: each name after the role before it."""
    role, bylines = "", []
    for token in ROLE_SPLIT.split(text.strip().strip("■□●◆")):
        token = token.strip()
        if not token:
            continue
        if token in ROLE_WORDS:
            role = token
            continue
        for name in re.split(r"[\s、，,/]+", token):
            if name:
                bylines.append(f"{role} {name}" if role else name)
    return bylines
