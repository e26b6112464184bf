"""
No lost edits: every object two people may open at once carries an edit counter.

A form carries the version it was opened at. If the object has been saved
since, the save is refused with what the other person changed; what was typed
stays in the form on screen and is kept (articles.RefusedEdit), and the form
now carries the stored version, so that the merged text is saved on purpose.
Stories use this with a story-specific message (articles.admin.concurrency);
case studies, pages, editions, departments and campaigns use it as it is.
"""

from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.shortcuts import redirect
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.translation import gettext_lazy as _


class Versioned(models.Model):
    # Bumped on every save; never goes backwards, even when an old revision is restored.
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk:
            stored = type(self)._base_manager.filter(pk=self.pk).values_list("version", flat=True).first()
            self.version = max(stored or 0, self.version) + 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version", *self._always_updated()}
        super().save(*args, **kwargs)

    def _always_updated(self):
        return [field.name for field in self._meta.concrete_fields if getattr(field, "auto_now", False)]


def stored_version(model, pk):
    return model._base_manager.filter(pk=pk).values_list("version", flat=True).first()


def keep_refused(instance, user, base_version, data):
    """Keep what a refused save carried, so that nothing typed is lost."""
    RefusedEdit = apps.get_model("articles", "RefusedEdit")
    return RefusedEdit.objects.create(
        content_type=ContentType.objects.get_for_model(instance),
        object_id=str(instance.pk),
        article_id=instance.pk if instance._meta.label == "articles.Article" else None,
        user=user,
        base_version=base_version or 0,
        data={key: _one_or_all(data, key) for key in data if not key.startswith("csrf")},
    )


def _one_or_all(data, key):
    values = data.getlist(key) if hasattr(data, "getlist") else [data[key]]
    return str(values[0]) if len(values) == 1 else [str(value) for value in values]


class VersionCheckedForm(forms.ModelForm):
    base_version = forms.IntegerField(label="打开时的版本", widget=forms.HiddenInput, required=False)
    # After a refusal: the version whose changes the person has been shown, and
    # their explicit choice to put their text over it.
    seen_version = forms.IntegerField(label="已看到的版本", widget=forms.HiddenInput, required=False)
    overwrite_others = forms.BooleanField(
        label="覆盖对方的修改",
        required=False,
        widget=forms.HiddenInput,
        help_text="勾选后保存，你填写的内容将替换对方保存的版本。",
    )

    editing_user = None
    # An inline row the formset will not save unless it changed need not be checked unless it changed.
    only_when_changed = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The stored version, not the instance's: a restored revision carries an old number.
            self.fields["base_version"].initial = stored_version(type(self.instance), self.instance.pk)
        if self.data.get(self.add_prefix("seen_version")):
            self._offer_overwrite()

    def _offer_overwrite(self):
        self.fields["overwrite_others"].widget = forms.CheckboxInput()

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and not (self.only_when_changed and not self.has_changed()):
            self._refuse_if_stale(cleaned)
        return cleaned

    def _refuse_if_stale(self, cleaned):
        base = cleaned.get("base_version")
        # The admin validates and saves in one transaction; locking the row here
        # means nobody can save between this check and our save.
        model = type(self.instance)
        current = model._base_manager.select_for_update().filter(pk=self.instance.pk).values().first()
        if current is None or current["version"] == base:
            return
        if cleaned.get("overwrite_others") and cleaned.get("seen_version") == current["version"]:
            return  # they saw exactly what they are replacing, and chose to
        keep_refused(self.instance, self.editing_user, base, self.data)
        # Saving again needs the explicit choice, and only over the version now shown.
        data = self.data.copy()
        data[self.add_prefix("seen_version")] = current["version"]
        data.pop(self.add_prefix("overwrite_others"), None)
        self.data = data
        self._offer_overwrite()
        raise ValidationError(self.conflict_message(base, current, cleaned))

    def conflict_message(self, base_version, current, submitted):
        changes = []
        for field, value in self._submitted_values(submitted):
            stored, typed = _display(field, current.get(field.attname)), _display(field, value)
            if stored != typed:
                changes.append((field.verbose_name, format_html("{} → {}", stored, typed)))
        listing = format_html_join("", "<li><strong>{}</strong>：{}</li>", changes) or format_html(
            "<li>{}</li>", "只改了下方的附属内容（如做法、启示、数据或版面稿件）。"
        )
        return format_html(
            "你打开之后，其他人已经保存了新的版本，你这次的保存没有生效，以免覆盖对方的修改。"
            "你填写的内容仍在下面的表单里，也已另存一份。当前保存的内容与你填写的不同之处（保存的 → 你填写的）："
            "<ul>{}</ul>请把两边的修改合并后再次保存。",
            listing,
        )

    def _submitted_values(self, submitted):
        for name, value in submitted.items():
            try:
                field = self.instance._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if getattr(field, "concrete", False) and field.editable:
                yield field, getattr(value, "pk", value)


def _display(field, value):
    """A value as the newsroom knows it: a department by its name, a choice by its label."""
    if value is None or value == "":
        return ""
    if field.is_relation:
        return str(field.related_model._base_manager.filter(pk=value).first() or value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


class VersionCheckedAdmin:
    """
    A ModelAdmin whose change form refuses a save based on an outdated version,
    and keeps what was typed when the object left the user's hands while the
    form was open (a reporter's draft submitted meanwhile): never a bare 403.
    """

    form = VersionCheckedForm

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and object_id:
            obj = self.get_object(request, unquote(object_id))
            if (
                obj is not None
                and self.has_view_permission(request, obj)
                and not self.has_change_permission(request, obj)
            ):
                return self._keep_what_could_not_be_saved(request, obj)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _keep_what_could_not_be_saved(self, request, obj):
        base = request.POST.get("base_version", "")
        keep_refused(obj, request.user, int(base) if base.isdigit() else 0, request.POST)
        typed = [
            (field.verbose_name, strip_tags(request.POST[field.name]))
            for field in obj._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField) and request.POST.get(field.name)
        ]
        messages.warning(
            request,
            format_html(
                "你打开表单之后，这条内容已经不能由你修改（例如稿件已提交审核），这次的保存没有生效。"
                "你填写的内容已另存一份，没有丢失：<ul>{}</ul>",
                format_html_join("", "<li><strong>{}</strong>：{}</li>", typed),
            ),
        )
        return redirect(request.path)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.editing_user = request.user
        return form

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (name, {**options, "fields": list(options["fields"])})
            for name, options in super().get_fieldsets(request, obj)
        ]
        if not any("base_version" in flatten_fieldsets([fieldset]) for fieldset in fieldsets):
            fieldsets[-1][1]["fields"].append("base_version")
        return fieldsets
