"""
Two people, one story: the later save is refused, nothing is lost.

The form carries the version it was opened at. If the story has been saved
since, the save is refused with what the other person changed, the refused
text is kept (as a RefusedEdit, and in the form on screen), and the form now
carries the new version so that the merged text can be saved on purpose.
"""

from django.utils.html import format_html, format_html_join
from reversion.models import Version

from bulletin.versioning import VersionCheckedForm

from ..diffing import field_changes
from ..models import Article


class ConcurrentEditForm(VersionCheckedForm):
    """A story's form: the conflict message compares with the revision the form was opened at."""

    def conflict_message(self, base_version, current, submitted):
        submitted = {**submitted, "department_id": getattr(submitted.get("department"), "pk", None)}
        current = {key: value for key, value in current.items() if key in submitted}
        return conflict_message(self.instance.pk, base_version, current, submitted)


def conflict_message(pk, base_version, current, submitted):
    who = Article.objects.filter(pk=pk).values_list("updated_by__username", flat=True).first() or "其他人"
    before = values_at_version(pk, base_version)
    if before:
        heading = "对方改动了："
        changes = field_changes(before, current)
    else:
        # No revision of the version this form started from (e.g. imported
        # rows): show where the stored text and yours differ instead.
        heading = "当前保存的内容（删除线）与你的内容（下划线）不同之处："
        changes = field_changes(current, submitted)
    listing = format_html_join("", "<li><strong>{}</strong>：{}</li>", changes) or format_html(
        "<li>{}</li>", "只改了图片、署名或案例部分。"
    )
    return format_html(
        "你打开这篇稿件之后，{} 已经保存了新的版本，你这次的保存没有生效，以免覆盖对方的修改。"
        "你填写的内容仍在下面的表单里，也已另存一份。{}<ul>{}</ul>请把两边的修改合并后再次保存。",
        who,
        heading,
        listing,
    )


def values_at_version(pk, version_number):
    """The story's field values as saved at `version_number`, from its revisions."""
    for version in Version.objects.get_for_object_reference(Article, pk):
        fields = version.field_dict
        if fields.get("version") == version_number:
            return {**fields, "department_id": fields.get("department")}
    return {}
