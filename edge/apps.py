from django.apps import AppConfig


class EdgeConfig(AppConfig):
    name = "edge"
    label = "edge"
    verbose_name = "边缘缓存"

    def ready(self):
        from . import checks  # noqa: F401  (registers the check of the purge settings)
