"""The forecast's 95% interval holds the actual value about 95% of the time on registries
generated with known rates: many random ones (seeded), each with its own size, rates and
year-to-year variation of the rates; the history's five years give the estimate, the
next five the values the interval must hold. numpy only: the model, not the database."""

from __future__ import annotations

import datetime as dt

import numpy as np

from trithuc.forecasts.history import Estimate, dispersion
from trithuc.forecasts.model import Cohorts, Options, Rates, prepare, simulate
from trithuc.forecasts.needed import BY
from trithuc.forecasts.targets import DRAWS, noise_of, sample_rates, spread

LEVELS = ["bachelor", "master"]
WINDOW, HORIZON = 5, 5
START = dt.date(2020, 1, 1)


def _year(stock: np.ndarray, leave: np.ndarray, hire: np.ndarray, upgrade: float,
          rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:  # fmt: skip
    """One year of the true process, in the model's order: leavers (binomial), upgrades
    from the bachelors left, then hires (Poisson) per person of the year's start."""
    hires = rng.poisson(stock.sum() * hire)
    leavers = rng.binomial(stock, leave)
    stock = stock - leavers
    upgrades = rng.binomial(stock[0], upgrade)
    stock = stock + np.array([-upgrades, upgrades])
    return stock + hires, leavers, hires, upgrades


def one_registry(rng: np.random.Generator,
                 chance: bool = True) -> tuple[list[float], list[tuple[float, float]]]:  # fmt: skip
    """A registry's actual values in HORIZON years (people, share of masters) and the
    forecast's 95% interval of each, fitted on its WINDOW years of history; without
    `chance`, the interval of the rates' uncertainty alone (as before issue 15's fix)."""
    size = int(rng.integers(200, 5000))
    leave = rng.uniform(0.02, 0.08, 2)
    hire = np.array([rng.uniform(0.02, 0.07), rng.uniform(0.0, 0.02)])
    upgrade = rng.uniform(0.02, 0.10)
    phi = rng.choice([0.0, 0.01, 0.04])  # how much the rates move from year to year

    def moved() -> float:
        return rng.gamma(1 / phi, phi) if phi else 1.0

    stock = np.array([size, int(size * rng.uniform(0.05, 0.3))])
    exposure = np.zeros((WINDOW, 1, 2))
    leavers, hires = np.zeros((WINDOW, 1, 2)), np.zeros((WINDOW, 1, 2))
    upgrades = np.zeros((WINDOW, 1, 2, 2))
    for y in range(WINDOW):
        exposure[y, 0] = stock
        f = moved()
        stock, left, hired, up = _year(stock, np.minimum(leave * f, 1), hire * moved(),
                                       min(upgrade * moved(), 1), rng)  # fmt: skip
        leavers[y, 0], hires[y, 0], upgrades[y, 0, 0, 1] = left, hired, up
    # Everyone is young: nobody retires within the horizon (the roadmap is tested apart).
    cohorts = Cohorts(levels=LEVELS, units=["01273"], sectors=["health"],
                      unit=np.zeros(1, dtype=np.int64), sector=np.zeros(1, dtype=np.int64),
                      gender=np.zeros(1, dtype=np.int64), birth_month=np.array([1995 * 12]),
                      titled=np.zeros(1, dtype=bool), train_year=np.zeros(1, dtype=np.int64),
                      train_level=np.full(1, -1), stock=stock[None, :].astype(float))  # fmt: skip
    x = exposure.sum(axis=0)
    rates = Rates(leave=leavers.sum(axis=0) / x, hire=hires.sum(axis=0) / x.sum(),
                  upgrade=upgrades.sum(axis=0) / (x - leavers.sum(axis=0))[:, :, None],
                  hire_age_months=np.full(2, 300),
                  hire_female_share=np.zeros((1, 2)))  # fmt: skip
    estimate = Estimate(cohorts, (START, START), x, leavers.sum(axis=0), hires.sum(axis=0),
                        upgrades.sum(axis=0), rates, exposure, leavers, hires, upgrades)  # fmt: skip
    for _ in range(HORIZON):
        stock = _year(stock, np.minimum(leave * moved(), 1), hire * moved(),
                      min(upgrade * moved(), 1), rng)[0]  # fmt: skip
    prepared = prepare(cohorts, Options(start=START, to_year=START.year + HORIZON), BY)
    if not chance:
        estimate.yearly_exposure = None  # no year-to-year variation known
    draws = [simulate(prepared, sample_rates(estimate, rng),
                      noise=noise_of(estimate, rng) if chance else None)
             .figure("stock")[-1].sum(axis=(0, 2)) for _ in range(DRAWS)]  # fmt: skip
    people = np.array([d.sum() for d in draws])
    share = np.array([100 * d[1] / d.sum() for d in draws])
    actual = [float(stock.sum()), 100 * stock[1] / stock.sum()]
    return actual, [spread(people), spread(share, share=True)]


def coverage(registries: int, chance: bool = True) -> tuple[int, int]:
    rng = np.random.default_rng(2026)
    inside = total = 0
    for _ in range(registries):
        actual, intervals = one_registry(rng, chance)
        for value, (low, high) in zip(actual, intervals, strict=True):
            inside += low <= value <= high
            total += 1
    return inside, total


def test_the_95_interval_holds_the_actual_value_about_95_times_in_100() -> None:
    inside, total = coverage(60)
    assert inside / total >= 0.9, f"{inside} of {total}"


def test_the_rates_uncertainty_alone_was_too_narrow() -> None:
    """What the interval missed before: each year's chance and the rates' moves."""
    inside, total = coverage(30, chance=False)
    assert inside / total < 0.8, f"{inside} of {total}"


def test_dispersion_is_zero_for_poisson_counts_and_finds_yearly_variation() -> None:
    rng = np.random.default_rng(7)
    exposure = np.full((40, 20), 2000.0)
    steady = rng.poisson(exposure * 0.05)
    assert dispersion(steady, exposure) < 0.002
    varying = rng.poisson(exposure * 0.05 * rng.gamma(25, 1 / 25, (40, 1)))
    assert 0.02 < dispersion(varying, exposure) < 0.07  # φ = 1/25
