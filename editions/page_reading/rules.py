"""
Rules: the thin horizontal and vertical lines a layout draws between stories and under the page header.

They are read from the page's path objects (a stroked line or a filled thin rectangle
look the same once their bounds are taken). A rule separates: a story's text does not
continue across a horizontal rule that spans it, and a headline's reach stops at a
vertical one.
"""

import ctypes
from dataclasses import dataclass

import pypdfium2.raw as pdfium_c

# Thicker than this is a box or a tint, not a rule; shorter is an ornament or a bullet.
MAX_THICKNESS = 3.0
MIN_LENGTH = 24.0


@dataclass(frozen=True, slots=True)
class Rule:
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self):
        return self.x1 - self.x0 >= self.bottom - self.top


def extract_rules(page):
    """The page's horizontal and vertical rules, in top-left coordinates.

    A thin filled rectangle is a rule by its bounds; a stroked path (a rule drawn
    round a corner, or an outline between stories) gives one rule per straight
    horizontal or vertical segment.
    """
    height = page.get_height()
    rules = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=4):
        left, bottom, right, top = obj.get_bounds()
        width, tall = right - left, top - bottom
        if (width >= MIN_LENGTH and tall <= MAX_THICKNESS) or (tall >= MIN_LENGTH and width <= MAX_THICKNESS):
            rules.append(Rule(left, height - top, right, height - bottom))
        elif width >= MIN_LENGTH or tall >= MIN_LENGTH:
            rules.extend(_segments(obj, height))
    return rules


def _segments(obj, height):
    """Straight horizontal and vertical pieces of a stroked path, as thin rules."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke) or not stroke.value:
        return []
    matrix = obj.get_matrix()
    x, y = ctypes.c_float(), ctypes.c_float()
    found = []
    start = previous = None
    for index in range(pdfium_c.FPDFPath_CountSegments(obj)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, index)
        if not segment or not pdfium_c.FPDFPathSegment_GetPoint(segment, x, y):
            continue
        point = matrix.on_point(x.value, y.value)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_LINETO and previous is not None:
            found.extend(_straight(previous, point, height))
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = point
        previous = point
        if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
            found.extend(_straight(point, start, height))
    return found


def _straight(a, b, height):
    (x0, y0), (x1, y1) = a, b
    if abs(y1 - y0) <= 0.5 and abs(x1 - x0) >= MIN_LENGTH:
        return [Rule(min(x0, x1), height - y0 - 0.25, max(x0, x1), height - y0 + 0.25)]
    if abs(x1 - x0) <= 0.5 and abs(y1 - y0) >= MIN_LENGTH:
        return [Rule(x0 - 0.25, height - max(y0, y1), x0 + 0.25, height - min(y0, y1))]
    return []


def horizontal_rule_between(rules, x0, x1, upper, lower, cover=0.6):
    """True if a horizontal rule lies between y=upper and y=lower and covers `cover` of x0..x1."""
    span = max(x1 - x0, 1e-6)
    for rule in rules:
        if not rule.horizontal:
            continue
        middle = (rule.top + rule.bottom) / 2
        if upper - 1 <= middle <= lower + 1 and min(rule.x1, x1) - max(rule.x0, x0) >= cover * span:
            return True
    return False


def vertical_rule_between(rules, left, right, top, bottom):
    """The x of a vertical rule between x=left and x=right that overlaps top..bottom, or None."""
    for rule in rules:
        if rule.horizontal:
            continue
        middle = (rule.x0 + rule.x1) / 2
        if left - 1 <= middle <= right + 1 and min(rule.bottom, bottom) - max(rule.top, top) > 0:
            return middle
    return None
