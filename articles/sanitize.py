"""
The allowlist every piece of rich text passes before it is stored.

CKEditor 4 runs in the browser and can be bypassed; this is the line that
holds. Anything not named here (script, style, iframe, event handlers,
style attributes, javascript:/data:/vbscript: URLs, comments) is dropped.
"""

import nh3

from core.xml_chars import remove_xml_forbidden

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "ul",
    "ol",
    "li",
    "blockquote",
    "a",
    "img",
    "figure",
    "figcaption",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
    "hr",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def clean_html(html):
    """Return `html` reduced to the newsroom's allowlist, without characters XML forbids."""
    if not html:
        return ""
    cleaned = nh3.clean(
        # Before nh3 too: it cannot even take a lone surrogate.
        remove_xml_forbidden(str(html)),
        tags=ALLOWED_TAGS,
        clean_content_tags={
            "script",
            "style",
            "noscript",
            "template",
            "title",
            "textarea",
            "xmp",
            "iframe",
            "noembed",
            "noframes",
            "plaintext",
            "math",
            "svg",
        },
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    # After nh3, which decodes "&#1;" or "&#xFFFE;" into the very character.
    return remove_xml_forbidden(cleaned).strip()
