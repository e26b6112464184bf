"""Used by data migrations: permissions exist only after post_migrate, so create them early."""


def permissions_for(apps, app_label, model, actions):
    from django.contrib.auth.management import create_permissions

    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for action in actions]
    found = list(Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))
    if len(found) < len(codenames):
        for app_config in apps.get_app_configs():
            app_config.models_module = True
            create_permissions(app_config, verbosity=0, apps=apps)
            app_config.models_module = None
        found = list(Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))
    return found

