"""
Page PDFs in, an e-paper edition out: how well and how fast, against the generated pages' truth.

    python -m bench.page_import_bench [--count 32] [--seed 1] [--database-url URL]

Generates `--count` pages with bench.paper (Chromium), then imports them as
editions of 8 pages into a scratch database (SQLite, or a new PostgreSQL
database when --database-url names a server), twice:

1. "matched": every story is first typed into the CMS and placed on its page,
   its headline on one line and spaced otherwise than the print, as a desk
   types it; the import must match every region to its story (target 100%);
2. "new": the CMS has none of them; every region must become a draft whose
   text is the printed text (every paragraph present exactly once).

Prints one table: pages, stories, matched correctly, drafts with identical
text, median / minimum IoU of the stored outline against the truth, seconds
per page (median, max) and per 8-page edition (median, max), and peak RSS
after each edition (flat memory: the last edition's is not above the first's
by more than 10%). Exit status 1 when a target is missed:
100% matched, IoU median ≥ 0.95 and minimum ≥ 0.85, identical text, a page
≤ 2 s median, an edition ≤ 20 s.
"""

import argparse
import datetime
import json
import os
import re
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench import django_env
from bench.page_reading_bench import iou

EDITION_PAGES = 8


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate(folder, count, seed):
    from bench.paper import generate_pages

    return [
        (pdf, json.loads(pdf.with_suffix(".json").read_text()))
        for pdf in generate_pages(folder, count=count, seed=seed)
    ]


def unspaced(texts):
    """Texts without whitespace: a space between two Chinese phrases is typography (a heading's gap), not text."""
    return [re.sub(r"\s", "", text) for text in texts]


def printed_text(article):
    """A story's paragraphs and section headings as the page prints them: the dateline and reporters open the first."""
    from django.utils.html import strip_tags

    blocks = [strip_tags(b) for _, b in re.findall(r"<(p|h3)>(.*?)</\1>", article.body, flags=re.S)]
    names = " ".join(f"{b.get_role_display()} {b.person.name}" for b in article.bylines.order_by("position"))
    if blocks:
        blocks[0] = article.dateline + (f"（{names}）" if names else "") + blocks[0]
    return unspaced(blocks)


def place_truth(page, truth):
    """The page's stories typed into the CMS beforehand, as a desk would: one-line headlines, other spacing."""
    from articles.models import Article

    keys = {}
    for story in truth["stories"]:
        article = Article.objects.create(
            headline=" ".join(story["headline"]),
            kicker=story["kicker"],
            subheadline=story["subheadline"],
            body="".join(f"<p>{p}</p>" for p in story["paragraphs"]),
            page=page,
            page_position=story["position"],
            status=Article.Status.APPROVED,
        )
        keys[article.pk] = story["key"]
    return keys


def run(pages, *, mode, editor, first_date):
    """Import `pages` as editions of eight; returns the rows of the measurement."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from editions import page_import
    from editions.models import Issue, Page

    rows = {
        "page_seconds": [],
        "edition_seconds": [],
        "rss": [],
        "ious": [],
        "stories": 0,
        "matched": 0,
        "text": 0,
        "worst": [],
    }
    for start in range(0, len(pages), EDITION_PAGES):
        chunk = pages[start : start + EDITION_PAGES]
        date = first_date + datetime.timedelta(days=start // EDITION_PAGES)
        expected = {}
        if mode == "matched":
            issue = page_import.issue_for(date)
            for number, (_, truth) in enumerate(chunk, 1):
                page = Page.objects.create(issue=issue, number=number, name=f"第{number}版")
                expected[number] = place_truth(page, truth)
        files = [SimpleUploadedFile(f"第{n}版.pdf", pdf.read_bytes()) for n, (pdf, _) in enumerate(chunk, 1)]
        split = page_import.split_uploads(files)
        began = time.perf_counter()
        issue = page_import.issue_for(date)
        for page_pdf in split:
            page_began = time.perf_counter()
            page_import.import_page(issue, page_pdf, user=editor)
            rows["page_seconds"].append(time.perf_counter() - page_began)
        rows["edition_seconds"].append(time.perf_counter() - began)
        rows["rss"].append(peak_rss_mb())
        issue = Issue.objects.get(date=date)
        for number, (_, truth) in enumerate(chunk, 1):
            page = issue.pages.get(number=number)
            truths = {story["key"]: story for story in truth["stories"]}
            for proposal in page.region_proposals.select_related("article"):
                article = proposal.article
                if mode == "matched":
                    # Right when the story it was given is the one printed where the region is.
                    printed = max(truths.values(), key=lambda s: iou(proposal.polygon, s["polygon"]))
                    key = expected[number].get(article.pk)
                    if key == printed["key"] and not proposal.made_draft:
                        rows["matched"] += 1
                        rows["ious"].append(iou(proposal.polygon, truths[key]["polygon"]))
                        rows["worst"].append((rows["ious"][-1], f"{chunk[number - 1][0].name} {key}"))
                else:
                    story = min(truths.values(), key=lambda s: -iou(article.area_points, s["polygon"]))
                    rows["ious"].append(iou(article.area_points, story["polygon"]))
                    rows["worst"].append((rows["ious"][-1], f"{chunk[number - 1][0].name} {story['key']}"))
                    rows["text"] += printed_text(article) == unspaced(story["paragraphs"])
            rows["stories"] += len(truth["stories"])
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=32)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", default="", help="a PostgreSQL server to make a scratch database on")
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="page-import-bench-"))
    pages = generate(folder / "pages", args.count, args.seed)
    from bench.stack import scratch_database

    with scratch_database(args.database_url, folder) as database_url:
        os.environ["MEDIA_ROOT"] = str(folder / "media")
        django_env.setup(database_url)
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        from django.contrib.auth.models import Group, User

        editor = User.objects.create_user("bench-editor", is_staff=True)
        editor.groups.add(Group.objects.get(name="编辑"))
        results = {
            mode: run(pages, mode=mode, editor=editor, first_date=datetime.date(2024, 1, 1 + 10 * index))
            for index, mode in enumerate(("matched", "new"))
        }
        vendor = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
        from django.db import connections

        connections.close_all()
    return report(results, vendor, len(pages))


def report(results, vendor, page_count):
    missed = []
    load = os.getloadavg()[0]
    print(
        f"\nPage PDF import on {vendor}: {page_count} generated pages, editions of {EDITION_PAGES}, load {load:.1f}\n"
    )
    print(
        "| run | stories | matched | identical text | IoU median | IoU min | s/page median | s/page max "
        "| s/edition median | s/edition max | peak RSS MB first → last |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for mode, rows in results.items():
        ious = rows["ious"] or [0]
        page_median = statistics.median(rows["page_seconds"])
        edition_median = statistics.median(rows["edition_seconds"])
        matched = f"{rows['matched']}/{rows['stories']}" if mode == "matched" else "–"
        text = f"{rows['text']}/{rows['stories']}" if mode == "new" else "–"
        print(
            f"| {mode} | {rows['stories']} | {matched} | {text} | {statistics.median(ious):.3f} | {min(ious):.3f} "
            f"| {page_median:.2f} | {max(rows['page_seconds']):.2f} | {edition_median:.1f} "
            f"| {max(rows['edition_seconds']):.1f} | {rows['rss'][0]:.0f} → {rows['rss'][-1]:.0f} |"
        )
        if mode == "matched" and rows["matched"] != rows["stories"]:
            missed.append(f"{mode}: {rows['stories'] - rows['matched']} stories not matched")
        if mode == "new" and rows["text"] != rows["stories"]:
            missed.append(f"{mode}: {rows['stories'] - rows['text']} drafts' text differs from the print")
        if statistics.median(ious) < 0.95 or min(ious) < 0.85:
            missed.append(f"{mode}: IoU median {statistics.median(ious):.3f}, min {min(ious):.3f}")
        if page_median > 2 or edition_median > 20:
            missed.append(f"{mode}: {page_median:.2f} s a page, {edition_median:.1f} s an edition")
        if rows["rss"][-1] > rows["rss"][0] * 1.1:
            missed.append(f"{mode}: memory grew {rows['rss'][0]:.0f} → {rows['rss'][-1]:.0f} MB")
    print()
    for mode, rows in results.items():
        worst = ", ".join(f"{name} {value:.3f}" for value, name in sorted(rows["worst"])[:3])
        print(f"lowest IoU ({mode}): {worst}")
    for line in missed:
        print("MISSED", line)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
