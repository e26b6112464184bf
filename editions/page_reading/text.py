"""
Characters and lines with positions, sizes and colours, read once from PDFium's text page.

Coordinates here are PDF points with the origin at the top left (y grows downwards), as
on the printed page. A character's box is its advance box (origin to origin + advance,
font ascent to descent), not its ink, so boxes of consecutive characters touch and
gaps mean something: justification, a space, a gutter.

Spaces are not taken from the PDF: Chromium prints them as glyphs PDFium drops, PDFium
invents its own from gaps, other layout programs put in real ones. A space is where the
gap before a character is clearly wider than the line's usual gap, which in justified
Chinese text is the stretch spread between every pair of ideographs.
"""

import ctypes
import math
import statistics
import unicodedata
from dataclasses import dataclass

import pypdfium2.raw as pdfium_c

# A gap this much wider (in ems) than the line's usual gap between characters is a space;
# between two Chinese characters, a gap of most of an em is an ideographic space (U+3000).
SPACE_EM = 0.18
IDEOGRAPHIC_SPACE_EM = 0.75


@dataclass(slots=True)
class Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float
    color: tuple


@dataclass(slots=True, eq=False)
class Line:
    """Characters on one baseline, close together, in one size: a line of one column or one headline."""

    chars: list
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    baseline: float = 0.0
    size: float = 0.0
    text: str = ""
    color: tuple = (0, 0, 0)

    def finish(self):
        chars = self.chars
        self.x0 = min(c.x0 for c in chars)
        self.x1 = max(c.x1 for c in chars)
        self.top = min(c.top for c in chars)
        self.bottom = max(c.bottom for c in chars)
        self.baseline = statistics.median(c.baseline for c in chars)
        # The size most of the line is set in (a footnote mark does not make a line smaller).
        sizes = {}
        for c in chars:
            sizes[c.size] = sizes.get(c.size, 0) + 1
        self.size = max(sizes, key=sizes.get)
        self.color = chars[len(chars) // 2].color
        self.text = spaced_text(chars)
        return self

    @property
    def width(self):
        return self.x1 - self.x0


def is_cjk(ch):
    """Ideographs, kana, full-width forms and the punctuation Chinese text uses: no spaces around these."""
    code = ord(ch)
    return (
        code >= 0x2E80
        or 0x2000 <= code <= 0x206F  # general punctuation: “ ” ‘ ’ — … ·
        or code == 0x00B7
    )


def _normalize(ch):
    # A Kangxi radical (U+2F00..) is the same glyph as its ideograph in CJK fonts, and a
    # ToUnicode map built backwards from the glyph can name either: the ideograph is meant.
    if "\u2f00" <= ch <= "\u2fdf" or "\uf900" <= ch <= "\ufaff":
        return unicodedata.normalize("NFKC", ch)
    return ch


def extract_chars(page):
    """Every visible, upright character of `page` (a pypdfium2 page), in content order."""
    height = page.get_height()
    textpage = page.get_textpage()
    try:
        count = pdfium_c.FPDFText_CountChars(textpage)
        matrix = pdfium_c.FS_MATRIX()
        red, green, blue, alpha = (ctypes.c_uint() for _ in range(4))
        get_unicode = pdfium_c.FPDFText_GetUnicode
        is_generated = pdfium_c.FPDFText_IsGenerated
        loose_box = pdfium_c.FPDFText_GetLooseCharBox
        get_matrix = pdfium_c.FPDFText_GetMatrix
        font_size = pdfium_c.FPDFText_GetFontSize
        fill_color = pdfium_c.FPDFText_GetFillColor
        rect = pdfium_c.FS_RECTF()
        origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
        char_origin = pdfium_c.FPDFText_GetCharOrigin
        chars = []
        for index in range(count):
            code = get_unicode(textpage, index)
            if code <= 32 or code in (0xA0, 0x3000, 0xFFFE, 0xFFFF) or is_generated(textpage, index):
                continue
            get_matrix(textpage, index, matrix)
            if abs(matrix.b) > 1e-3 or abs(matrix.c) > 1e-3 or matrix.a <= 0 or matrix.d <= 0:
                continue  # rotated or mirrored text (vertical headings, watermarks) is not read
            loose_box(textpage, index, rect)
            char_origin(textpage, index, origin_x, origin_y)
            if rect.right - rect.left <= 0 or rect.top - rect.bottom <= 0:
                continue
            size = font_size(textpage, index) * math.sqrt(matrix.a * matrix.d)
            text = _normalize(chr(code)) if code < 0x110000 else "\ufffd"
            x0, x1, top, bottom = rect.left, rect.right, height - rect.top, height - rect.bottom
            if abs(rect.left - origin_x.value) > 0.01:
                # PDFium falls back to the ink box for characters it maps through ActualText
                # (Chromium's way of naming glyphs its ToUnicode map cannot): rebuild the
                # advance box from the origin, an em wide for a full-width character.
                x0 = origin_x.value
                if unicodedata.east_asian_width(text) in "WF":
                    x1 = x0 + size
                top, bottom = height - origin_y.value - 0.88 * size, height - origin_y.value + 0.12 * size
            fill_color(textpage, index, red, green, blue, alpha)
            if alpha.value == 0:
                continue  # invisible text (an OCR layer over a scan) is not printed
            chars.append(
                Char(
                    text,
                    x0,
                    x1,
                    top,
                    bottom,
                    height - origin_y.value,
                    round(size * 4) / 4,
                    (red.value, green.value, blue.value),
                )
            )
        return chars
    finally:
        textpage.close()


def build_lines(chars):
    """Group characters into lines.

    Characters come in content order, and layout programs print a column's line as one
    run, so a line is a run of characters that stay on one baseline, keep their size and
    move rightwards (a character may start inside the one before: Chinese punctuation
    is set half an em narrow, and one glyph named by two characters gives both the same
    place) without a gap wider than one and a half ems (a gutter between columns, or two
    headers on one row, is wider). Runs that the content order split
    but that sit side by side on a baseline, close together, are joined afterwards.
    """
    lines = []
    current = []
    for char in chars:
        if current:
            last = current[-1]
            size = max(last.size, char.size)
            same = (
                abs(char.baseline - last.baseline) <= 0.2 * size
                and abs(char.size - last.size) <= 0.15 * size
                and char.x0 >= last.x0 - 0.01
                and char.x0 - last.x1 <= 1.5 * size
            )
            if not same:
                lines.append(current)
                current = []
        current.append(char)
    if current:
        lines.append(current)
    return _join_fragments([Line(run).finish() for run in lines])


def _join_fragments(lines):
    lines.sort(key=lambda line: (round(line.baseline), line.x0))
    joined = []
    by_baseline = {}
    for line in sorted(lines, key=lambda line: (line.baseline, line.x0)):
        key = round(line.baseline)
        merged = False
        for near in (key - 1, key, key + 1):
            for other in by_baseline.get(near, ()):
                gap = line.x0 - other.x1
                if (
                    abs(other.baseline - line.baseline) <= 0.2 * line.size
                    and abs(other.size - line.size) <= 0.15 * line.size
                    and -0.7 * line.size <= gap <= 0.6 * line.size
                ):
                    other.chars.extend(line.chars)
                    other.chars.sort(key=lambda c: c.x0)
                    other.finish()
                    merged = True
                    break
            if merged:
                break
        if not merged:
            by_baseline.setdefault(key, []).append(line)
            joined.append(line)
    return joined


def spaced_text(chars):
    """The line's text, with a space wherever the gap before a character is a space's width wider than usual."""
    if len(chars) == 1:
        return chars[0].text
    gaps = [b.x0 - a.x1 for a, b in zip(chars, chars[1:], strict=False)]
    cjk_gaps = [g for g, a, b in zip(gaps, chars, chars[1:], strict=False) if is_cjk(a.text) and is_cjk(b.text)]
    usual = statistics.median(cjk_gaps) if cjk_gaps else 0.0
    usual = max(usual, 0.0)
    parts = [chars[0].text]
    for gap, before, after in zip(gaps, chars, chars[1:], strict=False):
        cjk_before, cjk_after = is_cjk(before.text), is_cjk(after.text)
        extra = gap - (usual if (cjk_before or cjk_after) else 0.0)
        em = max(before.size, after.size)
        if extra > IDEOGRAPHIC_SPACE_EM * em and cjk_before and cjk_after:
            parts.append("\u3000")  # a full-width space: 本报讯　…
        elif extra > SPACE_EM * em:
            parts.append(" ")
        parts.append(after.text)
    return "".join(parts)


def join_lines(texts):
    """Lines of one paragraph as printed: no space between Chinese characters, one between Latin words."""
    out = ""
    for text in texts:
        text = text.strip()
        if not text:
            continue
        if out and not is_cjk(out[-1]) and not is_cjk(text[0]) and out[-1] not in "-/" and not out.endswith(" "):
            out += " "
        out += text
    return out
