from django.apps import AppConfig


class DialoguesConfig(AppConfig):
    name = "trithuc.dialogues"
    verbose_name = "Gặp mặt, đối thoại với trí thức"
