from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "trithuc.core"
    verbose_name = "Chung"

    def ready(self) -> None:
        from trithuc.core import checks  # noqa: F401 (registers the deployment checks)
