from django.apps import AppConfig


class HonoursConfig(AppConfig):
    name = "trithuc.honours"
    verbose_name = "Tôn vinh, khen thưởng"
