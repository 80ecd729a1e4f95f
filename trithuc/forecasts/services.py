"""Forecasts of the workforce: the one entry point views, commands and tasks call."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from trithuc.forecasts import cohorts, history
from trithuc.forecasts import targets as target_forecasts
from trithuc.forecasts.model import DIMENSIONS, Grouped, Options, rows, run
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


def check(request: Request) -> None:
    unknown = [name for name in request.by if name not in DIMENSIONS]
    if unknown:
        raise ForecastError(
            _("Không thể nhóm theo: %(unknown)s. Có thể dùng: %(known)s.")
            % {"unknown": ", ".join(unknown), "known": ", ".join(DIMENSIONS)}
        )
    if request.scenario not in SCENARIOS:
        raise ForecastError(
            _("Kịch bản không có: %(name)s. Có thể dùng: %(known)s.")
            % {"name": request.scenario, "known": ", ".join(SCENARIOS)}
        )
    if not request.as_of.year <= request.to_year <= 2100:
        raise ForecastError(_("Năm cuối dự báo phải từ năm bắt đầu đến 2100."))
    if request.window < 1:
        raise ForecastError(_("Khoảng năm ước lượng tỉ lệ phải từ 1 năm trở lên."))


def forecast(
    request: Request, people: QuerySet | None = None, targets: list[Target] | None = None
) -> dict[str, object]:
    """The forecast of `people` (default the whole registry) as of `request.as_of`: per
    year and group the stock and the flows, and, for "baseline" and "needed", the rates
    used with their intervals; with `targets`, each target against the forecast. "needed"
    adds the yearly upgrades and hires that meet every target (`targets.needed_extra`)."""
    check(request)
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
        rates = estimate.rates
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
