"""The share panel's addresses for a story (articles/sharing.py): no query, only the story's id."""

from django import template

from core.reversing import reverse_ids

from ..sharing import short_url

register = template.Library()


@register.simple_tag
def share_links(article):
    return {"url": short_url(article.pk), "qr": reverse_ids("share:qr", pk=article.pk)}
