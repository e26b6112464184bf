from django.db import migrations

from ._permissions import permissions_for


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    editor, _ = Group.objects.get_or_create(name="编辑")
    editor.permissions.add(*permissions_for(apps, "articles", "article", ["review", "publish"]))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    editor = Group.objects.filter(name="编辑").first()
    if editor:
        editor.permissions.remove(*permissions_for(apps, "articles", "article", ["review", "publish"]))


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_review_permissions")]

    operations = [migrations.RunPython(grant, revoke)]
