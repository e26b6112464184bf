"""
The page and its column grid, in PostScript points (the PDF's own unit, and CSS `pt`).

Everything on a page is placed on this grid, so that the ground truth is exact
by construction: a story owns whole columns over whole rows, and a row is one
line of body text. Two stories are always one gutter apart side by side and one
row apart one above the other; the rules between them are drawn in those gaps.
"""

import math
from dataclasses import dataclass

# Chromium rounds a printed page to its own device units; 996 × 1416 pt
# (351 × 500 mm, a broadsheet) is printed exactly, 350 × 500 mm is not.
PAGE_WIDTH = 996.0
PAGE_HEIGHT = 1416.0
MARGIN_X = 36.0
MARGIN_TOP = 30.0
MARGIN_BOTTOM = 36.0
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
MIN_GUTTER = 11.0
# A column is a whole number of characters wide, plus one CSS pixel: glyph
# advances are rounded in layout, and without it the last character of a full
# line can wrap.
COLUMN_SLACK = 0.75


@dataclass(frozen=True)
class Rect:
    """Columns [c0, c1) over rows [r0, r1) of a grid."""

    c0: int
    c1: int
    r0: int
    r1: int

    @property
    def rows(self):
        return self.r1 - self.r0

    @property
    def columns(self):
        return self.c1 - self.c0


@dataclass(frozen=True)
class Grid:
    columns: int
    font_size: float  # body text, pt
    line: float  # one row: the body's line height
    top: float  # y of row 0
    rows: int
    chars: int  # characters in a full line of a column
    column_width: float
    gutter: float

    def left(self, column):
        return MARGIN_X + column * (self.column_width + self.gutter)

    def right(self, column):
        """The right edge of `column` (the last column a span covers)."""
        return self.left(column) + self.column_width

    def y(self, row):
        return self.top + row * self.line

    def span_width(self, c0, c1):
        return self.right(c1 - 1) - self.left(c0)

    def box(self, rect):
        """(left, top, width, height) in pt."""
        left, top = self.left(rect.c0), self.y(rect.r0)
        return (left, top, self.right(rect.c1 - 1) - left, self.y(rect.r1) - top)

    @property
    def bottom(self):
        return self.y(self.rows)


def make_grid(columns, *, top, font_size=9.0, leading=1.5):
    """The grid of `columns` columns whose row 0 starts at `top` pt, down to the bottom margin."""
    chars = math.floor((CONTENT_WIDTH - (columns - 1) * MIN_GUTTER) / (columns * font_size))
    column_width = chars * font_size + COLUMN_SLACK
    gutter = (CONTENT_WIDTH - columns * column_width) / (columns - 1)
    line = font_size * leading
    rows = math.floor((PAGE_HEIGHT - MARGIN_BOTTOM - top) / line)
    return Grid(columns, font_size, line, top, rows, chars, column_width, gutter)
