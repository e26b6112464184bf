"""
Realistic newspaper page PDFs with exact ground truth, for developing and
benchmarking the page reader (python -m bench.paper OUT_DIR [--count 30] [--seed 1]).

generate_pages(out_dir, count=30, seed=1) lays out stories drawn from the
generated archive's vocabulary (bench.archive.words) and the demo edition into
broadsheet pages and prints each with Debian's Chromium; seed_pages(out_dir)
lays out the demo edition's own pages (seeds/demo_edition.json), committed as
seeds/pages/. Each <name>.pdf has a <name>.json beside it:

    {"page": {"number", "name", "date", "width_pt", "height_pt"},
     "banner": {"text", "box"} or null,
     "stories": [{"key", "is_lead", "position", "kicker", "headline": [lines as printed],
                  "subheadline", "dateline", "bylines", "paragraphs", "boxes", "polygon",
                  "photos": [{"box", "caption", "image_box"}]}]}

- Coordinates are fractions of the page (origin top-left); a box is
  [left, top, width, height]; `polygon` is the outline of the union of the
  story's boxes, clockwise as seen on the page from its top-left corner, the
  first point not repeated.
- `boxes`: the headline block (kicker, headline, subheadline), the photos
  with their captions, the text columns (neighbouring columns over the same
  rows as one box), and any strip of gutter joining two of them.
- `position`: reading order, the lead first, then by the story's top, then left.
- `key`: p<page>-s<position> on generated pages; the demo article's key on seed pages.
- `paragraphs`: every block of body text as printed, in order, in full
  (a block split between columns is one paragraph), in-body subheads and a case
  study's 一、主要做法 / 二、经验启示 included. A generated story is cut after
  the last sentence that fits its slot; the demo's stories are printed whole.
- The credit: the dateline and bylines are printed at the head of the first
  paragraph, and paragraphs[0] begins with them exactly as printed: the
  dateline, then the bylines joined by a space in full-width parentheses
  (本报讯（记者 张三 通讯员 李四）…); a dateline without bylines is followed by an
  ideographic space (本报讯　…); bylines without a dateline stand alone in
  parentheses (（记者 张三）…). A byline is "<role> <name>": 记者, 通讯员, 摄影.
- `headline` lists the lines as printed: a line too long for a narrow slot is
  split in two, and the truth says so.

Modules: grid (page and column grid), plan (areas on the grid: rectangles,
dog-legs, photos hung into the story below), stories and content (the text),
fit (headline sizes, photos, text flowed through the columns), regions (boxes,
polygons, rules), pictures (photos drawn with Pillow), fonts (TrueType subsets
of Noto CJK, so that the PDF embeds real font subsets), render (HTML), press
(Chromium: measuring lines, checking nothing runs over, printing), pages (all
of it, page by page).

May import: anything of the site; nothing in the site imports bench.
"""

from .pages import generate_pages, seed_pages

__all__ = ["generate_pages", "seed_pages"]
