from django.apps import AppConfig


class ForecastsConfig(AppConfig):
    name = "trithuc.forecasts"
    verbose_name = "Dự báo đội ngũ trí thức"

    def ready(self) -> None:
        from trithuc.forecasts.presenters import for_dashboard
        from trithuc.indicators import forecasting

        forecasting.register(for_dashboard)
