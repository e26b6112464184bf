"""
Reading a newspaper page PDF into story regions (标引) for the e-paper: read_page finds every
story's region on a page (a rectilinear polygon, L-shapes included) with its kicker, headline,
subheadline, dateline, bylines, paragraphs and photos with captions; render_page draws the page.

Pure Python on the PDF alone: no database, no models, no settings.

    from editions.page_reading import read_page, render_page
    reading = read_page(pdf_bytes_or_path, page_index=0)   # PageReading
    image = render_page(pdf_bytes_or_path, page_index=0, scale=2.0)   # PIL RGB image

Modules: pdf (opening, PageReadingError), text (characters, lines, spaces), rules, photos,
layout (furniture, banner, column blocks, head stacks), stories (who owns what, reading order,
paragraphs, datelines), regions (outlines), reading (the dataclasses and read_page), render.
Benchmark: python -m bench.page_reading_bench --count 30 --seed 1.

May import: core, departments, articles (it needs none of them).
"""

from .pdf import PageReadingError
from .reading import PageReading, Region, RegionPhoto, read_page
from .render import render_page

__all__ = ["PageReading", "PageReadingError", "Region", "RegionPhoto", "read_page", "render_page"]
