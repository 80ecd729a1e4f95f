"""Fetching users for an administrator: 404 outside their scope,
403 without the role (the same rule as people.access)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from trithuc.accounts.querysets import is_administrator, users_managed_by


def require_administrator(user: Any) -> None:
    if not is_administrator(user):
        raise PermissionDenied("Chỉ quản trị hệ thống được quản lý người dùng và xem nhật ký.")


def get_user_for_admin(admin: Any, account_uuid: Any) -> Any:
    require_administrator(admin)
    users = users_managed_by(admin).select_related("account")
    return get_object_or_404(users, account__uuid=account_uuid)
