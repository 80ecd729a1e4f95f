from django.apps import AppConfig


class CodelistsConfig(AppConfig):
    name = "trithuc.codelists"
    verbose_name = "Danh mục"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from trithuc.codelists import services
        from trithuc.codelists.models import CodeEntry

        def forget(**kwargs: object) -> None:
            services.clear_cache()

        post_save.connect(forget, sender=CodeEntry, weak=False, dispatch_uid="codelists-cache")
        post_delete.connect(forget, sender=CodeEntry, weak=False, dispatch_uid="codelists-cache")
