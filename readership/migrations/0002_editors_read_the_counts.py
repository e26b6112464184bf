"""Editors (编辑) read the view counts in the admin; nobody changes them there, and reporters do not see them."""

from django.db import migrations

from articles.migrations._permissions import permissions_for


def grant(apps, schema_editor):
    editor, _ = apps.get_model("auth", "Group").objects.get_or_create(name="编辑")
    editor.permissions.add(*permissions_for(apps, "readership", "storyviews", ["view"]))


def revoke(apps, schema_editor):
    for editor in apps.get_model("auth", "Group").objects.filter(name="编辑"):
        editor.permissions.remove(*permissions_for(apps, "readership", "storyviews", ["view"]))


class Migration(migrations.Migration):
    dependencies = [("readership", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(grant, revoke)]
