"""Forecasts of the workforce: the one entry point views, commands and tasks call."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from trithuc.accounts.scope import recheck
from trithuc.audit.services import record_event
from trithuc.forecasts import cohorts, history
from trithuc.forecasts import targets as target_forecasts
from trithuc.forecasts.model import DIMENSIONS, Cohorts, Grouped, Options, Rates, rows, run
from trithuc.forecasts.models import Scenario
from trithuc.indicators.areas import Area, resolve_area
from trithuc.indicators.models import Target

SCENARIOS = ("baseline", "no-flow", "needed")
DEFAULT_WINDOW = 5


class ForecastError(ValueError):
    pass


@dataclass(frozen=True)
class Request:
    as_of: dt.date
    to_year: int = 2045
    scenario: str = "baseline"
    by: tuple[str, ...] = ("sector",)
    unit: str | None = None
    extension: bool = False
    window: int = DEFAULT_WINDOW


def check(request: Request, named: Scenario | None = None) -> None:
    unknown = [name for name in request.by if name not in DIMENSIONS]
    if unknown:
        raise ForecastError(
            _("Không thể nhóm theo: %(unknown)s. Có thể dùng: %(known)s.")
            % {"unknown": ", ".join(unknown), "known": ", ".join(DIMENSIONS)}
        )
    if request.scenario not in SCENARIOS and named is None:
        raise ForecastError(
            _("Kịch bản không có: %(name)s. Có thể dùng: %(known)s.")
            % {"name": request.scenario, "known": ", ".join(SCENARIOS)}
        )
    if not request.as_of.year <= request.to_year <= 2100:
        raise ForecastError(_("Năm cuối dự báo phải từ năm bắt đầu đến 2100."))
    if request.window < 1:
        raise ForecastError(_("Khoảng năm ước lượng tỉ lệ phải từ 1 năm trở lên."))


def forecast(
    request: Request,
    people: QuerySet | None = None,
    targets: list[Target] | None = None,
    named: Scenario | None = None,
) -> dict[str, object]:
    """The forecast of `people` (default the whole registry) as of `request.as_of`: per
    year and group the stock and the flows, and, for "baseline" and "needed", the rates
    used with their intervals; with `targets`, each target against the forecast. "needed"
    adds the yearly upgrades and hires that meet every target (`targets.needed_extra`); a
    `named` scenario puts its rates in place of the estimates."""
    check(request, named)
    if request.scenario == "needed" and not targets:
        raise ForecastError(_("Kịch bản “needed” cần các mục tiêu của một kế hoạch (--plan)."))
    start = cohorts.load(request.as_of, people=people, unit=request.unit)
    to_year = max([request.to_year, *(t.year for t in targets or [])])
    options = Options(start=request.as_of, to_year=to_year, extension=request.extension)
    rates = None
    estimate = None
    if request.scenario != "no-flow":
        estimate = history.estimate(start, request.as_of, request.window, people=people,
                                    unit=request.unit)  # fmt: skip
        rates = estimate.rates if named is None else apply_scenario(estimate.rates, start, named)
    extras: list = []
    against = None
    if targets:
        found = target_forecasts.forecast_targets(
            targets, request.as_of, area_of=_area_of, people=people, window=request.window,
            to_year=to_year, extras=extras,
        )  # fmt: skip
        against = [_target_json(t, found[t.pk]) for t in targets]
    extra = None
    if request.scenario == "needed":
        extra = target_forecasts.needed_extra(extras, start.sectors, start.levels,
                                              len(options.dates()))  # fmt: skip
    result = run(start, options, rates, by=request.by, extra=extra)
    if to_year != request.to_year:
        result = _until(result, request.to_year)
    return {
        "as_of": request.as_of.isoformat(),
        "to": request.to_year,
        "scenario": request.scenario,
        "by": list(request.by),
        "unit": request.unit,
        "extension": request.extension,
        "rows": rows(result),
        "rates": estimate.describe() if estimate else None,
        "targets": against,
    }


def _area_of(target: Target) -> Area:
    return resolve_area(target.unit_code, target.unit_code_system)


def _target_json(target: Target, found: target_forecasts.TargetForecast | str) -> dict[str, object]:
    if isinstance(found, str):
        return {"uuid": str(target.uuid), "year": target.year, "note": found}
    return found.as_json()


def _until(grouped: Grouped, year: int) -> Grouped:
    keep = [k for k, day in enumerate(grouped.dates) if day.year <= year]
    return Grouped(dates=grouped.dates[: len(keep)], by=grouped.by, labels=grouped.labels,
                   figures=grouped.figures[: len(keep)])  # fmt: skip


RATE_NAMES = ("hire", "leave", "upgrade")


def save_scenario(actor: Any, *, province: str, name: str, note: str,
                  rates: list[dict[str, Any]], scenario: Scenario | None = None) -> Scenario:  # fmt: skip
    """Create or change a named scenario, in one transaction, checked against the
    actor's scope inside it and audited."""
    if not name.strip():
        raise ForecastError(_("Kịch bản cần có tên."))
    for row in rates:
        for key in RATE_NAMES:
            value = row.get(key)
            if value is not None and not 0 <= float(value) <= 100:
                raise ForecastError(_("Tỉ lệ phải từ 0 đến 100 (%)."))
    with transaction.atomic():
        created = scenario is None
        if scenario is None:
            scenario = Scenario(created_by=actor, province_code=province)
        clash = Scenario.objects.filter(province_code=scenario.province_code, name=name.strip())
        if clash.exclude(pk=scenario.pk).exists():
            raise ForecastError(_("Đã có kịch bản tên “%(name)s”.") % {"name": name.strip()})
        before = {"name": scenario.name, "rates": scenario.rates} if not created else None
        scenario.name, scenario.note, scenario.rates = name.strip(), note, rates
        scenario.save()
        recheck(Scenario.objects.editable_by(actor), scenario,
                _("Bạn không được sửa kịch bản của tỉnh này."))  # fmt: skip
        record_event("create" if created else "update", actor=actor, source="web", obj=scenario,
                     before=before, after={"name": scenario.name, "rates": scenario.rates},
                     detail={"what": "forecast_scenario"})  # fmt: skip
    return scenario


def apply_scenario(rates: Rates, start: Cohorts, scenario: Scenario) -> Rates:
    """`rates` with the scenario's rates (percent a year) put in place of the estimates:
    hires per person of the sector, leavers per person of the level, upgrades from the
    level to the next one up."""
    out = Rates(leave=rates.leave.copy(), hire=rates.hire.copy(), upgrade=rates.upgrade.copy(),
                hire_age_months=rates.hire_age_months, hire_female_share=rates.hire_female_share)  # fmt: skip
    n_levels = len(start.levels)
    for row in scenario.rates:
        sectors = ([start.sectors.index(row["sector"])] if row.get("sector") in start.sectors
                   else [] if row.get("sector") else range(len(start.sectors)))  # fmt: skip
        levels = ([start.levels.index(row["education_level"])]
                  if row.get("education_level") in start.levels
                  else [] if row.get("education_level") else range(n_levels))  # fmt: skip
        for s in sectors:
            for lv in levels:
                if row.get("hire") is not None:
                    out.hire[s, lv] = float(row["hire"]) / 100
                if row.get("leave") is not None:
                    out.leave[s, lv] = float(row["leave"]) / 100
                if row.get("upgrade") is not None and lv + 1 < n_levels:
                    out.upgrade[s, lv, :] = 0.0
                    out.upgrade[s, lv, lv + 1] = float(row["upgrade"]) / 100
    return out
