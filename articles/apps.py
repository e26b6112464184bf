from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "稿件"

    def ready(self):
        from bulletin.caching import content_changed

        # Anything a reader can see changed: cached pages must go. Who has a
        # story open, and refused drafts, are never shown to readers.
        unseen = {"EditingSession", "RefusedEdit"}
        for model in self.get_models():
            if model.__name__ in unseen:
                continue
            post_save.connect(content_changed, sender=model, dispatch_uid=f"cache-{model._meta.label}-save")
            post_delete.connect(content_changed, sender=model, dispatch_uid=f"cache-{model._meta.label}-delete")
