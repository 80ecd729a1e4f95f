from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "trithuc.reports"
    verbose_name = "Báo cáo"
