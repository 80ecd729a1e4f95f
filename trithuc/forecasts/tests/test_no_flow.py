"""The "no-flow" scenario is exact: each year's stock is the registry on the start date
minus the people whose last day of work (Labour Code 2019 roadmap) came before."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import pytest

from trithuc.forecasts.model import add_years
from trithuc.forecasts.services import Request, forecast
from trithuc.indicators.tests.factories import Degree, Job, Spec, make_person
from trithuc.lib.retirement import add_months, retirement_date
from trithuc.people.counting import started_by

pytestmark = pytest.mark.django_db
UNITS = ["01273", "01279", "20"]
SECTORS = ["education", "health", "agriculture"]
LEVELS = ["college", "bachelor", "master", "doctor", "specialist_2"]
TYPES = ["civil_servant", "public_employee", "retired"]


def random_registry(rng: random.Random, size: int) -> list[Spec]:
    specs = []
    for _ in range(size):
        birth = dt.date(rng.randint(1955, 2002), rng.randint(1, 12), rng.randint(1, 28))
        jobs = []
        day = rng.choice([None, dt.date(rng.randint(1985, 2024), rng.randint(1, 12), 1)])
        for _ in range(rng.randint(1, 3)):
            end = add_months(day or dt.date(2000, 1, 1), rng.randint(6, 240))
            jobs.append(Job(rng.choice(UNITS), sector=rng.choice(SECTORS),
                            employment_type=rng.choice(TYPES), valid_from=day, valid_to=end))  # fmt: skip
            day = end
        if rng.random() < 0.7:
            jobs[-1].valid_to = None
        degrees = [Degree(rng.choice(LEVELS), dt.date(rng.randint(2000, 2030), 6, 1))]
        specs.append(Spec(birth_date=birth, gender=rng.choice(["male", "female"]), jobs=jobs,
                          degrees=degrees))  # fmt: skip
    return specs


def working_on(spec: Spec, day: dt.date) -> Job | None:
    for job in spec.jobs:
        if (started_by(job.valid_from, spec.birth_date, day) and spec.birth_date <= day
                and (job.valid_to is None or job.valid_to > day)):  # fmt: skip
            return None if job.employment_type == "retired" else job
    return None


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_no_flow_is_the_start_minus_retirements(seed: int) -> None:
    rng = random.Random(seed)
    specs = random_registry(rng, 60)
    for spec in specs:
        make_person(spec)
    start = dt.date(2024, rng.randint(1, 12), rng.randint(1, 28))
    result = forecast(Request(as_of=start, to_year=2045, scenario="no-flow", by=("sector",)))
    got = {(row["year"], row["sector"]): row for row in result["rows"]}
    at_start = [(spec, working_on(spec, start)) for spec in specs]
    at_start = [(spec, job) for spec, job in at_start if job is not None]
    assert at_start
    for k in range(0, 2045 - start.year + 1):
        day = add_years(start, k)
        expected = Counter(job.sector for spec, job in at_start
                           if k == 0 or retirement_date(spec.birth_date, spec.gender) >= day)  # fmt: skip
        for sector in SECTORS:
            row = got.get((day.year, sector))
            assert (row["stock"] if row else 0) == expected[sector], (day, sector)
            if row:
                assert row["hires"] == row["leavers"] == row["upgrades_in"] == 0
    # Every year's retirements close the gap between two stocks.
    for (year, sector), row in got.items():
        before = got.get((year - 1, sector))
        if before:
            assert before["stock"] - row["retirements"] == row["stock"]
