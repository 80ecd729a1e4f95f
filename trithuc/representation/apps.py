from django.apps import AppConfig


class RepresentationConfig(AppConfig):
    name = "trithuc.representation"
    verbose_name = "Phát triển đảng viên, quy hoạch và đại biểu"

    def ready(self) -> None:
        from trithuc.indicators.published import register
        from trithuc.representation.figures import publish

        register("representation", publish)
