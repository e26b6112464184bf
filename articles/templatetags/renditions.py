"""
Resized renditions of uploaded pictures, so that a reader never downloads the full-size upload.

The widths come from settings.THUMBNAIL_ALIASES; easy-thumbnails makes each
rendition once and afterwards only checks that the file is there (no query on
local storage). Sizes are worked out from the dimensions stored on the row, so
drawing a page does not open the picture files.
"""

import logging
from dataclasses import dataclass

from django import template
from django.conf import settings
from easy_thumbnails.files import get_thumbnailer

register = template.Library()
logger = logging.getLogger(__name__)

# Which aliases make up a srcset, smallest first, and which one is the plain `src`.
KINDS = {
    "photo": (("photo_small", "photo_medium", "photo_large"), "photo_medium"),
    "page": (("page_medium", "page_large"), "page_medium"),
}


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int


@dataclass(frozen=True)
class RenditionSet:
    renditions: tuple
    default: Rendition

    @property
    def src(self):
        return self.default.url

    @property
    def width(self):
        return self.default.width

    @property
    def height(self):
        return self.default.height

    @property
    def srcset(self):
        return ", ".join(f"{r.url} {r.width}w" for r in self.renditions)

    @property
    def largest(self):
        return self.renditions[-1]


def _alias_width(alias):
    return settings.THUMBNAIL_ALIASES[""][alias]["size"][0]


def _scaled(alias, width, height):
    """The size easy-thumbnails gives a `width`×`height` source for `alias` (it never enlarges)."""
    target = min(_alias_width(alias), width)
    return target, max(1, round(height * target / width))


def rendition_set(fieldfile, kind, *, width=None, height=None):
    """The renditions of `fieldfile` for `kind` ("photo" or "page"), or None when there is no usable picture."""
    if not fieldfile:
        return None
    aliases, default_alias = KINDS[kind]
    width = width or getattr(fieldfile, "width", None)
    height = height or getattr(fieldfile, "height", None)
    thumbnailer = get_thumbnailer(fieldfile)
    by_alias, seen_widths = {}, {}
    try:
        for alias in aliases:
            size = _scaled(alias, width, height)
            if size[0] in seen_widths:
                # The source is narrower than this alias: the same picture again.
                by_alias[alias] = seen_widths[size[0]]
                continue
            rendition = Rendition(thumbnailer[alias].url, *size)
            by_alias[alias] = seen_widths[size[0]] = rendition
    except Exception:
        # A missing or unreadable upload must not take the page down with it.
        logger.warning("No rendition for %s", fieldfile.name, exc_info=True)
        return None
    return RenditionSet(tuple(seen_widths.values()), by_alias[default_alias])


def absolute_media_url(url):
    if url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL.rstrip("/") + url


@register.simple_tag
def photo_renditions(photo):
    """{% photo_renditions photo as picture %}: src, srcset, width, height of a story photo."""
    return rendition_set(photo.image, "photo", width=photo.width, height=photo.height)


@register.simple_tag
def page_renditions(page):
    """{% page_renditions page as picture %}: the page image resized for reading on screen."""
    return rendition_set(page.image, "page", width=page.image_width, height=page.image_height)
