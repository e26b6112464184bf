"""The first entries of the newsroom's lists, and who may change them: editors (编辑) edit, reporters (记者) view."""

from django.db import migrations

PREFERRED = [
    ("十四五", "“十四五”", "五年规划的简称加引号"),
    ("十三五", "“十三五”", "五年规划的简称加引号"),
    ("十五五", "“十五五”", "五年规划的简称加引号"),
    ("一带一路", "“一带一路”", "“一带一路”倡议，简称加引号"),
]
BANNED = [
    ("屌丝", "", "粗俗用语，不得使用"),
    ("草泥马", "", "粗俗用语，不得使用"),
    ("装逼", "", "粗俗用语，不得使用"),
]
MODELS = ["preferredform", "protectedname", "bannedword"]


def permissions(apps, actions):
    from django.contrib.auth.management import create_permissions

    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for model in MODELS for action in actions]
    found = list(Permission.objects.filter(content_type__app_label="proofing", codename__in=codenames))
    if len(found) < len(codenames):
        for app_config in apps.get_app_configs():
            app_config.models_module = True
            create_permissions(app_config, verbosity=0, apps=apps)
            app_config.models_module = None
        found = list(Permission.objects.filter(content_type__app_label="proofing", codename__in=codenames))
    return found


def seed(apps, schema_editor):
    PreferredForm = apps.get_model("proofing", "PreferredForm")
    BannedWord = apps.get_model("proofing", "BannedWord")
    for wrong, right, note in PREFERRED:
        PreferredForm.objects.get_or_create(wrong=wrong, defaults={"right": right, "note": note})
    for word, replacement, note in BANNED:
        BannedWord.objects.get_or_create(word=word, defaults={"replacement": replacement, "note": note})
    Group = apps.get_model("auth", "Group")
    editor, _ = Group.objects.get_or_create(name="编辑")
    reporter, _ = Group.objects.get_or_create(name="记者")
    editor.permissions.add(*permissions(apps, ["view", "add", "change", "delete"]))
    reporter.permissions.add(*permissions(apps, ["view"]))


def unseed(apps, schema_editor):
    apps.get_model("proofing", "PreferredForm").objects.filter(wrong__in=[w for w, _, _ in PREFERRED]).delete()
    apps.get_model("proofing", "BannedWord").objects.filter(word__in=[w for w, _, _ in BANNED]).delete()


class Migration(migrations.Migration):
    dependencies = [("proofing", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(seed, unseed)]
