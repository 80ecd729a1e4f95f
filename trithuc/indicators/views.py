"""Pages of the indicators: dashboard per plan, drill-down, export, targets and figures.

Every value is read through `Evaluator(user)`, which keeps to the user's scope (the
snapshot rows of the units they see whole, or the registry through
`Person.objects.visible_to(user)`); single targets come from `get_target_for_user`.
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from trithuc.accounts.scope import Capability, scope_of
from trithuc.accounts.services import can_view_aggregates
from trithuc.audit.services import record_event
from trithuc.indicators import presenters, services
from trithuc.indicators.forms import DashboardForm, ReportedFigureForm, TargetForm
from trithuc.indicators.models import ReportedFigure, Target
from trithuc.indicators.projection import STATUS_LABELS
from trithuc.indicators.querysets import aggregate_scope, report_scope, target_edit_scope
from trithuc.orgunits.services import unit_label


def can_view_dashboard(user: Any) -> bool:
    return can_view_aggregates(user) and not aggregate_scope(user).empty


def require_aggregates(user: Any) -> None:
    if not can_view_dashboard(user):
        raise PermissionDenied


def get_target_for_user(user: Any, value: str | None, *, edit: bool = False) -> Target:
    """A target the user may see (or, with `edit`, change), by its UUID: 404 for one
    out of their sight, 403 for one they see but may not change."""
    try:
        key = uuid.UUID(str(value))
    except ValueError as exc:
        raise Http404 from exc
    if edit:
        # A plan coordinator sets targets without reading the registry's aggregates.
        target = Target.objects.editable_by(user).filter(uuid=key).first()
        if target is not None:
            return target
    target = Target.objects.visible_to(user).select_related("indicator").filter(uuid=key).first()
    if target is None:
        raise Http404
    if edit:
        raise PermissionDenied
    return target


def _can_edit_targets(user: Any) -> bool:
    return not target_edit_scope(user).empty


def _can_report(user: Any) -> bool:
    return not report_scope(user).empty


def _where_and_when(request: HttpRequest) -> tuple[DashboardForm, dict[str, Any]]:
    """The dashboard's unit (by name or code) and as-of date; the form carries the message
    when either is wrong."""
    province = scope_of(request.user).only_province(Capability.READ_AGGREGATES)
    form = DashboardForm({key: request.GET.get(key, "") for key in ("unit", "as_of")},
                         within=province)  # fmt: skip
    data = form.cleaned_data if form.is_valid() else {}
    return form, {"unit": data.get("unit") or None, "as_of": data.get("as_of")}


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    require_aggregates(request.user)
    plans = presenters.plan_choices(request.user)
    plan = request.GET.get("plan") or (plans[0] if plans else None)
    if plan and plan not in plans:
        plan = None
    form, where = _where_and_when(request)
    unit = where["unit"]
    if request.GET.get("forecast_state") and plan and not form.errors:
        return _forecast_state(request, plan, where)
    baseline = _baseline(request)
    data = {}
    if plan and not form.errors:
        data = presenters.dashboard_rows(request.user, plan, unit, as_of=where["as_of"],
                                         baseline=baseline)  # fmt: skip
    rows = data.get("rows", [])
    context = {
        "plans": plans,
        "plan": plan,
        "unit": unit or "",
        "form": form,
        "query": _dashboard_query(plan, where),
        "rows": rows,
        "as_of": data.get("as_of"),
        "state": data.get("state"),
        "grouped": presenters.target_groups(rows),
        "unit_label": unit_label(unit) if unit else "",
        "as_of_asked": where["as_of"],
        "glossary_url": reverse("glossary"),
        "sparklines": presenters.sparkline_data(rows),
        "counts": _status_counts(rows),
        "can_edit": _can_edit_targets(request.user),
        "can_report": _can_report(request.user),
        "partial_scope": aggregate_scope(request.user).partial,
        "places": [
            unit_label(code)
            for code in scope_of(request.user).place_codes(Capability.READ_AGGREGATES)
        ],
        "baseline": baseline,
        "forecast": data.get("forecast"),
    }
    return render(request, "indicators/dashboard.html", context)


def _forecast_state(request: HttpRequest, plan: str, where: dict[str, Any]) -> HttpResponse:
    """The page's polling while its forecasts are computed in the background: the state
    line, and once they are there, a reload of the page (htmx `HX-Refresh`)."""
    forecast = presenters.forecast_state_for(request.user, plan, where["unit"],
                                             as_of=where["as_of"])  # fmt: skip
    response = render(request, "indicators/_forecast_state.html",
                      {"forecast": forecast, "query": _dashboard_query(plan, where)})  # fmt: skip
    if not forecast["polling"]:
        response["HX-Refresh"] = "true"
    return response


def _dashboard_query(plan: str | None, where: dict[str, Any]) -> str:
    """The plan, unit and date of the page, for its export link and its baseline links."""
    query = {"plan": plan or "", "unit": where["unit"] or ""}
    if where["as_of"]:
        query["as_of"] = where["as_of"].strftime("%d/%m/%Y")
    return urlencode({key: value for key, value in query.items() if value})


def _baseline(request: HttpRequest) -> str:
    """Which baseline a ratio is read against: the plan's printed one, or the registry's."""
    return "registry" if request.GET.get("baseline") == "registry" else "plan"


def _status_counts(rows: list[dict[str, Any]]) -> list[tuple[str, str, int]]:
    counts = dict.fromkeys(STATUS_LABELS, 0)
    for row in rows:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    return [(key, STATUS_LABELS[key], n) for key, n in counts.items() if n]


@login_required
@require_GET
def drill(request: HttpRequest) -> HttpResponse:
    require_aggregates(request.user)
    if not request.GET.get("target"):
        return redirect("indicators:dashboard")
    target = get_target_for_user(request.user, request.GET.get("target"))
    by = "sector" if request.GET.get("by") == "sector" else "commune"
    context = {
        "target": target,
        "by": by,
        "sector_label": presenters.sector_label(target.sector),
        **presenters.drill_context(request.user, target, by),
    }
    return render(request, "indicators/drill.html", context)


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    require_aggregates(request.user)
    plans = presenters.plan_choices(request.user)
    plan = request.GET.get("plan") or (plans[0] if plans else None)
    if plan not in plans:
        plan = None
    form, where = _where_and_when(request)
    data = (
        presenters.dashboard_rows(
            request.user, plan, where["unit"], as_of=where["as_of"], baseline=_baseline(request)
        )  # fmt: skip
        if plan and not form.errors
        else {}
    )
    as_of = data.get("as_of") or timezone.localdate()
    buffer = presenters.write_xlsx(data.get("rows", []), as_of)
    record_event("export", actor=request.user, source="web", request=request,
                 detail={"what": "indicators", "plan": plan or ""})  # fmt: skip
    return FileResponse(buffer, as_attachment=True, filename=f"chi-tieu-{as_of:%Y%m%d}.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def target_form(request: HttpRequest) -> HttpResponse:
    scope = target_edit_scope(request.user)
    if scope.empty:
        raise PermissionDenied
    target = None
    if request.GET.get("target"):
        target = get_target_for_user(request.user, request.GET["target"], edit=True)
    form = TargetForm(request.POST or None, instance=target, scope=scope)
    if request.method == "POST" and form.is_valid():
        saved = services.save_target(form.save(commit=False), actor=request.user)
        messages.success(request, "Đã lưu mục tiêu.")
        return redirect(_after_target_saved(request.user, saved))
    return render(request, "indicators/target_form.html", {"form": form, "target": target})


def _after_target_saved(user: Any, target: Target) -> str:
    """The dashboard of the target's plan; a plan coordinator who may set targets but
    not read the registry's aggregates goes back to the plan (or to a new form)."""
    if can_view_dashboard(user):
        return f"{reverse('indicators:dashboard')}?{urlencode({'plan': target.plan_reference})}"
    if target.plan_id:
        return reverse("plans:plan_detail", args=[target.plan.uuid])
    return reverse("indicators:target_form")


@login_required
@require_http_methods(["GET", "POST"])
def report_form(request: HttpRequest) -> HttpResponse:
    scope = report_scope(request.user)
    if scope.empty:
        raise PermissionDenied
    form = ReportedFigureForm(request.POST or None, scope=scope, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        services.record_reported_figure(form.save(commit=False), actor=request.user)
        messages.success(request, "Đã ghi số liệu báo cáo.")
        return redirect("indicators:report")
    figures = ReportedFigure.objects.editable_by(request.user).select_related("indicator")[:50]
    return render(request, "indicators/report_form.html", {"form": form, "figures": figures})
