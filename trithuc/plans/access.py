"""Who may see and do what with plans: the one place that scopes plan queries.

- A system administrator or a plan coordinator over a unit manages the plans of its
  province; a coordinator bound to an agency manages the plans that agency follows.
- An agency reporter (or a coordinator bound to an agency) writes the reports of its
  agency and sees the plans that give that agency a task.
- National documents (no province) are public: everyone who follows plans sees them, so
  a province's plan shows under the resolution it implements; only national roles manage
  them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from trithuc.accounts.models import Role
from trithuc.plans.models import Plan

MANAGER_ROLES = {Role.SYSTEM_ADMIN.value, Role.PLAN_COORDINATOR.value}
REPORTER_ROLES = {Role.AGENCY_REPORTER.value, Role.PLAN_COORDINATOR.value}


def _memberships(user: Any) -> list[Any]:
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_trithuc_memberships", None)
    if cached is None:
        cached = list(user.memberships.all())
        user._trithuc_memberships = cached
    return cached


def _province(unit_code: str) -> str:
    return unit_code[:2]


def managed_filter(user: Any) -> Q | None:
    """The plans `user` manages; None means every plan (a superuser or a national role)."""
    if getattr(user, "is_superuser", False):
        return None
    condition = Q(pk__in=[])
    for membership in _memberships(user):
        if membership.role not in MANAGER_ROLES:
            continue
        if membership.role == Role.PLAN_COORDINATOR.value and membership.agency_id:
            condition |= Q(owner_agency_id=membership.agency_id)
        elif membership.unit_code:
            condition |= Q(province_code=_province(membership.unit_code))
        else:
            return None
    return condition


def reporter_agency_ids(user: Any) -> set[int]:
    """The agencies whose reports `user` writes."""
    return {m.agency_id for m in _memberships(user) if m.role in REPORTER_ROLES and m.agency_id}


def plans_for(user: Any) -> QuerySet[Plan]:
    """Every plan `user` may open: those they manage and those giving their agency a task."""
    if not getattr(user, "is_authenticated", False):
        return Plan.objects.none()
    managed = managed_filter(user)
    if managed is None:
        return Plan.objects.all()
    agencies = reporter_agency_ids(user)
    if can_follow_plans(user):
        managed |= Q(province_code="")  # national documents (45-NQ/TW…) are public
    if agencies:
        managed |= (
            Q(tasks__lead_agency_id__in=agencies)
            | Q(tasks__coordinating_agencies__in=agencies)
            | Q(owner_agency_id__in=agencies)
        )
    ids = Plan.objects.filter(managed).values("pk")
    return Plan.objects.filter(pk__in=ids)


def managed_plans(user: Any) -> QuerySet[Plan]:
    managed = managed_filter(user)
    if managed is None:
        return (
            Plan.objects.all() if getattr(user, "is_authenticated", False) else Plan.objects.none()
        )
    return Plan.objects.filter(managed)


def can_manage(user: Any, plan: Plan) -> bool:
    return managed_plans(user).filter(pk=plan.pk).exists()


def can_create_plans(user: Any) -> bool:
    return getattr(user, "is_superuser", False) or any(
        m.role in MANAGER_ROLES for m in _memberships(user)
    )


def can_write_for(user: Any, agency_id: int | None) -> bool:
    return agency_id is not None and agency_id in reporter_agency_ids(user)


def can_follow_plans(user: Any) -> bool:
    """Does the plans menu concern `user` at all?"""
    return can_create_plans(user) or bool(reporter_agency_ids(user))


def home_province(user: Any) -> str | None:
    """The province a coordinator's new plans belong to, when their roles name one."""
    for membership in _memberships(user):
        if membership.role in MANAGER_ROLES | REPORTER_ROLES:
            if membership.unit_code:
                return _province(membership.unit_code)
            if membership.agency_id:
                return membership.agency.province_code
    return None
