"""
(PostgreSQL only) Each department's stories in the order its page lists them
(publish time, then id, newest first), with the published rule's columns
beside them.

The departments index asks, for each department, for its newest live story.
Without this index PostgreSQL walks the archive-wide publish_at index and
skips other departments' stories, which is cheap while every department
publishes and slow for one that has gone quiet: a bureau merged away in 2017
made the page 54 ms instead of 5 on the ten-year archive. With status and page
beside (department, publish_at, id) the newest live story is an index-only
probe however long ago it ran, and a department's page reads its twenty
stories straight off the index in order. SQLite already plans both through
article_department_idx and gets nothing from extra columns.
"""

from django.db import migrations

DEPARTMENT_INDEX = "article_department_live_idx"


def create_department_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {DEPARTMENT_INDEX} "
            "ON articles_article (department_id, publish_at, id) INCLUDE (status, page_id)"
        )


def drop_department_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {DEPARTMENT_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0006_campaign_and_live_indexes")]

    operations = [migrations.RunPython(create_department_index, drop_department_index)]
