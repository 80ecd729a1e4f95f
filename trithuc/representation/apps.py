from django.apps import AppConfig


class RepresentationConfig(AppConfig):
    name = "trithuc.representation"
    verbose_name = "Phát triển đảng viên, quy hoạch và đại biểu"
