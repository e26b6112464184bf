"""
A story body in HTML as the text a reader reads: tags dropped, entities decoded, a line break after each block
(<p>, <br>, <li>, <h1>-<h6> …). `text_and_places(html)` also says where each character was written in the
HTML, so that a fix can be written back (articles/proofreading.py); `plain_text(html)` is the text alone, and
`check_html(html, ...)` the findings of check_text on it, their offsets into `plain_text(html)`.
"""

import html
import re

from .checks import check_text

_TOKEN = re.compile(r"<!--.*?-->|<[^>]*>|&(?:[a-zA-Z][a-zA-Z0-9]*|#[0-9]+|#[xX][0-9a-fA-F]+);|[^<&]+|[<&]", re.DOTALL)
_BLOCK_END = re.compile(r"</(?:p|div|h[1-6]|li|blockquote|td|th|figcaption)\s*>|<br\s*/?>", re.IGNORECASE)


def text_and_places(body):
    """(text, places): the text of sanitized HTML, blocks ending in a newline, and for each of its characters the
    (start, end) of what it was written as in the HTML, or None for a newline that stands for a tag."""
    chars, places = [], []
    for match in _TOKEN.finditer(body or ""):
        token = match.group()
        if token.startswith("<") and len(token) > 1:
            if _BLOCK_END.fullmatch(token) and chars and chars[-1] != "\n":
                chars.append("\n")
                places.append(None)
            continue
        if token.startswith("&") and len(token) > 1:
            for char in html.unescape(token).replace("\xa0", " "):
                chars.append(char)
                places.append(match.span())
            continue
        if not token.strip() and "\n" in token:
            continue  # the line breaks between tags that the editor writes
        for offset, char in enumerate(token):
            chars.append(char)
            places.append((match.start() + offset, match.start() + offset + 1))
    while chars and chars[-1] == "\n":
        chars.pop()
        places.pop()
    return "".join(chars), places


def plain_text(body):
    # A no-break space reads as a space; one character for one, so offsets still hold.
    return text_and_places(body)[0].replace("\xa0", " ")


def check_html(body, *, context=None, kind="body"):
    return check_text(plain_text(body), context=context, kind=kind)
