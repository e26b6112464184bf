"""
Repairing text copied out of the print layout, line by line.

A page's columns come out as hard-wrapped lines of almost equal width; a
column break adds a blank line wherever the column ended, even mid-word; and
justified lines come with stray spaces between characters. This module knows
about lines: their printed width, how to join them, and the spaces to drop.
"""

import re
import unicodedata

# CJK characters and the punctuation and quotes Chinese print sets with them.
CJK = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u3000-\u303f\u2014\u2018\u2019\u201c\u201d\u2026\u00b7"
SPACES_NEXT_TO_CJK = re.compile(rf"(?<=[{CJK}])[ \t]+|[ \t]+(?=[{CJK}])")
SPACES = re.compile(r"[ \t\u3000\u00a0]+")
SENTENCE_END = re.compile(r"[。！？…]+[”’」』）)》]*$")
CLAUSE_PUNCTUATION = re.compile(r"[，。；：、！？,;:]")


def normalise_newlines(text):
    text = text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\u3000", " ").replace("\t", " ").replace("\u00a0", " ")


def char_width(char):
    """Full-width characters take one em on the page, Latin letters and digits half."""
    if char == " ":
        return 0.5
    return 1.0 if unicodedata.east_asian_width(char) in "WFA" else 0.5


def line_width(line):
    return sum(char_width(char) for char in line.strip())


def column_width(lines):
    """The width of a full line in this text: most lines are full, so a high percentile."""
    widths = sorted(line_width(line) for line in lines if line.strip())
    if not widths:
        return 0
    return widths[int(len(widths) * 0.8) - 1 if len(widths) > 1 else 0]


def remove_stray_spaces(text):
    """Spaces of justified lines go; a single space stays between Latin words."""
    return SPACES.sub(" ", SPACES_NEXT_TO_CJK.sub("", text)).strip()


def join_lines(lines):
    """Hard-wrapped lines -> one paragraph: nothing between Chinese, a space between Latin words."""
    text = ""
    for line in (line.strip() for line in lines):
        if not line:
            continue
        if text and text[-1].isascii() and text[-1].isalnum() and line[0].isascii() and line[0].isalnum():
            text += " "
        text += line
    return remove_stray_spaces(text)


def ends_sentence(text):
    return bool(SENTENCE_END.search(text.strip()))


def has_clause_punctuation(text):
    return bool(CLAUSE_PUNCTUATION.search(text))
