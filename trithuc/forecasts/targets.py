"""Targets against the forecast: for every target whose indicator the model can count
(`goals.plan_for`), the projected value each year with a 95% interval, the year it is
met, the gap in the target year and the yearly upgrades or hires that would meet it
(the "needed" scenario, `needed.solve`, over all the targets of the same population).

The interval comes from the rates' own uncertainty: the model is run again with rates
drawn from their estimates (events ~ Gamma(events, 1) / exposure, a fixed seed so a page
shows the same figures twice); flows never seen in the window stay at zero.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from trithuc.forecasts import cohorts as cohort_loading
from trithuc.forecasts import history
from trithuc.forecasts.goals import NotForecast, Plan, plan_for
from trithuc.forecasts.model import Extra, Options, Rates, add_years, prepare, simulate
from trithuc.forecasts.needed import BY, Goal, Solution, solve
from trithuc.indicators.areas import Area, AreaError
from trithuc.indicators.models import Target

DRAWS = 30
SEED = 15
# Below this many people in a target's population on the start date, a forecast says
# more about chance than about flows: the page says so.
MEANINGFUL = 30
BACKTEST_YEARS = 5
BACKTEST_DRAWS = 20
TOO_SMALL = _lazy("Nhóm tính quá ít người: sai số kiểm tra lại không nói lên điều gì.")
EMPTY = _lazy("Không có ai trong nhóm tính tại ngày bắt đầu dự báo.")


@dataclass
class TargetForecast:
    target: Target
    years: list[int] = field(default_factory=list)
    values: list[float | None] = field(default_factory=list)
    low: list[float | None] = field(default_factory=list)
    high: list[float | None] = field(default_factory=list)
    met_year: int | None = None
    gap: float | None = None  # target minus the forecast in the target year (shortfall > 0)
    needed: dict[str, Any] | None = None
    population: float = 0.0  # people counted in its population on the start date
    status: str = ""
    note: str = ""
    backtest: dict[str, Any] | None = None  # the same forecast made BACKTEST_YEARS ago

    def in_year(self, year: int) -> tuple[float | None, float | None, float | None]:
        if year not in self.years:
            return None, None, None
        i = self.years.index(year)
        return self.values[i], self.low[i], self.high[i]

    def as_json(self) -> dict[str, Any]:
        value, low, high = self.in_year(self.target.year)
        return {
            "uuid": str(self.target.uuid), "year": self.target.year,
            "share": bool(self.target.indicator and self.target.indicator.kind == "share"),
            "value": _round(value), "interval": [_round(low), _round(high)],
            "met_year": self.met_year, "gap": _round(self.gap), "status": self.status,
            "needed": self.needed, "population": round(self.population),
            "series": [[y, _round(v), _round(lo), _round(hi)] for y, v, lo, hi
                       in zip(self.years, self.values, self.low, self.high, strict=True)],
            "note": self.note or None, "backtest": self.backtest,
        }  # fmt: skip


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 2)


def forecast_targets(
    targets: list[Target],
    as_of: dt.date,
    *,
    area_of: Callable[[Target], Area],
    people: QuerySet | None = None,
    window: int = 5,
    to_year: int = 2045,
    extras: list[tuple[list[str], list[str], Extra]] | None = None,
) -> dict[int, TargetForecast | str]:
    """Per target id, its forecast, or why it has none (a sentence for the reader).
    `extras` receives each population's "needed" people (its sectors, levels, `Extra`)."""
    out: dict[int, TargetForecast | str] = {}
    groups: dict[Any, list[Plan]] = {}
    for target in targets:
        try:
            plan = plan_for(target)
            area = area_of(target)
        except (NotForecast, AreaError) as exc:
            out[target.pk] = str(exc)
            continue
        if area.by_agency:
            out[target.pk] = _("Mục tiêu của một cơ quan: mô hình dự báo theo đơn vị hành "
                               "chính, chưa theo cơ quan.")  # fmt: skip
            continue
        key = plan.population_key(tuple(sorted(area.provinces)), tuple(sorted(area.units)))
        groups.setdefault(key, []).append(plan)
    last = max([to_year, *(t.year for t in targets)])
    for population, plans in groups.items():
        out.update(_forecast_group(population, plans, as_of, people, window, last, extras))
    return out


def needed_extra(extras: list[tuple[list[str], list[str], Extra]], sectors: list[str],
                 levels: list[str], steps: int) -> Extra:  # fmt: skip
    """The people the targets need, on another set of cohorts (by sector and level code):
    populations overlap (civil servants within state staff), so each cell takes the
    largest need of any population, not their sum."""
    out = Extra.zeros(steps, len(sectors), len(levels))
    for their_sectors, their_levels, extra in extras:
        s_map = [
            (i, sectors.index(code)) for i, code in enumerate(their_sectors) if code in sectors
        ]
        l_map = [(i, levels.index(code)) for i, code in enumerate(their_levels) if code in levels]
        n = min(steps, len(extra.hires))
        for si, so in s_map:
            for li, lo in l_map:
                out.hires[:n, so, lo] = np.maximum(out.hires[:n, so, lo], extra.hires[:n, si, li])
                for mi, mo in l_map:
                    out.upgrades[:n, so, lo, mo] = np.maximum(out.upgrades[:n, so, lo, mo],
                                                              extra.upgrades[:n, si, li, mi])  # fmt: skip
    return out


def _forecast_group(population: cohort_loading.Population, plans: list[Plan], as_of: dt.date,
                    people: QuerySet | None, window: int, to_year: int,
                    extras: list | None) -> dict[int, TargetForecast | str]:  # fmt: skip
    start = cohort_loading.load(as_of, people=people, population=population)
    if not len(start.unit):
        return {p.target.pk: str(EMPTY) for p in plans}
    estimate = history.estimate(start, as_of, window, people=people, population=population)
    prepared = prepare(start, Options(start=as_of, to_year=to_year), BY)
    base = simulate(prepared, estimate.rates).figure("stock")
    rng = np.random.default_rng(SEED)
    drawn = [simulate(prepared, sample_rates(estimate, rng)).figure("stock") for _ in range(DRAWS)]
    goals = [plan.goal(start) for plan in plans]
    solution = solve(prepared, estimate.rates, goals)
    if extras is not None:
        extras.append((start.sectors, start.levels, solution.extra))
    years = [day.year for day in prepared.options.dates()]
    past = _backtest_run(population, as_of, people, window)
    out: dict[int, TargetForecast | str] = {}
    for plan, goal in zip(plans, goals, strict=True):
        if goal.parts(base[0])[1] <= 0:
            out[plan.target.pk] = str(EMPTY)
            continue
        result = _one(plan.target, goal, years, base, drawn, solution, start)
        result.backtest = _backtest(plan, past, goal.measure(base[0]))
        out[plan.target.pk] = result
    return out


def _backtest_run(population: cohort_loading.Population, as_of: dt.date,
                  people: QuerySet | None, window: int) -> tuple[Any, np.ndarray, list] | None:  # fmt: skip
    """The model fitted on the registry as it stood BACKTEST_YEARS before `as_of` (rates
    from the window before that), run to `as_of`: its cohorts, stock and drawn stocks."""
    first = add_years(as_of, -BACKTEST_YEARS)
    past = cohort_loading.load(first, people=people, population=population)
    if not len(past.unit):
        return None
    estimate = history.estimate(past, first, window, people=people, population=population)
    prepared = prepare(past, Options(start=first, to_year=first.year + BACKTEST_YEARS), BY)
    rng = np.random.default_rng(SEED)
    drawn = [simulate(prepared, sample_rates(estimate, rng)).figure("stock")[-1]
             for _ in range(BACKTEST_DRAWS)]  # fmt: skip
    return past, simulate(prepared, estimate.rates).figure("stock"), drawn


def _backtest(plan: Plan, past: tuple[Any, np.ndarray, list] | None,
              actual: float | None) -> dict[str, Any]:  # fmt: skip
    """The forecast the model would have made BACKTEST_YEARS ago for today, beside the
    registry's value today: the error, and whether today's value lay in the interval."""
    if past is None or actual is None:
        return {"years": BACKTEST_YEARS, "error": None, "note": str(TOO_SMALL)}
    cohorts_then, stock, drawn = past
    goal = plan.goal(cohorts_then)
    population = goal.parts(stock[0])[1]
    forecast = goal.measure(stock[-1])
    values = [v for v in (goal.measure(d) for d in drawn) if v is not None]
    result = {
        "years": BACKTEST_YEARS, "forecast": _round(forecast), "actual": _round(actual),
        "error": _round(None if forecast is None else forecast - actual),
        "interval": [_round(float(np.percentile(values, 2.5))),
                     _round(float(np.percentile(values, 97.5)))] if values else None,
        "population": round(population),
        "note": str(TOO_SMALL) if population < MEANINGFUL else None,
    }  # fmt: skip
    if result["interval"] and forecast is not None:
        low, high = result["interval"]
        result["inside"] = low - 1e-9 <= actual <= high + 1e-9
    return result


def _one(target: Target, goal: Goal, years: list[int], base: np.ndarray, drawn: list[np.ndarray],
         solution: Solution, start: Any) -> TargetForecast:  # fmt: skip
    result = TargetForecast(target=target, years=years)
    for k in range(len(years)):
        result.values.append(goal.measure(base[k]))
        values = [v for v in (goal.measure(d[k]) for d in drawn) if v is not None]
        result.low.append(float(np.percentile(values, 2.5)) if values else None)
        result.high.append(float(np.percentile(values, 97.5)) if values else None)
        if result.met_year is None and goal.met(base[k]):
            result.met_year = years[k]
    result.population = goal.parts(base[0])[1]
    value, low, high = result.in_year(target.year)
    if value is not None:
        result.gap = goal.value - value
        result.status = _status(goal, base, drawn, years.index(target.year))
    result.needed = _needed(goal, solution, start, years)
    if result.population < MEANINGFUL:
        result.note = _("Nhóm tính quá ít người để dự báo có ý nghĩa: số liệu dự báo chỉ để "
                        "tham khảo.")  # fmt: skip
    return result


def _status(goal: Goal, base: np.ndarray, drawn: list[np.ndarray], k: int) -> str:
    """On track when the forecast meets the target; at risk when only part of the
    interval does (or the forecast does but not the interval's whole); else off track."""
    central = goal.met(base[k])
    share_met = np.mean([goal.met(d[k]) for d in drawn]) if drawn else float(central)
    if central and share_met >= 0.975:
        return "on_track"
    if central or share_met >= 0.025:
        return "at_risk"
    return "off_track"


def _needed(goal: Goal, solution: Solution, start: Any, years: list[int]) -> dict[str, Any]:
    reason = solution.reasons.get(goal.key, "")
    lever = next((lever for lever in solution.levers if lever.goal == goal.key), None)
    out: dict[str, Any] = {"reason": reason or None, "met_in_rerun": solution.met.get(goal.key)}
    if lever is None or reason in ("met", "cap", "past"):
        return out
    by_sector = {start.sectors[s]: round(float(lever.size * w), 2)
                 for s, w in enumerate(lever.weights.sum(axis=1)) if w > 0}  # fmt: skip
    out.update({
        "kind": lever.kind, "per_year": round(lever.size, 2),
        "from": [start.levels[lv] for lv in lever.from_levels],
        "to": start.levels[lever.to_level],
        "years": [years[0] + 1, years[0] + lever.last_step],
        "by_sector": by_sector,
    })  # fmt: skip
    return out


def sample_rates(estimate: history.Estimate, rng: np.random.Generator) -> Rates:
    """Rates drawn from their estimates' uncertainty (see the module)."""
    r = estimate.rates

    def draw(events: np.ndarray, exposure: np.ndarray) -> np.ndarray:
        drawn = rng.gamma(np.maximum(events, 1e-12)) * (events > 0)
        return np.where(exposure > 0, drawn / np.maximum(exposure, 1e-12), 0.0)

    sector_exposure = estimate.exposure.sum(axis=1, keepdims=True)
    leave = np.where(estimate.leavers > 0, draw(estimate.leavers, estimate.exposure), r.leave)
    hire = np.where(estimate.hires > 0, draw(estimate.hires, sector_exposure), r.hire)
    upgrade = np.where(estimate.upgrades > 0,
                       draw(estimate.upgrades, estimate.exposure[:, :, None]), r.upgrade)  # fmt: skip
    return Rates(leave=leave, hire=hire, upgrade=upgrade, hire_age_months=r.hire_age_months,
                 hire_female_share=r.hire_female_share)  # fmt: skip
