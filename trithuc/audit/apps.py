from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "trithuc.audit"
    verbose_name = "Nhật ký"

    def ready(self) -> None:
        from trithuc.audit import signals

        signals.connect_axes()
