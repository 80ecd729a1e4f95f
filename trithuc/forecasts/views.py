"""The forecast pages: the workforce by sector, unit or level with fan charts, the
retirement wave and its list, the XLSX export. Thin: `pages.py` assembles the data
through the access layer."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods

from trithuc.accounts.scope import Capability, OutOfScope, scope_of
from trithuc.accounts.services import can_view_profiles
from trithuc.audit.services import record_event
from trithuc.core.downloads import temporary_download
from trithuc.forecasts import pages, services
from trithuc.forecasts.disclosure import protect, protect_targets
from trithuc.forecasts.exporting import workbook
from trithuc.forecasts.forms import ScenarioForm, rate_rows
from trithuc.forecasts.models import Scenario
from trithuc.forecasts.services import ForecastError, Request, forecast
from trithuc.orgunits.forms import UnitField, UnitInput


def _require(request: HttpRequest) -> None:
    scope_of(request.user).require(Capability.READ_AGGREGATES,
                                   _("Vai trò của bạn không xem được số liệu tổng hợp."))  # fmt: skip


def _unit(request: HttpRequest) -> tuple[str | None, str]:
    """The unit chosen by name (or code), and what was wrong with it ("" when nothing)."""
    try:
        return UnitField(required=False).clean(request.GET.get("don_vi", "")) or None, ""
    except ValidationError as exc:
        return None, " ".join(exc.messages)


def _unit_box(request: HttpRequest, chosen: dict[str, Any]) -> dict[str, Any]:
    """The filter's unit picker and, for an unknown unit, the message said instead of
    quietly counting the whole scope."""
    typed = request.GET.get("don_vi", "")
    return {"unit_box": UnitInput().render("don_vi", chosen["unit"] or typed,
                                           attrs={"id": "id_don_vi"}),
            "unit_error": _unit(request)[1]}  # fmt: skip


def _choices(request: HttpRequest) -> dict[str, Any]:
    by = request.GET.get("theo", "sector")
    unit, _error = _unit(request)
    scenario = request.GET.get("kich_ban") or "baseline"
    named = None
    if scenario not in ("baseline", "no-flow"):
        named = get_scenario_for_user(request.user, scenario)
    return {
        "by": by if by in pages.BY_CHOICES else "sector",
        "unit": unit,
        "scenario": scenario, "named": named,
    }  # fmt: skip


def get_scenario_for_user(user: Any, value: str | None) -> Scenario:
    """A saved scenario the user may see, by its UUID; 404 outside their scope."""
    try:
        key = uuid.UUID(str(value))
    except ValueError as exc:
        raise Http404 from exc
    found = Scenario.objects.visible_to(user).filter(uuid=key).first()
    if found is None:
        raise Http404
    return found


BY_LABELS = {"sector": _lazy("Lĩnh vực"), "unit": _lazy("Đơn vị"),
             "education_level": _lazy("Trình độ")}  # fmt: skip


@login_required
@require_GET
def forecast_page(request: HttpRequest) -> HttpResponse:
    _require(request)
    chosen = _choices(request)
    page = pages.forecast_page(request.user, pages.PageRequest(**chosen))
    return render(request, "forecasts/forecast.html", {
        "scenarios": Scenario.objects.visible_to(request.user),
        **chosen, "page": page, "table": pages.table_rows(page), "chart": pages.chart_data(page),
        "by_labels": BY_LABELS, "by_label": BY_LABELS[chosen["by"]],
        "backtest_years": pages.BACKTEST_YEARS, **_unit_box(request, chosen),
    })  # fmt: skip


@login_required
@require_GET
def retirement(request: HttpRequest) -> HttpResponse:
    _require(request)
    chosen = _choices(request)
    wave = pages.retirement_wave(request.user, chosen["by"], chosen["unit"])
    chosen.pop("named")
    listed = None
    if can_view_profiles(request.user):
        within = (
            5
            if request.GET.get("trong") not in ("1", "2", "3", "10")
            else int(request.GET["trong"])
        )
        listed = pages.retiring_people(request.user, within, chosen["unit"])
        listed["within"] = within
    return render(request, "forecasts/retirement.html", {
        **chosen, "wave": wave, "listed": listed, "by_labels": BY_LABELS,
        "by_label": BY_LABELS[chosen["by"]], **_unit_box(request, chosen),
    })  # fmt: skip


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    _require(request)
    chosen = _choices(request)
    scope = scope_of(request.user)
    by = ("sector", "education_level") if chosen["by"] == "sector" else (chosen["by"],)
    today = timezone.localdate()
    named = chosen["named"]
    result = forecast(Request(as_of=today, scenario=named.name if named else chosen["scenario"],
                              by=by, unit=chosen["unit"]), pages.people_for(request.user),
                      named=named)  # fmt: skip
    if scope.hides_small_cells:
        result["rows"] = protect(result["rows"], list(by))  # type: ignore[arg-type]
        result["rates"] = None
        result["targets"] = protect_targets(result["targets"])  # type: ignore[arg-type]
    record_event("export", actor=request.user, source="web", request=request,
                 detail={"what": "forecast", "by": ",".join(by), "unit": chosen["unit"] or ""})  # fmt: skip
    content = workbook(result)
    return temporary_download(lambda handle: handle.write(content), f"du-bao-{today:%Y%m%d}.xlsx")


@login_required
@require_GET
def scenario_list(request: HttpRequest) -> HttpResponse:
    _require(request)
    return render(request, "forecasts/scenario_list.html", {
        "scenarios": Scenario.objects.visible_to(request.user),
        "can_edit": scope_of(request.user).can(Capability.EDIT_TARGETS),
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def scenario_edit(request: HttpRequest, scenario_uuid: str | None = None) -> HttpResponse:
    """New or existing scenario: name, note, rates per sector and level."""
    _require(request)
    scope = scope_of(request.user)
    scope.require(Capability.EDIT_TARGETS, _("Vai trò của bạn không được lập kịch bản dự báo."))
    scenario = get_scenario_for_user(request.user, scenario_uuid) if scenario_uuid else None
    if scenario and not Scenario.objects.editable_by(request.user).filter(pk=scenario.pk).exists():
        raise PermissionDenied(_("Bạn không được sửa kịch bản của tỉnh này."))
    province = scenario.province_code if scenario else scope.home_province(Capability.EDIT_TARGETS)
    if not province:
        raise PermissionDenied(
            _("Kịch bản thuộc một tỉnh: vai trò của bạn không gắn với tỉnh nào.")
        )
    initial = {"name": scenario.name, "note": scenario.note} if scenario else {}
    form = ScenarioForm(request.POST or None, initial=initial)
    rows = rate_rows(request.POST if request.method == "POST" else None,
                     scenario.rates if scenario else None)  # fmt: skip
    if request.method == "POST" and form.is_valid() and rows.is_valid():
        rates = [rate for row in rows if (rate := row.as_rate())]
        try:
            saved = services.save_scenario(request.user, province=province,
                                           name=form.cleaned_data["name"],
                                           note=form.cleaned_data["note"], rates=rates,
                                           scenario=scenario)  # fmt: skip
        except (ForecastError, OutOfScope) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã lưu kịch bản “%(name)s”.") % {"name": saved.name})
            return redirect(f"{reverse('forecasts:forecast')}?kich_ban={saved.uuid}")
    return render(request, "forecasts/scenario_form.html",
                  {"form": form, "rows": rows, "scenario": scenario})  # fmt: skip
