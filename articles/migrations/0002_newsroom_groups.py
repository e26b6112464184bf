"""The newsroom's two roles. What each may do is enforced in the admin (articles.admin)."""

from django.db import migrations

from ._permissions import permissions_for

REPORTER_PERMISSIONS = [
    ("articles", "article", ["add", "change", "view"]),
    ("articles", "byline", ["add", "change", "delete", "view"]),
    ("articles", "photo", ["add", "change", "delete", "view"]),
    ("articles", "person", ["view"]),
    ("articles", "campaign", ["view"]),
    ("articles", "casestudy", ["add", "change", "view"]),
    ("articles", "practice", ["add", "change", "delete", "view"]),
    ("articles", "lesson", ["add", "change", "delete", "view"]),
    ("articles", "keyfigure", ["add", "change", "delete", "view"]),
    ("departments", "department", ["view"]),
    ("editions", "issue", ["view"]),
    ("editions", "page", ["view"]),
]
EDITOR_MODELS = [
    ("articles", ["article", "byline", "photo", "person", "campaign", "casestudy", "practice", "lesson", "keyfigure"]),
    ("departments", ["department"]),
    ("editions", ["issue", "page"]),
]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    reporter, _ = Group.objects.get_or_create(name="记者")
    for app_label, model, actions in REPORTER_PERMISSIONS:
        reporter.permissions.add(*permissions_for(apps, app_label, model, actions))
    editor, _ = Group.objects.get_or_create(name="编辑")
    for app_label, models in EDITOR_MODELS:
        for model in models:
            editor.permissions.add(*permissions_for(apps, app_label, model, ["add", "change", "delete", "view"]))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["记者", "编辑"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("departments", "0001_initial"),
        ("editions", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
