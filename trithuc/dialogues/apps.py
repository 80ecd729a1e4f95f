from django.apps import AppConfig


class DialoguesConfig(AppConfig):
    name = "trithuc.dialogues"
    verbose_name = "Gặp mặt, đối thoại với trí thức"

    def ready(self) -> None:
        from trithuc.dialogues.figures import publish
        from trithuc.indicators.published import register

        register("dialogues", publish)
