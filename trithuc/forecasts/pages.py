"""What the forecast pages show, as plain data: the workforce by sector or unit year by
year with its 95% interval (a fan), the retirement wave (year × group), and the people
about to retire for a manager who may open their profiles. Everything is read through
the access layer: the people a user may count (`Person.objects.visible_to`), small
cells hidden for roles that see aggregates only (`forecasts.disclosure`), the list from
`profiles_for`, retirement months only where `sensitive_for` shows the birth date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from trithuc.accounts.scope import scope_of
from trithuc.codelists.services import label
from trithuc.forecasts import cohorts, history
from trithuc.forecasts.disclosure import protect
from trithuc.forecasts.model import Options, Rates, add_years, prepare, simulate
from trithuc.forecasts.models import Scenario
from trithuc.forecasts.services import apply_scenario
from trithuc.forecasts.targets import (
    BACKTEST_YEARS,
    DRAWS,
    MEANINGFUL,
    SEED,
    TOO_SMALL,
    noise_of,
    sample_rates,
    spread,
)
from trithuc.indicators import wording
from trithuc.indicators.areas import unit_name
from trithuc.lib.retirement import retirement_date
from trithuc.people.models import Person

BY_CHOICES = ("sector", "unit", "education_level")
SHOWN_YEARS = (2030, 2035, 2040, 2045)
LIST_LIMIT = 500


def people_for(user: Any) -> QuerySet:
    return Person.objects.visible_to(user)


def group_label(by: str, code: str) -> str:
    if by == "unit":
        return unit_name(code)
    if by == "education_level":
        return label("education_level", code)
    return label("sector", code)


@dataclass(frozen=True)
class PageRequest:
    by: str = "sector"
    unit: str | None = None
    scenario: str = "baseline"  # or "no-flow", or a saved scenario's uuid (`named`)
    to_year: int = 2045
    named: Scenario | None = None


def forecast_page(user: Any, request: PageRequest, as_of: dt.date | None = None) -> dict[str, Any]:
    """Per group and year: the stock, its interval (baseline), retirements; and the total."""
    as_of = as_of or timezone.localdate()
    people = people_for(user)
    start = cohorts.load(as_of, people=people, unit=request.unit)
    if not len(start.unit):
        return {"groups": [], "years": [], "as_of": as_of, "empty": True}
    options = Options(start=as_of, to_year=request.to_year)
    prepared = prepare(start, options, [request.by])
    rates = None
    draws: list[np.ndarray] = []
    if request.scenario != "no-flow":
        estimate = history.estimate(start, as_of, 5, people=people, unit=request.unit)
        named = request.named

        def chosen(rates: Rates) -> Rates:
            return rates if named is None else apply_scenario(rates, start, named)

        rates = chosen(estimate.rates)
        rng = np.random.default_rng(SEED)
        draws = [simulate(prepared, chosen(sample_rates(estimate, rng)),
                          noise=noise_of(estimate, rng), stock_only=True).figure("stock")
                 for _ in range(DRAWS)]  # fmt: skip
    grouped = simulate(prepared, rates)
    years = [day.year for day in grouped.dates]
    stock, retired = grouped.figure("stock"), grouped.figure("retirements")
    low, high = _interval(draws, stock)
    codes = grouped.labels[request.by]
    rows = [{"year": years[k], request.by: codes[g], "stock": float(stock[k, g]),
             "retirements": float(retired[k, g]), "leavers": 0.0, "hires": 0.0,
             "upgrades_in": 0.0, "upgrades_out": 0.0}
            for k in range(len(years)) for g in range(len(codes))]  # fmt: skip
    hide = scope_of(user).hides_small_cells
    if hide:
        rows = protect(rows, [request.by])
    hidden = {(r["year"], r[request.by]) for r in rows if r["stock"] is None}
    groups = []
    for g, code in enumerate(codes):
        if not stock[:, g].any():
            continue
        series = []
        for k, year in enumerate(years):
            shown = (year, code) not in hidden
            series.append({
                "year": year, "stock": round(float(stock[k, g]), 1) if shown else None,
                "low": _r(low[k, g]) if shown and draws else None,
                "high": _r(high[k, g]) if shown and draws else None,
                "retirements": round(float(retired[k, g]), 1) if shown else None,
            })  # fmt: skip
        groups.append({"code": code, "label": group_label(request.by, code), "series": series})
    _add_backtests(groups, user, request, as_of, people, hidden)
    total = _total(stock, draws, years)
    return {"groups": groups, "years": years, "total": total, "as_of": as_of,
            "hidden": bool(hidden), "shown_years": [as_of.year, *SHOWN_YEARS],
            "scenario": request.scenario, "empty": False}  # fmt: skip


def _add_backtests(groups: list[dict[str, Any]], user: Any, request: PageRequest,
                   as_of: dt.date, people: QuerySet, hidden: set) -> None:  # fmt: skip
    """Each group's back-test: the model fitted on the registry BACKTEST_YEARS ago, run to
    today, beside today's count (the first cell of the group's series)."""
    if request.scenario != "baseline":
        return
    first = add_years(as_of, -BACKTEST_YEARS)
    past = cohorts.load(first, people=people, unit=request.unit)
    forecast: dict[str, float] = {}
    if len(past.unit):
        estimate = history.estimate(past, first, 5, people=people, unit=request.unit)
        run = simulate(prepare(past, Options(start=first, to_year=as_of.year), [request.by]),
                       estimate.rates)  # fmt: skip
        final = run.figure("stock")[-1]
        forecast = dict(zip(run.labels[request.by], final.tolist(), strict=True))
    for group in groups:
        actual = group["series"][0]["stock"]
        if actual is None or (as_of.year, group["code"]) in hidden:
            group["backtest"] = {"text": ""}
            continue
        predicted = forecast.get(group["code"], 0.0)
        if actual < MEANINGFUL:
            group["backtest"] = {"text": str(TOO_SMALL)}
            continue
        error = 100 * (predicted - actual) / actual
        group["backtest"] = {"forecast": round(predicted), "actual": actual, "error": round(error, 1),
                             "text": _("dự báo %(f)s, thực tế %(a)s (sai %(e)s%%)") % {
                                 "f": wording.number(predicted), "a": wording.number(actual),
                                 "e": ("+" if error > 0 else "") + wording.number(error, 1)}}  # fmt: skip


def _r(value: float) -> float:
    return round(float(value), 1)


def _interval(draws: list[np.ndarray], stock: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if not draws:
        return stock, stock
    stacked = np.stack(draws)
    low, high = spread(stacked, axis=0)
    return np.maximum(low, 0.0), high


def _total(stock: np.ndarray, draws: list[np.ndarray], years: list[int]) -> list[dict[str, Any]]:
    totals = stock.sum(axis=1)
    low, high = _interval([d.sum(axis=1) for d in draws], totals)
    return [{"year": y, "stock": _r(totals[k]), "low": _r(low[k]) if draws else None,
             "high": _r(high[k]) if draws else None} for k, y in enumerate(years)]  # fmt: skip


def chart_data(page: dict[str, Any]) -> dict[str, Any]:
    """The fan chart's JSON: the total and each group, with their intervals."""
    series = [{"label": _("Tổng số"), "points": page.get("total", [])}]
    series += [{"label": g["label"], "points": g["series"]} for g in page.get("groups", [])]
    return {"years": page.get("years", []), "series": series,
            "labels": {"interval": _("khoảng 95%"), "people": _("người")}}  # fmt: skip


def table_rows(page: dict[str, Any]) -> list[dict[str, Any]]:
    """The page's table: per group, the stock in the years shown with its interval."""
    shown = page.get("shown_years", [])
    out = []
    for group in page.get("groups", []):
        by_year = {p["year"]: p for p in group["series"]}
        cells = []
        for year in shown:
            point = by_year.get(year)
            cells.append(_cell(point))
        out.append({"label": group["label"], "cells": cells,
                    "backtest": group.get("backtest", {}).get("text", "")})  # fmt: skip
    return out


def _cell(point: dict[str, Any] | None) -> dict[str, str]:
    if point is None:
        return {"value": "", "interval": ""}
    if point["stock"] is None:
        return {"value": _("ẩn"), "interval": ""}
    value = wording.number(point["stock"])
    interval = ""
    if point["low"] is not None:
        interval = f"{wording.number(point['low'])} – {wording.number(point['high'])}"
    return {"value": value, "interval": interval}


def retirement_wave(user: Any, by: str, unit: str | None, to_year: int = 2045,
                    as_of: dt.date | None = None) -> dict[str, Any]:  # fmt: skip
    """Retirements (the roadmap, exact: the "no-flow" run) per year and group."""
    page = forecast_page(user, PageRequest(by=by, unit=unit, scenario="no-flow",
                                           to_year=to_year), as_of)  # fmt: skip
    years = page["years"][1:]
    groups = page["groups"]
    cells = []
    for g, group in enumerate(groups):
        for k, point in enumerate(group["series"][1:]):
            cells.append([k, g, point["retirements"]])
    largest = max((c[2] or 0 for c in cells), default=0)
    table = [{"label": group["label"],
              "values": [_("ẩn") if p["retirements"] is None else wording.number(p["retirements"])
                         for p in group["series"][1:]]}
             for group in groups]  # fmt: skip
    return {"years": years, "groups": [g["label"] for g in groups], "cells": cells, "table": table,
            "max": largest, "hidden": page.get("hidden", False), "as_of": page["as_of"],
            "labels": {"retirements": _("người nghỉ hưu")}}  # fmt: skip


def retiring_people(user: Any, within_years: int, unit: str | None = None,
                    as_of: dt.date | None = None) -> dict[str, Any]:  # fmt: skip
    """People of the user's profiles who reach retirement age within `within_years`,
    soonest first (at most LIST_LIMIT): the month where the user may see birth dates,
    else the year."""
    as_of = as_of or timezone.localdate()
    until = dt.date(as_of.year + within_years, 12, 31)
    found = (Person.objects.profiles_for(user).exclude(employment_type="retired")
             .filter(birth_date__isnull=False, birth_date__lte=dt.date(until.year - 55, 12, 31),
                     birth_date__gte=dt.date(as_of.year - 70, 1, 1)))  # fmt: skip
    if unit:
        found = found.filter(
            **({"province_code": unit} if len(unit) == 2 else {"workplace_unit": unit})
        )
    rows = list(found.values("uuid", "full_name", "birth_date", "gender", "workplace_unit",
                             "sector", "education_level", "id"))  # fmt: skip
    sensitive = set(Person.objects.sensitive_for(user).filter(id__in=[r["id"] for r in rows])
                    .values_list("id", flat=True))  # fmt: skip
    out = []
    for row in rows:
        if row["gender"] not in ("male", "female"):
            continue
        day = retirement_date(row["birth_date"], row["gender"])
        if as_of <= day <= until:
            # Without the birth date, order within a year must not give the month away.
            order = day if row["id"] in sensitive else dt.date(day.year, 12, 31)
            out.append({
                "uuid": str(row["uuid"]), "name": row["full_name"], "date": order,
                "when": f"{day:%m/%Y}" if row["id"] in sensitive else str(day.year),
                "unit": unit_name(row["workplace_unit"]), "sector": label("sector", row["sector"]),
                "level": label("education_level", row["education_level"]),
            })  # fmt: skip
    out.sort(key=lambda r: (r["date"], r["name"]))
    for row in out:
        del row["date"]
    return {"count": len(out), "count_text": wording.number(len(out)), "rows": out[:LIST_LIMIT],
            "limit": LIST_LIMIT, "until": until.year}  # fmt: skip
