from django.apps import AppConfig


class ForecastsConfig(AppConfig):
    name = "trithuc.forecasts"
    verbose_name = "Dự báo đội ngũ trí thức"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from trithuc.forecasts import background
        from trithuc.indicators import forecasting
        from trithuc.indicators.models import Target

        forecasting.register(background.lookup, background.request_refresh)
        # A changed target makes the forecasts of its plan stale: recompute them now.
        post_save.connect(background.request_refresh, sender=Target,
                          dispatch_uid="forecasts-target-saved")  # fmt: skip
        post_delete.connect(background.request_refresh, sender=Target,
                            dispatch_uid="forecasts-target-deleted")  # fmt: skip
