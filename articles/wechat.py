"""
A story as HTML for the 公众号 (WeChat official account) editor: what survives being pasted into it.

The 公众号 editor keeps an element's `style` attribute and drops classes,
stylesheets, scripts and anything it does not know; it fetches pictures
from their addresses. So every element written here carries its typography
inline, from one table (STYLES: 2em first-line indents, line height,
the kicker / headline / subheadline sizes), pictures are at absolute URLs
on settings.SITE_URL, and nothing else goes out: no class, id, script,
event handler, frame or relative address.

The body is the stored rich text, already cleaned on save (articles/sanitize.py);
it is cleaned again here (a row written by QuerySet.update() never passed the
field) and then rewritten element by element from an allowlist of its own
(`InlineStyled`), so what reaches the clipboard is only what this module wrote.

    html = story_html(story_for_export(pk))
"""

import re
from html import escape
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from .models import Article, Byline
from .renditions import photo_rendition_set
from .sanitize import clean_html

# Every style the export writes, by what it is for. Sizes in px: the 公众号 editor sets its own
# root size, so rem/em sizes (text-indent aside) would come out differently there.
STYLES = {
    "root": "margin:0;padding:0;color:#333333;font-size:16px;line-height:1.75;letter-spacing:0.5px;",
    "banner": "margin:0 0 12px;padding:6px 0;font-size:15px;line-height:1.6;color:#b3261e;text-align:center;"
    "border-top:1px solid #b3261e;border-bottom:1px solid #b3261e;",
    "kicker": "margin:0 0 6px;font-size:17px;line-height:1.6;color:#555555;text-align:center;",
    "headline": "margin:0 0 6px;font-size:22px;line-height:1.45;font-weight:bold;color:#1a1a1a;text-align:center;",
    "subheadline": "margin:0 0 16px;font-size:17px;line-height:1.6;color:#555555;text-align:center;",
    "paragraph": "margin:0 0 16px;text-indent:2em;font-size:16px;line-height:1.75;color:#333333;text-align:justify;",
    # A paragraph inside a list item or a table cell: the indent belongs to the list or the cell.
    "paragraph_in_block": "margin:0 0 8px;font-size:16px;line-height:1.75;color:#333333;",
    "dateline": "font-weight:bold;color:#1a1a1a;",
    "heading_2": "margin:24px 0 12px;padding-left:10px;border-left:4px solid #b3261e;"
    "font-size:19px;line-height:1.5;font-weight:bold;color:#1a1a1a;",
    "heading_3": "margin:20px 0 10px;font-size:18px;line-height:1.5;font-weight:bold;color:#1a1a1a;",
    "heading_4": "margin:16px 0 8px;font-size:17px;line-height:1.5;font-weight:bold;color:#1a1a1a;",
    "strong": "font-weight:bold;color:#1a1a1a;",
    "em": "font-style:italic;",
    "underline": "text-decoration:underline;",
    "strike": "text-decoration:line-through;",
    "sub": "font-size:75%;vertical-align:sub;",
    "sup": "font-size:75%;vertical-align:super;",
    "list": "margin:0 0 16px;padding-left:2em;font-size:16px;line-height:1.75;color:#333333;",
    "list_item": "margin:0 0 8px;font-size:16px;line-height:1.75;color:#333333;",
    "quote": "margin:0 0 16px;padding:8px 12px;border-left:3px solid #cccccc;background-color:#f7f7f7;color:#555555;",
    "link": "color:#576b95;text-decoration:none;word-break:break-all;",
    "figure": "margin:0 0 16px;padding:0;",
    "image": "display:block;width:100%;height:auto;margin:0 auto;",
    "caption": "margin:6px 0 0;font-size:14px;line-height:1.6;color:#888888;text-align:center;",
    "credit": "margin-left:0.5em;color:#999999;",
    "table": "width:100%;margin:0 0 16px;border-collapse:collapse;font-size:15px;line-height:1.6;",
    "table_caption": "margin:0 0 6px;font-size:14px;color:#888888;text-align:center;",
    "cell": "padding:4px 6px;border:1px solid #dddddd;vertical-align:top;",
    "head_cell": "padding:4px 6px;border:1px solid #dddddd;vertical-align:top;font-weight:bold;"
    "background-color:#f7f7f7;",
    "table_part": "border:0;",
    "rule": "margin:24px 0;border:0;border-top:1px solid #e5e5e5;",
    "figures": "margin:0 0 16px;padding:10px 14px;background-color:#f7f7f7;border-radius:4px;",
    "figure_line": "margin:0 0 4px;font-size:16px;line-height:1.75;color:#333333;",
    "figure_value": "font-size:18px;font-weight:bold;color:#b3261e;",
    "bylines": "margin:0 0 16px;text-indent:2em;font-size:16px;line-height:1.75;color:#333333;",
    "source": "margin:24px 0 0;padding-top:12px;border-top:1px solid #e5e5e5;font-size:14px;line-height:1.6;"
    "color:#888888;",
    "source_line": "margin:0 0 4px;font-size:14px;line-height:1.6;color:#888888;",
    # The edition digest (editions/wechat_digest.py).
    "digest_title": "margin:0 0 4px;font-size:22px;line-height:1.45;font-weight:bold;color:#1a1a1a;text-align:center;",
    "digest_subtitle": "margin:0 0 20px;font-size:14px;line-height:1.6;color:#888888;text-align:center;",
    "digest_story": "margin:0 0 16px;",
    "digest_headline": "margin:0 0 4px;font-size:17px;line-height:1.5;font-weight:bold;color:#1a1a1a;",
    "digest_lead_headline": "margin:8px 0 4px;font-size:19px;line-height:1.5;font-weight:bold;color:#1a1a1a;",
    "digest_link": "color:#1a1a1a;text-decoration:none;",
    "digest_teaser": "margin:0;font-size:15px;line-height:1.75;color:#555555;",
}

# Stored tag -> (tag written, style). Headings are worked out from the body's own levels (`heading_levels`).
BODY_TAGS = {
    "p": ("p", "paragraph"),
    "strong": ("strong", "strong"),
    "b": ("strong", "strong"),
    "em": ("em", "em"),
    "i": ("em", "em"),
    "u": ("span", "underline"),
    "s": ("span", "strike"),
    "sub": ("sub", "sub"),
    "sup": ("sup", "sup"),
    "ul": ("ul", "list"),
    "ol": ("ol", "list"),
    "li": ("li", "list_item"),
    "blockquote": ("blockquote", "quote"),
    # The 公众号 editor knows <section>, not <figure>; a caption is a paragraph of its own.
    "figure": ("section", "figure"),
    "figcaption": ("p", "caption"),
    "table": ("table", "table"),
    "caption": ("caption", "table_caption"),
    "thead": ("thead", "table_part"),
    "tbody": ("tbody", "table_part"),
    "tr": ("tr", "table_part"),
    "th": ("th", "head_cell"),
    "td": ("td", "cell"),
}
KEPT_ATTRIBUTES = {"td": ("colspan", "rowspan"), "th": ("colspan", "rowspan", "scope")}
# Inside these a paragraph is not indented: the list or the cell sets it off already.
NO_INDENT_INSIDE = {"li", "td", "th", "caption", "figcaption"}
HEADING_STYLES = {2: "heading_2", 3: "heading_3", 4: "heading_4"}
_HEADING_LEVEL = re.compile(r"<h([1-6])[\s>]", re.IGNORECASE)
# Whitespace with a line break between two tags: the templates' layout, not text.
_LAYOUT_WHITESPACE = re.compile(r">\s*\n\s*<")


def absolute(url, base=None):
    """`url` as an absolute http(s) address (relative ones on settings.SITE_URL, or on `base`), or "" for any other."""
    joined = urljoin(base or settings.SITE_URL.rstrip("/") + "/", url.strip())
    parts = urlsplit(joined)
    return joined if parts.scheme in ("http", "https") and parts.netloc else ""


def is_on_site(url):
    site, other = urlsplit(settings.SITE_URL), urlsplit(url)
    return (other.scheme, other.netloc) == (site.scheme, site.netloc)


def style_attribute(name):
    return f' style="{escape(STYLES[name])}"'


def heading_levels(html):
    """{stored level: written level}: the body's highest heading becomes h2 (the headline is the h1), order kept."""
    levels = sorted({int(level) for level in _HEADING_LEVEL.findall(html)})
    if not levels:
        return {}
    shift = 2 - levels[0]
    return {level: min(4, level + shift) for level in levels}


def kept_attributes(tag, attrs):
    """A table cell's span and scope, when they are what they should be (numbers; row or col)."""
    kept = ""
    for name in KEPT_ATTRIBUTES.get(tag, ()):
        value = attrs.get(name) or ""
        if (value.isdigit() and len(value) < 4) or (name == "scope" and value in ("row", "col")):
            kept += f' {name}="{value}"'
    return kept


class InlineStyled(HTMLParser):
    """Writes cleaned rich text again, each element from BODY_TAGS with its inline style and nothing else."""

    def __init__(self, *, levels, dateline="", base_url=None):
        super().__init__(convert_charrefs=True)
        self.levels = levels
        self.dateline = dateline
        self.base_url = base_url
        self.out = []
        self.open = []  # (stored tag, tag written or None when only its content is kept)

    def result(self):
        self.close()
        while self.open:
            self._close_top()
        return "".join(self.out)

    def _dateline(self):
        text, self.dateline = self.dateline, ""
        return f"<strong{style_attribute('dateline')}>{escape(text)}</strong>\u3000"

    def _inside(self, tags):
        return any(stored in tags for stored, _written in self.open)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "br":
            self.out.append("<br>")
        elif tag == "hr":
            self.out.append(f"<hr{style_attribute('rule')}>")
        elif tag == "img":
            self._image(attrs)
        elif tag == "a":
            self._link(attrs)
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            level = self.levels.get(int(tag[1]), 4)
            self._start(tag, f"h{level}", HEADING_STYLES[level])
        elif tag in BODY_TAGS:
            written, style = BODY_TAGS[tag]
            if tag == "p" and self._inside(NO_INDENT_INSIDE):
                style = "paragraph_in_block"
            self._start(tag, written, style, kept_attributes(tag, attrs))
            if tag == "p" and self.dateline:
                self.out.append(self._dateline())
        else:
            # Nothing else passes the sanitizer; should anything, its text stays and the tag goes.
            self.open.append((tag, None))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "hr", "img"):
            self.handle_endtag(tag)

    def _start(self, stored, written, style, attributes=""):
        self.out.append(f"<{written}{style_attribute(style)}{attributes}>")
        self.open.append((stored, written))

    def _image(self, attrs):
        src = absolute(attrs.get("src") or "", self.base_url)
        if src:
            alt = escape(attrs.get("alt") or "")
            self.out.append(f'<img src="{escape(src)}" alt="{alt}"{style_attribute("image")}>')

    def _link(self, attrs):
        href = absolute(attrs.get("href") or "", self.base_url)
        # The 公众号 drops links to other sites; their words stay, as plain text.
        if href and is_on_site(href):
            self._start("a", "a", "link", f' href="{escape(href)}"')
        else:
            self.open.append(("a", None))

    def handle_endtag(self, tag):
        if tag in ("br", "hr", "img"):
            return
        if not any(stored == tag for stored, _written in self.open):
            return
        while self.open:
            stored, _written = self.open[-1]
            self._close_top()
            if stored == tag:
                break

    def _close_top(self):
        _stored, written = self.open.pop()
        if written:
            self.out.append(f"</{written}>")

    def handle_data(self, data):
        self.out.append(escape(data, quote=False))


def body_html(html, *, dateline="", base_url=None):
    """Stored rich text with every element styled inline; `dateline` (本报讯) opens the first paragraph."""
    cleaned = clean_html(html)
    if dateline and not cleaned.startswith("<p>"):
        # A body that opens with a heading (or is empty): the dateline is a paragraph of its own, as on the site.
        cleaned = f"<p></p>{cleaned}"
    parser = InlineStyled(levels=heading_levels(cleaned), dateline=dateline, base_url=base_url)
    parser.feed(cleaned)
    return mark_safe(parser.result())


def byline_text(bylines):
    """（记者 …）as the story page prints it: a reporter by name alone, anyone else with their role first."""
    names = [
        byline.person.name
        if byline.role == Byline.Role.REPORTER
        else f"{byline.get_role_display()} {byline.person.name}"
        for byline in bylines
    ]
    return f"（{' '.join(names)}）" if names else ""


def photo_pictures(photos):
    """[(absolute src, alt, caption, credit)] of the photos that have a picture, in the largest rendition there is."""
    pictures = []
    for photo in photos:
        picture = photo_rendition_set(photo)
        src = absolute(picture.largest.url) if picture else ""
        if src:
            pictures.append((src, photo.alt_text or photo.caption, photo.caption, photo.credit))
    return pictures


def source_line(article):
    """本文来源：乌海日报 2023年2月15日 第1版 (as far as the story's placement and publish time say)."""
    parts = [f"本文来源：{settings.SITE_NAME}"]
    if article.page_id:
        day = article.page.issue.date
        parts.append(f"{day.year}年{day.month}月{day.day}日 第{article.page.number}版")
    elif article.publish_at:
        day = timezone.localtime(article.publish_at)
        parts.append(f"{day.year}年{day.month}月{day.day}日")
    return " ".join(parts)


def case_study_opening(study, dateline):
    """The case study's 导语 as the body's first paragraph, the dateline before it as in the body of any story."""
    if not (study.opening or dateline):
        return ""
    return body_html(f"<p>{escape(study.opening)}</p>", dateline=dateline)


def story_for_export(pk):
    """The story with everything the export shows, fetched up front."""
    return Article.objects.for_reading().get(pk=pk)


def compact(html):
    return _LAYOUT_WHITESPACE.sub("><", html).strip()


def story_html(article):
    """The story as the 公众号 editor should receive it (see the module's docstring)."""
    url = absolute(article.get_absolute_url())
    study = getattr(article, "case_study", None)
    context = {
        "s": STYLES,
        "article": article,
        "banner": (study.campaign.banner_text or study.campaign.name) if study else "",
        "pictures": photo_pictures(article.photos.all()),
        "case_study": study,
        "sections": study.sections if study else None,
        "body": "" if study else body_html(article.body, dateline=article.dateline, base_url=url),
        "opening": case_study_opening(study, article.dateline) if study else "",
        "bylines": byline_text(article.bylines.all()),
        "source": source_line(article),
        "url": url,
    }
    return mark_safe(compact(render_to_string("articles/wechat/story.html", context)))
