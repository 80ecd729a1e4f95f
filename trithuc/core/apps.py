from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "trithuc.core"
    verbose_name = "Chung"
