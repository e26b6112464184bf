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
