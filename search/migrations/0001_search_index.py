"""
The search index lives outside Django's models: an FTS5 virtual table on SQLite,
a tsvector table with a GIN index on PostgreSQL (search.engines holds
the DDL, which a rebuild also uses). Both are filled from the articles by
search: signals after commit, and `rebuild_search_index`.
"""

from django.db import migrations

from search.engines import TABLE, engine_for


def create_index(apps, schema_editor):
    engine = engine_for(schema_editor.connection)
    with schema_editor.connection.cursor() as cursor:
        engine.create(cursor, TABLE)
        engine.finish(cursor, TABLE)


def drop_index(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        engine_for(schema_editor.connection).drop(cursor, TABLE)


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
