"""
Text any output format can carry: no character that XML 1.0 forbids is stored or sent.

A control character pasted from a PDF or a print layout (U+0001 to U+001F
except tab, line feed and carriage return), U+FFFE, U+FFFF or a lone
surrogate makes an RSS or Atom feed unreadable to every feed reader (Django's
feed writer even refuses it with an exception: a 500), and U+FFFE/U+FFFF
slip into a sitemap or a page head as they are. None of them is ever
meant, so they are removed, not refused:

- on the way in, from every text field of every model of this project
  (`connect`, a pre_save receiver: the admin, services, imports, fixtures and
  restores all save through it), and from text posted to the admin
  (`without_forbidden_posted_text`), so the form shows what will be stored;
- on the way out (`xml_safe`), for rows stored before this rule or written by
  QuerySet.update(), which sends no signal: feeds, JSON-LD and the page head.
"""

import re
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models.signals import pre_save
from django.utils.safestring import SafeData, mark_safe

# What XML 1.0's Char production leaves out: no XML document may contain these, not even as &#n;.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def remove_xml_forbidden(text):
    """`text` without the characters XML 1.0 forbids; a safe string stays safe (removing a character adds no markup)."""
    if not XML_FORBIDDEN.search(text):
        return text
    cleaned = XML_FORBIDDEN.sub("", text)
    return mark_safe(cleaned) if isinstance(text, SafeData) else cleaned


def xml_safe(value):
    """`value` with every string in it cleaned: a string, or dicts, lists and tuples of them; anything else as it is."""
    if isinstance(value, str):
        return remove_xml_forbidden(value)
    if isinstance(value, dict):
        return {key: xml_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(xml_safe(item) for item in value)
    return value


# --- on the way in: every text field of every model of this project ------------------------------


def is_project_app(app_config):
    """An app whose code lives in this repository, not in an installed package (the venv may sit inside the repo)."""
    path = Path(app_config.path).resolve()
    installed = {"site-packages", "dist-packages"} & set(path.parts)
    return path.is_relative_to(Path(settings.BASE_DIR).resolve()) and not installed


def project_models():
    return [model for app in apps.get_app_configs() if is_project_app(app) for model in app.get_models()]


def text_fields(model):
    """Every CharField and TextField of `model`, subclasses included (slugs, rich text, choices)."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField) and not field.is_relation
    ]


def clean_text_fields(instance):
    """Remove forbidden characters from `instance`'s text fields, in place; returns it (for bulk_create)."""
    for field in text_fields(type(instance)):
        # Only what is loaded: reading a deferred field would fetch it from the database.
        value = instance.__dict__.get(field.attname)
        if isinstance(value, str):
            setattr(instance, field.attname, remove_xml_forbidden(value))
    return instance


def _clean_before_save(sender, instance, **kwargs):
    clean_text_fields(instance)


def connect():
    """Clean every project model's text before it is saved, raw saves (fixtures, restores) included."""
    for model in project_models():
        if text_fields(model):
            pre_save.connect(_clean_before_save, sender=model, dispatch_uid=f"xml-chars-{model._meta.label}")


# --- in the admin: what is typed ----------------------------------------------------------------


def without_forbidden_posted_text(request):
    """Replace request.POST by a copy without forbidden characters (passwords are left exactly as typed).

    Django's form fields refuse a NUL with a message that reads "no empty
    strings" in Chinese, about a character nobody can see; here it is simply
    gone, like every other forbidden character, before any form reads the text.
    """
    if request.method != "POST":
        return
    posted = request.POST
    if not any(XML_FORBIDDEN.search(value) for _key, values in posted.lists() for value in values):
        return
    cleaned = posted.copy()
    for key, values in posted.lists():
        if "password" not in key:
            cleaned.setlist(key, [remove_xml_forbidden(value) for value in values])
    cleaned._mutable = False
    request.POST = cleaned
