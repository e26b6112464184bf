"""PostgreSQL keeps the headline and meta parts in a small tsvector of their own,
to tell headline matches from body matches without reading the large one.
Filled by the signals and by `rebuild_search_index`."""

from django.db import migrations


def add_heading(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_index ADD COLUMN IF NOT EXISTS heading tsvector")


def drop_heading(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_index DROP COLUMN IF EXISTS heading")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_index")]

    operations = [migrations.RunPython(add_heading, drop_heading)]
