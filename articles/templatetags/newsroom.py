"""Template helpers for the newsroom's own screens."""

from django import template

from ..people import name_of

register = template.Library()


@register.filter(name="name_of")
def name_of_filter(user):
    """{{ user|name_of }}: a colleague by the name on their byline (曹艺), never an account name."""
    return name_of(user) if user else "—"
