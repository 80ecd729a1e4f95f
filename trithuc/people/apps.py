from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "trithuc.people"
    verbose_name = "Cơ sở dữ liệu trí thức"

    def ready(self) -> None:
        from trithuc.accounts.services import register_profile_unit
        from trithuc.people.access import profile_unit
        from trithuc.people.overview import forget_overview
        from trithuc.people.signals import registry_changed

        register_profile_unit(profile_unit)
        registry_changed.connect(forget_overview, dispatch_uid="people-overview")
