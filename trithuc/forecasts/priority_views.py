"""The shortage-field table of a plan and its .xlsx (issue 15, item 3). Thin:
`forecasts/priority.py` counts through the access layer."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from trithuc.audit.services import record_event
from trithuc.core.downloads import temporary_download
from trithuc.forecasts import priority
from trithuc.forecasts.views import _require
from trithuc.people.fields import can_review
from trithuc.plans.models import Plan


def _plan(request: HttpRequest, plans: Any) -> Plan | None:
    """The plan chosen by `?ke_hoach=<uuid>` among `plans` (404 for another), else the
    first one."""
    chosen = request.GET.get("ke_hoach", "")
    if not chosen:
        return plans.first()
    try:
        key = uuid.UUID(chosen)
    except ValueError as exc:
        raise Http404 from exc
    found = plans.filter(uuid=key).first()
    if found is None:
        raise Http404
    return found


@login_required
@require_GET
def priority_page(request: HttpRequest) -> HttpResponse:
    _require(request)
    plans = priority.plans_with_priorities(request.user)
    plan = _plan(request, plans)
    table = priority.table_for_user(request.user, plan) if plan else None
    return render(request, "forecasts/priority.html", {
        "plans": plans, "plan": plan, "table": table, "headers": priority.headers(),
        "rows": priority.display_rows(table) if table else [],
        "can_review": can_review(request.user),
    })  # fmt: skip


@login_required
@require_GET
def priority_export(request: HttpRequest) -> HttpResponse:
    _require(request)
    plan = _plan(request, priority.plans_with_priorities(request.user))
    if plan is None:
        return redirect("forecasts:priority")  # no plan names priority fields: the page says so
    table = priority.table_for_user(request.user, plan)
    record_event("export", actor=request.user, source="web", request=request,
                 detail={"what": "priority_fields", "plan": plan.reference})  # fmt: skip
    content = priority.workbook(table)
    today = timezone.localdate()
    return temporary_download(lambda handle: handle.write(content),
                              f"nganh-uu-tien-{today:%Y%m%d}.xlsx")  # fmt: skip
