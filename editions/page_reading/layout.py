"""
From lines to the page's parts: furniture, banner, column blocks and head stacks.

Roles come from size and place, not from fonts: weight is not known everywhere
(Chromium prints the system's CJK fonts as Type 3 fonts, which have no names).

* body text is the size most characters are set in; lines stack into column blocks,
  one block per run of lines of one size and one column width, nothing between them;
* a headline is type clearly larger than the body (one or two lines of one size); a
  kicker (引题) is a smaller line just above it, a subheadline (副题) a smaller line just
  below it, then perhaps a line of bylines; together they are a head stack. The largest
  type goes first, so a headline claims its kicker and subheadline even when they are
  display-sized themselves;
* page furniture (a masthead, or the strip with 第N版, the section and the date; the
  footer) is what lies above the first long rule near the top, or reads like a header,
  or sits alone at the foot of the page;
* a banner (a campaign slogan) is large type alone across the top, centred, with the
  next story's head right under it, or set in colour over a photo.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from .rules import horizontal_rule_between

# Type this much larger than the body is display type (headlines).
HEADLINE_RATIO = 1.3
FURNITURE_WORDS = re.compile(
    r"第\s*[0-9一二三四五六七八九十百]+\s*版|星期|[0-9]+年[0-9]+月[0-9]+日|编辑|校对|美编|版式|期"
)
BYLINE_WORDS = re.compile(r"记者|通讯员|实习生|撰稿|供稿|摄影|见习")


class SpanOfLines:
    """The box around `lines` (a column block's, or a head stack's kicker, headline and subheadline)."""

    @property
    def x0(self):
        return min(line.x0 for line in self.lines)

    @property
    def x1(self):
        return max(line.x1 for line in self.lines)

    @property
    def top(self):
        return min(line.top for line in self.lines)

    @property
    def bottom(self):
        return max(line.bottom for line in self.lines)


@dataclass(eq=False)
class Block(SpanOfLines):
    """Lines of one column, one size, stacked one under the other."""

    lines: list
    story: object = None
    frame: tuple = None  # (left, right) of the column it is set in, once the page's columns are known

    # Stacked one under the other: the first line is the top, the last the bottom.
    @property
    def top(self):
        return self.lines[0].top

    @property
    def bottom(self):
        return self.lines[-1].bottom

    @property
    def size(self):
        return self.lines[0].size

    @property
    def pitch(self):
        """Baseline to baseline (the size and a half when there is one line)."""
        if len(self.lines) < 2:
            return 1.5 * self.size
        steps = sorted(b.baseline - a.baseline for a, b in zip(self.lines, self.lines[1:], strict=False))
        return steps[len(steps) // 2]


@dataclass(eq=False)
class Head(SpanOfLines):
    """A head stack: kicker, headline (one or two lines), subheadline, byline lines."""

    headline: list
    kicker: list = field(default_factory=list)
    subheadline: list = field(default_factory=list)
    bylines: list = field(default_factory=list)
    reach: tuple = (0.0, 0.0)
    span: tuple = (0.0, 0.0)
    story: object = None

    @property
    def lines(self):
        return [*self.kicker, *self.headline, *self.subheadline, *self.bylines]

    @property
    def size(self):
        return self.headline[0].size


def body_size(lines):
    """The size most characters are printed in."""
    counts = Counter()
    for line in lines:
        counts[line.size] += len(line.chars)
    return counts.most_common(1)[0][0] if counts else 10.0


def split_furniture(lines, rules, pictures, width, height, size):
    """(furniture lines, other lines): the header strip above the top rule and the footer band.

    The header (a masthead on page one, a strip with 第N版, the section and the date on
    the others) ends at the first long rule near the top of the page (a double rule
    counts once, at its lower line). Without such a rule, the lines near the top that
    read like a header (第N版, a date, 星期, 编辑) and the lines on their rows are taken.
    """
    header_rule = None
    for rule in sorted((r for r in rules if r.horizontal), key=lambda r: r.top):
        if rule.top > 0.15 * height:
            break
        if rule.x1 - rule.x0 < 0.6 * width:
            continue
        if header_rule is None:
            if any(line.bottom <= rule.top + 1 for line in lines):
                header_rule = rule
        elif rule.top - header_rule.bottom <= 10 and not any(
            header_rule.bottom <= line.top and line.bottom <= rule.top for line in lines
        ):
            header_rule = rule
    header_rows = {
        round(line.baseline)
        for line in lines
        if line.top < 0.06 * height and line.size <= 1.2 * size and FURNITURE_WORDS.search(line.text)
    }
    furniture, rest = [], []
    for line in lines:
        if (
            header_rule is not None
            and line.bottom <= header_rule.top + 1
            or header_rule is None
            and any(abs(round(line.baseline) - row) <= 1 for row in header_rows)
        ):
            furniture.append(line)
        elif (
            line.top > 0.955 * height
            and line.size <= 1.1 * size
            and len(line.text) <= 40
            and not _continues(line, lines)
            and not _captions(line, pictures)
        ):
            furniture.append(line)  # a footer: page number, 责任编辑; not a column's last line, nor a caption
        else:
            rest.append(line)
    return furniture, rest


def _captions(line, pictures):
    """True when `line` sits right under a picture, within its width."""
    return any(
        0 <= line.top - p.bottom <= 2 * line.size and p.x0 - line.size <= line.x0 and line.x1 <= p.x1 + line.size
        for p in pictures
    )


def _continues(line, lines):
    """True when `line` sits right under a line of its size in the same column (it ends a column of text)."""
    return any(
        other is not line
        and abs(other.size - line.size) <= 0.3
        and 0 <= line.top - other.bottom <= 0.8 * line.size
        and (
            min(other.x1, line.x1) - max(other.x0, line.x0) > 0 or other.x0 - 1 <= line.x0 <= other.x0 + 12 * line.size
        )
        for other in lines
    )


def build_blocks(lines, rules, pictures, size):
    """Stack lines of one size into column blocks (a line joins the block it sits right under).

    Text lines keep to one column width (a justified column's lines end at one edge);
    display lines (headlines, centred and ragged) only have to overlap.
    """
    blocks = []
    open_blocks = []
    for line in sorted(lines, key=lambda line: (line.top, line.x0)):
        best, best_overlap = None, 0.0
        for block in open_blocks:
            last = block.lines[-1]
            if abs(last.size - line.size) > 0.3:
                continue
            gap = line.top - last.bottom
            if gap < -0.3 * line.size or gap > 1.0 * line.size:
                continue
            if line.top < last.top + 0.5 * line.size:
                continue  # same row: another column
            overlap = min(line.x1, block.x1) - max(line.x0, block.x0)
            narrower = min(line.width, block.x1 - block.x0)
            if overlap < 0.5 * narrower:
                continue
            display = line.size >= HEADLINE_RATIO * size
            if not display and line.x1 > block.x1 + 1.0 * line.size and _full(block):
                continue  # wider than the column above: another frame
            if not display and line.x0 < block.x0 - 3.5 * line.size and len(block.lines) > 1:
                continue
            if horizontal_rule_between(rules, line.x0, line.x1, last.bottom, line.top, cover=0.3):
                continue
            if any(
                p.top >= last.bottom - 1 and p.bottom <= line.top + 1 and p.x0 < line.x1 and p.x1 > line.x0
                for p in pictures
            ):
                continue
            if overlap > best_overlap:
                best, best_overlap = block, overlap
        if best is None:
            best = Block([line])
            blocks.append(best)
            open_blocks.append(best)
        else:
            best.lines.append(line)
        # Blocks whose last line is far above cannot grow any more.
        open_blocks = [b for b in open_blocks if b.lines[-1].bottom >= line.top - 2 * line.size]
    result = []
    for block in blocks:
        result.extend(_split_frames(block) if block.size < HEADLINE_RATIO * size else [block])
    return result


def _full(block):
    """True when two consecutive lines of the block end at the same right edge: its column's width is known."""
    return any(abs(a.x1 - b.x1) <= 1 for a, b in zip(block.lines, block.lines[1:], strict=False))


def _split_frames(block):
    """Split a block where its column width changes (a story going on narrower or wider below).

    A column's width shows in consecutive lines ending at one right edge (justified
    lines of a paragraph); a paragraph's short last line says nothing about it.
    """
    lines = block.lines
    if len(lines) < 4:
        return [block]
    size = lines[0].size
    labels = [None] * len(lines)
    for index in range(len(lines) - 1):
        if abs(lines[index].x1 - lines[index + 1].x1) <= 1:
            labels[index] = labels[index + 1] = lines[index].x1
    frames = [label for label in labels if label is not None]
    if not frames or max(frames) - min(frames) <= size:
        return [block]
    # Short lines (paragraph ends) keep the frame of the line before them.
    current = frames[0]
    for index, label in enumerate(labels):
        if label is None:
            labels[index] = current
        else:
            current = label
    parts, start = [], 0
    for index in range(1, len(lines)):
        if abs(labels[index] - labels[index - 1]) > size:
            parts.append(Block(lines[start:index]))
            start = index
    parts.append(Block(lines[start:]))
    return parts


def find_heads(blocks, size, rules=()):
    """Head stacks built around headlines; returns (heads, remaining blocks).

    The largest display type is taken first: each display block not yet used is a
    headline, the smaller block just above it its kicker and the smaller block just
    below it its subheadline (and then byline lines). Kickers and subheadlines are
    often display-sized themselves, so going from the largest down lets a headline
    claim them before they could pass for headlines of their own.
    """
    display = [b for b in blocks if b.size >= HEADLINE_RATIO * size]
    used = set()
    heads = []
    for block in sorted(display, key=lambda b: (-b.size, b.top)):
        if id(block) in used:
            continue
        used.add(id(block))
        head = Head(headline=list(block.lines))
        _take_kicker(head, blocks, used, rules)
        _take_subheadline(head, blocks, used, rules)
        heads.append(head)
    heads.sort(key=lambda h: (h.top, h.x0))
    rest = [b for b in blocks if id(b) not in used]
    return heads, rest


def _near_above(head, block):
    gap = head.top - block.bottom
    return -0.2 * block.size <= gap <= max(1.0 * block.size, 0.45 * head.size)


def _take_kicker(head, blocks, used, rules):
    top = min(line.top for line in head.headline)
    candidates = [
        b
        for b in blocks
        if id(b) not in used
        and len(b.lines) <= 2
        and b.size < head.size - 0.5
        and -0.2 * b.size <= top - b.bottom <= max(1.0 * b.size, 0.45 * head.size)
        and min(b.x1, head.x1) - max(b.x0, head.x0) > 0
        and _standalone(b, blocks, head)
        and not horizontal_rule_between(rules, b.x0, b.x1, b.bottom, top, cover=0.5)
    ]
    if candidates:
        kicker = max(candidates, key=lambda b: b.bottom)
        head.kicker = list(kicker.lines)
        used.add(id(kicker))


def _take_subheadline(head, blocks, used, rules):
    bottom = max(line.bottom for line in head.headline)
    for _ in range(3):
        candidates = [
            b
            for b in blocks
            if id(b) not in used
            and len(b.lines) <= 2
            and b.size < head.size - 0.5
            and -0.2 * b.size <= b.top - bottom <= max(1.2 * b.size, 0.5 * head.size)
            and min(b.x1, head.x1) - max(b.x0, head.x0) > 0
            and _standalone(b, blocks, head)
            and not horizontal_rule_between(rules, b.x0, b.x1, bottom, b.top, cover=0.5)
        ]
        if not candidates:
            return
        block = min(candidates, key=lambda b: b.top)
        text = "".join(line.text for line in block.lines)
        if BYLINE_WORDS.search(text) and len(text) <= 40 and "。" not in text:
            head.bylines.extend(block.lines)
        elif not head.subheadline and not head.bylines:
            head.subheadline = list(block.lines)
        else:
            return
        used.add(id(block))
        bottom = block.bottom


def _standalone(block, blocks, head):
    """A kicker or subheadline is not a column's first or last line: no body block continues it."""
    for other in blocks:
        if other is block or len(other.lines) < 3:
            continue
        same_column = min(other.x1, block.x1) - max(other.x0, block.x0) > 0.5 * (block.x1 - block.x0)
        if same_column and abs(other.size - block.size) <= 0.3:
            touching = (
                0 <= other.top - block.bottom <= 0.8 * block.size or 0 <= block.top - other.bottom <= 0.8 * block.size
            )
            if touching:
                return False
    return True


def find_banner(heads, blocks, pictures, rules, width):
    """The head stack that is a banner: alone across the top of the page, above everything, apart from what follows.

    It stands centred over the page's text, with nothing beside it and nothing above
    it but the header, and it is set apart from the story under it: the next headline
    comes before any text under it (a story's headline is followed by its own text),
    or a rule runs under it, or it is set in white (on a coloured ground), or in colour
    with a photo next (a lead headline over its photo is set in black). Returns the
    banner's head, taken out of `heads`, or None.
    """
    if not heads:
        return None
    content_x0 = min([h.x0 for h in heads] + [b.x0 for b in blocks] + [p.x0 for p in pictures])
    content_x1 = max([h.x1 for h in heads] + [b.x1 for b in blocks] + [p.x1 for p in pictures])
    middle = (content_x0 + content_x1) / 2
    top_head = min(heads, key=lambda h: h.top)
    if top_head.kicker or top_head.subheadline or top_head.bylines:
        return None
    others_top = min(
        [b.top for b in blocks] + [p.top for p in pictures] + [h.top for h in heads if h is not top_head],
        default=None,
    )
    if others_top is None or top_head.bottom > others_top + 1:
        return None  # something sits beside it: it heads a story
    if abs(top_head.x0 + top_head.x1 - 2 * middle) > 0.1 * (content_x1 - content_x0):
        return None
    if top_head.x1 - top_head.x0 < 0.25 * (content_x1 - content_x0):
        return None
    below = [b for b in blocks if b.top >= top_head.bottom - 1 and top_head.x0 <= (b.x0 + b.x1) / 2 <= top_head.x1]
    first_text = min((b.top for b in below), default=float("inf"))
    next_head = min((h.top for h in heads if h is not top_head), default=float("inf"))
    next_picture = min((p.top for p in pictures if p.top >= top_head.bottom - 1), default=float("inf"))
    red, green, blue = top_head.headline[0].color[:3]
    white = min(red, green, blue) > 200
    coloured = max(red, green, blue) - min(red, green, blue) > 60
    ruled = horizontal_rule_between(rules, top_head.x0, top_head.x1, top_head.bottom, min(first_text, next_head), 0.8)
    if next_head < min(first_text, next_picture) or white or ruled or (coloured and next_picture < first_text):
        heads.remove(top_head)
        return top_head
    return None
