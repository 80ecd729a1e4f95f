"""The cohort stock-flow model of the workforce, in numpy, without Django.

The state is a matrix `stock[row, level]`: a row is a cohort of people who share a unit,
a sector, a gender, a birth month, whether they hold an academic title, and a training
they expect to complete (year and level); the columns are education levels. A cohort's
retirement month follows from its birth month and gender (`trithuc.lib.retirement`,
computed once per distinct birth month and gender, not per person), so a cohort retires
as a whole, on time, and the "no-flow" scenario is exact. Leavers, hires and upgrades
are expected counts (floats) at yearly rates per sector and level.

Each step k runs from the start date moved k-1 years to the start date moved k years:
leavers, upgrades and completed training first, then retirements of everyone whose last
day of work (the end of the retirement month) is before the step's end, then hires.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from trithuc.lib.retirement import MAX_EXTENSION_MONTHS, retirement_month

GENDERS = ("male", "female")
AGE_BANDS = ((30, "under_30"), (40, "30_39"), (50, "40_49"), (60, "50_59"))
AGE_BAND_NAMES = (*(name for _, name in AGE_BANDS), "60_and_over")
FLOWS = ("retirements", "leavers", "hires", "upgrades_in", "upgrades_out")
DIMENSIONS = ("unit", "sector", "education_level", "gender", "age_band")


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later (28 February for a 29 February that does not exist)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


@dataclass
class Cohorts:
    """The registry on the start date, as cohorts (see the module's docstring)."""

    levels: list[str]  # education level codes in rank order
    units: list[str]
    sectors: list[str]
    unit: np.ndarray  # int index into units, per row
    sector: np.ndarray
    gender: np.ndarray  # 0 male, 1 female
    birth_month: np.ndarray  # year * 12 + month - 1
    titled: np.ndarray  # bool: professor or associate professor
    train_year: np.ndarray  # expected completion year, 0 when not in training
    train_level: np.ndarray  # level index the training leads to, -1 when none
    stock: np.ndarray  # float [rows, levels]


@dataclass
class Rates:
    """Yearly rates per sector and level, estimated from history (`history.py`)."""

    leave: np.ndarray  # [sectors, levels]: leavers per person-year
    hire: np.ndarray  # [sectors, levels]: hires per person-year of the sector's stock
    upgrade: np.ndarray  # [sectors, levels, levels]: from → to, per person-year of "from"
    hire_age_months: np.ndarray  # [levels]: age at hire
    hire_female_share: np.ndarray  # [sectors, levels]


@dataclass
class Options:
    start: dt.date
    to_year: int = 2045
    extension: bool = False  # Decree 50/2022: eligible people retire up to 5 years later
    eligible_levels: tuple[str, ...] = ("specialist_2", "doctor", "doctor_of_science", "professor")


@dataclass
class Result:
    """Per step k (0 = the start date) and per (row, level) of the growing row set:
    arrays are reduced into groups by `aggregate`."""

    dates: list[dt.date]
    cohorts: Cohorts
    stock: list[np.ndarray] = field(default_factory=list)  # per step, [rows_k, levels]
    flows: dict[str, list[np.ndarray]] = field(default_factory=dict)
    # Row attributes grown by hires: (unit, sector, gender, birth_month) per row.
    rows: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=list)


def _retirement_months(birth_month: np.ndarray, gender: np.ndarray) -> np.ndarray:
    """The retirement month index of each row: the roadmap is evaluated once per distinct
    (birth month, gender), then spread back to the rows."""
    keys = birth_month.astype(np.int64) * 2 + gender
    distinct, inverse = np.unique(keys, return_inverse=True)
    months = np.empty(len(distinct), dtype=np.int64)
    for i, key in enumerate(distinct.tolist()):
        born = dt.date(key // 2 // 12, key // 2 % 12 + 1, 1)
        year, month = retirement_month(born, GENDERS[key % 2])
        months[i] = year * 12 + month - 1
    return months[inverse.reshape(-1)]


def run(cohorts: Cohorts, options: Options, rates: Rates | None = None) -> Result:
    """Project `cohorts` to 31 December… of `options.to_year` (step by step, a year each);
    without `rates` the scenario is "no-flow": retirements only."""
    n_levels = len(cohorts.levels)
    dates = [options.start]
    while dates[-1].year < options.to_year:
        dates.append(add_years(options.start, len(dates)))
    eligible = np.array([code in options.eligible_levels for code in cohorts.levels])
    result = Result(dates=dates, cohorts=cohorts)
    for name in FLOWS:
        result.flows[name] = [np.zeros((0, len(cohorts.levels)))]
    unit, sector, gender, birth = (
        cohorts.unit.copy(), cohorts.sector.copy(), cohorts.gender.copy(),
        cohorts.birth_month.copy(),
    )  # fmt: skip
    titled, train_year, train_level = cohorts.titled, cohorts.train_year, cohorts.train_level
    stock = cohorts.stock.astype(float).copy()
    result.stock.append(stock.copy())
    result.rows.append((unit, sector, gender, birth))
    retire = _retirement_months(birth, gender)
    trained = np.zeros(len(unit), dtype=bool)
    # The stock of each (unit, sector) on the start date: where a sector's hires go.
    n_units, n_sectors = len(cohorts.units), len(cohorts.sectors)
    place = np.bincount(unit * n_sectors + sector, weights=stock.sum(axis=1),
                        minlength=n_units * n_sectors).reshape(n_units, n_sectors)  # fmt: skip
    place_share = place / np.maximum(place.sum(axis=0), 1e-12)
    for k in range(1, len(dates)):
        end = month_index(dates[k])
        # A flow the scenario has not is an empty array (aggregate reads it as zeros).
        leavers = up_in = up_out = np.zeros((0, n_levels))
        hires = np.zeros((0, n_levels))
        if rates is not None:
            leavers = stock * np.minimum(rates.leave[sector], 1.0)
            stock = stock - leavers
            up_in, up_out = np.zeros(stock.shape), np.zeros(stock.shape)
            due = (train_year > 0) & ~trained & (train_year <= dates[k].year)
            waiting = (train_year > 0) & ~trained & ~due
            for a, b in zip(*np.nonzero(rates.upgrade.sum(axis=0)), strict=True):
                moved = stock[:, a] * np.where(waiting, 0.0, rates.upgrade[sector, a, b])
                stock[:, a] -= moved
                stock[:, b] += moved
                up_out[:, a] += moved
                up_in[:, b] += moved
            # People in training move up in their expected completion year.
            for level in range(n_levels):
                rows = due & (train_level > level)
                target = train_level[rows]
                moved = stock[rows, level]
                stock[rows, level] = 0.0
                np.add.at(stock, (np.nonzero(rows)[0], target), moved)
                up_out[rows, level] += moved
                np.add.at(up_in, (np.nonzero(rows)[0], target), moved)
            trained |= due
        # Retirements: a cohort's last day is the end of its retirement month, later by
        # the extension for the levels and titles Decree 50/2022 names.
        if options.extension:
            extended = eligible[None, :] | titled[:, None]
            last = retire[:, None] + np.where(extended, MAX_EXTENSION_MONTHS, 0)
        else:
            last = np.broadcast_to(retire[:, None], stock.shape)
        out = np.where(last < end, stock, 0.0)
        stock = stock - out
        if rates is not None:
            unit, sector, gender, birth, titled, train_year, train_level, retire, trained, hires = (
                _hire(rates, place_share, dates[k], n_levels, stock, unit, sector, gender, birth,
                      titled, train_year, train_level, retire, trained)
            )  # fmt: skip
            stock = np.vstack([stock, hires])
        result.stock.append(stock)
        for name, values in zip(FLOWS, (out, leavers, hires, up_in, up_out), strict=True):
            result.flows[name].append(values)
        result.rows.append((unit, sector, gender, birth))
    return result


def _hire(
    rates,
    place_share,
    day,
    n_levels,
    stock,
    unit,
    sector,
    gender,
    birth,
    titled,
    train_year,
    train_level,
    retire,
    trained,
):  # type: ignore[no-untyped-def]  # noqa: ANN001, ANN202, PLR0913
    """New cohorts for the step's hires: per sector and level, the sector's stock times the
    hire rate, spread over the sector's units by their share on the start date and over
    genders by the hires' share; born the level's age at hire before the step's end."""
    n_sectors = rates.hire.shape[0]
    sector_stock = np.bincount(sector, weights=stock.sum(axis=1), minlength=n_sectors)
    hired = sector_stock[:, None] * rates.hire  # [sectors, levels]
    by_level = hired.sum(axis=0)
    if by_level.sum() <= 0:
        return (unit, sector, gender, birth, titled, train_year, train_level, retire, trained,
                np.zeros((0, stock.shape[1])))  # fmt: skip
    # One cohort per unit, sector and gender: born the step's hires' mean age at hire
    # before the step's end (one birth month keeps the rows few: a row per level would
    # multiply them by the levels).
    age = float(np.average(rates.hire_age_months, weights=by_level))
    born = month_index(day) - round(age)
    u_idx, s_idx = np.nonzero(place_share > 0)
    per_place = place_share[u_idx, s_idx][:, None] * hired[s_idx]  # [places, levels]
    female = rates.hire_female_share[s_idx]
    new_rows = []
    for g, share in ((0, 1 - female), (1, female)):
        values = per_place * share
        keep = values.sum(axis=1) > 0
        new_rows.append((u_idx[keep], s_idx[keep], np.full(keep.sum(), g),
                         np.full(keep.sum(), born), values[keep]))  # fmt: skip
    nu, ns, ng, nb, nv = (np.concatenate(parts) for parts in zip(*new_rows, strict=True))
    count = len(nu)
    hires = nv
    return (
        np.concatenate([unit, nu]), np.concatenate([sector, ns]),
        np.concatenate([gender, ng]), np.concatenate([birth, nb]),
        np.concatenate([titled, np.zeros(count, dtype=bool)]),
        np.concatenate([train_year, np.zeros(count, dtype=train_year.dtype)]),
        np.concatenate([train_level, np.full(count, -1, dtype=train_level.dtype)]),
        np.concatenate([retire, _retirement_months(nb, ng)]),
        np.concatenate([trained, np.zeros(count, dtype=bool)]),
        hires,
    )  # fmt: skip


def _age_band(birth: np.ndarray, day: dt.date) -> np.ndarray:
    age_years = (month_index(day) - birth) // 12
    band = np.full(len(birth), len(AGE_BANDS), dtype=np.int64)
    for i, (limit, _) in reversed(list(enumerate(AGE_BANDS))):
        band[age_years < limit] = i
    return band


def aggregate(result: Result, by: list[str]) -> list[dict[str, object]]:
    """One row per step and group of `by` (names from DIMENSIONS): the stock at the
    step's end and each flow over the step, rounded to two decimals."""
    c = result.cohorts
    sizes = {"unit": len(c.units), "sector": len(c.sectors), "education_level": len(c.levels),
             "gender": 2, "age_band": len(AGE_BAND_NAMES)}  # fmt: skip
    names = {"unit": c.units, "sector": c.sectors, "education_level": c.levels,
             "gender": list(GENDERS), "age_band": list(AGE_BAND_NAMES)}  # fmt: skip
    out: list[dict[str, object]] = []
    n_levels = len(c.levels)
    for k, day in enumerate(result.dates):
        unit, sector, gender, birth = result.rows[k]
        values = {"unit": unit, "sector": sector, "gender": gender,
                  "age_band": _age_band(birth, day)}  # fmt: skip
        key = np.zeros((len(unit), n_levels), dtype=np.int64)
        size = 1
        for name in by:
            column = (np.broadcast_to(np.arange(n_levels), key.shape) if name == "education_level"
                      else np.broadcast_to(values[name][:, None], key.shape))  # fmt: skip
            key = key * sizes[name] + column
            size *= sizes[name]
        sums = [np.bincount(key.ravel(), result.stock[k].ravel(), minlength=size)]
        for flow in FLOWS:
            array = result.flows[flow][k]
            # Hires are the step's last rows, every other flow its first rows.
            part = key[len(key) - len(array) :] if flow == "hires" else key[: len(array)]
            sums.append(np.bincount(part.ravel(), array.ravel(), minlength=size))
        table = np.round(np.vstack(sums), 2)
        present = np.nonzero(np.abs(table).sum(axis=0) > 1e-9)[0]
        labels = []
        rest = present
        for name in reversed(by):
            labels.append((name, [names[name][i] for i in (rest % sizes[name]).tolist()]))
            rest = rest // sizes[name]
        labels.reverse()
        head = {"year": day.year, "date": day.isoformat()}
        columns = [values for _, values in labels] + table[:, present].tolist()
        keys = [name for name, _ in labels] + ["stock", *FLOWS]
        out.extend({**head, **dict(zip(keys, cells, strict=True))}
                   for cells in zip(*columns, strict=True))  # fmt: skip
    return out
