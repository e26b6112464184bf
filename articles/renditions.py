"""
Resized renditions of uploaded pictures, so that a reader never downloads the full-size upload.

The widths come from settings.THUMBNAIL_ALIASES. easy-thumbnails makes the
renditions when a picture is stored (`make_renditions`: Photo.save, the page
admin, the demo and archive builders, `manage.py make_renditions`), so drawing
a page only works out their names and, on local storage, checks with one stat
per file that they are there. Sizes come from the dimensions stored on the
row: no picture file is opened. A rendition that is missing all the same (a
restored backup leaves renditions out, a file copied in by hand) is made by
the first page that needs it.
"""

import functools
import logging
import os
from dataclasses import dataclass

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from easy_thumbnails.alias import aliases
from easy_thumbnails.files import get_thumbnailer
from easy_thumbnails.options import ThumbnailOptions
from easy_thumbnails.storage import thumbnail_default_storage

logger = logging.getLogger(__name__)

# Which aliases make up a srcset, smallest first, and which one is the plain `src`.
KINDS = {
    "photo": (("photo_small", "photo_medium", "photo_large"), "photo_medium"),
    "page": (("page_medium", "page_large"), "page_medium"),
}


# Formats made besides JPEG when a picture is stored: a page image is the heaviest thing a reader
# downloads, and WebP carries its text as sharp at about three quarters of the JPEG's size.
ALSO_IN = {"page": ("webp",)}


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


def _distinct_aliases(kind, width, height):
    """{alias: (width, height)} for the renditions a srcset needs, and which alias stands in for each of `kind`'s.

    A source narrower than an alias comes out of it unchanged: the same picture
    again, so the smaller alias already made serves for it.
    """
    aliases_of_kind, _default = KINDS[kind]
    sizes, stands_for, by_width = {}, {}, {}
    for alias in aliases_of_kind:
        size = _scaled(alias, width, height)
        if size[0] not in by_width:
            by_width[size[0]] = alias
            sizes[alias] = size
        stands_for[alias] = by_width[size[0]]
    return sizes, stands_for


@functools.cache
def _options(alias):
    options = aliases.get(alias)
    if not options:
        raise KeyError(alias)
    return ThumbnailOptions(options, ALIAS=alias)


def _thumbnailer(source, output=None):
    """easy-thumbnails' thumbnailer of `source`; `output` ("webp") makes its renditions in that format."""
    thumbnailer = get_thumbnailer(source)
    if output:
        thumbnailer.thumbnail_extension = output
        thumbnailer.thumbnail_preserve_extensions = False
        thumbnailer.thumbnail_transparency_extension = output
    return thumbnailer


@functools.cache
def _name_suffixes(alias, extension, output=None):
    """What easy-thumbnails appends to the name of a source with `extension` for `alias`: ".480x0_q82.jpg", then
    the name it gives a transparent picture's rendition.

    Worked out once on a probe name with easy-thumbnails' own namer, so the
    names always match the files it makes (photo.jpg -> photo.jpg.480x0_q82.jpg).
    """
    probe = f"probe/picture{extension}"
    thumbnailer = _thumbnailer(probe, output)
    suffixes = []
    for transparent in (False, True):
        name = thumbnailer.get_thumbnail_name(_options(alias), transparent=transparent)
        if not name.startswith(probe):
            raise ValueError(f"Rendition names must extend their source's name, got {name!r}")
        suffix = name[len(probe) :]
        if suffix not in suffixes:
            suffixes.append(suffix)
    return tuple(suffixes)


@receiver(setting_changed)
def _forget_names(*, setting, **kwargs):
    if setting.startswith("THUMBNAIL_"):
        _options.cache_clear()
        _name_suffixes.cache_clear()


def _local_path(storage, name):
    """The file's path on this machine, or None when `storage` is remote (S3)."""
    try:
        return storage.path(name)
    except NotImplementedError:
        return None


def _stored_names(fieldfile, aliases_needed, output=None):
    """{alias: rendition name} when every rendition is on disk; None when one is missing (or storage is remote)."""
    source_path = _local_path(fieldfile.storage, fieldfile.name)
    if source_path is None:
        return None
    if not os.path.exists(source_path):
        raise FileNotFoundError(fieldfile.name)
    names = {}
    extension = os.path.splitext(fieldfile.name)[1].lower()
    for alias in aliases_needed:
        for suffix in _name_suffixes(alias, extension, output):
            name = fieldfile.name + suffix
            path = _local_path(thumbnail_default_storage, name)
            if path is not None and os.path.exists(path):
                names[alias] = name
                break
        else:
            return None
    return names


def _made_names(fieldfile, aliases_needed, output=None):
    """{alias: rendition name}, asking easy-thumbnails, which makes any that are missing."""
    thumbnailer = _thumbnailer(fieldfile, output)
    return {alias: thumbnailer.get_thumbnail(_options(alias)).name for alias in aliases_needed}


def make_renditions(fieldfile, kind, *, width=None, height=None):
    """Make the renditions of `fieldfile` a page will show (those already there are left alone)."""
    if not fieldfile:
        return {}
    width = width or getattr(fieldfile, "width", None)
    height = height or getattr(fieldfile, "height", None)
    sizes, _stands_for = _distinct_aliases(kind, width, height)
    made = _made_names(fieldfile, sizes)
    for output in ALSO_IN.get(kind, ()):
        _made_names(fieldfile, sizes, output)
    return made


def rendition_set(fieldfile, kind, *, width=None, height=None, output=None):
    """The renditions of `fieldfile` for `kind` ("photo" or "page"), or None when there is no usable picture.

    `output` ("webp") asks for them in another format than easy-thumbnails' default (JPEG).
    """
    if not fieldfile:
        return None
    try:
        width = width or fieldfile.width
        height = height or fieldfile.height
        sizes, stands_for = _distinct_aliases(kind, width, height)
        names = _stored_names(fieldfile, sizes, output) or _made_names(fieldfile, sizes, output)
        url = thumbnail_default_storage.url
        made = {alias: Rendition(url(names[alias]), *size) for alias, size in sizes.items()}
    except Exception:
        # A missing or unreadable upload must not take the page down with it.
        logger.warning("No rendition for %s", fieldfile.name, exc_info=True)
        return None
    _aliases, default_alias = KINDS[kind]
    return RenditionSet(tuple(made.values()), made[stands_for[default_alias]])


def absolute_media_url(url):
    if url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL.rstrip("/") + url


def page_rendition_set(page, output=None):
    """An edition page's image renditions (reading on screen, and the admin's area editor); `output="webp"`
    for the WebP ones browsers that read WebP are offered first."""
    return rendition_set(page.image, "page", width=page.image_width, height=page.image_height, output=output)


def photo_rendition_set(photo):
    """A story photo's renditions, worked out once per photo object (a page asks for them more than once)."""
    try:
        return photo._rendition_set
    except AttributeError:
        photo._rendition_set = rendition_set(photo.image, "photo", width=photo.width, height=photo.height)
        return photo._rendition_set
