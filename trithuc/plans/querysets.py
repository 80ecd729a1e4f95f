"""Plans, tasks and progress reports as a scope sees them: translations of
`trithuc.accounts.scope` (see `trithuc.plans.access` for the rule in words)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from trithuc.accounts.scope import Capability, scope_of

C = Capability


def managed_filter(user: Any) -> Q | None:
    """The plans `user` manages; None means every plan (a superuser or a national role)."""
    condition = Q(pk__in=[])
    for area in scope_of(user).areas(C.COORDINATE_PLANS):
        if area.everything:
            return None
        if area.agencies and not area.province:
            condition |= Q(owner_agency_id=area.agency)
        elif area.province and not area.commune and not area.agencies:
            condition |= Q(province_code=area.province)
    return condition


def reporter_agency_ids(user: Any) -> set[int]:
    """The agencies whose reports `user` writes."""
    return set(scope_of(user).bound_agencies(C.REPORT_FOR_AGENCY))


def visible_filter(user: Any) -> Q | None:
    """Plans `user` may open: managed, followed (a commune coordinator follows its
    province's), national documents for every follower, and those naming their agency."""
    scope = scope_of(user)
    if not scope.authenticated:
        return Q(pk__in=[])
    condition = managed_filter(user)
    if condition is None:
        return None
    provinces = {area.province for area in scope.areas(C.COORDINATE_PLANS)
                 if area.province and not area.agencies}  # fmt: skip
    if provinces:
        condition |= Q(province_code__in=sorted(provinces))
    if scope.can(C.FOLLOW_PLANS):
        condition |= Q(province_code="")  # national documents (45-NQ/TW…) are public
    agencies = reporter_agency_ids(user)
    if agencies:
        condition |= (
            Q(tasks__lead_agency_id__in=agencies)
            | Q(tasks__coordinating_agencies__in=agencies)
            | Q(owner_agency_id__in=agencies)
        )
    return condition


class PlanQuerySet(models.QuerySet):
    def visible_to(self, subject: Any) -> PlanQuerySet:
        condition = visible_filter(subject)
        if condition is None:
            return self
        # Through tasks a plan matches once per task: keep each plan once.
        return self.filter(pk__in=self.model.objects.filter(condition).values("pk"))

    def editable_by(self, subject: Any) -> PlanQuerySet:
        if not scope_of(subject).authenticated:
            return self.none()
        condition = managed_filter(subject)
        return self if condition is None else self.filter(condition)


class PlanPartQuerySet(models.QuerySet):
    """Tasks, periods and progress reports: visible with their plan; a progress report is
    also changed by the agency that writes it."""

    def visible_to(self, subject: Any) -> models.QuerySet:
        condition = visible_filter(subject)
        if condition is None:
            return self
        plan_model = self.model._meta.get_field("plan").related_model
        return self.filter(plan__in=plan_model.objects.filter(condition).values("pk"))

    def editable_by(self, subject: Any) -> models.QuerySet:
        if not scope_of(subject).authenticated:
            return self.none()
        condition = managed_filter(subject)
        if condition is None:
            return self
        plan_model = self.model._meta.get_field("plan").related_model
        managed = Q(plan__in=plan_model.objects.filter(condition).values("pk"))
        agencies = reporter_agency_ids(subject)
        if agencies and any(f.name == "agency" for f in self.model._meta.get_fields()):
            managed |= Q(agency_id__in=sorted(agencies))
        return self.filter(managed)
