"""Showing what changed in a story between two states, field by field, safely escaped."""

import difflib

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

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
]


def readable(field, value):
    if value is None:
        return ""
    if field == "body":
        return " ".join(strip_tags(str(value)).split())
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


def field_changes(old_values, new_values):
    """[(label, diff_html)] for each compared field whose value differs."""
    changes = []
    for field, label in COMPARED_FIELDS:
        old = readable(field, old_values.get(field))
        new = readable(field, new_values.get(field))
        if old != new:
            changes.append((label, inline_diff(old, new)))
    return changes
