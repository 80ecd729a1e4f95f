from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "trithuc.accounts"
    verbose_name = "Người dùng và phân quyền"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_save

        from trithuc.accounts.signals import create_account

        post_save.connect(create_account, sender=get_user_model(),
                          dispatch_uid="trithuc_create_account")  # fmt: skip
