from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "trithuc.plans"
    verbose_name = "Kế hoạch"
