"""Yearly rates of leavers, hires and upgrades, estimated from the registry's own history
over a window of years before the start date, each with a 95% interval.

- exposure: the people of the frame (without retirements) on each anniversary of the
  window's first day, by sector and level: person-years;
- leavers: periods ending in the window that no period of the same person continues
  (a move or a change of post opens the next period the day the last one ends; a
  retirement is a period of type "retired"), by their sector and the level held;
- hires: first periods of a person starting in the window, by sector, level, gender,
  and their age at hire;
- upgrades: degrees awarded in the window above the level the person held before, by
  the sector of the period in force that day and the levels from and to.

Rates are events per person-year (hires per person-year of the sector's whole stock).
Levels are read on the start date (a person hired or leaving in the window is counted
at the level the registry holds for them then).

Every count is also kept year by year of the window: how much more the yearly counts
vary than chance alone would make them (`dispersion`) says how far a rate moves from
one year to the next, which the forecast's interval must carry (`targets.sample_rates`,
`model.Noise`), not only the uncertainty of the rate's mean.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db.models import QuerySet

from trithuc.codelists.services import rank
from trithuc.forecasts.cohorts import WORKING, Population, birth_month_sql, condition
from trithuc.forecasts.model import Cohorts, Rates, add_years
from trithuc.people.counting import (
    IMPLIED_LEVELS,
    LEVEL_RANK,
    execute,
    frame,
    level_rank_sql,
    param,
    reader,
)

DEFAULT_HIRE_AGE_MONTHS = 25 * 12
Z95 = 1.96


def interval(events: float, exposure: float) -> tuple[float, float]:
    """An approximate 95% interval of a Poisson rate (exact upper bound at zero events)."""
    if exposure <= 0:
        return 0.0, 0.0
    if events <= 0:
        return 0.0, 3.689 / exposure  # -ln(0.025)
    spread = Z95 * math.sqrt(events)
    return max(events - spread, 0.0) / exposure, (events + spread) / exposure


@dataclass
class Estimate:
    cohorts: Cohorts
    window: tuple[dt.date, dt.date]
    exposure: np.ndarray  # [sectors, levels] person-years
    leavers: np.ndarray  # [sectors, levels]
    hires: np.ndarray  # [sectors, levels]
    upgrades: np.ndarray  # [sectors, levels, levels]
    rates: Rates
    # The same counts year by year of the window ([years, ...] each), for `dispersion`.
    yearly_exposure: np.ndarray | None = None
    yearly_leavers: np.ndarray | None = None
    yearly_hires: np.ndarray | None = None
    yearly_upgrades: np.ndarray | None = None

    @property
    def years(self) -> int:
        return 1 if self.yearly_exposure is None else max(len(self.yearly_exposure), 1)

    def dispersion(self) -> tuple[float, float, float]:
        """Year-to-year variance of the leave, hire and upgrade rates beyond chance, as a
        squared relative change (0: each year's count only varies as chance makes it).
        Five yearly counts say little on their own, so the three flows are pooled: one φ
        for the registry, each flow's own where it is larger."""
        if self.yearly_exposure is None or self.yearly_leavers is None:
            return 0.0, 0.0, 0.0
        x = self.yearly_exposure
        sector_x = np.broadcast_to(x.sum(axis=2, keepdims=True), x.shape)
        at_risk = np.maximum(x - self.yearly_leavers, 0.0)[..., None]
        parts = [moments(self.yearly_leavers, x), moments(self.yearly_hires, sector_x),
                 moments(self.yearly_upgrades, at_risk)]  # fmt: skip
        pooled = _ratio(sum(p[0] for p in parts), sum(p[1] for p in parts))
        return tuple(max(pooled, _ratio(*p)) for p in parts)  # type: ignore[return-value]

    def describe(self) -> dict[str, Any]:
        c = self.cohorts
        out: list[dict[str, Any]] = []
        sector_exposure = self.exposure.sum(axis=1)
        for s, sector in enumerate(c.sectors):
            for lv, level in enumerate(c.levels):
                if not (self.exposure[s, lv] or self.hires[s, lv]):
                    continue
                leave = interval(self.leavers[s, lv], self.exposure[s, lv])
                hire = interval(self.hires[s, lv], sector_exposure[s])
                row = {
                    "sector": sector, "education_level": level,
                    "person_years": round(float(self.exposure[s, lv]), 2),
                    "leavers": int(self.leavers[s, lv]),
                    "leave_rate": round(float(self.rates.leave[s, lv]), 5),
                    "leave_interval": [round(v, 5) for v in leave],
                    "hires": int(self.hires[s, lv]),
                    "hire_rate": round(float(self.rates.hire[s, lv]), 5),
                    "hire_interval": [round(v, 5) for v in hire],
                    "upgrades": [
                        {"to": c.levels[b], "count": int(self.upgrades[s, lv, b]),
                         "rate": round(float(self.rates.upgrade[s, lv, b]), 5),
                         "interval": [round(v, 5) for v in
                                      interval(self.upgrades[s, lv, b],
                                               self.exposure[s, lv] - self.leavers[s, lv])]}
                        for b in np.nonzero(self.upgrades[s, lv])[0].tolist()
                    ],
                }  # fmt: skip
                out.append(row)
        return {"from": self.window[0].isoformat(), "to": self.window[1].isoformat(),
                "by_sector_and_level": out}  # fmt: skip


def dispersion(events: np.ndarray | None, exposure: np.ndarray) -> float:
    """φ of events_y ~ Poisson(exposure_y × rate × ε_y) with Var(ε) = φ, by moments over
    every cell (all axes after the first, the year) that had events, pooled: the excess
    of the squared yearly deviations over the Poisson variance, over the squared expected
    counts; corrected for the rate being estimated from the same years."""
    return _ratio(*moments(events, exposure))


def _ratio(excess: float, scale: float) -> float:
    return float(max(excess / scale, 0.0)) if scale > 0 else 0.0


def moments(events: np.ndarray | None, exposure: np.ndarray) -> tuple[float, float]:
    """`dispersion`'s numerator and denominator (so several flows can be pooled)."""
    if events is None or len(events) < 2:
        return 0.0, 0.0
    years = len(events)
    exposure = np.broadcast_to(exposure, events.shape)
    total, person_years = events.sum(axis=0), exposure.sum(axis=0)
    cells = (total > 0) & (person_years > 0)
    if not cells.any():
        return 0.0, 0.0
    rate = np.where(cells, total / np.maximum(person_years, 1e-12), 0.0)
    expected = exposure * rate
    excess = ((events - expected) ** 2 - expected)[:, cells].sum() * years / (years - 1)
    return float(excess), float((expected[:, cells] ** 2).sum())


def at_risk_of_upgrade(exposure: np.ndarray, leavers: np.ndarray) -> np.ndarray:
    """Person-years from which upgrades are counted: the model moves people up from the
    stock its leavers leave (`model.simulate`), so the rate is per person who stays."""
    return np.maximum(exposure - leavers, 0.0)


def _year_sql(column: str, days: list[dt.date]) -> tuple[str, list[Any]]:
    """The year of the window (0, 1, …) a day column falls in, from its anniversaries."""
    if len(days) < 2:
        return "0", []
    cases = " ".join(f"WHEN {column} < %s THEN {i}" for i in range(len(days) - 1))
    return f"(CASE {cases} ELSE {len(days) - 1} END)", list(days[1:])


def _month_sql(column: str) -> str:
    return birth_month_sql().replace("p.birth_date", column)


def _people_condition(people: QuerySet | None) -> tuple[str, list[Any]]:
    if people is None:
        return "", []
    sql, params = people.values("id").query.sql_with_params()
    return f" AND e.person_id IN ({sql})", list(params)


def _run(sql: str, params: list[Any]) -> list:
    with reader().cursor() as cursor:
        cursor.execute(sql, [param(v) for v in params])
        return cursor.fetchall()


def estimate(start: Cohorts, as_of: dt.date, window: int, *, people: QuerySet | None = None,
             unit: str | None = None, population: Population | None = None) -> Estimate:  # fmt: skip
    """Rates for `start`'s sectors and levels from the `window` years before `as_of`."""
    first = add_years(as_of, -window)
    sectors = {code: i for i, code in enumerate(start.sectors)}
    n_s, n_l = len(start.sectors), len(start.levels)
    by_rank = {rank("education_level", code) or 0: i for i, code in enumerate(start.levels)}
    level_of = {code: i for i, code in enumerate(start.levels)}
    where, where_params = condition(unit, population)
    who, who_params = _people_condition(people)
    yearly_exposure = np.zeros((window, n_s, n_l))
    days = [add_years(first, year) for year in range(window)]
    for year, day in enumerate(days):
        frm = frame(day, training=False, where=WORKING + where,
                    where_params=["retired", *where_params], people=people)  # fmt: skip
        for sector, r, count in execute(f"e.sector, {LEVEL_RANK}, COUNT(*)", frm, "GROUP BY 1, 2"):
            if sector in sectors:
                yearly_exposure[year, sectors[sector], by_rank.get(int(r or 0), 0)] += int(count)
    exposure = yearly_exposure.sum(axis=0)
    lv_sql, lv_params = level_rank_sql(as_of)
    base = (f"FROM people_employment e JOIN people_person p ON p.id = e.person_id "  # noqa: S608
            f"LEFT JOIN ({lv_sql}) lv ON lv.person_id = e.person_id "
            "WHERE e.employment_type <> %s")  # fmt: skip
    yearly_leavers = np.zeros((window, n_s, n_l))
    year_sql, year_params = _year_sql("e.valid_to", days)
    sql = (f"SELECT e.sector, {LEVEL_RANK}, {year_sql}, COUNT(*) {base} "  # noqa: S608
           "AND e.valid_to >= %s AND e.valid_to < %s AND NOT EXISTS (SELECT 1 FROM "
           "people_employment f WHERE f.person_id = e.person_id AND f.valid_from = e.valid_to)"
           f"{where}{who} GROUP BY 1, 2, 3")  # fmt: skip
    for sector, r, year, count in _run(
        sql, [*year_params, *lv_params, "retired", first, as_of, *where_params, *who_params]
    ):
        if sector in sectors:
            yearly_leavers[int(year), sectors[sector], by_rank.get(int(r or 0), 0)] += int(count)
    leavers = yearly_leavers.sum(axis=0)
    yearly_hires = np.zeros((window, n_s, n_l))
    female = np.zeros((n_s, n_l))
    age_sum = np.zeros(n_l)
    year_sql, year_params = _year_sql("e.valid_from", days)
    sql = (f"SELECT e.sector, {LEVEL_RANK}, p.gender, {year_sql}, COUNT(*), "  # noqa: S608
           f"SUM({_month_sql('e.valid_from')} - {birth_month_sql()}) {base} "
           "AND e.valid_from >= %s AND e.valid_from < %s AND NOT EXISTS (SELECT 1 FROM "
           "people_employment f WHERE f.person_id = e.person_id AND (f.valid_from IS NULL OR "
           f"f.valid_from < e.valid_from)){where}{who} GROUP BY 1, 2, 3, 4")  # fmt: skip
    for sector, r, gender, year, count, months in _run(
        sql, [*year_params, *lv_params, "retired", first, as_of, *where_params, *who_params]
    ):
        if sector in sectors:
            s, lv = sectors[sector], by_rank.get(int(r or 0), 0)
            yearly_hires[int(year), s, lv] += int(count)
            female[s, lv] += int(count) if gender == "female" else 0
            age_sum[lv] += float(months or 0)
    hires = yearly_hires.sum(axis=0)
    yearly_upgrades = np.zeros((window, n_s, n_l, n_l))
    held = ("MAX(CASE q2.level " + " ".join("WHEN %s THEN %s" for _ in start.levels)
            + " ELSE 0 END)")  # fmt: skip
    held_params: list[Any] = []
    for code in start.levels:
        held_params += [code, rank("education_level", code) or 0]
    year_sql, year_params = _year_sql("q.awarded_on", days)
    sql = (f"SELECT e.sector, q.level, {year_sql}, (SELECT {held} FROM people_qualification q2 "  # noqa: S608
           "WHERE q2.person_id = q.person_id AND q2.superseded_at IS NULL AND q2.id <> q.id "
           "AND (q2.awarded_on IS NULL OR q2.awarded_on < q.awarded_on)), COUNT(*) "
           "FROM people_qualification q JOIN people_employment e ON e.person_id = q.person_id "
           "AND e.employment_type <> %s AND (e.valid_from IS NULL OR e.valid_from <= q.awarded_on) "
           "AND (e.valid_to IS NULL OR e.valid_to > q.awarded_on) "
           "WHERE q.superseded_at IS NULL AND q.awarded_on >= %s AND q.awarded_on < %s"
           f"{where}{who} GROUP BY 1, 2, 3, 4")  # fmt: skip
    for sector, level, year, before, count in _run(
        sql, [*year_params, *held_params, "retired", first, as_of, *where_params, *who_params]
    ):
        if sector not in sectors or level not in level_of:
            continue
        implied = rank("education_level", IMPLIED_LEVELS.get(level, "")) or 0
        origin = by_rank.get(max(int(before or 0), implied), 0)
        if origin < level_of[level]:
            yearly_upgrades[int(year), sectors[sector], origin, level_of[level]] += int(count)
    upgrades = yearly_upgrades.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        leave = np.nan_to_num(leavers / exposure)
        hire = np.nan_to_num(hires / exposure.sum(axis=1, keepdims=True))
        upgrade = np.nan_to_num(upgrades / at_risk_of_upgrade(exposure, leavers)[:, :, None])
        all_hires = hires.sum(axis=0)
        hire_age = np.where(all_hires > 0, age_sum / np.maximum(all_hires, 1),
                            DEFAULT_HIRE_AGE_MONTHS)  # fmt: skip
        stock_female = _female_share(start)
        female_share = np.where(hires > 0, female / np.maximum(hires, 1), stock_female[:, None])
    rates = Rates(leave=leave, hire=hire, upgrade=upgrade, hire_age_months=hire_age,
                  hire_female_share=female_share)  # fmt: skip
    return Estimate(start, (first, as_of), exposure, leavers, hires, upgrades, rates,
                    yearly_exposure, yearly_leavers, yearly_hires, yearly_upgrades)  # fmt: skip


def _female_share(start: Cohorts) -> np.ndarray:
    n_s = len(start.sectors)
    total = np.bincount(start.sector, start.stock.sum(axis=1), minlength=n_s)
    women = np.bincount(start.sector, start.stock.sum(axis=1) * start.gender, minlength=n_s)
    return np.where(total > 0, women / np.maximum(total, 1e-12), 0.5)
