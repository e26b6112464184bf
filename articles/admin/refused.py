"""Edits refused by a conflict, kept on the story: listed for their author and editors, to read or copy back."""

from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import strip_tags
from django.views import View

from .. import policy
from ..models import Article
from ..people import name_of

SHOWN_FIELDS = [
    ("kicker", "引题"),
    ("headline", "主题"),
    ("subheadline", "副题"),
    ("dateline", "电头"),
    ("body", "正文"),
    ("summary", "摘要"),
]


def visible_refused_edits(user, story):
    """The story's refused edits not yet merged: all of them for editors, their own for anyone else."""
    refused = story.refused_edits.filter(resolved=False).select_related("user__person")
    return refused if policy.is_editor(user) else refused.filter(user=user)


def copy_back_url(story, edit):
    return reverse("admin:articles_article_change", args=[story.pk]) + f"?copy_back={edit.pk}"


def listing(user, story):
    return [
        {
            "who": name_of(edit.user),
            "when": edit.created_at,
            "headline": " ".join(str(edit.data.get("headline", "")).split()),
            "view_url": reverse("admin:articles_article_refused_edit", args=[story.pk, edit.pk]),
            "copy_back_url": copy_back_url(story, edit),
        }
        for edit in visible_refused_edits(user, story)
    ]


class RefusedEditView(View):
    model_admin = None

    def get(self, request, pk, edit_pk):
        story = self.model_admin.story_for(request, pk)
        edit = get_object_or_404(visible_refused_edits(request.user, story), pk=edit_pk)
        fields = [
            (label, strip_tags(str(edit.data[name])) if name == "body" else str(edit.data[name]))
            for name, label in SHOWN_FIELDS
            if edit.data.get(name)
        ]
        can_copy_back = self.model_admin.has_change_permission(request, story)
        context = {
            **self.model_admin.admin_site.each_context(request),
            "opts": Article._meta,
            "article": story,
            "edit": edit,
            "who": name_of(edit.user),
            "fields": fields,
            "copy_back_url": copy_back_url(story, edit) if can_copy_back else None,
            "title": f"未保存的修改：{story.headline_text}",
        }
        return TemplateResponse(request, "admin/articles/article/refused_edit.html", context)
