"""Fetching users and requests for an administrator or manager: 404 outside their scope,
403 without the role (the same rule as people.access)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from trithuc.accounts.models import CorrectionRequest
from trithuc.accounts.privacy import corrections_for_manager, is_intellectual, own_people
from trithuc.accounts.querysets import is_administrator, users_managed_by
from trithuc.accounts.services import can_edit_people


def require_administrator(user: Any) -> None:
    if not is_administrator(user):
        raise PermissionDenied("Chỉ quản trị hệ thống được quản lý người dùng và xem nhật ký.")


def get_user_for_admin(admin: Any, account_uuid: Any) -> Any:
    require_administrator(admin)
    users = users_managed_by(admin).select_related("account")
    return get_object_or_404(users, account__uuid=account_uuid)


def get_correction_for_manager(user: Any, correction_uuid: Any) -> CorrectionRequest:
    if not can_edit_people(user):
        raise PermissionDenied("Vai trò của bạn không được xử lý yêu cầu chỉnh sửa.")
    return get_object_or_404(corrections_for_manager(user), uuid=correction_uuid)


def require_intellectual(user: Any) -> None:
    if not is_intellectual(user):
        raise PermissionDenied("Trang này dành cho trí thức xem hồ sơ của chính mình.")


def get_own_person(user: Any) -> Any:
    """The profile linked to an intellectual's account, or None when not found yet."""
    require_intellectual(user)
    return own_people(user).first()
