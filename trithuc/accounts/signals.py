from typing import Any

from trithuc.accounts.models import Account


def create_account(sender: Any, instance: Any, created: bool, raw: bool = False,
                   **kwargs: Any) -> None:  # fmt: skip
    """Every user gets an `Account` (its UUID is what URLs show)."""
    if created and not raw:
        Account.objects.get_or_create(user=instance)
