"""Forecasts of the workforce: the one entry point views, commands and tasks call."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from trithuc.forecasts import cohorts, history
from trithuc.forecasts.model import DIMENSIONS, Options, rows, run

SCENARIOS = ("baseline", "no-flow")
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


def forecast(request: Request, people: QuerySet | None = None) -> dict[str, object]:
    """The forecast of `people` (default the whole registry) as of `request.as_of`: per
    year and group the stock and the flows, and, for "baseline", the rates used with
    their intervals."""
    check(request)
    start = cohorts.load(request.as_of, people=people, unit=request.unit)
    options = Options(start=request.as_of, to_year=request.to_year, extension=request.extension)
    rates = None
    estimate = None
    if request.scenario == "baseline":
        estimate = history.estimate(start, request.as_of, request.window, people=people,
                                    unit=request.unit)  # fmt: skip
        rates = estimate.rates
    result = run(start, options, rates, by=request.by)
    return {
        "as_of": request.as_of.isoformat(),
        "to": request.to_year,
        "scenario": request.scenario,
        "by": list(request.by),
        "unit": request.unit,
        "extension": request.extension,
        "rows": rows(result),
        "rates": estimate.describe() if estimate else None,
    }
