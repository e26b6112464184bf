from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "bulletin.search"
    label = "search"
    verbose_name = "全文检索"

    def ready(self):
        from . import signals

        signals.connect()
