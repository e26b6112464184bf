from django.apps import AppConfig


class EdgeConfig(AppConfig):
    name = "edge"
    label = "edge"
    verbose_name = "边缘缓存"
