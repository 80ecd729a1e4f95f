"""Fetching single objects for a user: 404 outside their scope, 403 without the role."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from trithuc.accounts.services import can_edit_people, can_view_profiles
from trithuc.people.models import ImportJob, Person


def get_person_for_user(user: Any, person_uuid: Any) -> Person:
    if not can_view_profiles(user):
        raise PermissionDenied("Vai trò của bạn không được xem hồ sơ cá nhân.")
    return get_object_or_404(Person.objects.profiles_for(user), uuid=person_uuid)


def get_person_to_edit(user: Any, person_uuid: Any) -> Person:
    if not can_edit_people(user):
        raise PermissionDenied("Vai trò của bạn không được sửa hồ sơ.")
    return get_object_or_404(Person.objects.editable_by(user), uuid=person_uuid)


def require_editor(user: Any) -> None:
    if not can_edit_people(user):
        raise PermissionDenied("Vai trò của bạn không được thêm hoặc nhập hồ sơ.")


def require_profile_access(user: Any) -> None:
    if not can_view_profiles(user):
        raise PermissionDenied("Vai trò của bạn chỉ được xem số liệu tổng hợp.")


def get_job_for_user(user: Any, job_uuid: Any) -> ImportJob:
    require_editor(user)
    return get_object_or_404(ImportJob.objects.visible_to(user), uuid=job_uuid)


def profile_unit(subject: Any, national_id: str) -> str | None:
    """The unit of the profile with `national_id` that `subject` may see, or None: what an
    intellectual's role is bound to (registered with accounts, which sits below people)."""
    person = Person.objects.visible_to(subject).filter(national_id=national_id).first()
    return person.workplace_unit if person else None
