from django.apps import AppConfig


class TalentConfig(AppConfig):
    name = "trithuc.talent"
    verbose_name = "Thu hút, trọng dụng nhân tài"
