"""People, employments and qualifications as a scope sees them: one-line translations of
`trithuc.accounts.scope` (the only place that reads roles)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from trithuc.accounts.scope import Capability, area_q, scope_of

C = Capability
PERSON_FIELDS = {"province": "province_code", "commune": "workplace_unit",
                 "agency": "agency_id", "national_id": "national_id"}  # fmt: skip


def person_q(subject: Any, *capabilities: Capability, prefix: str = "") -> Q | None:
    """The filter on people (`prefix` for a related model: "person__") that `subject`
    reaches through any of `capabilities`; None means no limit."""
    scope = scope_of(subject)
    areas = [area for capability in capabilities for area in scope.areas(capability)]
    return area_q(areas, **{key: prefix + value for key, value in PERSON_FIELDS.items()})


def unit_in_scope(subject: Any, province_code: str, unit: str) -> bool:
    """May `subject` put people working in `unit` (of `province_code`)?"""
    return scope_of(subject).allows_unit(C.EDIT_PEOPLE, province_code, unit)


def _narrow(queryset: models.QuerySet, condition: Q | None) -> models.QuerySet:
    return queryset if condition is None else queryset.filter(condition)


class PersonQuerySet(models.QuerySet):
    def visible_to(self, subject: Any) -> PersonQuerySet:
        """People whose profile or counts `subject` may read (own profile included)."""
        return _narrow(self, person_q(subject, C.READ_PEOPLE, C.READ_AGGREGATES, C.OWN_PROFILE))

    def profiles_for(self, subject: Any) -> PersonQuerySet:
        """People whose profile `subject` may open (not aggregates only)."""
        return _narrow(self, person_q(subject, C.READ_PEOPLE))

    def sensitive_for(self, subject: Any) -> PersonQuerySet:
        """People whose sensitive fields `subject` may see."""
        return _narrow(self, person_q(subject, C.READ_SENSITIVE))

    def editable_by(self, subject: Any) -> PersonQuerySet:
        return _narrow(self, person_q(subject, C.EDIT_PEOPLE))

    def in_unit(self, code: str | None) -> PersonQuerySet:
        """A province (2 digits) or commune (5 digits) and everything under it."""
        if not code:
            return self
        if len(code) == 2:
            return self.filter(province_code=code)
        return self.filter(workplace_unit=code)


class PersonHistoryQuerySet(models.QuerySet):
    """Employments and qualifications: visible with their person."""

    def visible_to(self, subject: Any) -> models.QuerySet:
        condition = person_q(subject, C.READ_PEOPLE, C.READ_AGGREGATES, C.OWN_PROFILE,
                             prefix="person__")  # fmt: skip
        return _narrow(self, condition)

    def editable_by(self, subject: Any) -> models.QuerySet:
        return _narrow(self, person_q(subject, C.EDIT_PEOPLE, prefix="person__"))


class ImportJobQuerySet(models.QuerySet):
    """An import is seen by the one who started it (and superusers), while they may
    still edit people."""

    def visible_to(self, subject: Any) -> models.QuerySet:
        scope = scope_of(subject)
        if scope.superuser:
            return self
        if not scope.can(C.EDIT_PEOPLE):
            return self.none()
        return self.filter(created_by_id=scope.user_id)
