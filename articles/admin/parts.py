"""
Everything shown with a story follows the story's edit rights (articles.policy).

A part — a byline, a photo, a case study and its practices, lessons and key
figures, a story's placement and area on a page — may be added, changed or
deleted only by someone who may edit the story it hangs off: the story it is
stored under *and* the one the form would attach it to, so that nobody moves a
part of their own draft onto somebody else's story. A change to a part is kept
as a revision of its story and entered in the story's own history, as an edit
of the story would be.
"""

import reversion
from django import forms
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import ValidationError

from .. import policy
from ..models import Article

NOT_YOURS = "你不能修改这篇稿件的内容：只有编辑，或稿件处于草稿状态时它的作者，才能修改。"


def record_story_change(user, story, message):
    """A revision of `story` with all its parts, and an entry in its history, as an edit of the story leaves."""
    with reversion.create_revision():
        # Saving the story bumps its version: a form opened on it before is now out of date.
        story.updated_by = user
        story.save(update_fields=["updated_by"])
        reversion.add_to_revision(story)
        reversion.set_user(user)
        reversion.set_comment(message)
    LogEntry.objects.log_actions(
        user_id=user.pk, queryset=[story], action_flag=CHANGE, change_message=message, single_object=True
    )


def story_allows(request, obj):
    """Whether the story `obj` belongs to (or is) may be edited by this person; no object yet: the form decides."""
    return obj is None or policy.can_edit(request.user, policy.story_of(obj))


class StoryPartInline:
    """An inline whose rows are parts of the parent's story: the story's edit rights apply."""

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and story_allows(request, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and story_allows(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and story_allows(request, obj)


class StoryPartForm(forms.ModelForm):
    """Refuses a part whose stored or submitted story the user may not edit."""

    editing_user = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stored_story = policy.story_of(self.instance) if self.instance.pk else None

    def _post_clean(self):
        super()._post_clean()
        submitted = policy.story_of(self.instance)
        if submitted is None or not policy.can_edit_part(
            self.editing_user, stored=self.stored_story, submitted=submitted
        ):
            self.add_error(None, ValidationError(NOT_YOURS, code="not_yours"))


class StoryPartAdmin:
    """
    A ModelAdmin of a story's part. `story_field` names the foreign key to the
    story; the choices it offers are the stories the user may edit.
    """

    form = StoryPartForm
    story_field = "article"

    def get_queryset(self, request):
        openable = policy.openable_by(request.user, Article.objects.all())
        return super().get_queryset(request).filter(**{f"{self.story_field}__in": openable.values("pk")})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == self.story_field:
            kwargs["queryset"] = policy.editable_by(request.user, Article.objects.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.editing_user = request.user
        return form

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and story_allows(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and story_allows(request, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        verb = "修改了" if change else "添加了"
        record_story_change(request.user, policy.story_of(form.instance), f"{verb}{self.opts.verbose_name}")

    def delete_model(self, request, obj):
        story = policy.story_of(obj)
        super().delete_model(request, obj)
        record_story_change(request.user, story, f"删除了{self.opts.verbose_name}")

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
