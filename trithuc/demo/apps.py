from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The synthetic demo province: above every app, so it may build data for all of them."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "trithuc.demo"
    verbose_name = "Dữ liệu mô phỏng"
