from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "trithuc.people"
    verbose_name = "Cơ sở dữ liệu trí thức"
