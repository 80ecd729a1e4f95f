"""Rates estimated from a synthetic history generated with known rates, and the baseline
scenario's bookkeeping."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pytest

from trithuc.forecasts.cohorts import load
from trithuc.forecasts.history import estimate, interval
from trithuc.forecasts.model import Options, Rates, rows, run
from trithuc.forecasts.services import Request, forecast
from trithuc.indicators.tests.factories import Degree, Job, Spec, make_person

pytestmark = pytest.mark.django_db
LEAVE, HIRE, UPGRADE = 0.06, 0.08, 0.10
START = dt.date(2024, 1, 1)
YEARS = range(2019, 2024)


def synthetic_history(rng: random.Random, size: int) -> None:
    """`size` bachelors in health since 2010; each year a person leaves with probability
    LEAVE, a bachelor gets a master's with probability UPGRADE, and HIRE times the stock
    on 1 January are hired, all on a random day of the year."""

    def day_in(year: int) -> dt.date:
        return dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))

    people = [{"from": dt.date(2010, 1, 1), "to": None, "master": None} for _ in range(size)]
    for year in YEARS:
        active = [p for p in people if p["to"] is None]
        hires = round(HIRE * len(active))
        for person in active:
            if person["master"] is None and rng.random() < UPGRADE:
                person["master"] = day_in(year)
            if rng.random() < LEAVE:
                person["to"] = max(day_in(year), (person["master"] or dt.date.min)
                                   + dt.timedelta(days=1))  # fmt: skip
        people += [{"from": day_in(year), "to": None, "master": None} for _ in range(hires)]
    for person in people:
        degrees = [Degree("bachelor", dt.date(2008, 6, 1))]
        if person["master"]:
            degrees.append(Degree("master", person["master"]))
        birth = dt.date(rng.randint(1975, 1995), rng.randint(1, 12), 1)
        make_person(Spec(birth_date=birth, gender=rng.choice(["male", "female"]),
                         jobs=[Job("01273", sector="health", valid_from=person["from"],
                                   valid_to=person["to"])], degrees=degrees))  # fmt: skip


def test_known_rates_are_recovered_within_their_interval() -> None:
    synthetic_history(random.Random(2), 400)
    start = load(START)
    found = estimate(start, START, 5)
    s = start.sectors.index("health")
    bachelor, master = start.levels.index("bachelor"), start.levels.index("master")
    exposure = found.exposure[s]
    leave_low, leave_high = interval(found.leavers[s].sum(), exposure.sum())
    assert leave_low <= LEAVE <= leave_high
    assert found.leavers[s].sum() / exposure.sum() == pytest.approx(LEAVE, rel=0.3)
    hire_low, hire_high = interval(found.hires[s].sum(), exposure.sum())
    assert hire_low <= HIRE <= hire_high
    assert found.rates.hire[s].sum() == pytest.approx(HIRE, rel=0.3)
    up_low, up_high = interval(found.upgrades[s, bachelor, master], exposure[bachelor])
    assert up_low <= UPGRADE <= up_high
    assert found.rates.upgrade[s, bachelor, master] == pytest.approx(UPGRADE, rel=0.3)
    # Year by year, the same counts; steady rates vary from year to year by chance only.
    assert (found.yearly_leavers.sum(axis=0) == found.leavers).all()
    assert (found.yearly_hires.sum(axis=0) == found.hires).all()
    assert (found.yearly_upgrades.sum(axis=0) == found.upgrades).all()
    assert found.yearly_exposure.shape[0] == 5 and found.yearly_leavers[:, s].sum(axis=1).all()
    assert max(found.dispersion()) < 0.05
    # Hires are in their twenties to forties here (born 1975–1995, hired 2019–2023).
    assert 24 * 12 <= found.rates.hire_age_months[bachelor] <= 48 * 12


def test_baseline_books_balance() -> None:
    synthetic_history(random.Random(11), 120)
    result = forecast(Request(as_of=START, to_year=2035, by=("sector", "education_level")))
    rows = {(r["year"], r["sector"], r["education_level"]): r for r in result["rows"]}
    assert result["rates"]["by_sector_and_level"]
    flows = 0.0
    for (year, sector, level), row in rows.items():
        before = rows.get((year - 1, sector, level), {"stock": 0.0})
        if year == START.year:
            continue
        change = (row["hires"] + row["upgrades_in"] - row["upgrades_out"] - row["leavers"]
                  - row["retirements"])  # fmt: skip
        assert row["stock"] == pytest.approx(before["stock"] + change, abs=0.05)
        flows += row["hires"] + row["leavers"] + row["upgrades_in"]
    assert flows > 0


def test_model_applies_rates_and_training() -> None:
    from trithuc.forecasts.model import Cohorts

    levels = ["bachelor", "master", "doctor"]
    # 1,000 young bachelors; 100 of them in training for a doctorate until 2026.
    cohorts = Cohorts(
        levels=levels, units=["01273"], sectors=["health"],
        unit=np.array([0, 0]), sector=np.array([0, 0]), gender=np.array([0, 1]),
        birth_month=np.array([1995 * 12, 1995 * 12]), titled=np.array([False, False]),
        train_year=np.array([0, 2026]), train_level=np.array([-1, 2]),
        stock=np.array([[900.0, 0, 0], [100.0, 0, 0]]),
    )  # fmt: skip
    upgrade = np.zeros((1, 3, 3))
    upgrade[0, 0, 1] = 0.1
    rates = Rates(leave=np.full((1, 3), 0.05), hire=np.zeros((1, 3)), upgrade=upgrade,
                  hire_age_months=np.full(3, 300), hire_female_share=np.full((1, 3), 0.5))  # fmt: skip
    result = run(cohorts, Options(start=START, to_year=2027), rates, by=["education_level"])
    by_level = {(r["year"], r["education_level"]): r for r in rows(result)}
    # 2025: 5% leave, then 10% of the 855 bachelors not in training move up.
    assert by_level[(2025, "bachelor")]["leavers"] == pytest.approx(50)
    assert by_level[(2025, "master")]["stock"] == pytest.approx(85.5)
    # 2026: the 100 × 0.95 × 0.95 still there complete their doctorate.
    assert by_level[(2026, "doctor")]["stock"] == pytest.approx(90.25)
    assert by_level[(2026, "doctor")]["upgrades_in"] == pytest.approx(90.25)
