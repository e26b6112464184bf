from django import template
from django.templatetags.static import static
from django.utils.html import format_html

from core.reversing import reverse_ids

from .. import counting, most_read

register = template.Library()


@register.inclusion_tag("readership/most_read.html")
def most_read_lists(department=None):
    """今日热门 and 本周热门, for the whole paper or one department (one query each)."""
    return most_read.lists_for(counting.today(), department=department)


@register.simple_tag(takes_context=True)
def view_beacon(context, article):
    """The script that counts a reader's view of `article`; nothing on a preview, which no reader sees."""
    if context.get("is_preview") or article.pk is None:
        return ""
    return format_html(
        '<script src="{}" data-beacon="{}" defer></script>',
        static("readership/count_view.js"),
        reverse_ids("readership:seen", story_id=article.pk),
    )
