from django.apps import AppConfig


class SyndicationConfig(AppConfig):
    name = "syndication"
    label = "syndication"
    verbose_name = "新闻接口"
