"""
What a backup holds: the rows of every model that carries content, and every
media file except the renditions easy-thumbnails makes again on demand.

Models of apps installed later are backed up without anyone remembering to add
them; only what is listed in SKIPPED is left out.
"""

import os
import re
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.db.models import ImageField
from django.db.models.signals import post_init

# Left out, each for a reason that makes a backup of it useless or harmful.
# The search index is not a model at all (a raw table kept by search):
# it travels as carried data (carried_data below).
SKIPPED = {
    # Written by migrate in every installation; rows that point at them are
    # saved with natural keys (app label and model name, codename) instead.
    "contenttypes",
    "auth.permission",
    # Sign-ins: after a restore people simply sign in again.
    "sessions",
    # Renditions and their bookkeeping: made again the first time a page shows them.
    "easy_thumbnails",
    # Login-throttling state: a restored lockout would lock people out for nothing.
    "axes",
    # Who has a story open in the admin right now: stale the moment it is restored.
    "articles.editingsession",
}

# Rows that migrations already create in an empty installation (the newsroom
# groups). They are matched by natural key instead of id, so a restore updates
# them in place. Every other row keeps its id: reversion's stored versions and
# the admin log refer to stories and users by id.
MATCHED_BY_NATURAL_KEY = {"auth.group"}

# Rows a migration seeds as a starting point the newsroom then edits (the
# proofreading lists). The backup holds the newsroom's own version of them,
# so a restore clears the seeded rows first and writes the backup's, ids and all.
REPLACED_ON_RESTORE = {"proofing.preferredform", "proofing.bannedword", "proofing.protectedname"}

# easy-thumbnails names a rendition after its source: photo.jpg -> photo.jpg.480x0_q82.jpg
RENDITION_OPTIONS = re.compile(r"\d+x\d+")


def is_skipped(model):
    opts = model._meta
    return opts.proxy or opts.app_label in SKIPPED or opts.label_lower in SKIPPED


def backed_up_models():
    """Models to back up, ordered so that rows other rows find by natural key come first."""
    models = [model for model in apps.get_models() if not is_skipped(model)]
    return serializers.sort_dependencies([(None, models)], allow_cycles=True)


def carried_data():
    """
    {app label: what the app hands a backup to carry}: data derived from the rows (the search index).

    An app offers it through its AppConfig's carried_in_backups(), which
    returns an object with
    - `name`: the bundle member is carried/<name>;
    - `format(using)`: what a copy is; a restore loads only a copy of the
      installation's own format;
    - `dump(write, using=alias)`: writes the copy as bytes; returns a dict
      for the manifest, with "rows" and whatever load() needs to know first;
    - `load(stream, about)`: builds the data from the copy (a binary file) beside what is live
      (given that dict back); returns the rows. It reads nothing of the
      database, so on PostgreSQL it runs on a connection of its own while
      the rows are written;
    - `commit()` / `discard()`: makes what load() built live, or drops it;
    - `rebuild(stdout)`: derives the data from the restored rows instead.
    """
    return {
        config.label: config.carried_in_backups()
        for config in apps.get_app_configs()
        if hasattr(config, "carried_in_backups")
    }


def natural_key_relations(model):
    """Foreign keys saved as natural keys: fetched with the row instead of one query each."""
    return [
        field.name
        for field in model._meta.concrete_fields
        if field.is_relation and hasattr(field.related_model, "natural_key")
    ]


def file_fields(model):
    return [field for field in model._meta.concrete_fields if hasattr(field, "storage")]


def rendition_names(alias):
    """Names of the renditions easy-thumbnails has recorded, read from the snapshot."""
    if not apps.is_installed("easy_thumbnails"):
        return set()
    from easy_thumbnails.models import Thumbnail

    return set(Thumbnail.objects.using(alias).values_list("name", flat=True))


def is_rendition(name, siblings):
    """A file named <source>.<options>.<ext> next to its source file."""
    parts = name.rsplit(".", 2)
    return len(parts) == 3 and parts[0] in siblings and RENDITION_OPTIONS.search(parts[1]) is not None


@contextmanager
def stored_dimensions_kept():
    """
    Rows carry the image width and height stored in the database, as they are.

    An image field with width/height fields measures its file whenever a row is
    built with them empty: a dump or a load would open every such picture and
    write values the stored rows never had. Backup and restore run as commands
    of their own, so unhooking the measuring while they read or write rows
    affects no one else.
    """
    hooks = [
        (field.update_dimension_fields, model)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, ImageField) and (field.width_field or field.height_field)
    ]
    for receiver, model in hooks:
        post_init.disconnect(receiver, sender=model)
    try:
        yield
    finally:
        for receiver, model in hooks:
            post_init.connect(receiver, sender=model)


def media_files(root, *, renditions=frozenset()):
    """(relative name, path) of every media file to keep, in a stable order.

    Hidden files and folders (.gitkeep, a restore's staging area) and symbolic
    links are not content and are left alone.
    """
    root = Path(root)
    if not root.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(name for name in dirnames if not name.startswith("."))
        siblings = set(filenames)
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if name.startswith(".") or path.is_symlink() or not path.is_file():
                continue
            relative = path.relative_to(root).as_posix()
            if relative in renditions or is_rendition(name, siblings):
                continue
            yield relative, path
