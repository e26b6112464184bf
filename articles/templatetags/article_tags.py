import re

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def with_dateline(body, dateline):
    """Set the dateline (本报讯) at the start of the first paragraph, as print does.

    `body` is rich text already cleaned on save; only the dateline is escaped here.
    """
    if not dateline:
        return mark_safe(body)
    label = format_html('<span class="dateline">{}</span> ', dateline)
    if body.startswith("<p>"):
        return mark_safe(f"<p>{label}{body[3:]}")
    return mark_safe(f"<p>{label}</p>{body}")


_HEADING_TAG = re.compile(r"<(/?)h([1-6])(?=[\s>])", re.IGNORECASE)


@register.filter
def headings_from(body, level):
    """Shift the body's headings so that the highest one is h`level`, keeping their order.

    Reporters pick h2, h3 or h4 in the editor; the page has one h1 (the
    headline) and its outline must not jump from h1 to h3.
    """
    levels = [int(match.group(2)) for match in _HEADING_TAG.finditer(body)]
    if not levels:
        return body
    shift = int(level) - min(levels)

    def moved(match):
        return f"<{match.group(1)}h{min(6, max(1, int(match.group(2)) + shift))}"

    return mark_safe(_HEADING_TAG.sub(moved, body))
