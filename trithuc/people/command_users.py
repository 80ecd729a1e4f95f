"""The user a registry command runs for (`--user`): import, export and counts check the
same roles as the web, and refuse with exit status 2."""

from collections.abc import Callable
from typing import Any

from django.core.management.base import CommandError

# Exit status of a command refused for its --user (1 stays for other errors).
REFUSED = 2


def user_for_command(username: str, allowed: Callable[[Any], bool], refusal: str) -> Any:
    """The active user a command runs for, if their roles allow it; otherwise a
    CommandError that exits with status 2 and says why, in Vietnamese."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"Không có người dùng “{username}”.", returncode=REFUSED)
    if not user.is_active:
        raise CommandError(f"Tài khoản “{username}” đang bị khóa.", returncode=REFUSED)
    if not allowed(user):
        raise CommandError(refusal.format(username=username), returncode=REFUSED)
    return user
