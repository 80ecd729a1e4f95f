"""The cohort stock-flow model of the workforce, in numpy, without Django.

The registry on the start date comes in as cohorts (`Cohorts`): rows of people who share
a unit, a sector, a gender, a birth month, whether they hold an academic title, and a
training they expect to complete (year and level), with their count per education level.

The model works on a sparse state: one entry per (cohort, level) that can ever hold
people (the levels a cohort holds on the start date and every level upgrades or its
training can take it to), so a step costs a few passes over the entries, not over a
dense cohorts × levels block. Before the run, cohorts that the run cannot tell apart are
merged: what a cohort's future depends on is its sector, gender, the step in which it
retires (with and without the Decree 50/2022 extension), its title and its training,
plus the unit and age it is grouped by; a birth month only matters through those.
So "no-flow" stays exact: every cohort retires as a whole in the step its last day of
work (the end of its retirement month, `trithuc.lib.retirement`) falls before.

Each step k runs from the start date moved k-1 years to the start date moved k years:
leavers, upgrades (all from the stock after leavers, so nobody moves up twice a year)
and completed training first, then retirements, then hires (at the rate per person of
the stock at the step's start, as they are estimated). The people hired in a step
form one cohort per sector and gender, spread over the sector's units by their share on
the start date when the output is grouped by unit: the run never needs their unit.

Figures are grouped on the fly into a `Grouped` array (steps × figures × groups);
`rows` turns it into one dict per year and group.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from trithuc.lib.retirement import MAX_EXTENSION_MONTHS, retirement_month

GENDERS = ("male", "female")
AGE_BANDS = ((30, "under_30"), (40, "30_39"), (50, "40_49"), (60, "50_59"))
AGE_BAND_NAMES = (*(name for _, name in AGE_BANDS), "60_and_over")
FLOWS = ("retirements", "leavers", "hires", "upgrades_in", "upgrades_out")
FIGURES = ("stock", *FLOWS)
DIMENSIONS = ("unit", "sector", "education_level", "gender", "age_band")
NEVER = 10_000  # a step index no horizon reaches


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
class Extra:
    """People added to a scenario's own flows, per step (index 0, the start, unused):
    what the "needed" scenario solves for. Upgrades are counts taken from the sector's
    stock at the "from" level in proportion, never more than it holds."""

    hires: np.ndarray  # [steps, sectors, levels]
    upgrades: np.ndarray  # [steps, sectors, levels, levels]: from → to

    @classmethod
    def zeros(cls, steps: int, sectors: int, levels: int) -> Extra:
        return cls(np.zeros((steps, sectors, levels)), np.zeros((steps, sectors, levels, levels)))


@dataclass
class Noise:
    """Chance in each year's flows, for the runs that draw an interval: a year's leavers,
    hires and upgrades of a sector and level are its expected number times a factor of
    mean 1 and variance 1 / expected (the Poisson noise of counting people: large in
    small cells) + φ (the rate itself moving from year to year, `history.dispersion`).
    Without it an interval only carries the uncertainty of the rates' means and is too
    narrow (a back-test on the demo had 6 of 11 values inside its 95% interval)."""

    rng: np.random.Generator
    leave: float = 0.0  # φ of each flow
    hire: float = 0.0
    upgrade: float = 0.0

    def factor(self, expected: np.ndarray, phi: float) -> np.ndarray:
        """A Gamma factor per cell (chance, 1 where nothing is expected) times one for the
        whole year (the rate's move: a year of staff cuts thins every sector at once)."""
        some = expected > 1e-12
        shape = np.where(some, np.maximum(expected, 1e-12), 1.0)
        cell = np.where(some, self.rng.gamma(shape) / shape, 1.0)
        return cell * (self.rng.gamma(1.0 / phi, phi) if phi > 0 else 1.0)


@dataclass
class Options:
    start: dt.date
    to_year: int = 2045
    extension: bool = False  # Decree 50/2022: eligible people retire up to 5 years later
    eligible_levels: tuple[str, ...] = ("specialist_2", "doctor", "doctor_of_science", "professor")

    def dates(self) -> list[dt.date]:
        out = [self.start]
        while out[-1].year < self.to_year:
            out.append(add_years(self.start, len(out)))
        return out


@dataclass
class Grouped:
    """`figures[k, f, ...]`: figure f (FIGURES) of step k over the groups of `by`, one
    array axis per dimension, sized by `labels`."""

    dates: list[dt.date]
    by: list[str]
    labels: dict[str, list[str]]
    figures: np.ndarray

    def figure(self, name: str) -> np.ndarray:
        return self.figures[:, FIGURES.index(name)]


def _retirement_months(birth_month: np.ndarray, gender: np.ndarray) -> np.ndarray:
    """The retirement month index of each row: the roadmap is evaluated once per distinct
    (birth month, gender), then spread back to the rows."""
    keys = birth_month.astype(np.int64) * 2 + gender
    distinct, inverse = np.unique(keys, return_inverse=True)
    months = np.fromiter((_retirement_of(key) for key in distinct.tolist()), dtype=np.int64,
                         count=len(distinct))  # fmt: skip
    return months[inverse.reshape(-1)]


@functools.lru_cache(maxsize=4096)
def _retirement_of(key: int) -> int:
    """Retirement month index of birth month index * 2 + gender (runs repeat the keys)."""
    born = dt.date(key // 2 // 12, key // 2 % 12 + 1, 1)
    year, month = retirement_month(born, GENDERS[key % 2])
    return year * 12 + month - 1


def _step_of(last_month: np.ndarray, start: dt.date) -> np.ndarray:
    """The first step whose end (start + 12k months) is after the last month worked."""
    return np.maximum((last_month - month_index(start)) // 12 + 1, 1)


def _age_band(age_years: np.ndarray) -> np.ndarray:
    band = np.full(len(age_years), len(AGE_BANDS), dtype=np.int64)
    for i, (limit, _) in reversed(list(enumerate(AGE_BANDS))):
        band[age_years < limit] = i
    return band


@dataclass
class _Rows:
    """Merged cohorts: per row its attributes, per (row, level) its starting stock."""

    unit: np.ndarray  # -1 for hire rows (spread over units when grouped by unit)
    sector: np.ndarray
    gender: np.ndarray
    age0: np.ndarray  # whole years on the start date (moves by one a step)
    retire: np.ndarray  # step of retirement
    retire_ext: np.ndarray  # step of retirement with the extension
    titled: np.ndarray
    train_step: np.ndarray  # step in which training completes, 0 when none
    train_level: np.ndarray
    stock: np.ndarray  # [rows, levels]


def _merge(c: Cohorts, options: Options, n_steps: int, by: Sequence[str]) -> _Rows:
    """Cohorts merged on what the run and the grouping can tell apart."""
    start = options.start
    retire = _retirement_months(c.birth_month, c.gender)
    columns = [
        c.unit if "unit" in by else np.zeros(len(c.unit), dtype=np.int64),
        c.sector, c.gender,
        (month_index(start) - c.birth_month) // 12 if "age_band" in by else np.zeros_like(c.sector),
        np.minimum(_step_of(retire, start), n_steps),
        np.minimum(_step_of(retire + MAX_EXTENSION_MONTHS, start), n_steps)
        if options.extension else np.zeros_like(c.sector),
        c.titled.astype(np.int64) if options.extension else np.zeros_like(c.sector),
        np.where((c.train_year > 0) & (c.train_level >= 0),
                 np.clip(c.train_year - start.year, 1, n_steps), 0),
        np.where(c.train_year > 0, c.train_level, -1),
    ]  # fmt: skip
    table = np.stack([np.asarray(col, dtype=np.int64) for col in columns], axis=1)
    low = table.min(axis=0) if len(table) else np.zeros(table.shape[1], dtype=np.int64)
    shifted = table - low
    sizes = shifted.max(axis=0) + 1 if len(table) else np.ones(table.shape[1], dtype=np.int64)
    key = np.zeros(len(table), dtype=np.int64)
    for j in range(table.shape[1]):
        key = key * int(sizes[j]) + shifted[:, j]
    distinct, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    merged = table[first]
    # One bincount per level: np.add.at over every cohort was most of `prepare`.
    inverse = inverse.reshape(-1)
    stock = np.stack([np.bincount(inverse, c.stock[:, lv], minlength=len(distinct))
                      for lv in range(c.stock.shape[1])], axis=1)  # fmt: skip
    stock = stock.reshape(len(distinct), c.stock.shape[1])  # an empty stack has no shape
    return _Rows(
        unit=merged[:, 0], sector=merged[:, 1], gender=merged[:, 2], age0=merged[:, 3],
        retire=merged[:, 4], retire_ext=merged[:, 5] if options.extension else merged[:, 4],
        titled=merged[:, 6].astype(bool), train_step=merged[:, 7], train_level=merged[:, 8],
        stock=stock,
    )  # fmt: skip


def _hire_rows(c: Cohorts, options: Options, rates: Rates, extra: Extra | None,
               n_steps: int, start_stock: np.ndarray) -> tuple[_Rows, np.ndarray]:  # fmt: skip
    """One empty row per step, sector and gender for the step's hires, born the sector's
    mean age at hire (weighted by its hires per level) before the step's end; and the
    levels each row may be hired at."""
    n_s, n_l = len(c.sectors), len(c.levels)
    steps = np.arange(1, n_steps)
    k, s, g = (a.ravel() for a in np.meshgrid(steps, np.arange(n_s), (0, 1), indexing="ij"))
    weights = np.broadcast_to(start_stock[:, None] * rates.hire, (len(steps), n_s, n_l))
    present = np.broadcast_to(rates.hire > 0, weights.shape)
    if extra is not None:
        weights = weights + extra.hires[steps]
        present = present | (extra.hires[steps] > 0)
    total = weights.sum(axis=2)
    mean_age = (weights * rates.hire_age_months).sum(axis=2) / np.maximum(total, 1e-12)
    age = np.where(total > 0, mean_age, rates.hire_age_months.mean() if n_l else 300)
    age_months = np.round(age[k - 1, s]).astype(np.int64)
    retire = _retirement_months(month_index(options.start) + 12 * k - age_months, g)
    # Hired in step k, they can retire from step k + 1 on.
    retire_step = np.maximum(_step_of(retire, options.start), k + 1)
    extended = np.maximum(_step_of(retire + MAX_EXTENSION_MONTHS, options.start), k + 1)
    rows = _Rows(
        unit=np.full(len(k), -1), sector=s, gender=g, age0=age_months // 12 - k,
        retire=retire_step, retire_ext=extended if options.extension else retire_step,
        titled=np.zeros(len(k), dtype=bool), train_step=np.zeros(len(k), dtype=np.int64),
        train_level=np.full(len(k), -1), stock=np.zeros((len(k), n_l)),
    )  # fmt: skip
    return rows, present[k - 1, s]


def _reach(edges: np.ndarray) -> np.ndarray:
    """[levels, levels] bool: level b can be reached from a by upgrades (a reaches a)."""
    n = len(edges)
    reach = np.eye(n, dtype=bool) | edges
    for _ in range(n):
        grown = reach | ((reach.astype(np.int64) @ reach.astype(np.int64)) > 0)
        if (grown == reach).all():
            break
        reach = grown
    return reach


def _concat(a: _Rows, b: _Rows) -> _Rows:
    names = ("unit", "sector", "gender", "age0", "retire", "retire_ext", "titled",
             "train_step", "train_level", "stock")  # fmt: skip
    return _Rows(*(np.concatenate([getattr(a, n), getattr(b, n)]) for n in names))


@dataclass
class _State:
    """Entries (row, level) of the run and the index arrays every step reuses."""

    row: np.ndarray
    level: np.ndarray
    value: np.ndarray
    leave: np.ndarray  # per entry
    retire: np.ndarray  # step of retirement per entry
    pair_src: np.ndarray  # upgrade pairs: entry from, entry to, rate, from level, to level
    pair_dst: np.ndarray
    pair_rate: np.ndarray
    pair_wait: np.ndarray  # the step before which the pair's row is still in training
    pair_key: np.ndarray  # sector * levels² + from * levels + to
    train_step: np.ndarray  # per entry: its row's training completion step, 0 when none
    train: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)  # per step
    hire_entry: np.ndarray = field(default_factory=lambda: np.zeros(0))  # [steps, s, g, l]


def _build(rows: _Rows, n_hired: int, c: Cohorts, options: Options, rates: Rates | None,
           extra: Extra | None, n_steps: int, hire_levels: np.ndarray | None) -> _State:  # fmt: skip
    n_l = len(c.levels)
    edges = np.zeros((n_l, n_l), dtype=bool)
    if rates is not None:
        edges |= rates.upgrade.sum(axis=0) > 0
    if extra is not None:
        edges |= extra.upgrades.sum(axis=(0, 1)) > 0
    reach = _reach(edges)
    holds = rows.stock > 0
    if hire_levels is not None:
        holds[len(holds) - n_hired :] = hire_levels
    trains = (rows.train_step > 0) & (rows.train_level >= 0)
    if rates is not None:
        holds[np.nonzero(trains)[0], rows.train_level[trains]] = True
        mask = (holds.astype(np.int64) @ reach.astype(np.int64)) > 0
    else:
        mask = holds
    entry_row, entry_level = np.nonzero(mask)
    eid = np.full(mask.shape, -1, dtype=np.int64)
    eid[entry_row, entry_level] = np.arange(len(entry_row))
    sector = rows.sector[entry_row]
    eligible = np.array([code in options.eligible_levels for code in c.levels])
    extended = options.extension & (eligible[entry_level] | rows.titled[entry_row])
    retire = np.where(extended, rows.retire_ext[entry_row], rows.retire[entry_row])
    state = _State(
        row=entry_row, level=entry_level, value=rows.stock[entry_row, entry_level].copy(),
        leave=np.minimum(rates.leave[sector, entry_level], 1.0) if rates is not None
        else np.zeros(len(entry_row)),
        retire=retire, pair_src=np.zeros(0, dtype=np.int64), pair_dst=np.zeros(0, dtype=np.int64),
        pair_rate=np.zeros(0), pair_wait=np.zeros(0, dtype=np.int64),
        pair_key=np.zeros(0, dtype=np.int64), train_step=rows.train_step[entry_row],
    )  # fmt: skip
    if rates is None:
        return state
    srcs, dsts, keys = [], [], []
    for a, b in zip(*np.nonzero(edges), strict=True):
        both = np.nonzero(mask[:, a] & mask[:, b])[0]
        srcs.append(eid[both, a])
        dsts.append(eid[both, b])
        keys.append(rows.sector[both] * n_l * n_l + a * n_l + b)
    if srcs:
        state.pair_src, state.pair_dst = np.concatenate(srcs), np.concatenate(dsts)
        state.pair_key = np.concatenate(keys)
        state.pair_rate = rates.upgrade.reshape(-1)[state.pair_key]
        state.pair_wait = rows.train_step[entry_row[state.pair_src]]
    # Training: every level below the one trained for moves up in the completion step.
    state.train = [(np.zeros(0, dtype=np.int64),) * 2 for _ in range(n_steps)]  # type: ignore[misc]
    t_rows, t_levels = np.nonzero(mask & trains[:, None]
                                  & (np.arange(n_l)[None, :] < rows.train_level[:, None]))  # fmt: skip
    src = eid[t_rows, t_levels]
    dst = eid[t_rows, rows.train_level[t_rows]]
    step = rows.train_step[t_rows]
    for k in np.unique(step).tolist():
        if k < n_steps:
            state.train[k] = (src[step == k], dst[step == k])
    # Hire entries: [step, sector, gender, level] → entry (or -1).
    n_s = len(c.sectors)
    hire_entry = np.full((n_steps, n_s, 2, n_l), -1, dtype=np.int64)
    first = len(rows.sector) - n_hired
    hr = np.arange(first, len(rows.sector))
    hk = np.arange(1, n_steps).repeat(n_s * 2)
    hire_entry[hk, rows.sector[hr], rows.gender[hr]] = eid[hr]
    state.hire_entry = hire_entry
    return state


@dataclass
class Prepared:
    """Cohorts merged for one start, horizon and grouping: what several runs with other
    rates or extra people (intervals, the "needed" solver) share."""

    cohorts: Cohorts
    options: Options
    by: tuple[str, ...]
    rows: _Rows
    place_share: np.ndarray  # [units, sectors]: where a sector's hires go
    # [sectors]: people on the start date (hires' ages are weighted by it; summed once
    # here, not over every cohort in each run: at 1,000,000 people that was most of a run)
    sector_stock: np.ndarray


def prepare(cohorts: Cohorts, options: Options, by: Sequence[str] = ("sector",)) -> Prepared:
    c = cohorts
    n_s = len(c.sectors)
    place = np.bincount(c.unit * n_s + c.sector, weights=c.stock.sum(axis=1),
                        minlength=len(c.units) * n_s).reshape(len(c.units), n_s)  # fmt: skip
    return Prepared(c, options, tuple(by), _merge(c, options, len(options.dates()), by),
                    place / np.maximum(place.sum(axis=0), 1e-12), place.sum(axis=0))  # fmt: skip


def run(
    cohorts: Cohorts,
    options: Options,
    rates: Rates | None = None,
    *,
    by: Sequence[str] = ("sector",),
    extra: Extra | None = None,
) -> Grouped:
    """Project `cohorts` to `options.to_year`, a year a step, grouped by `by` (names
    from DIMENSIONS); without `rates` the scenario is "no-flow": retirements only."""
    return simulate(prepare(cohorts, options, by), rates, extra)


def simulate(prepared: Prepared, rates: Rates | None = None, extra: Extra | None = None,
             noise: Noise | None = None, *, stock_only: bool = False) -> Grouped:  # fmt: skip
    """`run` on cohorts merged once by `prepare`; with `noise`, one draw of the flows'
    chance (see `Noise`); `stock_only` leaves the flows' figures at zero (the solver's
    and the intervals' runs read the stock alone: a sixth of the grouping)."""
    c, options, by = prepared.cohorts, prepared.options, prepared.by
    dates = options.dates()
    n_steps = len(dates)
    n_s, n_l = len(c.sectors), len(c.levels)
    rows = prepared.rows
    n_hired = 0
    hire_levels = None
    if rates is not None:
        hired, hire_levels = _hire_rows(c, options, rates, extra, n_steps, prepared.sector_stock)
        n_hired = len(hired.sector)
        rows = _concat(rows, hired)
    state = _build(rows, n_hired, c, options, rates, extra, n_steps, hire_levels)
    grouper = _Grouper(c, rows, state, by, prepared.place_share)
    figures = np.zeros((n_steps, len(FIGURES), grouper.size))
    figures[0, 0] = grouper.sums(state.value, 0)
    value = state.value
    entry_sector = rows.sector[state.row]
    cell = entry_sector * n_l + state.level
    if rates is None:
        noise = None
    for k in range(1, n_steps):
        leavers = up_in = up_out = hires = None
        pair_factor = hire_factor = None
        # Hire rates are hires per person on each anniversary (`history.estimate`): they
        # apply to the stock at the step's start, not to what leavers leave of it.
        at_start = value
        if rates is not None:
            leave = state.leave
            if noise is not None:
                held = np.bincount(cell, value, minlength=n_s * n_l)
                leave_factor = noise.factor(
                    held * np.minimum(rates.leave, 1.0).ravel(), noise.leave
                )
                leave = np.minimum(leave * leave_factor[cell], 1.0)
                expected = held.reshape(n_s, n_l, 1) * rates.upgrade
                pair_factor = noise.factor(expected.ravel(), noise.upgrade)[state.pair_key]
                hire_factor = noise
            leavers = value * leave
            value = value - leavers
            up_in, up_out = _upgrade(state, value, k, extra, entry_sector, n_s, n_l, pair_factor)
            value = value + up_in - up_out
            src, dst = state.train[k]
            if len(src):
                moved = value[src]
                value[src] = 0.0
                np.add.at(value, dst, moved)
                up_out += np.bincount(src, moved, minlength=len(value))
                up_in += np.bincount(dst, moved, minlength=len(value))
        gone = state.retire <= k
        out = np.where(gone, value, 0.0)
        value = np.where(gone, 0.0, value)
        if rates is not None:
            hires = _hires(state, at_start, k, rates, extra, entry_sector, n_s, hire_factor)
            value = value + hires
        figures[k, 0] = grouper.sums(value, k)
        if stock_only:
            continue
        for f, flow in enumerate((out, leavers, hires, up_in, up_out), start=1):
            if flow is not None:
                figures[k, f] = grouper.sums(flow, k)
    shape = [len(grouper.labels[name]) for name in by]
    return Grouped(dates=dates, by=list(by), labels={n: grouper.labels[n] for n in by},
                   figures=figures.reshape(n_steps, len(FIGURES), *shape))  # fmt: skip


def _upgrade(state: _State, value: np.ndarray, k: int, extra: Extra | None,
             entry_sector: np.ndarray, n_s: int, n_l: int,
             factor: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Upgrades of step k, all from `value` (the stock after leavers): in and out per entry.
    Rows still in training do not move up by the rates: their training decides."""
    n = len(value)
    if not len(state.pair_src):
        return np.zeros(n), np.zeros(n)
    free = state.pair_wait <= k
    rate = np.where(free, state.pair_rate if factor is None else state.pair_rate * factor, 0.0)
    if extra is not None and extra.upgrades[k].any():
        rate = rate + free * _extra_rate(state, value, rate, extra.upgrades[k], k,
                                         entry_sector, n_s, n_l)  # fmt: skip
    moved = value[state.pair_src] * rate
    out = np.bincount(state.pair_src, moved, minlength=n)
    # Rates summing over one (history's estimates are far below): scale a source's moves.
    over = out > value + 1e-12
    if over.any():
        factor = np.where(over, value / np.maximum(out, 1e-12), 1.0)
        moved = moved * factor[state.pair_src]
        out = np.bincount(state.pair_src, moved, minlength=n)
    return np.bincount(state.pair_dst, moved, minlength=n), out


def _extra_rate(state: _State, value: np.ndarray, rate: np.ndarray, wanted: np.ndarray, k: int,
                entry_sector: np.ndarray, n_s: int, n_l: int) -> np.ndarray:  # fmt: skip
    """Per upgrade pair, the rate that moves the wanted count from → to of its sector:
    drawn on the stock at "from" outside training, at most what the estimated rates
    leave of it."""
    held = np.bincount(entry_sector * n_l + state.level,
                       np.where(state.train_step > k, 0.0, value), minlength=n_s * n_l)  # fmt: skip
    source = state.pair_key // n_l  # sector * levels + from
    base_out = np.bincount(source, value[state.pair_src] * rate, minlength=n_s * n_l)
    room = np.maximum(held - base_out, 0.0)
    wanted = wanted.reshape(n_s * n_l, n_l)
    asked = wanted.sum(axis=1)
    scale = np.where(asked > room, room / np.maximum(asked, 1e-12), 1.0)
    per_source = wanted * (scale / np.maximum(held, 1e-12))[:, None]
    return per_source[source, state.pair_key % n_l]


def _hires(state: _State, value: np.ndarray, k: int, rates: Rates, extra: Extra | None,
           entry_sector: np.ndarray, n_s: int, noise: Noise | None = None) -> np.ndarray:  # fmt: skip
    """The step's hires: the sector's stock times the hire rate (plus the extra people),
    split by the hires' share of women, into the step's hire rows."""
    sector_stock = np.bincount(entry_sector, value, minlength=n_s)
    hired = sector_stock[:, None] * rates.hire
    if noise is not None:
        hired = hired * noise.factor(hired, noise.hire)
    if extra is not None:
        hired = hired + extra.hires[k]
    female = rates.hire_female_share
    by_gender = np.stack([hired * (1 - female), hired * female], axis=1)  # [s, g, l]
    index = state.hire_entry[k]
    out = np.zeros(len(value))
    keep = index >= 0
    out[index[keep]] = by_gender[keep]
    return out


class _Grouper:
    """Sums an entry array into the groups of `by` for step k: hire rows (unit -1) are
    spread over the sector's units by their share of the start date's stock."""

    def __init__(self, c: Cohorts, rows: _Rows, state: _State, by: Sequence[str],
                 place_share: np.ndarray) -> None:  # fmt: skip
        self.by = list(by)
        self.labels = {"unit": list(c.units), "sector": list(c.sectors),
                       "education_level": list(c.levels), "gender": list(GENDERS),
                       "age_band": list(AGE_BAND_NAMES)}  # fmt: skip
        sizes = {name: len(values) for name, values in self.labels.items()}
        # Internally the sector is always a dimension (hires are spread by it).
        self.dims = [d for d in DIMENSIONS if d in by or d == "sector"]
        self.sizes = [sizes[d] for d in self.dims]
        self.size = int(np.prod([sizes[d] for d in by])) if by else 1
        self.inner = int(np.prod(self.sizes))
        r = state.row
        # Hire rows come last, so their entries are a tail of the entry arrays.
        self.first_hired = int(np.searchsorted(rows.unit[r] < 0, True))
        self.age0 = rows.age0[r]
        values = {"unit": np.maximum(rows.unit[r], 0), "sector": rows.sector[r],
                  "education_level": state.level, "gender": rows.gender[r]}  # fmt: skip
        self.fixed = np.zeros(len(r), dtype=np.int64)
        self.band_weight = 0
        for d, size in zip(self.dims, self.sizes, strict=True):
            self.fixed = self.fixed * size
            if d == "age_band":
                self.band_weight = 1
            else:
                self.fixed += values[d]
        self.place_share = place_share

    def sums(self, values: np.ndarray, k: int) -> np.ndarray:
        key = self.fixed
        if self.band_weight:
            key = key + _age_band(self.age0 + k)
        shape = self.sizes
        h = self.first_hired
        if "unit" in self.dims and h < len(key):
            own = np.bincount(key[:h], values[:h], minlength=self.inner)
            # Hires: summed with unit 0, then spread over units by the sector's shares.
            new = np.bincount(key[h:], values[h:], minlength=self.inner)
            new = new.reshape(shape)[0]  # [sectors, ...]
            spread = self.place_share.reshape(self.place_share.shape + (1,) * (new.ndim - 1))
            table = own.reshape(shape) + spread * new[None]
        else:
            table = np.bincount(key, values, minlength=self.inner).reshape(shape)
        kept = list(self.dims)
        if "sector" not in self.by:
            table = table.sum(axis=kept.index("sector"))
            kept.remove("sector")
        return table.transpose([kept.index(name) for name in self.by]).reshape(-1)


def rows(grouped: Grouped) -> list[dict[str, object]]:
    """One dict per step and group with something in it: the stock at the step's end and
    each flow over the step, rounded to two decimals."""
    by = grouped.by
    n_steps = len(grouped.dates)
    shape = [len(grouped.labels[name]) for name in by]
    # The group count stated, not -1: an empty registry has none, and -1 cannot be 0.
    flat = np.round(grouped.figures.reshape(n_steps, len(FIGURES), math.prod(shape)), 2)
    keys = ("year", "date", *by, *FIGURES)
    out: list[dict[str, object]] = []
    for k, day in enumerate(grouped.dates):
        table = flat[k]
        present = np.nonzero(np.abs(table).sum(axis=0) > 1e-9)[0]
        coords = np.unravel_index(present, shape) if by else ()
        labels = [np.array(grouped.labels[name], dtype=object)[coord].tolist()
                  for name, coord in zip(by, coords, strict=True)]  # fmt: skip
        n = len(present)
        columns = [[day.year] * n, [day.isoformat()] * n, *labels, *table[:, present].tolist()]
        out.extend(map(dict, map(zip, [keys] * n, zip(*columns, strict=True))))
    return out


def aggregate(cohorts: Cohorts, options: Options, rates: Rates | None = None,
              by: Sequence[str] = ("sector",)) -> list[dict[str, object]]:  # fmt: skip
    """`run` then `rows`: the forecast as one dict per year and group."""
    return rows(run(cohorts, options, rates, by=by))
