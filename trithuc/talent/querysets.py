"""Policies, applications and commitments as a scope sees them (one-line translations of
`trithuc.accounts.scope`)."""

from __future__ import annotations

from typing import Any

from django.db import models

from trithuc.accounts.scope import Capability, area_q, scope_of

C = Capability


def _narrow(queryset: models.QuerySet, subject: Any, *capabilities: Capability,
            **fields: str) -> models.QuerySet:  # fmt: skip
    scope = scope_of(subject)
    areas = [area for capability in capabilities for area in scope.areas(capability)]
    condition = area_q(areas, **fields)
    return queryset if condition is None else queryset.filter(condition)


class PolicyQuerySet(models.QuerySet):
    """A policy belongs to a province: seen by whoever manages talent or reads counts
    there, changed by who manages talent for the whole province."""

    def visible_to(self, subject: Any) -> PolicyQuerySet:
        return _narrow(self, subject, C.MANAGE_TALENT, C.READ_AGGREGATES,
                       province="province_code", communes_of_province=False)  # fmt: skip

    def editable_by(self, subject: Any) -> PolicyQuerySet:
        scope = scope_of(subject)
        provinces = [a for a in scope.areas(C.MANAGE_TALENT) if a.everything or a.whole_unit
                     and not a.commune]  # fmt: skip
        condition = area_q(provinces, province="province_code")
        return self if condition is None else self.filter(condition)


APPLICATION_FIELDS = {"province": "province_code", "commune": "workplace_unit"}


class ApplicationQuerySet(models.QuerySet):
    """Applications hold personal data: only talent managers of the place of the post."""

    def visible_to(self, subject: Any) -> ApplicationQuerySet:
        return _narrow(self, subject, C.MANAGE_TALENT, **APPLICATION_FIELDS)

    def editable_by(self, subject: Any) -> ApplicationQuerySet:
        return _narrow(self, subject, C.MANAGE_TALENT, **APPLICATION_FIELDS)


class ByApplicationQuerySet(models.QuerySet):
    """Commitments, tranches, events: with their application."""

    prefix = "application__"

    def visible_to(self, subject: Any) -> models.QuerySet:
        return _narrow(self, subject, C.MANAGE_TALENT,
                       **{k: self.prefix + v for k, v in APPLICATION_FIELDS.items()})  # fmt: skip

    def editable_by(self, subject: Any) -> models.QuerySet:
        return self.visible_to(subject)


class ByCommitmentQuerySet(ByApplicationQuerySet):
    prefix = "commitment__application__"
