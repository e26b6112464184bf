"""Absolute URLs, structured data and small formatting helpers for the reader's pages."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import NoReverseMatch
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime

from core.reversing import reverse_ids
from core.xml_chars import remove_xml_forbidden, xml_safe

from ..renditions import absolute_media_url, photo_rendition_set

register = template.Library()

# What json_script escapes, so that "</script>" or "<!--" inside a headline
# stays data: the browser's HTML parser never sees "<", ">" or "&". The line
# and paragraph separators too, for consumers that read JSON as JavaScript.
_JSON_SCRIPT_ESCAPES = {
    ord(">"): "\\u003E",
    ord("<"): "\\u003C",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def absolute(path):
    """A site path as the canonical absolute URL (settings.SITE_URL), whatever host the request came to."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path


@register.filter
def absolute_url(path):
    return absolute(str(path))


@register.simple_tag
def site_url(name):
    """{% url name %} for the site's fixed addresses (front page, archive, feeds…): worked out once, not on every page.

    "" for a name this build does not have.
    """
    try:
        return reverse_ids(name)
    except NoReverseMatch:
        return ""


@register.filter
def json_ld(data):
    """A <script type="application/ld+json"> block: data, not script, so a no-inline-script CSP allows it."""
    text = json.dumps(xml_safe(data), cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.filter(is_safe=True)
def xml_text(value):
    """The text without characters XML forbids: for what is read as XML or by scrapers (the page head)."""
    return remove_xml_forbidden(str(value))


@register.filter
def svg_points(points):
    """[[0.1, 0.2], [0.5, 0.2], ...] -> "10.000,20.000 50.000,20.000 ..." (an SVG polygon's points, in percent)."""
    try:
        return " ".join(f"{percent(x)},{percent(y)}" for x, y in points)
    except (TypeError, ValueError):  # a row written around the model's check: draw no outline rather than fail
        return ""


@register.filter
def percent(fraction):
    """0.12345 -> "12.345", with a dot whatever the locale (for SVG geometry in percent)."""
    return f"{float(fraction) * 100:.3f}"


def article_images(article):
    """Absolute URLs of the largest rendition of each photo (for Open Graph and JSON-LD)."""
    urls = []
    for photo in article.photos.all():
        picture = photo_rendition_set(photo)
        if picture:
            urls.append(absolute_media_url(picture.largest.url))
    return urls


@register.simple_tag
def news_article_data(article):
    """schema.org NewsArticle for a story, from what the page already fetched."""
    url = absolute(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.headline_text[:110],
        "inLanguage": "zh-CN",
        "datePublished": localtime(article.publish_at) if article.publish_at else None,
        "dateModified": localtime(article.updated_at),
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME, "url": absolute("/")},
    }
    if article.kicker or article.subheadline:
        data["alternativeHeadline"] = " ".join(filter(None, [article.kicker, article.subheadline]))
    if article.description:
        data["description"] = article.description
    authors = [{"@type": "Person", "name": byline.person.name} for byline in article.bylines.all()]
    if authors:
        data["author"] = authors
    images = article_images(article)
    if images:
        data["image"] = images
    if article.department_id:
        data["about"] = {"@type": "GovernmentOrganization", "name": article.department.name}
    if article.page_id:
        data["articleSection"] = article.page.name
        data["printEdition"] = article.page.issue.chinese_date
        data["printPage"] = str(article.page.number)
    return data
