"""The forecast model (issue 15): a province of N people in all units × sectors × levels,
baseline scenario (leavers, hires, upgrades, training, retirements) to 2045, grouped by
unit, sector and level.

    .venv/bin/python bench/bench_forecasts.py [--people 100000] [--to 2045] [--repeat 3]

Measures the model alone (numpy, `trithuc.forecasts.model.run`, then `rows`) on cohorts
built the way `forecasts.cohorts.load` builds them from the grouped frame query; the
query itself is the registry's counting and is measured by bench_registry/bench_indicators.
The floor is one `np.unique` over the people's attributes (what building cohorts costs).
Target: under 1 s at 100,000 people, under 10 s at 1,000,000.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from trithuc.forecasts.model import Cohorts, Options, Rates, prepare, rows, run  # noqa: E402
from trithuc.forecasts.needed import BY, Goal, solve  # noqa: E402

LEVELS = ["none", "elementary", "intermediate", "college", "bachelor", "master",
          "specialist_1", "resident", "specialist_2", "doctor", "doctor_of_science"]  # fmt: skip
UNITS, SECTORS = 120, 14


def cohorts(people: int, rng: np.random.Generator) -> tuple[Cohorts, float]:
    columns = np.stack([
        rng.integers(0, UNITS, people), rng.integers(0, SECTORS, people),
        rng.integers(0, 2, people), rng.integers(1962 * 12, 2003 * 12, people),
        rng.random(people) < 0.01, np.where(rng.random(people) < 0.05, rng.integers(2025, 2030, people), 0),
        rng.integers(3, 9, people),
    ], axis=1)  # fmt: skip
    columns[:, 6] = np.where(columns[:, 5] > 0, np.minimum(columns[:, 6] + 2, 9), -1)
    level = rng.choice(len(LEVELS), people, p=[0.02, 0.02, 0.1, 0.16, 0.5, 0.12, 0.03, 0.01,
                                                 0.01, 0.025, 0.005])  # fmt: skip
    began = time.perf_counter()
    keys, inverse = np.unique(columns, axis=0, return_inverse=True)
    stock = np.zeros((len(keys), len(LEVELS)))
    np.add.at(stock, (inverse.reshape(-1), level), 1.0)
    floor = time.perf_counter() - began
    return Cohorts(
        levels=LEVELS, units=[f"{i:05d}" for i in range(UNITS)],
        sectors=[f"s{i}" for i in range(SECTORS)], unit=keys[:, 0], sector=keys[:, 1],
        gender=keys[:, 2], birth_month=keys[:, 3], titled=keys[:, 4].astype(bool),
        train_year=keys[:, 5], train_level=keys[:, 6], stock=stock,
    ), floor  # fmt: skip


def rates(rng: np.random.Generator) -> Rates:
    n = len(LEVELS)
    upgrade = np.zeros((SECTORS, n, n))
    for a, b in ((3, 4), (4, 5), (4, 6), (5, 9), (6, 8), (9, 10)):
        upgrade[:, a, b] = rng.uniform(0.005, 0.04, SECTORS)
    return Rates(leave=rng.uniform(0.01, 0.05, (SECTORS, n)),
                 hire=rng.uniform(0, 0.01, (SECTORS, n)), upgrade=upgrade,
                 hire_age_months=np.full(n, 26 * 12), hire_female_share=np.full((SECTORS, n), 0.5))  # fmt: skip


def goals() -> list[Goal]:
    """A plan's targets: postgraduates (master and above) at least 40% in every sector by
    2030, university or above 75% of the whole workforce by 2030, 2,600 doctors by 2035."""
    every = np.ones(len(LEVELS), dtype=bool)
    rank = np.arange(len(LEVELS))
    out = [
        Goal(f"pg_{s}", 2030, ">=", 40.0, True, np.arange(SECTORS) == s, np.ones(2, dtype=bool),
             every, rank >= LEVELS.index("master"))
        for s in range(SECTORS)
    ]  # fmt: skip
    out.append(Goal("university", 2030, ">=", 75.0, True, np.ones(SECTORS, dtype=bool),
                    np.ones(2, dtype=bool), every, rank >= LEVELS.index("bachelor")))  # fmt: skip
    out.append(Goal("doctors", 2035, ">=", 2600.0, False, np.ones(SECTORS, dtype=bool),
                    np.ones(2, dtype=bool), every, rank >= LEVELS.index("doctor")))  # fmt: skip
    return out


def timed(repeat: int, work) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    best, value = float("inf"), None
    for _ in range(repeat):
        began = time.perf_counter()
        value = work()
        best = min(best, time.perf_counter() - began)
    return best, value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--to", type=int, default=2045)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rng = np.random.default_rng(15)
    start, floor = cohorts(args.people, rng)
    flows = rates(rng)
    options = Options(start=dt.date(2025, 12, 31), to_year=args.to)
    by = ["unit", "sector", "education_level"]
    model, grouped = timed(args.repeat, lambda: run(start, options, flows, by=by))
    as_rows, out = timed(args.repeat, lambda: rows(grouped))
    no_flow, _ = timed(args.repeat, lambda: run(start, options, None, by=by))
    sectors, _ = timed(
        args.repeat, lambda: run(start, options, flows, by=["sector", "education_level"])
    )
    plan = goals()
    needed, solution = timed(args.repeat, lambda: solve(prepare(start, options, BY), flows, plan))
    target = 1.0 if args.people <= 100_000 else 10.0 * args.people / 1_000_000
    load = os.getloadavg()[0]
    print(f"people: {args.people:,}, cohorts: {len(start.unit):,}, to {args.to}, "
          f"load average {load:.1f}")  # fmt: skip
    print(f"baseline, grouped by unit × sector × level (arrays): {model:.3f} s "
          f"(best of {args.repeat}); target < {target:g} s: {'met' if model < target else 'MISSED'}")  # fmt: skip
    print(f"  … as {len(out):,} rows of dicts (what the JSON holds): +{as_rows:.3f} s")  # type: ignore[arg-type]
    print(f"baseline, grouped by sector × level: {sectors:.3f} s")
    print(f"no-flow, grouped by unit × sector × level: {no_flow:.3f} s")
    met = sum(solution.met.values())  # type: ignore[attr-defined]
    levers = sum(1 for lever in solution.levers if lever.size > 0)  # type: ignore[attr-defined]
    needed_target = 3.0 * max(1.0, args.people / 100_000)
    print(f"needed: {len(plan)} targets, {levers} levers > 0, {met} met in the re-run: "
          f"{needed:.3f} s; target < {needed_target:g} s: "
          f"{'met' if needed < needed_target else 'MISSED'}")  # fmt: skip
    print(f"floor (np.unique over the people's attributes): {floor:.3f} s; "
          f"baseline / floor {model / max(floor, 1e-9):.1f}x")  # fmt: skip
    return 0 if model < target and needed < needed_target else 1


if __name__ == "__main__":
    raise SystemExit(main())
