"""Fetching a person's own profile and the corrections a manager answers: 404 outside
the scope, 403 without the capability."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from trithuc.accounts.services import can_edit_people
from trithuc.privacy.models import CorrectionRequest
from trithuc.privacy.services import corrections_for_manager, is_intellectual, own_people


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
