"""
Chinese typography for the text the site writes itself: teasers, search
snippets, feed and meta descriptions.

    squeeze("做保障。\\n 紧盯目标")     -> "做保障。紧盯目标"     (paragraphs joined as print joins them)
    squeeze("the Yellow\\n River")     -> "the Yellow River"     (one space between Latin words)
    shorten(text, 120)                 -> text, or its start and "……" in at most 120 characters

A shortened text ends with the Chinese ellipsis "……" (two U+2026), never
"..." (Django's Truncator in zh-hans) or a lone "…".
"""

import re

# Ideographs, radicals, kana, bopomofo, hangul: the letters of CJK text.
LETTERS = "\u2e80-\u2fff\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
# 。，、「」《》 and the full-width forms （）！？；：, which no Latin text uses.
FULL_WIDTH = "\u3000-\u303f\ufe30-\ufe4f\uff00-\uffef"
# Curly quotes, dashes, the ellipsis and the middle dot: Chinese between Chinese, but English uses them too.
SHARED = "\u2014\u2018\u2019\u201c\u201d\u2026\u00b7"
CJK = LETTERS + FULL_WIDTH + SHARED
IS_FULL_WIDTH = re.compile(f"[{FULL_WIDTH}]").match
IS_CJK = re.compile(f"[{CJK}]").match

ELLIPSIS = "……"
# What a cut should not leave beside the ellipsis: a pause, an opening bracket or quote
# before it, a closing one after it, half an ellipsis or dash, a space.
BEFORE_ELLIPSIS = " ，、；：,;:（《〈「『【“‘([…—.·"
AFTER_ELLIPSIS = " ，、；：。！？,;:.!?）》〉」』】”’)]…—·"


def squeeze(text):
    """Whitespace as Chinese print sets it: none next to Chinese, one space between Latin words."""
    # str.split() and a decision per run of whitespace: a regex over every
    # character costs several times as much, and teasers are on hot paths.
    words = text.split()
    if not words:
        return ""
    joined = [words[0]]
    for word in words[1:]:
        if _space_between(joined[-1][-1], word[0]):
            joined.append(" ")
        joined.append(word)
    return "".join(joined)


def _space_between(before, after):
    if IS_FULL_WIDTH(before) or IS_FULL_WIDTH(after):
        return False
    return not (IS_CJK(before) and IS_CJK(after))


def shorten(text, length):
    """`text` if it has at most `length` characters, else its start and "……", `length` characters at most."""
    if len(text) <= length:
        return text
    return with_ellipsis_after(text[: length - len(ELLIPSIS)])


def with_ellipsis_after(start):
    """The start of a longer text, marked as cut."""
    return start.rstrip(BEFORE_ELLIPSIS) + ELLIPSIS


def with_ellipsis_before(end):
    """The end of a longer text, marked as cut."""
    return ELLIPSIS + end.lstrip(AFTER_ELLIPSIS)
