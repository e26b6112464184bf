"""
Reading a newspaper page PDF into story regions (editions.page_reading).

The pages come from bench.paper, which prints realistic pages through Chromium with
their ground truth (rectangles, dog-legs, photos hung into the story below, banners,
mastheads, in-body subheads): the demo edition's two pages, committed in seeds/pages,
and eight generated ones. Every story must be found, read exactly (kicker, headline,
subheadline, credit, paragraphs, photos with captions) and outlined with an IoU of at
least 0.85, with as many corners as the truth. One page of our own is printed with the
system's Noto CJK fonts, which Chromium embeds as Type 3 fonts (no font names, glyphs
named through ActualText), as a PDF from another layout program might. What needs no
browser (errors, outlines, the rules of joining lines and reading credits) is tested
without one.
"""

import base64
import io
import json
import shutil
import statistics
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfWriter
from shapely.geometry import Polygon, box

from bench.page_reading_bench import iou, match
from editions.page_reading import PageReading, PageReadingError, read_page, render_page
from editions.page_reading.regions import boxes_of, rectilinear_points
from editions.page_reading.stories import credit, parse_bylines
from editions.page_reading.text import join_lines

CHROMIUM = "/usr/bin/chromium"
REPO = Path(__file__).resolve().parent.parent
# Seed 2's first eight pages have rectangles and dog-legs, banners, a masthead and photos.
PAGES, SEED = 8, 2


def blank_pdf(width=996, height=1416):
    writer = PdfWriter()
    writer.add_blank_page(width=width, height=height)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# Without a browser ---------------------------------------------------------------------------------


def test_lines_join_as_printed():
    assert join_lines(["本报讯（记者 张三）今天", "上午，全市"]) == "本报讯（记者 张三）今天上午，全市"
    assert join_lines(["the quick brown", "fox jumps"]) == "the quick brown fox jumps"
    assert join_lines(["推广5G", "网络，well-", "known"]) == "推广5G网络，well-known"
    assert join_lines(["发布iPhone", "15手机"]) == "发布iPhone 15手机"


def test_the_credit_gives_dateline_and_bylines():
    assert credit(["本报讯（记者 张三 通讯员 李四）今天"]) == ("本报讯", ["记者 张三", "通讯员 李四"])
    assert credit(["本报讯\u3000今天"]) == ("本报讯", [])
    assert credit(["（记者 王五 记者 赵六）走进社区"]) == ("", ["记者 王五", "记者 赵六"])
    assert credit(["（一）抓落实"]) == ("", [])
    assert credit(["今天上午"]) == ("", [])
    assert parse_bylines("本报记者 张三 李四") == ["本报记者 张三", "本报记者 李四"]


def test_a_rectangle_has_4_points_and_an_l_shape_6_clockwise_from_the_top_left():
    rectangle = rectilinear_points(box(10, 20, 110, 220))
    assert rectangle == [(10, 20), (110, 20), (110, 220), (10, 220)]
    ell = rectilinear_points(box(10, 20, 110, 120).union(box(10, 120, 60, 220)))
    assert ell == [(10, 20), (110, 20), (110, 120), (60, 120), (60, 220), (10, 220)]
    assert boxes_of(ell) == [(10, 20, 110, 120), (10, 120, 60, 220)]


@pytest.mark.parametrize(
    "pdf",
    [
        b"This is a web page, not a PDF.",
        b"%PDF-1.7\n1 0 obj garbage",
        b"",
    ],
    ids=["not a pdf", "garbage after the header", "empty"],
)
def test_what_is_not_a_page_is_refused_in_chinese(pdf):
    for read in (read_page, render_page):
        with pytest.raises(PageReadingError, match="无法读取这个PDF文件"):
            read(pdf)


def test_a_pdf_cut_short_is_refused():
    with pytest.raises(PageReadingError, match="无法读取这个PDF文件"):
        read_page(blank_pdf()[:200])


# RC4 is what pypdf can write without the cryptography package (AES needs it); the reader refuses any
# encryption alike, since PDFium reports it before a page is read.
def test_an_encrypted_pdf_is_refused():
    writer = PdfWriter(clone_from=io.BytesIO(blank_pdf()))
    writer.encrypt(user_password="secret", owner_password="secret", algorithm="RC4-128")
    locked = io.BytesIO()
    writer.write(locked)
    with pytest.raises(PageReadingError, match="无法读取这个PDF文件.*(密码|加密)"):
        read_page(locked.getvalue())
    open_to_all = PdfWriter(clone_from=io.BytesIO(blank_pdf()))
    open_to_all.encrypt(user_password="", owner_password="secret", algorithm="RC4-128")
    restricted = io.BytesIO()
    open_to_all.write(restricted)
    with pytest.raises(PageReadingError, match="加密"):
        read_page(restricted.getvalue())


def test_a_missing_file_or_page_is_refused(tmp_path):
    with pytest.raises(PageReadingError, match="找不到文件"):
        read_page(tmp_path / "nothing.pdf")
    with pytest.raises(PageReadingError, match="没有第2页"):
        read_page(blank_pdf(), page_index=1)


def test_a_blank_page_has_no_regions_and_renders_white(tmp_path):
    path = tmp_path / "blank.pdf"
    path.write_bytes(blank_pdf())
    reading = read_page(path)
    assert reading == PageReading(width_pt=996, height_pt=1416, regions=[], banner_text="")
    image = render_page(path, scale=0.5)
    assert image.mode == "RGB" and image.size == (498, 708)
    assert image.getextrema() == ((255, 255), (255, 255), (255, 255))


# The demo edition's pages (seeds/pages, printed by bench.paper and committed) ---------------------

SEED_PAGES = sorted((REPO / "seeds" / "pages").glob("*.pdf"))


def test_the_demo_edition_pages_are_there():
    assert [path.name for path in SEED_PAGES] == ["page-1.pdf", "page-2.pdf"]


@pytest.mark.parametrize("path", SEED_PAGES, ids=lambda path: path.stem)
def test_the_demo_edition_pages_read_exactly(path):
    truth = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    reading = read_page(path.read_bytes())
    assert reading.banner_text == (truth["banner"]["text"] if truth["banner"] else "")
    pairs, extra = match(reading.regions, truth["stories"])
    assert not extra
    for story, region, value in pairs:
        assert region is not None, story["key"]
        assert value >= 0.95, story["key"]
        assert len(region.polygon) == len(story["polygon"]), story["key"]
        for name in ("kicker", "headline", "subheadline", "dateline", "bylines", "paragraphs", "is_lead", "position"):
            assert getattr(region, name) == story[name], (story["key"], name)
        assert [p.caption for p in region.photos] == [p["caption"] for p in story["photos"]], story["key"]
        assert region.confidence == 1.0, story["key"]


# Pages printed by bench.paper -------------------------------------------------------------------


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """[(pdf path, truth, reading)] for PAGES pages of SEED."""
    if not shutil.which(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (make browser-deps): bench.paper prints the pages with it")
    from bench.paper import generate_pages

    folder = tmp_path_factory.mktemp("paper")
    paths = generate_pages(folder, count=PAGES, seed=SEED)
    return [
        (path, json.loads(path.with_suffix(".json").read_text(encoding="utf-8")), read_page(path)) for path in paths
    ]


def matched(generated):
    for path, truth, reading in generated:
        pairs, _extra = match(reading.regions, truth["stories"])
        for story, region, value in pairs:
            yield path.name, story, region, value


@pytest.mark.browser
def test_every_story_is_found_once_and_nothing_else(generated):
    for path, truth, reading in generated:
        pairs, extra = match(reading.regions, truth["stories"])
        missing = [story["key"] for story, region, _ in pairs if region is None]
        assert not missing, f"{path.name}: not found {missing}"
        assert not extra, f"{path.name}: {extra} region(s) that are no story"
        assert len(reading.regions) == len(truth["stories"])


@pytest.mark.browser
def test_heads_and_credits_read_exactly(generated):
    for name, story, region, _ in matched(generated):
        where = f"{name} {story['key']}"
        assert region.headline == story["headline"], where
        assert region.kicker == story["kicker"], where
        assert region.subheadline == story["subheadline"], where
        assert region.dateline == story["dateline"], where
        assert region.bylines == story["bylines"], where


@pytest.mark.browser
def test_paragraphs_equal_the_truth(generated):
    for name, story, region, _ in matched(generated):
        assert region.paragraphs == story["paragraphs"], f"{name} {story['key']}"
        assert region.text.startswith("\n".join(part for part in [story["kicker"], *story["headline"]] if part))


@pytest.mark.browser
def test_regions_outline_the_stories(generated):
    values = [value for _, _, _, value in matched(generated)]
    assert min(values) >= 0.85
    assert statistics.median(values) >= 0.95
    shapes = {4: 0, 6: 0}
    for name, story, region, _ in matched(generated):
        where = f"{name} {story['key']}"
        assert len(region.polygon) == len(story["polygon"]), where
        assert Polygon(region.polygon).is_valid and Polygon(region.polygon).exterior.is_ccw, where  # y down: clockwise
        assert region.polygon[0] == min(region.polygon, key=lambda p: (p[1], p[0])), where
        union = Polygon(region.polygon)
        assert abs(sum(w * h for _, _, w, h in region.boxes) - union.area) < 1e-9, where
        assert 0 < region.confidence <= 1, where
        shapes[len(story["polygon"])] = shapes.get(len(story["polygon"]), 0) + 1
    assert shapes[4] and shapes[6], f"the pages should hold rectangles and L-shapes: {shapes}"


@pytest.mark.browser
def test_photos_are_found_with_their_captions_and_pixels(generated):
    count = 0
    for path, truth, reading in generated:
        pdf = path.read_bytes()
        pairs, _ = match(reading.regions, truth["stories"])
        for story, region, _ in pairs:
            assert [p.caption for p in region.photos] == [p["caption"] for p in story["photos"]], story["key"]
            for photo, expected in zip(region.photos, story["photos"], strict=True):
                left, top, width, height = expected["image_box"]
                assert iou(_corners(photo.box), _corners(expected["image_box"])) >= 0.9
                image = Image.open(io.BytesIO(photo.image))
                assert image.format in ("JPEG", "PNG")
                assert (
                    abs(
                        image.width / image.height
                        - width * truth["page"]["width_pt"] / (height * truth["page"]["height_pt"])
                    )
                    < 0.05
                )
                assert photo.image[:400] not in pdf  # re-encoded, never the PDF's own stream
                count += 1
    assert count, "the pages should hold photos"


def _corners(frame):
    left, top, width, height = frame
    return list(box(left, top, left + width, top + height).exterior.coords)


@pytest.mark.browser
def test_banners_lead_and_reading_order(generated):
    banners = 0
    for path, truth, reading in generated:
        expected = truth["banner"]["text"] if truth["banner"] else ""
        assert reading.banner_text == expected, path.name
        banners += bool(expected)
        pairs, _ = match(reading.regions, truth["stories"])
        for story, region, _ in pairs:
            assert (region.is_lead, region.position) == (story["is_lead"], story["position"]), story["key"]
        assert [r.position for r in reading.regions] == list(range(1, len(reading.regions) + 1))
    assert banners, "the pages should hold a banner"


@pytest.mark.browser
def test_render_page_gives_the_page_at_2x(generated):
    path, truth, reading = generated[0]
    image = render_page(path.read_bytes())
    assert image.mode == "RGB"
    assert image.size == (round(2 * reading.width_pt), round(2 * reading.height_pt))
    assert image.size == (round(2 * truth["page"]["width_pt"]), round(2 * truth["page"]["height_pt"]))
    assert image.getextrema() != ((255, 255), (255, 255), (255, 255))


# A page in the system's fonts (Type 3) -------------------------------------------------------------

TYPE3_BODY = [
    "今天上午，全市第一季度经济运行分析会召开。会议指出，一季度全市经济运行总体平稳、稳中有进，"
    "主要指标好于预期，为全年目标任务的完成打下了坚实基础。",
    "会议要求，各地区各部门要坚持稳中求进工作总基调，推动5G网络、new energy等新兴产业加快发展，"
    "一手抓项目建设，一手抓民生保障，确保全年目标任务圆满完成。",
]


def type3_page_html(photo):
    style = """
    @page { size: 996pt 1416pt; margin: 0 } body { margin: 0; font-family: 'Noto Serif CJK SC'; color: #111 }
    .a { position: absolute } .strip { left: 36pt; top: 30pt; width: 924pt; font: 11pt 'Noto Sans CJK SC';
      border-bottom: 2pt solid #222; padding-bottom: 6pt; display: flex; justify-content: space-between }
    .k { font: 12pt/1.4 'Noto Serif CJK SC'; text-align: center } .t { font: bold 30pt/1.25 'Noto Sans CJK SC';
      text-align: center } .body { columns: 2; column-gap: 12pt; font-size: 10pt; line-height: 15pt;
      text-align: justify } .body p { margin: 0; text-indent: 2em } .d { font-family: 'Noto Sans CJK SC';
      font-weight: bold } .cap { font: 9pt/1.4 'Noto Sans CJK SC' }
    """
    credit = "<span class=d>本报讯\u3000</span>"
    body = "".join(f"<p>{credit if i == 0 else ''}{text}</p>" for i, text in enumerate(TYPE3_BODY))
    return (
        f"<html><head><meta charset=utf-8><style>{style}</style></head><body>"
        "<div class='a strip'><span>第1版</span><span>要闻</span><span>2024年5月6日 星期一</span></div>"
        "<div class='a' style='left:36pt;top:90pt;width:440pt'>"
        "<div class=k>一季度经济运行分析会召开</div><div class=t>全市经济运行总体平稳</div>"
        f"<div class=body style='margin-top:12pt'>{body}</div></div>"
        f"<img class=a src='{photo}' style='left:500pt;top:96pt;width:300pt;height:150pt;object-fit:cover'>"
        "<div class='a cap' style='left:500pt;top:250pt;width:300pt'>会场一景。记者 张三 摄</div>"
        "</body></html>"
    )


@pytest.mark.browser
def test_a_page_in_type3_fonts(tmp_path):
    if not shutil.which(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (make browser-deps): the page is printed with it")
    from playwright.sync_api import sync_playwright

    picture = io.BytesIO()
    Image.new("RGB", (300, 200), (90, 140, 200)).save(picture, "PNG")
    photo = "data:image/png;base64," + base64.b64encode(picture.getvalue()).decode()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            tab = browser.new_page()
            tab.set_content(type3_page_html(photo))
            tab.evaluate("document.fonts.ready")
            pdf = tab.pdf(prefer_css_page_size=True, print_background=True)
        finally:
            browser.close()
    assert b"/Type3" in pdf or b"/Type /Type3" in pdf
    reading = read_page(pdf)
    assert len(reading.regions) == 1
    region = reading.regions[0]
    assert region.kicker == "一季度经济运行分析会召开"
    assert region.headline == ["全市经济运行总体平稳"]
    assert region.dateline == "本报讯"
    assert region.paragraphs == ["本报讯\u3000" + TYPE3_BODY[0], TYPE3_BODY[1]]
    assert [p.caption for p in region.photos] == ["会场一景。记者 张三 摄"]
    # The picture is 3:2, shown 2:1 (object-fit: cover): the photo is the part that shows.
    shown = Image.open(io.BytesIO(region.photos[0].image))
    assert abs(shown.width / shown.height - 2.0) < 0.05
    assert region.is_lead and region.position == 1
    assert len(region.polygon) in (4, 6)
