"""The forecast pages: the workforce by sector, unit or level with fan charts, the
retirement wave and its list, the XLSX export. Thin: `pages.py` assembles the data
through the access layer."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET

from trithuc.accounts.scope import Capability, scope_of
from trithuc.accounts.services import can_view_profiles
from trithuc.core.downloads import temporary_download
from trithuc.forecasts import pages
from trithuc.forecasts.disclosure import protect, protect_targets
from trithuc.forecasts.exporting import workbook
from trithuc.forecasts.services import Request, forecast


def _require(request: HttpRequest) -> None:
    scope_of(request.user).require(Capability.READ_AGGREGATES,
                                   _("Vai trò của bạn không xem được số liệu tổng hợp."))  # fmt: skip


def _choices(request: HttpRequest) -> dict[str, Any]:
    by = request.GET.get("theo", "sector")
    unit = (request.GET.get("don_vi") or "").strip()
    return {
        "by": by if by in pages.BY_CHOICES else "sector",
        "unit": unit if unit.isdigit() and len(unit) in (2, 5) else None,
        "scenario": "no-flow" if request.GET.get("kich_ban") == "no-flow" else "baseline",
    }


BY_LABELS = {"sector": _lazy("Lĩnh vực"), "unit": _lazy("Đơn vị"),
             "education_level": _lazy("Trình độ")}  # fmt: skip


@login_required
@require_GET
def forecast_page(request: HttpRequest) -> HttpResponse:
    _require(request)
    chosen = _choices(request)
    page = pages.forecast_page(request.user, pages.PageRequest(**chosen))
    return render(request, "forecasts/forecast.html", {
        **chosen, "page": page, "table": pages.table_rows(page), "chart": pages.chart_data(page),
        "by_labels": BY_LABELS, "by_label": BY_LABELS[chosen["by"]],
        "backtest_years": pages.BACKTEST_YEARS,
    })  # fmt: skip


@login_required
@require_GET
def retirement(request: HttpRequest) -> HttpResponse:
    _require(request)
    chosen = _choices(request)
    wave = pages.retirement_wave(request.user, chosen["by"], chosen["unit"])
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
        "by_label": BY_LABELS[chosen["by"]],
    })  # fmt: skip


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    _require(request)
    chosen = _choices(request)
    scope = scope_of(request.user)
    by = ("sector", "education_level") if chosen["by"] == "sector" else (chosen["by"],)
    today = timezone.localdate()
    result = forecast(Request(as_of=today, scenario=chosen["scenario"], by=by,
                              unit=chosen["unit"]), pages.people_for(request.user))  # fmt: skip
    if scope.hides_small_cells:
        result["rows"] = protect(result["rows"], list(by))  # type: ignore[arg-type]
        result["rates"] = None
        result["targets"] = protect_targets(result["targets"])  # type: ignore[arg-type]
    from trithuc.audit.services import record_event

    record_event("export", actor=request.user, source="web", request=request,
                 detail={"what": "forecast", "by": ",".join(by), "unit": chosen["unit"] or ""})  # fmt: skip
    content = workbook(result)
    return temporary_download(lambda handle: handle.write(content), f"du-bao-{today:%Y%m%d}.xlsx")
