from django.apps import AppConfig


class OrgunitsConfig(AppConfig):
    name = "trithuc.orgunits"
    verbose_name = "Đơn vị hành chính và cơ quan"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from trithuc.orgunits import services
        from trithuc.orgunits.models import AdministrativeUnit, Agency, UnitMapping

        def forget_units(**kwargs: object) -> None:
            services.clear_cache()

        def forget_agencies(**kwargs: object) -> None:
            services.clear_agency_cache()

        for model in (AdministrativeUnit, UnitMapping):
            for signal in (post_save, post_delete):
                signal.connect(
                    forget_units,
                    sender=model,
                    weak=False,
                    dispatch_uid=f"orgunits-{model.__name__}",
                )
        for signal in (post_save, post_delete):
            signal.connect(
                forget_agencies, sender=Agency, weak=False, dispatch_uid="orgunits-agency"
            )
