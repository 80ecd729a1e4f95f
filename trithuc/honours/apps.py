from django.apps import AppConfig


class HonoursConfig(AppConfig):
    name = "trithuc.honours"
    verbose_name = "Tôn vinh, khen thưởng"

    def ready(self) -> None:
        from trithuc.honours.figures import publish
        from trithuc.indicators.published import register

        register("honours", publish)
