"""
How well and how fast editions.page_reading reads generated newspaper pages, against their ground truth.

    python -m bench.page_reading_bench [--count 30] [--seed 1] [--keep DIR] [--pages DIR] [--show]

bench.paper prints `count` pages (Chromium, real layouts: L-shaped stories, photos
hung into the story below, banners, mastheads) with a JSON of the truth beside each,
into a temporary folder (or --keep DIR; --pages DIR reads pages printed before).
Each page is rendered at 2x (render_page) and read (read_page), each timed on its
own. Regions are matched to the true stories one to one, best IoU first; a story
is found when its region's IoU is at least 0.5. One table is printed; --show also
lists every story that is not read exactly. The exit status is 1 when a target
is missed:

* every true story found, and no region that is not a story;
* region IoU: median >= 0.95, minimum >= 0.85;
* text identical: kicker, headline lines and every paragraph, for every story;
* every photo found (its picture's box at IoU >= 0.5) with its caption;
* a page read and rendered in <= 2 s (median) on this machine.
"""

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from shapely.geometry import Polygon, box

from editions.page_reading import read_page, render_page

TARGET_IOU_MEDIAN = 0.95
TARGET_IOU_MIN = 0.85
TARGET_SECONDS = 2.0
FOUND_IOU = 0.5


def iou(a, b):
    a, b = Polygon(a).buffer(0), Polygon(b).buffer(0)
    union = a.union(b).area
    return a.intersection(b).area / union if union else 0.0


def box_iou(a, b):
    return iou(_corners(a), _corners(b))


def _corners(frame):
    left, top, width, height = frame
    return list(box(left, top, left + width, top + height).exterior.coords)


def match(regions, stories):
    """[(story, region or None, iou)]: pairs taken best IoU first, each region and story once."""
    pairs = sorted(
        (
            (iou(region.polygon, story["polygon"]), s, r)
            for s, story in enumerate(stories)
            for r, region in enumerate(regions)
        ),
        reverse=True,
    )
    taken_s, taken_r, best = set(), set(), {}
    for value, s, r in pairs:
        if s in taken_s or r in taken_r or value < FOUND_IOU:
            continue
        taken_s.add(s)
        taken_r.add(r)
        best[s] = (regions[r], value)
    return [(story, *best.get(s, (None, 0.0))) for s, story in enumerate(stories)], len(regions) - len(taken_r)


def photos_found(region, story):
    """How many of the story's photos the region has, picture at IoU >= 0.5 and caption exact."""
    found = 0
    for truth in story["photos"]:
        if any(
            box_iou(p.box, truth["image_box"]) >= FOUND_IOU and p.caption == truth["caption"] for p in region.photos
        ):
            found += 1
    return found


def read_all(paths, show):
    rows = {"ious": [], "render": [], "read": [], "total": []}
    names = ("pages", "stories", "found", "extra", "paragraphs", "paragraphs_equal", "texts_equal")
    counts = dict.fromkeys((*names, "photos", "photos_found", "leads"), 0)
    problems = []
    for path in paths:
        truth = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        data = path.read_bytes()
        started = time.perf_counter()
        render_page(data, scale=2.0)
        rendered = time.perf_counter()
        reading = read_page(data)
        done = time.perf_counter()
        rows["render"].append(rendered - started)
        rows["read"].append(done - rendered)
        rows["total"].append(done - started)
        counts["pages"] += 1
        matched, extra = match(reading.regions, truth["stories"])
        counts["extra"] += extra
        if extra:
            problems.append(f"{path.name}: {extra} region(s) that are no story")
        for story, region, value in matched:
            counts["stories"] += 1
            counts["paragraphs"] += len(story["paragraphs"])
            counts["photos"] += len(story["photos"])
            rows["ious"].append(value)
            if region is None:
                problems.append(f"{path.name} {story['key']}: not found ({story['headline']})")
                continue
            counts["found"] += 1
            counts["leads"] += region.is_lead == story["is_lead"]
            equal = sum(1 for a, b in zip(region.paragraphs, story["paragraphs"], strict=False) if a == b)
            counts["paragraphs_equal"] += equal if len(region.paragraphs) == len(story["paragraphs"]) else 0
            same = (
                region.kicker == story["kicker"]
                and region.headline == story["headline"]
                and region.paragraphs == story["paragraphs"]
            )
            counts["texts_equal"] += same
            photos = photos_found(region, story)
            counts["photos_found"] += photos
            if photos < len(story["photos"]):
                problems.append(f"{path.name} {story['key']}: {photos} of {len(story['photos'])} photos found")
            if not same:
                problems.append(f"{path.name} {story['key']}: text differs ({story['headline']})")
            if value < TARGET_IOU_MIN:
                problems.append(f"{path.name} {story['key']}: IoU {value:.3f}")
    if show:
        for problem in problems:
            print(problem)
    return rows, counts


def table(rows, counts):
    ious = rows["ious"] or [0.0]

    def pct(part, whole):
        return f"{part} of {whole} ({100 * part / whole:.1f}%)" if whole else "0"

    lines = [
        ("pages", str(counts["pages"])),
        ("true stories", str(counts["stories"])),
        ("found (IoU >= 0.5)", pct(counts["found"], counts["stories"])),
        ("regions that are no story", str(counts["extra"])),
        ("IoU median / min", f"{statistics.median(ious):.3f} / {min(ious):.3f}"),
        ("paragraphs exactly equal", pct(counts["paragraphs_equal"], counts["paragraphs"])),
        ("stories read exactly", pct(counts["texts_equal"], counts["stories"])),
        ("photos found with caption", pct(counts["photos_found"], counts["photos"])),
        ("lead told right", pct(counts["leads"], counts["stories"])),
    ]
    for key, label in (("render", "render 2x"), ("read", "read_page"), ("total", "render + read")):
        values = rows[key] or [0.0]
        lines.append((f"{label} s/page median / max", f"{statistics.median(values):.3f} / {max(values):.3f}"))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines.append(("peak RSS (this process)", f"{peak:.0f} MB"))
    width = max(len(label) for label, _ in lines)
    return "\n".join(f"{label:<{width}}  {value}" for label, value in lines)


def missed(rows, counts):
    ious = rows["ious"] or [0.0]
    misses = []
    if counts["found"] < counts["stories"] or counts["extra"]:
        misses.append("not every story found (or regions that are no story)")
    if statistics.median(ious) < TARGET_IOU_MEDIAN or min(ious) < TARGET_IOU_MIN:
        misses.append("IoU")
    if counts["texts_equal"] < counts["stories"]:
        misses.append("text not identical")
    if counts["photos_found"] < counts["photos"]:
        misses.append("photos")
    if statistics.median(rows["total"] or [0.0]) > TARGET_SECONDS:
        misses.append("time per page")
    return misses


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="print the pages into this folder and keep them")
    parser.add_argument("--pages", type=Path, help="read the pages (with their .json) already in this folder")
    parser.add_argument("--show", action="store_true", help="list every story not read exactly")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="page-reading-") as scratch:
        if args.pages:
            paths = sorted(args.pages.glob("*.pdf"))
        else:
            from bench.paper import generate_pages

            folder = args.keep or Path(scratch)
            started = time.perf_counter()
            paths = generate_pages(folder, count=args.count, seed=args.seed)
            print(f"printed {len(paths)} pages in {time.perf_counter() - started:.1f} s ({folder})", file=sys.stderr)
        rows, counts = read_all(paths, args.show)
    print(table(rows, counts))
    misses = missed(rows, counts)
    if misses:
        print("targets missed: " + "; ".join(misses))
        return 1
    print("all targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
