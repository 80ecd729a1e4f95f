"""Targets against the forecast: for every target whose indicator the model can count
(`goals.plan_for`), the projected value each year with a 95% interval, the year it is
met, the gap in the target year and the yearly upgrades or hires that would meet it
(the "needed" scenario, `needed.solve`, over all the targets of the same population).

The interval: the model is run again DRAWS times (a fixed seed, so a page shows the same
figures twice), each run with rates drawn from their estimates and with the chance of
each year's flows (`model.Noise`):
- a rate's mean is uncertain as its count of events is (Poisson: Gamma(events)), and
  more so when the yearly counts vary more than chance makes them (φ,
  `history.dispersion`): times one factor of variance φ / years of the window, shared
  by every sector and level (a year of staff cuts moves them all);
- each year of the forecast a flow also moves from its mean by chance (1 / expected
  people, per sector and level) and by the rate's own year-to-year variation (φ, one
  factor for the year).
Flows never seen in the window stay at zero. On registries generated with known rates
the 95% interval holds the actual value about 95% of the time
(`tests/test_interval_coverage.py`).

A real registry's rates also drift in ways no window shows (the demo's, or a province's
staff cuts): the model's own error. The back-test measures it, so each interval is
widened by it, as a normal error of sd |back-test error| × h / BACKTEST_YEARS at h years
ahead added to the draws' spread: the back-test by the one made BACKTEST_YEARS before it
(fitted 2 × BACKTEST_YEARS ago), so whether today's value lies in the back-test's
interval is a fair check of the method; the forecast by both (their root mean square).
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
from trithuc.forecasts.model import Extra, Noise, Options, Rates, add_years, prepare, simulate
from trithuc.forecasts.needed import BY, Goal, Solution, solve
from trithuc.indicators.areas import Area, AreaError
from trithuc.indicators.models import Target

DRAWS = 30
SEED = 15
Z95 = 1.96
# Student's t for 29 degrees of freedom times √(1 + 1/30): where a next value falls
# given DRAWS draws, 95 times in 100 (normal draws).
T_DRAWS = 2.08
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
    progress: Callable[[int, int], None] | None = None,
) -> dict[int, TargetForecast | str]:
    """Per target id, its forecast, or why it has none (a sentence for the reader).
    `extras` receives each population's "needed" people (its sectors, levels, `Extra`);
    `progress(done, total)` hears of each population done."""
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
    for done, (population, plans) in enumerate(groups.items(), start=1):
        out.update(_forecast_group(population, plans, as_of, people, window, last, extras))
        if progress is not None:
            progress(done, len(groups))
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
    base = simulate(prepared, estimate.rates, stock_only=True).figure("stock")
    rng = np.random.default_rng(SEED)
    drawn = [simulate(prepared, sample_rates(estimate, rng), noise=noise_of(estimate, rng),
                      stock_only=True).figure("stock") for _ in range(DRAWS)]  # fmt: skip
    goals = [plan.goal(start) for plan in plans]
    solution = solve(prepared, estimate.rates, goals)
    if extras is not None:
        extras.append((start.sectors, start.levels, solution.extra))
    years = [day.year for day in prepared.options.dates()]
    past = _backtest_run(population, as_of, people, window)
    earlier = None
    if past is not None:
        earlier = _backtest_run(population, add_years(as_of, -BACKTEST_YEARS), people, window,
                                draws=0)  # fmt: skip
    out: dict[int, TargetForecast | str] = {}
    for plan, goal in zip(plans, goals, strict=True):
        if goal.parts(base[0])[1] <= 0:
            out[plan.target.pk] = str(EMPTY)
            continue
        then = goal.measure(past[1][0]) if past is not None else None
        before = _error_of(plan, earlier, then)
        backtest = _backtest(plan, past, goal.measure(base[0]), before)
        # The forecast may use both back-tests' errors (their root mean square).
        errors = [e for e in (before, backtest["error"]) if e is not None]
        model_error = float(np.sqrt(np.mean(np.square(errors)))) if errors else 0.0
        result = _one(plan.target, goal, years, base, drawn, solution, start, model_error)
        result.backtest = backtest
        out[plan.target.pk] = result
    return out


def _error_of(plan: Plan, run: tuple[Any, np.ndarray, list] | None,
              actual: float | None) -> float:  # fmt: skip
    """|forecast − actual| of a back-test run for one target (0 when it cannot tell: no
    run, or too few people at its start for its error to mean anything)."""
    if run is None or actual is None:
        return 0.0
    goal = plan.goal(run[0])
    if goal.parts(run[1][0])[1] < MEANINGFUL:
        return 0.0
    forecast = goal.measure(run[1][-1])
    return 0.0 if forecast is None else abs(forecast - actual)


def spread(
    values: list[float] | np.ndarray,
    value: float | None = None,
    share: bool = False,
    axis: int | None = None,
) -> tuple[Any, Any]:
    """The 95% interval of the draws: their mean ± T_DRAWS standard deviations (with
    DRAWS draws, the 2.5th and 97.5th percentiles are nearly the extremes and hold the
    next value only about 89 times in 100), around `value` too; a share in 0–100."""
    if not len(values):
        return None, None
    draws = np.asarray(values, dtype=float)
    mean, sd = draws.mean(axis=axis), draws.std(axis=axis, ddof=1) if len(draws) > 1 else 0.0
    low, high = mean - T_DRAWS * sd, mean + T_DRAWS * sd
    if value is not None:
        low, high = np.minimum(low, value), np.maximum(high, value)
    if share:
        low, high = np.clip(low, 0.0, 100.0), np.clip(high, 0.0, 100.0)
    if axis is None:
        return float(low), float(high)
    return low, high


def widen(value: float | None, low: float | None, high: float | None, sd: float,
          share: bool) -> tuple[float | None, float | None]:  # fmt: skip
    """An interval widened by a normal error of standard deviation `sd` (the model's own
    error, see the module), its spreads added in quadrature; a share stays in 0–100."""
    if value is None or low is None or high is None or sd <= 0:
        return low, high
    extra = (Z95 * sd) ** 2
    low = value - float(np.sqrt((value - low) ** 2 + extra))
    high = value + float(np.sqrt((high - value) ** 2 + extra))
    if share:
        low, high = max(low, 0.0), min(high, 100.0)
    return low, high


def _backtest_run(population: cohort_loading.Population, as_of: dt.date,
                  people: QuerySet | None, window: int,
                  draws: int = BACKTEST_DRAWS) -> tuple[Any, np.ndarray, list] | None:  # fmt: skip
    """The model fitted on the registry as it stood BACKTEST_YEARS before `as_of` (rates
    from the window before that), run to `as_of`: its cohorts, stock and drawn stocks."""
    first = add_years(as_of, -BACKTEST_YEARS)
    past = cohort_loading.load(first, people=people, population=population)
    if not len(past.unit):
        return None
    estimate = history.estimate(past, first, window, people=people, population=population)
    prepared = prepare(past, Options(start=first, to_year=first.year + BACKTEST_YEARS), BY)
    rng = np.random.default_rng(SEED)
    drawn = [simulate(prepared, sample_rates(estimate, rng), noise=noise_of(estimate, rng),
                      stock_only=True).figure("stock")[-1] for _ in range(draws)]  # fmt: skip
    return past, simulate(prepared, estimate.rates, stock_only=True).figure("stock"), drawn


def _backtest(plan: Plan, past: tuple[Any, np.ndarray, list] | None,
              actual: float | None, model_error: float = 0.0) -> dict[str, Any]:  # fmt: skip
    """The forecast the model would have made BACKTEST_YEARS ago for today, beside the
    registry's value today: the error, and whether today's value lay in the interval
    (widened by `model_error`, the error of the back-test made before it)."""
    if past is None or actual is None:
        return {"years": BACKTEST_YEARS, "error": None, "note": str(TOO_SMALL)}
    cohorts_then, stock, drawn = past
    goal = plan.goal(cohorts_then)
    population = goal.parts(stock[0])[1]
    forecast = goal.measure(stock[-1])
    values = [v for v in (goal.measure(d) for d in drawn) if v is not None]
    low, high = widen(forecast, *spread(values, forecast, goal.share), model_error, goal.share)
    result = {
        "years": BACKTEST_YEARS, "forecast": _round(forecast), "actual": _round(actual),
        "error": _round(None if forecast is None else forecast - actual),
        "interval": [_round(low), _round(high)] if values else None,
        "population": round(population),
        "note": str(TOO_SMALL) if population < MEANINGFUL else None,
    }  # fmt: skip
    if result["interval"] and forecast is not None:
        low, high = result["interval"]
        result["inside"] = low - 1e-9 <= actual <= high + 1e-9
    return result


def _one(target: Target, goal: Goal, years: list[int], base: np.ndarray, drawn: list[np.ndarray],
         solution: Solution, start: Any, model_error: float = 0.0) -> TargetForecast:  # fmt: skip
    result = TargetForecast(target=target, years=years)
    for k in range(len(years)):
        value = goal.measure(base[k])
        result.values.append(value)
        values = [v for v in (goal.measure(d[k]) for d in drawn) if v is not None]
        low, high = widen(value, *spread(values, value, goal.share),
                          model_error * k / BACKTEST_YEARS, goal.share)  # fmt: skip
        result.low.append(low)
        result.high.append(high)
        if result.met_year is None and goal.met(base[k]):
            result.met_year = years[k]
    result.population = goal.parts(base[0])[1]
    value, low, high = result.in_year(target.year)
    if value is not None:
        result.gap = goal.value - value
        result.status = _status(goal, goal.met(base[years.index(target.year)]), low, high)
    result.needed = _needed(goal, solution, start, years)
    if result.population < MEANINGFUL:
        result.note = _("Nhóm tính quá ít người để dự báo có ý nghĩa: số liệu dự báo chỉ để "
                        "tham khảo.")  # fmt: skip
    return result


def _status(goal: Goal, central: bool, low: float | None, high: float | None) -> str:
    """On track when the forecast and its whole interval meet the target; at risk when
    the forecast or part of the interval does; else off track."""
    ends = [_meets(goal, v) for v in (low, high) if v is not None] or [central]
    if central and all(ends):
        return "on_track"
    if central or any(ends):
        return "at_risk"
    return "off_track"


def _meets(goal: Goal, value: float) -> bool:
    """`Goal.met` for a value already measured (an end of the interval)."""
    tolerance = 1e-6
    if goal.comparator == "<=":
        return value <= goal.value + tolerance
    if goal.comparator == "<":
        return value < goal.value
    if goal.comparator == ">":
        return value > goal.value - tolerance
    return value >= goal.value - tolerance


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
    years = estimate.years
    phi_leave, phi_hire, phi_upgrade = estimate.dispersion()

    def draw(events: np.ndarray, exposure: np.ndarray, phi: float) -> np.ndarray:
        # Each count by chance; the window's mean of the yearly moves, shared by all.
        some = np.maximum(events, 1e-12)
        drawn = rng.gamma(some) * (events > 0)
        if phi > 0:
            drawn = drawn * rng.gamma(years / phi, phi / years)
        return np.where(exposure > 0, drawn / np.maximum(exposure, 1e-12), 0.0)

    sector_exposure = estimate.exposure.sum(axis=1, keepdims=True)
    leave = np.where(estimate.leavers > 0,
                     draw(estimate.leavers, estimate.exposure, phi_leave), r.leave)  # fmt: skip
    hire = np.where(estimate.hires > 0, draw(estimate.hires, sector_exposure, phi_hire), r.hire)
    upgrade = np.where(estimate.upgrades > 0,
                       draw(estimate.upgrades, history.at_risk_of_upgrade(
                           estimate.exposure, estimate.leavers)[:, :, None], phi_upgrade),
                       r.upgrade)  # fmt: skip
    return Rates(leave=leave, hire=hire, upgrade=upgrade, hire_age_months=r.hire_age_months,
                 hire_female_share=r.hire_female_share)  # fmt: skip


def noise_of(estimate: history.Estimate, rng: np.random.Generator) -> Noise:
    """The chance of each year's flows, with the year-to-year variation of the estimate's
    rates (see the module)."""
    leave, hire, upgrade = estimate.dispersion()
    return Noise(rng, leave=leave, hire=hire, upgrade=upgrade)
