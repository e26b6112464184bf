"""
Highlighted snippets, built safely: the story's text is escaped piece by piece
and only the <mark> tags we add are markup.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.typography import squeeze, with_ellipsis_after, with_ellipsis_before

SNIPPET_CHARS = 120
CONTEXT_BEFORE = 30


def needle_pattern(needles):
    """One regex for all needles, longest first; Latin words match whole."""
    parts = []
    for needle in needles:
        escaped = re.escape(needle)
        parts.append(rf"(?<![a-z0-9]){escaped}(?![a-z0-9])" if needle[0].isascii() else escaped)
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def _marked(text, pattern):
    if pattern is None:
        return escape(text)
    pieces, end = [], 0
    for match in pattern.finditer(text):
        pieces += [escape(text[end : match.start()]), "<mark>", escape(match.group()), "</mark>"]
        end = match.end()
    pieces.append(escape(text[end:]))
    return "".join(pieces)


def _pattern_found_in(query, *texts):
    """The reader's words if any text holds them whole, else their bigrams."""
    for needles in (query.needles, query.fallback_needles):
        pattern = needle_pattern(needles)
        if pattern and any(pattern.search(text) for text in texts):
            return pattern
    return None


def highlight(text, query):
    return mark_safe(_marked(text, _pattern_found_in(query, text)))


def snippet(text, query, *, length=SNIPPET_CHARS):
    """About `length` characters of `text` around the first match, highlighted; a cut is marked "……"."""
    text = squeeze(text)
    pattern = _pattern_found_in(query, text)
    first = pattern.search(text) if pattern else None
    start = max(0, first.start() - CONTEXT_BEFORE) if first else 0
    start = max(0, min(start, len(text) - length))
    window = text[start : start + length]
    if start > 0:
        window = with_ellipsis_before(window)
    if start + length < len(text):
        window = with_ellipsis_after(window)
    return mark_safe(_marked(window, pattern))
