from django.apps import AppConfig


class ExpertsConfig(AppConfig):
    name = "trithuc.experts"
    verbose_name = "Chuyên gia, tư vấn, phản biện"
