from django.apps import AppConfig


class ProofingConfig(AppConfig):
    name = "proofing"
    verbose_name = "校对"

    def ready(self):
        from . import lists

        lists.connect_signals()
