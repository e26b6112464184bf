"""
Showing what changed in a story between two states, field by field, safely escaped, as the newsroom reads it:
statuses by their Chinese labels, times in Beijing time to the second, a department or page by its name,
bylines and photos as the reader sees them.
"""

import datetime
import difflib

from django.apps import apps
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

BEIJING_TIME = "%Y-%m-%d %H:%M:%S（北京时间）"

# (key in a story's values, label); bylines and photos come from a revision's other objects.
COMPARED_FIELDS = [
    ("kicker", "引题"),
    ("headline", "主题"),
    ("subheadline", "副题"),
    ("dateline", "电头"),
    ("body", "正文"),
    ("summary", "摘要"),
    ("department_id", "部门"),
    ("kind", "体裁"),
    ("status", "状态"),
    ("publish_at", "发布时间"),
    ("page_id", "版面"),
    ("page_position", "版内顺序"),
    ("is_page_lead", "头条"),
    ("area", "版面热区"),
    ("bylines", "署名"),
    ("photos", "图片"),
]


def story_values(fields, related=()):
    """A story's comparable values from its stored fields (a row or a revision) and, if known, its parts."""
    values = {**fields}
    for key in ("department", "page"):
        if key in fields and f"{key}_id" not in fields:
            values[f"{key}_id"] = fields[key]
    sides = ("area_left", "area_top", "area_width", "area_height")
    if any(side in fields for side in sides):
        values["area"] = tuple(fields.get(side) for side in sides)
    for part in related:
        values.setdefault(part[0], []).append(part[1])
    return values


def _name_of(model_label, pk):
    if pk in (None, ""):
        return ""
    model = apps.get_model(model_label)
    return str(model._base_manager.filter(pk=pk).first() or f"（已删除的{model._meta.verbose_name}）")


def _beijing(value):
    if isinstance(value, str):
        value = parse_datetime(value)
    if not isinstance(value, datetime.datetime):
        return ""
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return timezone.localtime(value).strftime(BEIJING_TIME)


def readable(field, value):
    """The value as the newsroom reads it: never a raw code, id or ISO timestamp."""
    if value is None or value == "":
        return ""
    Article = apps.get_model("articles", "Article")
    if field == "body":
        return " ".join(strip_tags(str(value)).split())
    if field == "status":
        return str(dict(Article.Status.choices).get(value, value))
    if field == "kind":
        return str(dict(Article.Kind.choices).get(value, value))
    if field == "department_id":
        return _name_of("departments.Department", value)
    if field == "page_id":
        return _name_of("editions.Page", value)
    if field == "publish_at":
        return _beijing(value)
    if field == "is_page_lead":
        return "是" if value else "否"
    if field == "area":
        return "" if None in value else "左 {:.0%}，上 {:.0%}，宽 {:.0%}，高 {:.0%}".format(*value)
    if field in ("bylines", "photos"):
        return "；".join(sorted(str(item) for item in value))
    return str(value)


def inline_diff(old, new):
    """Characters removed in <del>, added in <ins>: Chinese has no words to split on."""
    parts = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape(old[a1:a2]))
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(old[a1:a2])}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(new[b1:b2])}</ins>")
    return mark_safe("".join(parts))


def changed_fields(old_values, new_values):
    """[(key, label, old text, new text)] for each compared field both sides know and whose value differs."""
    changes = []
    for field, label in COMPARED_FIELDS:
        if field not in old_values or field not in new_values:
            continue
        old, new = readable(field, old_values[field]), readable(field, new_values[field])
        if old != new:
            changes.append((field, label, old, new))
    return changes


def field_changes(old_values, new_values):
    """[(label, diff_html)] for each compared field whose value differs."""
    return [(label, inline_diff(old, new)) for _, label, old, new in changed_fields(old_values, new_values)]
