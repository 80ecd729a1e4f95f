from django.apps import AppConfig


class TalentConfig(AppConfig):
    name = "trithuc.talent"
    verbose_name = "Thu hút, trọng dụng nhân tài"

    def ready(self) -> None:
        from trithuc.indicators.published import register
        from trithuc.talent.figures import publish

        register("talent", publish)
