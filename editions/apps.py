from django.apps import AppConfig


class EditionsConfig(AppConfig):
    name = "editions"
    label = "editions"
    verbose_name = "版面与期次"
