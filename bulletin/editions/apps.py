from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class EditionsConfig(AppConfig):
    name = "bulletin.editions"
    label = "editions"
    verbose_name = "版面与期次"

    def ready(self):
        # The deployment check of SITE_URL, which the sitemap and robots.txt here are built on.
        import bulletin.checks  # noqa: F401
        from bulletin.caching import content_changed

        for model in self.get_models():
            post_save.connect(content_changed, sender=model, dispatch_uid=f"cache-{model._meta.label}-save")
            post_delete.connect(content_changed, sender=model, dispatch_uid=f"cache-{model._meta.label}-delete")
