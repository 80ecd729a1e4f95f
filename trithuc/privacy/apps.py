from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "trithuc.privacy"
    verbose_name = "Quyền của chủ thể dữ liệu"
