"""
read_page: one page PDF in, its stories' regions, texts and photos out (PageReading).

The steps, each in its own module: characters and lines (text), rules, photos and their
captions (photos), furniture, banner, column blocks and head stacks (layout), who owns
what and the reading order (stories), outlines (regions). Everything the caller gets is
in page fractions (0..1, origin at the top left), so it holds for any rendering of the
page.
"""

from dataclasses import dataclass, field

from shapely.geometry import Polygon

from . import layout, regions, stories
from .pdf import open_page
from .photos import attach_captions, extract_pictures, picture_bytes
from .rules import extract_rules
from .text import build_lines, extract_chars, join_lines

NO_HEADLINE = "没有找到标题"


@dataclass(frozen=True)
class RegionPhoto:
    box: tuple  # (left, top, width, height) of the picture, page fractions
    image: bytes = field(repr=False)  # the picture's pixels, re-encoded by Pillow (JPEG, or PNG if transparent)
    caption: str = ""


@dataclass(frozen=True)
class Region:
    polygon: list  # [(x, y)] page fractions, clockwise on the page from its top-left corner
    boxes: list  # [(left, top, width, height)] page fractions: the polygon in horizontal bands
    kicker: str = ""
    headline: list = field(default_factory=list)  # one or two lines, as printed
    subheadline: str = ""
    dateline: str = ""  # 本报讯, 新华社北京3月5日电 …
    bylines: list = field(default_factory=list)  # ["记者 张三", "通讯员 李四"]
    paragraphs: list = field(default_factory=list)  # as printed, the credit at the head of the first
    photos: list = field(default_factory=list)  # RegionPhoto
    is_lead: bool = False
    position: int = 0  # 1-based reading order: the lead, then top to bottom, left to right
    confidence: float = 1.0  # 0..1: lower when a part could belong elsewhere or there is no headline

    @property
    def text(self):
        """Kicker, headline, subheadline and paragraphs, one per line: what the CMS's stories are matched on."""
        parts = [self.kicker, *self.headline, self.subheadline, *self.paragraphs]
        return "\n".join(part for part in parts if part)


@dataclass(frozen=True)
class PageReading:
    width_pt: float
    height_pt: float
    regions: list  # Region, in reading order
    banner_text: str = ""  # a campaign banner across the page, not a story


@dataclass
class PageFacts:
    """What the outline of every story needs to know about the page."""

    size: float  # body text, pt
    pitch: float  # body text, baseline to baseline
    rules: list
    frames: list  # the text columns, (left, right)
    content_top: float  # under the header and the banner
    text_bottom: float  # where the lowest text or photo ends


def read_page(pdf, page_index=0):
    """Read page `page_index` of `pdf` (bytes or a path) into its story regions. Raises PageReadingError."""
    with open_page(pdf, page_index) as page:
        width, height = page.get_width(), page.get_height()
        lines = build_lines(extract_chars(page))
        rules = extract_rules(page)
        pictures = extract_pictures(page)
        size = layout.body_size(lines)
        furniture, lines = layout.split_furniture(lines, rules, pictures, width, height, size)
        header_bottom = _below_rules(_header_bottom(furniture, height), rules, width)
        pictures = [p for p in pictures if p.top > header_bottom]  # the masthead's emblem is no photo
        used = attach_captions(pictures, lines, size)
        blocks = layout.build_blocks([line for line in lines if id(line) not in used], rules, pictures, size)
        heads, blocks = layout.find_heads(blocks, size, rules)
        banner = layout.find_banner(heads, blocks, pictures, rules, width)
        frames = stories.page_frames(blocks)
        for block in blocks:
            block.frame = stories.frame(block, frames)
        found = _stories(heads, blocks, pictures, rules, size)
        facts = PageFacts(
            size=size,
            pitch=_pitch(blocks, size),
            rules=rules,
            frames=frames,
            content_top=_below_rules(max(header_bottom, banner.bottom if banner else 0.0), rules, width),
            text_bottom=max([b.bottom for b in blocks] + [p.unit_box[3] for p in pictures], default=height),
        )
        outlined = [_outline(story, found, facts) for story in found]
        outlined = [item for item in outlined if item[1]]
        result = []
        for position, (story, points, doubtful) in enumerate(_reading_order(outlined, facts), 1):
            result.append(_region(story, points, doubtful, facts, position, page))
        banner_text = join_lines(line.text for line in banner.lines) if banner else ""
        return PageReading(width_pt=width, height_pt=height, regions=result, banner_text=banner_text)


def _stories(heads, blocks, pictures, rules, size):
    everything = [*heads, *blocks, *pictures]
    if not everything:
        return []
    x0 = min(stories.box_of(e)[0] for e in everything)
    x1 = max(stories.box_of(e)[2] for e in everything)
    stories.set_reach(heads, blocks, pictures, rules, x0, x1)
    stories.set_span(heads, [*blocks, *pictures], size)
    found = stories.assign(heads, blocks, pictures, rules, size)
    for story in found:
        stories.reading_order(story)
    return found


def _outline(story, found, facts):
    """(story, outline points in pt, doubtful)."""
    rects = regions.story_rectangles(story, facts.size, facts.frames)
    obstacles = [
        r for other in found if other is not story for r in regions.story_rectangles(other, facts.size, facts.frames)
    ]
    points, doubtful = regions.outline(rects, obstacles, facts)
    return story, points, doubtful


def _region(story, points, doubtful, facts, position, page):
    width, height = page.get_width(), page.get_height()
    head = story.head
    paragraphs = stories.paragraphs_of(story.blocks, facts.frames)
    dateline, bylines = stories.credit(paragraphs)
    if head is not None and head.bylines and not bylines:
        bylines = stories.parse_bylines(" ".join(line.text for line in head.bylines))
    confidence = 1.0
    if head is None:
        confidence -= 0.4
    if doubtful:
        confidence -= 0.3
    confidence -= 0.15 * len(set(story.doubts) - {NO_HEADLINE})
    if not paragraphs and not story.pictures:
        confidence -= 0.3
    photos = [
        RegionPhoto(
            box=_fraction((p.x0, p.top, p.x1, p.bottom), width, height),
            image=picture_bytes(p, page),
            caption=p.caption,
        )
        for p in sorted(story.pictures, key=lambda p: (p.top, p.x0))
    ]
    return Region(
        polygon=[(x / width, y / height) for x, y in points],
        boxes=[_fraction(b, width, height) for b in regions.boxes_of(points)],
        kicker=join_lines(line.text for line in head.kicker) if head else "",
        headline=[line.text for line in head.headline] if head else [],
        subheadline=join_lines(line.text for line in head.subheadline) if head else "",
        dateline=dateline,
        bylines=bylines,
        paragraphs=paragraphs,
        photos=photos,
        is_lead=position == 1,
        position=position,
        confidence=round(max(0.05, min(1.0, confidence)), 2),
    )


def _header_bottom(furniture, height):
    return max((line.bottom for line in furniture if line.top < height / 2), default=0.0)


def _below_rules(top, rules, width):
    """`top` moved down past the long rules lying just under it (a header's double rule, a banner's frame)."""
    moved = True
    while moved:
        moved = False
        for rule in rules:
            long_enough = rule.horizontal and rule.x1 - rule.x0 >= 0.5 * width
            if long_enough and top - 1 <= rule.top <= top + 24 and rule.bottom > top:
                top, moved = rule.bottom, True
    return top + 1 if top else 0.0


def _pitch(blocks, size):
    """The body text's line pitch (baseline to baseline), or one and a half times the size without it."""
    pitches = sorted(b.pitch for b in blocks if len(b.lines) >= 3 and abs(b.size - size) <= 0.3)
    return pitches[len(pitches) // 2] if pitches else 1.5 * size


def _reading_order(outlined, facts):
    """The lead first (the largest headline; the larger region between equals), then by top, then left.

    Tops less than a line apart are one row, read left to right; so are the stories that
    start at the top of the page (their heads sit a little lower or higher in their space).
    """
    if not outlined:
        return []

    def top_left(item):
        top, left = _top_left(item[1])
        return (facts.content_top if top - facts.content_top <= 2 * facts.pitch else top), left

    def headline_size(item):
        return item[0].head.size if item[0].head else 0.0

    lead = max(outlined, key=lambda item: (headline_size(item), Polygon(item[1]).area))
    rest = sorted((item for item in outlined if item is not lead), key=top_left)
    rows = []
    for item in rest:
        top = top_left(item)[0]
        if rows and top - rows[-1][0] <= 0.75 * facts.pitch:
            rows[-1][1].append(item)
        else:
            rows.append((top, [item]))
    return [lead, *(item for _, row in rows for item in sorted(row, key=lambda item: top_left(item)[1]))]


def _top_left(points):
    return min(y for _, y in points), min(x for x, _ in points)


def _fraction(box, width, height):
    x0, top, x1, bottom = box
    return (x0 / width, top / height, (x1 - x0) / width, (bottom - top) / height)
