"""{% photo_renditions %} and {% page_renditions %}: src, srcset, width and height of a picture's renditions."""

from django import template

from ..renditions import page_rendition_set, photo_rendition_set

register = template.Library()


@register.simple_tag
def photo_renditions(photo):
    """{% photo_renditions photo as picture %}: src, srcset, width, height of a story photo."""
    return photo_rendition_set(photo)


@register.simple_tag
def page_renditions(page, output=None):
    """{% page_renditions page as picture %}: the page image resized for reading on screen;
    {% page_renditions page "webp" as webp %}: the same in WebP."""
    return page_rendition_set(page, output)
