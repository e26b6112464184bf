"""
Pages from start to finish: what goes on each page, its layout, its ground truth, its PDF.

A page is drafted in pure Python (its edition, date, section and banner), laid
out with the browser's measurements of its text, finished (boxes, reading
order, keys, rules) and printed. A generated page whose stories do not fit its
plan (rare: a photo or headline too big for a small slot) is planned again from
the next seed of its own, so one page never changes another.
"""

import datetime
import json
import random
from dataclasses import dataclass, field, replace
from pathlib import Path

from bench.archive import words

from . import regions, render
from .fit import DoesNotFit, place
from .fonts import ALWAYS, font_face_css
from .grid import PAGE_HEIGHT, PAGE_WIDTH, make_grid
from .plan import Area, PhotoPlan, Slot, photo_rows, plan_page
from .press import Press
from .stories import Newsroom, demo_story, load_demo_edition, vocabulary_text

ATTEMPTS = 12
SEED_FONT_SIZES = (11.25, 10.5, 9.75, 9.0)  # the demo's pages take the largest type that fills them
GOOD_FILL = 0.9
SEED_COLUMNS = 5
# The demo edition's total issue number, as in bench.archive.day (which needs Django's models to import).
TOTAL_NUMBER_ANCHOR = (datetime.date(2023, 2, 15), 9312)


@dataclass
class Draft:
    name: str
    number: int
    section: str
    date: datetime.date
    edition_pages: int
    issue_number: int
    total_number: int | None
    banner: str
    lay_out: object = None  # (measure) -> (grid, [fit.Placed]), the lead first


@dataclass
class PageLayout:
    draft: Draft
    grid: object
    placed: list  # in reading order
    boxes: list  # per story, its boxes in pt
    rules: list = field(default_factory=list)


def generate_pages(out_dir, *, count=30, seed=1):
    """Lay out and print `count` generated pages into out_dir; the .pdf paths (each .json beside it)."""
    drafts = generated_drafts(count, seed)
    return press_pages(drafts, Path(out_dir))


def seed_pages(out_dir):
    """Lay out and print the demo edition's pages (seeds/demo_edition.json) as page-<N>.pdf and .json."""
    return press_pages(seed_drafts(load_demo_edition()), Path(out_dir))


def press_pages(drafts, out_dir):
    out_dir.mkdir(parents=True, exist_ok=True)
    characters = charset()
    paths = []
    with Press(font_face_css(characters)) as press:

        def measure(grid, stories):
            for story in stories:
                stray = set(story.all_text()) - set(characters)
                if stray:
                    raise ValueError(f"no glyphs cut for {sorted(stray)}")
            return press.measure(render.measuring_html(grid, stories))

        for draft in drafts:
            grid, placed = draft.lay_out(measure)
            layout, truth = finish(draft, grid, placed)
            path = out_dir / f"{draft.name}.pdf"
            press.print(render.page_html(layout), path)
            path.with_suffix(".json").write_text(
                json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )
            paths.append(path)
    return paths


def charset():
    return "".join(sorted(set(vocabulary_text() + render.HEADER_TEXT + ALWAYS)))


def issue_numbers(day):
    anchor_date, anchor_number = TOTAL_NUMBER_ANCHOR
    total = anchor_number + (day - anchor_date).days
    return day.timetuple().tm_yday, total if total > 0 else None


def campaign_on(day):
    for name, _slug, _slogan, starts, ends in words.CAMPAIGNS:
        if datetime.date.fromisoformat(starts) <= day and (ends is None or day <= datetime.date.fromisoformat(ends)):
            return name
    return ""


# Generated pages ---------------------------------------------------------------------------------


def generated_drafts(count, seed):
    """Editions of 3 to 8 pages on dates drawn from `seed`, until there are `count` pages."""
    rng = random.Random(f"bench.paper:{seed}")
    newsroom, demo = Newsroom(), [demo_story(a) for a in load_demo_edition()["articles"]]
    day = datetime.date(2016, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 8))
    drafts = []
    while len(drafts) < count:
        pages = rng.choice((3, 4, 4, 6, 8))
        sections = words.PAGE_NAMES[: pages - 1] + [words.LAST_PAGE_NAME]
        campaign = campaign_on(day)
        number, total = issue_numbers(day)
        for page, section in enumerate(sections[: count - len(drafts)], 1):
            banner = campaign if page == pages else ""
            draft = Draft(f"{day.isoformat()}-p{page:02d}", page, section, day, pages, number, total, banner)
            draft.lay_out = _generated_layout(draft, seed, newsroom, demo)
            drafts.append(draft)
        day += datetime.timedelta(days=rng.randint(1, 60))
    return drafts


def _generated_layout(draft, seed, newsroom, demo):
    def lay_out(measure):
        for attempt in range(ATTEMPTS):
            rng = random.Random(f"bench.paper:{seed}:{draft.name}:{attempt}")
            grid = make_grid(rng.choice((4, 5, 5, 6)), top=render.content_top(draft.number, draft.banner))
            slots = plan_page(rng, grid, cases=rng.randint(1, 2) if draft.banner else 0)
            used = set()  # a demo story at most once a page
            stories = [_draw_story(rng, slot, grid, draft, newsroom, demo, used) for slot in slots]
            try:
                return grid, _place_all(grid, slots, stories, measure(grid, stories))
            except DoesNotFit:
                continue
        raise DoesNotFit(f"{draft.name}: no plan in {ATTEMPTS} attempts fits")

    return lay_out


def _place_all(grid, slots, stories, starts, *, sized=False):
    placed, cap = [], 99.0
    for slot, story, story_starts in zip(slots, stories, starts, strict=True):
        one = place(slot, story, grid, story_starts, cap=cap, sized=sized)
        if slot.lead:
            cap = one.head.size - 4  # the lead's headline is the page's biggest
        placed.append(one)
    return placed


def _draw_story(rng, slot, grid, draft, newsroom, demo, used):
    rows = sum(bottom - top for top, bottom in slot.area.runs.values())
    rows -= 5 * (slot.head[1] - slot.head[0]) + sum(p.rows * (p.c1 - p.c0) for p in slot.photos)
    chars = int(max(rows, 10) * grid.chars * 1.3) + 150
    narrow = slot.head[1] - slot.head[0] == 1
    if slot.kind == "case_study":
        return newsroom.story(
            rng, key="", day=draft.date, kind="case_study", chars=chars, photos=len(slot.photos), campaign=draft.banner
        )
    fitting = [
        story
        for story in demo
        if story.kind != "case_study"
        and story.key not in used
        and len(story.photos) >= len(slot.photos)
        and sum(len(b.text) for b in story.blocks) > chars
    ]
    if fitting and not narrow and rng.random() < 0.15:
        story = rng.choice(fitting)
        used.add(story.key)
        return replace(story, key="", cuttable=True, photos=story.photos[: len(slot.photos)])
    kind = "photo" if len(slot.photos) >= 2 else "feature" if rng.random() < (0.35 if slot.lead else 0.2) else "news"
    return newsroom.story(rng, key="", day=draft.date, kind=kind, chars=chars, photos=len(slot.photos), narrow=narrow)


# The demo edition's pages -------------------------------------------------------------------------


def seed_drafts(demo):
    """The demo edition's pages, their stories as the JSON places them, the campaign's banner where case studies run."""
    day = datetime.date.fromisoformat(demo["issue"]["date"])
    drafts = []
    for page in demo["pages"]:
        articles = sorted(
            (a for a in demo["articles"] if a["page"] == page["number"]), key=lambda a: a["page_position"]
        )
        stories = [demo_story(article) for article in articles]
        banner = demo["campaign"]["banner_text"] if any(a.get("case_study") for a in articles) else ""
        draft = Draft(
            f"page-{page['number']}",
            page["number"],
            page["name"],
            day,
            len(demo["pages"]),
            demo["issue"]["number"],
            demo["issue"]["total_number"],
            banner,
        )
        draft.lay_out = _seed_layout(draft, stories)
        drafts.append(draft)
    return drafts


def _seed_layout(draft, stories):
    """The lead across the page, the others under it, one across or two side by side, in the largest
    type that fills most of the page (the demo's stories are printed whole, so the page may not be full)."""

    def lay_out(measure):
        best = None
        for size in SEED_FONT_SIZES:
            grid = make_grid(SEED_COLUMNS, top=render.content_top(draft.number, draft.banner), font_size=size)
            starts = measure(grid, stories)
            for placed in _seed_arrangements(grid, stories, starts):
                filled = max(_bottom(one) for one in placed) / grid.rows
                score = (filled >= GOOD_FILL, size if filled >= GOOD_FILL else filled, filled)
                if best is None or score > best[0]:
                    best = (score, grid, placed)
        if best is None:
            raise DoesNotFit(f"{draft.name}: the demo's stories do not fit the page")
        return best[1], best[2]

    return lay_out


def _seed_arrangements(grid, stories, starts):
    """Every arrangement of the page's stories that fits: the lead on top, the others stacked or side by side."""
    n = grid.columns
    try:
        lead = _sized(grid, stories[0], starts[0], 0, n, 0, lead=True, cap=99.0)
    except DoesNotFit:
        return
    cap, top = lead.head.size - 4, _bottom(lead) + 1
    rest = list(zip(stories[1:], starts[1:], strict=True))
    try:
        stacked, row = [lead], top
        for story, story_starts in rest:
            stacked.append(_sized(grid, story, story_starts, 0, n, row, cap=cap))
            row = _bottom(stacked[-1]) + 1
        yield stacked
    except DoesNotFit:
        pass
    if len(rest) == 2:
        for split in range(2, n - 1):
            try:
                yield [
                    lead,
                    _sized(grid, *rest[0], 0, split, top, cap=cap),
                    _sized(grid, *rest[1], split, n, top, cap=cap),
                ]
            except DoesNotFit:
                continue


def _sized(grid, story, starts, c0, c1, top, *, lead=False, cap):
    area = Area(dict.fromkeys(range(c0, c1), (top, grid.rows)))
    slot = Slot(area, lead=lead, head=(c0, c1), photos=_seed_photos(grid, story, c0, c1))
    return place(slot, story, grid, starts, cap=cap, sized=True)


def _seed_photos(grid, story, c0, c1):
    """The demo's photos over two columns each: top left, top right, then at the foot between them."""
    rng = random.Random(story.key)
    if not story.photos:
        return []
    if c1 - c0 < 5:
        raise DoesNotFit(f"{story.key}: photos need the page's width")
    spans = [(c0, c0 + 2, "top"), (c1 - 2, c1, "top"), (c0 + 1, c0 + 3, "bottom")]
    return [PhotoPlan(a, b, anchor, photo_rows(grid, a, b, rng, anchor)) for a, b, anchor in spans[: len(story.photos)]]


def _bottom(placed):
    return max(bottom for _top, bottom in placed.runs.values())


# Finishing: boxes, reading order, truth -----------------------------------------------------------


def finish(draft, grid, placed):
    """The page's layout in reading order with its rules, and its ground truth."""
    boxes = [_boxes(grid, one) for one in placed]
    order = sorted(
        range(len(placed)),
        key=lambda i: (not placed[i].lead, min(b[1] for b in boxes[i]), min(b[0] for b in boxes[i])),
    )
    placed = [placed[i] for i in order]
    boxes = [boxes[i] for i in order]
    for position, one in enumerate(placed, 1):
        if not one.story.key:
            one.story = replace(one.story, key=f"p{draft.number}-s{position}")
    rules = regions.rules(grid, [regions.union_of(story_boxes) for story_boxes in boxes])
    layout = PageLayout(draft, grid, placed, boxes, rules)
    return layout, truth(layout)


def _boxes(grid, placed):
    """The story's boxes in pt: headline block, photos, text columns, then any strips of gutter between them."""
    photos = [p.rect for p in placed.photos]
    texts = placed.rects[1 + len(photos) :]
    # Text boxes are widened over a gutter first, so photos and headline keep their own widths where they can.
    widened, bridges = regions.story_boxes(grid, [*texts, *photos, placed.head.rect], placed.runs)
    ordered = [widened[-1], *widened[len(texts) : -1], *widened[: len(texts)], *bridges]
    expected = regions.area_shape(grid, placed.runs)
    union = regions.union_of(ordered)
    if union.symmetric_difference(expected).area > 1e-6 or union.geom_type != "Polygon":
        raise AssertionError(f"{placed.story.key}: the boxes do not cover the story's area")
    return ordered


def truth(layout):
    draft = layout.draft
    banner = None
    if draft.banner:
        banner = {"text": draft.banner, "box": regions.fraction_box(render.banner_box(draft.number))}
    stories = []
    for position, (placed, pt_boxes) in enumerate(zip(layout.placed, layout.boxes, strict=True), 1):
        story = placed.story
        boxes = [regions.fraction_box(b) for b in pt_boxes]
        photos = [
            {
                "box": boxes[1 + index],
                "caption": photo.item.caption,
                "image_box": regions.fraction_box(photo.image),
            }
            for index, photo in enumerate(placed.photos)
        ]
        stories.append(
            {
                "key": story.key,
                "is_lead": placed.lead,
                "position": position,
                "kicker": story.kicker,
                "headline": list(story.headline),
                "subheadline": story.subheadline,
                "dateline": story.dateline,
                "bylines": list(story.bylines),
                "paragraphs": [block.text for block in story.blocks],
                "boxes": boxes,
                "polygon": regions.outline(boxes),
                "photos": photos,
            }
        )
    return {
        "page": {
            "number": draft.number,
            "name": draft.section,
            "date": draft.date.isoformat(),
            "width_pt": PAGE_WIDTH,
            "height_pt": PAGE_HEIGHT,
        },
        "banner": banner,
        "stories": stories,
    }
