"""The "needed" scenario: its solution, run through the model again from scratch, meets
every target on time, and no lever could be smaller without a target missed."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pytest

from trithuc.forecasts.model import Extra, Options, prepare, run
from trithuc.forecasts.needed import BY, Goal, solve, stock_at
from trithuc.forecasts.tests.test_model_reference import LEVELS, random_case

START = dt.date(2025, 6, 30)
ALL = np.ones(3, dtype=bool)
BOTH = np.ones(2, dtype=bool)


def levels(*codes: str) -> np.ndarray:
    return np.array([code in codes for code in LEVELS])


def goals() -> list[Goal]:
    every = levels(*LEVELS)
    return [
        # Postgraduates (master and above) at least 85% of education by 2030.
        Goal("pg_edu", 2030, ">=", 85.0, True, np.array([True, False, False]), BOTH, every,
             levels("master", "doctor", "doctor_of_science")),
        # At least 150 doctors (and above) in the whole workforce by 2035.
        Goal("doctors", 2035, ">=", 150.0, False, ALL, BOTH, every,
             levels("doctor", "doctor_of_science")),
        # Women with a bachelor's or more: over 98% of women in health by 2032.
        Goal("women_health", 2032, ">", 98.0, True, np.array([False, True, False]),
             np.array([False, True]), every, levels("bachelor", "master", "doctor",
                                                    "doctor_of_science")),
        # A cap the solver leaves alone, and one already met.
        Goal("cap", 2040, "<=", 100.0, True, ALL, BOTH, every, every),
        Goal("easy", 2030, ">=", 1.0, False, ALL, BOTH, every, every),
    ]  # fmt: skip


@pytest.mark.parametrize("seed", [1, 2, 4])
def test_the_solution_meets_every_target_in_a_rerun(seed: int) -> None:
    c, rates = random_case(seed)
    options = Options(start=START, to_year=2045)
    solution = solve(prepare(c, options, BY), rates, goals())
    assert solution.reasons["cap"] == "cap"
    assert solution.reasons["easy"] == "met"
    rerun = run(c, options, rates, by=BY, extra=solution.extra).figure("stock")
    for goal in goals():
        k = goal.year - START.year
        assert goal.met(rerun[k]), (goal.key, goal.measure(rerun[k]))
        assert solution.met[goal.key]
    sized = {lever.goal: lever for lever in solution.levers}
    assert {"pg_edu", "doctors", "women_health"} <= set(sized)
    # The baseline alone misses them: the levers do the work.
    base = run(c, options, rates, by=BY).figure("stock")
    for key in ("pg_edu", "doctors", "women_health"):
        goal = next(g for g in goals() if g.key == key)
        assert not goal.met(base[goal.year - START.year])
    # A goal may be met by the others' levers alone (its own then stays at zero).
    assert sum(sized[key].size > 0 for key in ("pg_edu", "doctors", "women_health")) >= 2


@pytest.mark.parametrize("seed", [1, 2])
def test_no_lever_could_be_smaller(seed: int) -> None:
    c, rates = random_case(seed)
    options = Options(start=START, to_year=2045)
    prepared = prepare(c, options, BY)
    solution = solve(prepared, rates, goals())
    by_key = {g.key: g for g in goals()}
    assert any(lever.size > 0 for lever in solution.levers)
    for lever in solution.levers:
        if lever.size == 0:  # its goal is met by the others' levers
            continue
        smaller = Extra(solution.extra.hires.copy(), solution.extra.upgrades.copy())
        lever.add_to(smaller, -0.03 * lever.size)
        rerun = run(c, options, rates, by=BY, extra=smaller).figure("stock")
        missed = [g for g in by_key.values() if not g.met(rerun[g.year - START.year])]
        assert missed, lever.goal


def test_upgrades_that_run_out_give_way_to_hires() -> None:
    c, rates = random_case(1)
    options = Options(start=START, to_year=2045)
    # 90% postgraduates in trade by 2027: not enough bachelors below to upgrade in time.
    goal = Goal("all_pg", 2027, ">=", 90.0, True, np.array([False, False, True]), BOTH,
                levels(*LEVELS), levels("master", "doctor", "doctor_of_science"))  # fmt: skip
    solution = solve(prepare(c, options, BY), rates, [goal])
    assert solution.met["all_pg"]
    (lever,) = solution.levers
    assert lever.kind == "hire"
    assert lever.to_level == LEVELS.index("master")
    assert lever.weights[:2].sum() == 0  # trade only
    rerun = run(c, options, rates, by=BY, extra=solution.extra).figure("stock")
    assert goal.met(rerun[2027 - START.year])


def test_a_target_year_already_here_has_no_lever() -> None:
    c, rates = random_case(1)
    options = Options(start=START, to_year=2045)
    goal = dataclasses.replace(goals()[0], key="now", year=2025)
    solution = solve(prepare(c, options, BY), rates, [goal])
    assert solution.reasons["now"] == "past"
    assert not solution.levers
    assert stock_at(solution.grouped, 0).sum() == pytest.approx(c.stock.sum())


def test_a_share_out_of_reach_is_said_so() -> None:
    c, rates = random_case(1)
    options = Options(start=START, to_year=2045)
    # Each master hired brings the sector's usual hires of every level: 99.5% in two
    # years cannot be reached.
    goal = Goal("all_pg", 2027, ">=", 99.5, True, np.array([False, False, True]), BOTH,
                levels(*LEVELS), levels("master", "doctor", "doctor_of_science"))  # fmt: skip
    solution = solve(prepare(c, options, BY), rates, [goal])
    assert not solution.met["all_pg"]
    assert solution.reasons["all_pg"] == "unreachable"
