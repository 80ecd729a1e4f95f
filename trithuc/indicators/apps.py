from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "trithuc.indicators"
    verbose_name = "Chỉ tiêu"

    def ready(self) -> None:
        from trithuc.indicators.services import add_new_people, request_refresh
        from trithuc.people.signals import people_added, registry_changed

        registry_changed.connect(request_refresh, dispatch_uid="indicators-refresh")
        people_added.connect(add_new_people, dispatch_uid="indicators-new-people")
        self._forget_pages_on_edits()

    def _forget_pages_on_edits(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from trithuc.indicators.snapshots import forget_cached_pages

        for name in ("Indicator", "Target", "ReportedFigure"):
            model = self.get_model(name)
            post_save.connect(forget_cached_pages, sender=model, dispatch_uid=f"forget-{name}")
            post_delete.connect(forget_cached_pages, sender=model, dispatch_uid=f"del-{name}")
