"""Fetching plans and official reports for a user: 404 outside what they may see, 403
without the right (`Capability.MAKE_REPORTS` on a plan they manage)."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from trithuc.accounts.scope import Capability, scope_of
from trithuc.plans.access import plans_for
from trithuc.plans.models import Plan
from trithuc.reports.models import OfficialReport
from trithuc.reports.querysets import reportable_plans


def can_make_reports(user: Any) -> bool:
    return scope_of(user).can(Capability.MAKE_REPORTS)


def _uuid(value: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError as exc:
        raise Http404 from exc


def get_reporting_plan(user: Any, plan_uuid: Any) -> Plan:
    """A plan whose reports `user` writes: 404 when they cannot see it, 403 when they see
    it but do not make its reports."""
    plan = plans_for(user).select_related("owner_agency").filter(uuid=_uuid(plan_uuid)).first()
    if plan is None:
        raise Http404
    if not reportable_plans(user).filter(pk=plan.pk).exists():
        raise PermissionDenied("Bạn không lập báo cáo của kế hoạch này.")
    return plan


def get_visible_report(user: Any, report_uuid: Any) -> OfficialReport:
    found = (OfficialReport.objects.visible_to(user).select_related("plan", "period")
             .filter(uuid=_uuid(report_uuid)).first())  # fmt: skip
    if found is None:
        raise Http404
    return found


def can_edit(user: Any, report: OfficialReport) -> bool:
    return reportable_plans(user).filter(pk=report.plan_id).exists()


def sets_baselines(user: Any) -> bool:
    """Taking a report's figure as a target's baseline changes the target: for roles
    that edit targets (`Capability.EDIT_TARGETS`)."""
    return scope_of(user).can(Capability.EDIT_TARGETS)


def check_sets_baselines(user: Any) -> None:
    """403 for a role that may not take a figure as a target's baseline."""
    if not sets_baselines(user):
        raise PermissionDenied("Vai trò của bạn không sửa mục tiêu của kế hoạch.")
