from django.apps import AppConfig


class ForecastsConfig(AppConfig):
    name = "trithuc.forecasts"
    verbose_name = "Dự báo đội ngũ trí thức"
