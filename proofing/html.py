"""
Checking a story body in HTML: `plain_text(html)` is the text a reader reads (tags dropped, entities decoded, a
line break after each block element such as <p>, <br>, <li>, <h1>-<h6>), and `check_html(html, ...)` returns the
findings of check_text on that text, their offsets into `plain_text(html)`.
"""

from html.parser import HTMLParser

from .checks import check_text

BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "figcaption", "section"}
SKIPPED = {"script", "style"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skipping = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED:
            self.skipping += 1
        elif tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCKS and self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def plain_text(html):
    parser = _Text()
    parser.feed(html or "")
    parser.close()
    return "".join(parser.parts).replace("\xa0", " ").strip("\n")


def check_html(html, *, context=None, kind="body"):
    return check_text(plain_text(html), context=context, kind=kind)
