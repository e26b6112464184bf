"""
The newspaper page generator (bench.paper): its PDFs are real one-page PDFs with
embedded font subsets, every story's text is printed exactly once, and the ground
truth's regions are exact (one polygon per story, no overlaps, same seed, same truth).
"""

import json
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader
from shapely import box, unary_union
from shapely.geometry import Polygon

SEED_PAGES = Path(__file__).resolve().parent.parent / "seeds" / "pages"
CHROMIUM = "/usr/bin/chromium"
# Seed 5's first three pages: the masthead page, a page strip, and a campaign banner page,
# with photos, a photo hung into the story below, and L-shaped stories among them.
SEED = 5

# One worker makes the pages for the whole module.
pytestmark = pytest.mark.xdist_group("paper")


def squeezed(text):
    return re.sub(r"\s", "", text)


def rects(boxes):
    return [box(left, top, left + width, top + height) for left, top, width, height in boxes]


def needs_the_press():
    if not shutil.which(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (make browser-deps)")
    pytest.importorskip("fontTools", reason="fontTools cuts the CJK fonts the pages embed (requirements.txt)")


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    needs_the_press()
    from bench.paper import generate_pages

    return generate_pages(tmp_path_factory.mktemp("pages"), count=3, seed=SEED)


@pytest.fixture(scope="module")
def truths(pages):
    return [json.loads(path.with_suffix(".json").read_text(encoding="utf-8")) for path in pages]


@pytest.fixture(scope="module")
def texts(pages):
    return [squeezed(PdfReader(path).pages[0].extract_text()) for path in pages]


@pytest.mark.browser
def test_the_sample_has_what_the_pages_are_made_of(truths):
    stories = [story for truth in truths for story in truth["stories"]]
    assert len(truths) == 3
    assert any(truth["banner"] for truth in truths)
    assert any(story["photos"] for story in stories)
    assert any(len(story["polygon"]) > 4 for story in stories)
    assert all(sum(story["is_lead"] for story in truth["stories"]) == 1 for truth in truths)
    assert all(truth["stories"][0]["is_lead"] for truth in truths)


@pytest.mark.browser
def test_each_pdf_is_one_page_of_the_recorded_size(pages, truths):
    for path, truth in zip(pages, truths, strict=True):
        reader = PdfReader(path)
        assert len(reader.pages) == 1
        mediabox = reader.pages[0].mediabox
        assert float(mediabox.width) == pytest.approx(truth["page"]["width_pt"], abs=0.01)
        assert float(mediabox.height) == pytest.approx(truth["page"]["height_pt"], abs=0.01)


@pytest.mark.browser
def test_every_headline_is_printed(truths, texts):
    for truth, text in zip(truths, texts, strict=True):
        for story in truth["stories"]:
            assert squeezed("".join(story["headline"])) in text, story["key"]


@pytest.mark.browser
def test_every_story_is_printed_exactly_once_in_full(truths, texts):
    # Each story's columns follow one another in the PDF, so its text extracts in one piece.
    for truth, text in zip(truths, texts, strict=True):
        for story in truth["stories"]:
            assert story["paragraphs"], story["key"]
            assert text.count(squeezed("".join(story["paragraphs"]))) == 1, story["key"]
            for photo in story["photos"]:
                assert squeezed(photo["caption"]) in text
        if truth["banner"]:
            assert squeezed(truth["banner"]["text"]) in text


@pytest.mark.browser
def test_the_credit_opens_the_first_paragraph(truths):
    for story in (story for truth in truths for story in truth["stories"]):
        names = f"（{' '.join(story['bylines'])}）" if story["bylines"] else ""
        credit = story["dateline"] + (names or ("\u3000" if story["dateline"] else ""))
        assert story["paragraphs"][0].startswith(credit), story["key"]


@pytest.mark.browser
def test_each_polygon_is_the_union_of_its_boxes(truths):
    for story in (story for truth in truths for story in truth["stories"]):
        polygon = story["polygon"]
        assert len(polygon) >= 4
        assert polygon[0] != polygon[-1]
        assert all(0 <= value <= 1 for point in polygon for value in point)
        shape = Polygon(polygon)
        union = unary_union(rects(story["boxes"]))
        assert shape.is_valid and union.geom_type == "Polygon", story["key"]
        assert shape.area == pytest.approx(union.area, rel=1e-9)
        assert shape.symmetric_difference(union).area < 1e-12
        # Clockwise as seen on the page (y down) is counter-clockwise in shapely's y-up sense.
        assert shape.exterior.is_ccw
        assert polygon[0] == min(polygon, key=lambda point: (point[1], point[0]))
        for photo in story["photos"]:
            assert photo["box"] in story["boxes"]
            assert box(*_corners(photo["box"])).contains(box(*_corners(photo["image_box"])))


def _corners(b):
    return (b[0], b[1], b[0] + b[2], b[1] + b[3])


@pytest.mark.browser
def test_stories_do_not_overlap(truths):
    for truth in truths:
        shapes = [unary_union(rects(story["boxes"])) for story in truth["stories"]]
        if truth["banner"]:
            shapes.append(box(*_corners(truth["banner"]["box"])))
        for i, first in enumerate(shapes):
            for second in shapes[i + 1 :]:
                assert first.intersection(second).area < 1e-12


@pytest.mark.browser
def test_reading_order_is_the_lead_then_top_to_bottom(truths):
    for truth in truths:
        positions = [story["position"] for story in truth["stories"]]
        assert positions == list(range(1, len(positions) + 1))
        corners = [(min(b[1] for b in s["boxes"]), min(b[0] for b in s["boxes"])) for s in truth["stories"][1:]]
        assert corners == sorted(corners)


@pytest.mark.browser
def test_the_fonts_are_embedded_subsets(pages):
    for path in pages:
        fonts = PdfReader(path).pages[0]["/Resources"]["/Font"]
        assert fonts
        for font in fonts.values():
            font = font.get_object()
            assert font["/Subtype"] == "/Type0", font.get("/Subtype")
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor
            assert re.match(r"/[A-Z]{6}\+", descriptor["/FontName"])


@pytest.mark.browser
def test_the_same_seed_gives_the_same_truth(pages, tmp_path):
    from bench.paper import generate_pages

    again = generate_pages(tmp_path, count=3, seed=SEED)
    assert [path.name for path in again] == [path.name for path in pages]
    for first, second in zip(pages, again, strict=True):
        assert first.with_suffix(".json").read_bytes() == second.with_suffix(".json").read_bytes()


@pytest.mark.browser
def test_the_committed_seed_pages_are_what_seed_pages_prints(tmp_path):
    needs_the_press()
    from bench.paper import seed_pages

    printed = seed_pages(tmp_path)
    committed = sorted(SEED_PAGES.glob("page-*.json"))
    assert [path.with_suffix(".json").name for path in printed] == [path.name for path in committed]
    for path, old in zip(printed, committed, strict=True):
        new, old = json.loads(path.with_suffix(".json").read_text()), json.loads(old.read_text())
        assert new["page"] == old["page"] and new["banner"] == old["banner"]
        assert len(new["stories"]) == len(old["stories"])
        for fresh, kept in zip(new["stories"], old["stories"], strict=True):
            for field in ("key", "is_lead", "position", "kicker", "headline", "subheadline", "dateline", "bylines"):
                assert fresh[field] == kept[field], (kept["key"], field)
            assert fresh["paragraphs"] == kept["paragraphs"], kept["key"]
            assert [p["caption"] for p in fresh["photos"]] == [p["caption"] for p in kept["photos"]]
            assert len(fresh["polygon"]) == len(kept["polygon"]), kept["key"]
            for (x, y), (x0, y0) in zip(fresh["polygon"], kept["polygon"], strict=True):
                assert abs(x - x0) < 0.001 and abs(y - y0) < 0.001, kept["key"]


def test_the_committed_seed_pages_are_small_one_page_pdfs():
    pdfs = sorted(SEED_PAGES.glob("page-*.pdf"))
    assert [path.stem for path in pdfs] == [path.stem for path in sorted(SEED_PAGES.glob("page-*.json"))]
    assert pdfs
    for path in pdfs:
        assert path.stat().st_size < 500_000
        assert len(PdfReader(path).pages) == 1


# The geometry without a browser -----------------------------------------------------------------


def test_an_l_shaped_outline_runs_clockwise_from_its_top_left_corner():
    from bench.paper.regions import outline

    # Text down the left column and on along the bottom: an L.
    points = outline([[0.0, 0.0, 0.25, 1.0], [0.25, 0.5, 0.5, 0.5]])
    assert points == [[0.0, 0.0], [0.25, 0.0], [0.25, 0.5], [0.75, 0.5], [0.75, 1.0], [0.0, 1.0]]


def test_boxes_side_by_side_are_joined_over_their_own_gutter_only():
    from bench.paper.grid import Rect, make_grid
    from bench.paper.regions import area_shape, story_boxes, union_of

    grid = make_grid(5, top=100)
    # Headline over columns 0-1; column 2 runs from the top beside it, columns 0-1 under the headline;
    # column 3 starts lower (another story's photo hangs above it).
    runs = {0: (0, 30), 1: (0, 30), 2: (0, 30), 3: (12, 30)}
    rects = [Rect(0, 2, 5, 30), Rect(2, 3, 0, 30), Rect(3, 4, 12, 30), Rect(0, 2, 0, 5)]
    boxes, bridges = story_boxes(grid, rects, runs)
    union = union_of([*boxes, *bridges])
    assert union.geom_type == "Polygon"
    assert union.symmetric_difference(area_shape(grid, runs)).area < 1e-6
    # Nothing reaches over the gutter left of column 3 above row 12, where the photo's story is.
    photo_side = box(grid.right(2), grid.y(0), grid.left(3), grid.y(12))
    assert union.intersection(photo_side).area < 1e-6


def test_a_story_is_cut_after_the_last_sentence_that_fits():
    from bench.paper.content import Block
    from bench.paper.fit import cut_to_fit

    first = Block((("本报讯　", "d"), ("第一句。第二句。", "")))
    second = Block((("第三句。第四句。第五句。", ""),))
    # Line starts as the browser reports them: three lines each.
    blocks, starts = cut_to_fit([first, second], [[0, 4, 8], [0, 4, 8]], 4, cuttable=True)
    assert [b.text for b in blocks] == ["本报讯　第一句。第二句。", "第三句。"]
    assert starts == [[0, 4, 8], [0]]


def test_a_block_split_between_columns_is_split_at_a_line():
    from bench.paper.content import Block
    from bench.paper.fit import flow

    block = Block((("一二三四五六七八九十", ""),))
    segments = flow([block], [[0, 4, 8]], [(0, 0, 2), (1, 0, 5)])
    assert [(s.rect.c0, s.lines) for s in segments] == [(0, 2), (1, 1)]
    first, second = segments[0].parts[0], segments[1].parts[0]
    assert (first.start, first.end, first.continued, first.cut) == (0, 8, False, True)
    assert (second.start, second.end, second.continued, second.cut) == (8, 10, True, False)
