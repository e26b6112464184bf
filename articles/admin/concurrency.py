"""
Two people, one story: the later save is refused, nothing is lost.

The form carries the version it was opened at. If the story has been saved
since, the save is refused with what the other person changed, the refused
text is kept (as a RefusedEdit, and in the form on screen), and the form now
carries the new version so that the merged text can be saved on purpose.
"""

from django.utils.html import format_html, format_html_join
from reversion.models import Version

from core.versioning import VersionCheckedForm

from ..diffing import changed_fields, inline_diff, readable, story_values
from ..models import Article
from ..people import name_of


class ConcurrentEditForm(VersionCheckedForm):
    """A story's form: the conflict message compares with the revision the form was opened at."""

    def conflict_message(self, base_version, current, submitted):
        typed = story_values({name: getattr(value, "pk", value) for name, value in submitted.items()})
        return conflict_message(self.instance.pk, base_version, story_values(current), typed)


def conflict_message(pk, base_version, current, typed):
    """What the other person changed since the form was opened, beside what you typed."""
    story = Article.objects.select_related("updated_by__person").filter(pk=pk).first()
    who = name_of(story.updated_by if story else None)
    before = values_at_version(pk, base_version)
    if before:
        heading = format_html("{} 改动了下面这些内容（删除线是你打开时的样子，下划线是对方改成的）：", who)
        rows = [
            (label, inline_diff(old, new), readable(key, typed[key]) if key in typed else "（不在你的表单里）")
            for key, label, old, new in changed_fields(before, current)
        ]
    else:
        # No revision of the version this form started from (e.g. rows from before
        # revisions were kept): show where the stored text and yours differ instead.
        heading = format_html("{} 保存的内容与你填写的不同之处（删除线是对方保存的，下划线是你填写的）：", who)
        rows = [(label, old, inline_diff(old, new)) for _, label, old, new in changed_fields(current, typed)]
    table = format_html(
        "<table><thead><tr><th>内容</th><th>对方保存的</th><th>你填写的</th></tr></thead><tbody>{}</tbody></table>",
        format_html_join("", "<tr><th>{}</th><td>{}</td><td>{}</td></tr>", rows)
        or format_html('<tr><td colspan="3">{}</td></tr>', "对方只改了图片、署名或案例部分。"),
    )
    return format_html(
        "你打开这篇稿件之后，{} 已经保存了新的版本，你这次的保存没有生效，以免覆盖对方的修改。"
        "你填写的内容仍在下面的表单里，也已另存一份。{}{}"
        "请把两边的修改合并后再保存；如果确实要用你的内容替换对方的，勾选“覆盖对方的修改”后再保存。",
        who,
        heading,
        table,
    )


def values_at_version(pk, version_number):
    """The story's values as saved at `version_number`, from its revisions."""
    for version in Version.objects.get_for_object_reference(Article, pk):
        fields = version.field_dict
        if fields.get("version") == version_number:
            return story_values(fields)
    return {}
