"""
The demo edition built once per test worker, and copied into each test that asks for it.

Building it draws every page image and photo and makes their renditions; a
test needs the result, not the drawing. So the builder runs once, inside a
transaction that is then rolled back, and what it wrote is kept: the rows of
every table it added to, and the bytes of every file it stored. Each test then
inserts those rows (the same ids, a bulk insert per table) and puts back any
file its media folder lacks. The rows reach the registry of side effects like
any other bulk write (core/changes.py).
"""

from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management.color import no_style
from django.db import connection, transaction

from seeds.demo import build_demo_edition

# Rows Django makes itself when first asked (a content type, its permissions): copied in, they
# would clash with the same rows made again by the test; the copied rows name them by natural key.
MADE_ON_DEMAND = {"contenttypes.ContentType", "auth.Permission"}


class _Rollback(Exception):
    pass


@dataclass
class DemoEdition:
    rows: dict  # model -> its rows the builder added, serialized
    files: dict  # media-relative name -> bytes

    @classmethod
    def build(cls):
        # As in load(): after a flush, content types cached from before name ids that are gone.
        ContentType.objects.clear_cache()
        media = Path(settings.MEDIA_ROOT)
        files_before = _files(media)
        models = [model for model in apps.get_models() if model._meta.label not in MADE_ON_DEMAND]
        ids_before = {model: set(model._base_manager.values_list("pk", flat=True)) for model in models}
        rows = {}
        try:
            with transaction.atomic():
                build_demo_edition()
                for model, before in ids_before.items():
                    added = model._base_manager.exclude(pk__in=before).order_by("pk")
                    if added.exists():
                        # Rows the migrations made (content types, permissions, groups) are named by
                        # their natural keys: a test that flushes the database makes them again, with new ids.
                        rows[model] = serializers.serialize("python", added, use_natural_foreign_keys=True)
                raise _Rollback
        except _Rollback:
            pass
        assert rows, "the demo builder wrote nothing"
        files = {name: (media / name).read_bytes() for name in _files(media) - files_before}
        return cls(rows=rows, files=files)

    def load(self):
        # A flush (a test on a live server) may have made the content types again under
        # new ids: the cache of them must not hand the natural keys below the old ones.
        ContentType.objects.clear_cache()
        # One transaction, so that foreign keys are checked once every table is in
        # (tests on a live server run without the test's own transaction).
        with transaction.atomic():
            for model, data in self.rows.items():
                deserialized = list(serializers.deserialize("python", data))
                model._default_manager.bulk_create([row.object for row in deserialized])
                for row in deserialized:
                    for name, values in (row.m2m_data or {}).items():
                        getattr(row.object, name).set(values)
            if connection.vendor == "postgresql":
                # The rows keep their ids: each table's id sequence must continue after them.
                with connection.cursor() as cursor:
                    for statement in connection.ops.sequence_reset_sql(no_style(), list(self.rows)):
                        cursor.execute(statement)
        media = Path(settings.MEDIA_ROOT)
        for name, content in self.files.items():
            path = media / name
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)


def _files(root):
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()} if root.exists() else set()
