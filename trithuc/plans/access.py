"""Plans as a scope sees them: one-line translations of `trithuc.accounts.scope`.

- A coordinator (or system administrator) over a province manages the plans of that
  province; over a commune, they follow the plans of the commune's province (read only);
  bound to an agency, they manage the plans that agency owns.
- An agency reporter (or a coordinator bound to an agency) writes the reports of its
  agency and sees the plans that give that agency a task.
- National documents (no province) are public to every role that follows plans; only
  national roles manage them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from trithuc.accounts.scope import Capability, recheck, scope_of
from trithuc.plans.models import Plan
from trithuc.plans.querysets import reporter_agency_ids

C = Capability


def plans_for(user: Any) -> QuerySet[Plan]:
    """Every plan `user` may open: those they manage and those giving their agency a task."""
    return Plan.objects.visible_to(user)


def managed_plans(user: Any) -> QuerySet[Plan]:
    return Plan.objects.editable_by(user)


def check_plan_write(actor: Any, plan: Plan) -> None:
    """Inside a write's transaction: may `actor` change `plan` as it now stands? Commands
    and the demo act as the system (no user) and are not limited."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return
    recheck(Plan.objects.editable_by(actor), plan,
            "Kế hoạch này nằm ngoài phạm vi bạn được quản lý.")  # fmt: skip


def check_report_write(actor: Any, plan: Plan, agency_id: int | None) -> None:
    """Inside a write's transaction: may `actor` write this agency's report on `plan`?"""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return
    if can_write_for(actor, agency_id) and plans_for(actor).filter(pk=plan.pk).exists():
        return
    check_plan_write(actor, plan)


def can_manage(user: Any, plan: Plan) -> bool:
    return managed_plans(user).filter(pk=plan.pk).exists()


def can_create_plans(user: Any) -> bool:
    """Only coordinators who manage some plans may create them (not a commune's, who
    follows the province's plans)."""
    scope = scope_of(user)
    return scope.superuser or any(
        area.everything or (area.province and not area.commune) or area.agencies
        for area in scope.areas(C.COORDINATE_PLANS)
    )


def can_write_for(user: Any, agency_id: int | None) -> bool:
    return agency_id is not None and agency_id in reporter_agency_ids(user)


def can_follow_plans(user: Any) -> bool:
    """Does the plans menu concern `user` at all?"""
    scope = scope_of(user)
    return scope.can(C.COORDINATE_PLANS) or bool(reporter_agency_ids(user))


def home_province(user: Any) -> str | None:
    """The province a coordinator's new plans belong to, when their roles name one."""
    return scope_of(user).home_province(C.COORDINATE_PLANS, C.REPORT_FOR_AGENCY)
