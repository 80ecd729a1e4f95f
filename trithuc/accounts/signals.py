from typing import Any


def create_account(sender: Any, instance: Any, created: bool, raw: bool = False,
                   **kwargs: Any) -> None:  # fmt: skip
    """Every user gets an `Account` (its UUID is what URLs show)."""
    if created and not raw:
        from trithuc.accounts.models import Account

        Account.objects.get_or_create(user=instance)
