"""Property-based: random small registries with history; every built-in indicator, for
random units, sectors and dates, equals a plain-Python computation of its definition.

The reference below reads the JSON definitions itself (it shares only the code lists
with the code under test) and walks people one by one, the way one would count by hand.
Dates are drawn around the as-of date so the boundaries come up often: a person who
turns 40 that day, a degree awarded that day, a move between units that day, a
retirement that day, a period that ends that day (end dates are exclusive).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from trithuc.indicators.models import Indicator, Target
from trithuc.indicators.snapshots import refresh_snapshot
from trithuc.indicators.tests.factories import Degree, Job, Spec, make_person, province_of
from trithuc.indicators.values import Evaluator
from trithuc.people.models import Person

pytestmark = pytest.mark.django_db
UNITS = ["04", "01273", "01279", "20"]  # Cao Bằng, two of its communes, Lạng Sơn
SECTORS = ["agriculture", "education", "health"]
# State staff drawn more often, so the shares' denominators are rarely empty.
TYPES = ["civil_servant", "public_employee", "cadre", "civil_servant", "public_employee",
         "contract_worker", "retired"]  # fmt: skip
LEVELS = ["none", "college", "bachelor", "master", "specialist_2", "doctor",
          "doctor_of_science"]  # fmt: skip
ETHNICITIES = ["01", "02", "07"]
# --- the reference ---------------------------------------------------------------------


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def rank(level: str) -> int:
    from trithuc.codelists.services import rank as code_rank

    return code_rank("education_level", level) or 0


def macro(value: Any) -> Any:
    from trithuc.codelists import services

    lists = {
        "@state_staff": lambda: ["cadre", "civil_servant", "public_employee"],
        "@civil_and_public_servants": lambda: ["civil_servant", "public_employee"],
        "@university_or_higher": services.university_or_higher_levels,
        "@postgraduate": services.postgraduate_levels,
        "@doctorate": lambda: services.codes_at_or_above("education_level", "doctor"),
        "@ethnic_minority": services.ethnic_minority_codes,
    }
    return lists[value]() if isinstance(value, str) and value in lists else value


def holds(row: dict[str, Any], definition: dict[str, Any], sector: str) -> bool:
    for key, raw in definition.items():
        name, _, lookup = key.partition("__")
        if raw == "{sector}":
            if sector and row["sector"] != sector:
                return False
            continue
        value, actual = macro(raw), row[name]
        if name in {"education_level", "level"}:
            actual = rank(actual)
            value = [rank(v) for v in value] if isinstance(value, list) else rank(value)
        ok = {
            "": lambda a, v: a == v, "in": lambda a, v: a in v,
            "not_in": lambda a, v: a not in v, "ne": lambda a, v: a != v,
            "lt": lambda a, v: a < v, "lte": lambda a, v: a <= v,
            "gt": lambda a, v: a > v, "gte": lambda a, v: a >= v,
        }[lookup](actual, value)  # fmt: skip
        if not ok:
            return False
    return not sector or row["sector"] == sector


def in_area(job: Job, unit: str) -> bool:
    return province_of(job.unit) == unit if len(unit) == 2 else job.unit == unit


def job_on(spec: Spec, day: dt.date) -> Job | None:
    """The job held on `day`; a job without a start counts from the 18th birthday."""
    eighteen = (spec.birth_date.year + 18, spec.birth_date.month, spec.birth_date.day)
    for job in spec.jobs:
        started = (
            job.valid_from <= day if job.valid_from else (day.year, day.month, day.day) >= eighteen
        )
        if started and (job.valid_to is None or job.valid_to > day):
            return job
    return None


# What a degree's holder had before it (the entry level), as documented in
# people.counting; written out here so the reference does not read the code under test.
ENTRY_LEVEL = {"master": "bachelor", "specialist_1": "bachelor", "resident": "bachelor",
               "doctor": "bachelor", "specialist_2": "specialist_1",
               "doctor_of_science": "doctor"}  # fmt: skip


def level_on(degrees: Sequence[Degree], day: dt.date) -> str:
    held = [
        d.level if d.awarded_on is None or d.awarded_on <= day else ENTRY_LEVEL.get(d.level, "none")
        for d in degrees
    ]
    return max(held, key=rank) if held else "none"


def row_of(spec: Spec, job: Job, day: dt.date) -> dict[str, Any]:
    level = level_on(spec.degrees, day)
    return {
        "sector": job.sector, "employment_type": job.employment_type,
        "is_leader": job.is_leader, "workplace_unit": job.unit,
        "province_code": province_of(job.unit), "gender": spec.gender,
        "ethnicity": spec.ethnicity, "upskilled_to_standard": spec.upskilled_to_standard,
        "continuing_education": spec.continuing_education, "expert_field": spec.expert_field,
        "is_expert": bool(spec.expert_field), "education_level": level,
        "education_rank": rank(level), "age": age_on(spec.birth_date, day),
    }  # fmt: skip


def expected(indicator: Indicator, people: list[Spec], unit: str, sector: str, day: dt.date,
             start: dt.date) -> tuple[int, int]:  # fmt: skip
    if indicator.kind == "events":
        return expected_events(indicator, people, unit, sector, day, start), 0
    count = base = 0
    for spec in people:
        job = job_on(spec, day)
        if spec.birth_date > day or job is None or not in_area(job, unit):
            continue
        row = row_of(spec, job, day)
        if holds(row, indicator.population, sector):
            base += 1
            if indicator.kind != "share" or holds(row, indicator.numerator, ""):
                count += 1
    return count, (base if indicator.kind == "share" else 0)


def expected_events(indicator: Indicator, people: list[Spec], unit: str, sector: str,
                    day: dt.date, start: dt.date) -> int:  # fmt: skip
    found = 0
    for spec in people:
        dates = [d.awarded_on for d in spec.degrees
                 if d.awarded_on is not None and holds({"level": d.level}, indicator.event_filter, "")]  # fmt: skip
        if not dates:
            continue
        first = min(dates)
        job = job_on(spec, first)
        if not (start <= first <= day) or job is None or not in_area(job, unit):
            continue
        if holds(row_of(spec, job, first), indicator.population, sector):
            found += 1
    return found


# --- random registries -----------------------------------------------------------------


@dataclass
class Registry:
    day: dt.date
    people: list[Spec]


# Every example writes to the database, so shrinking a failure would take minutes: a
# failure is reported as found (the explicit boundary examples below are small already).
SETTINGS = settings(
    max_examples=25,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
DAY = dt.date(2026, 11, 22)
BOUNDARIES = [
    # turns 40 on the as-of date (a leader), and one who turns 40 the day after
    Registry(
        DAY,
        [
            Spec(birth_date=dt.date(1986, 11, 22), jobs=[Job("04", is_leader=True)]),
            Spec(birth_date=dt.date(1986, 11, 23), jobs=[Job("04", is_leader=True)]),
        ],
    ),
    # a master's degree awarded on the as-of date, a doctorate the day after
    Registry(
        DAY,
        [
            Spec(degrees=[Degree("bachelor", dt.date(2010, 1, 1)), Degree("master", DAY)]),
            Spec(degrees=[Degree("doctor", DAY + dt.timedelta(days=1))]),
        ],
    ),
    # moved from one commune to another on the as-of date
    Registry(
        DAY,
        [
            Spec(
                jobs=[Job("01273", valid_to=DAY), Job("01279", valid_from=DAY)],
                degrees=[Degree("doctor", DAY)],
            )
        ],
    ),
    # retired on the as-of date; left the registry the day before
    Registry(
        DAY,
        [
            Spec(
                jobs=[Job("04", valid_to=DAY), Job("04", "education", "retired", DAY)],
                degrees=[Degree("master", None)],
                expert_field="Hóa học",
            ),
            Spec(jobs=[Job("20", valid_to=DAY - dt.timedelta(days=1))]),
        ],
    ),
]


@st.composite
def registries(draw: Any, first: dt.date = dt.date(2015, 1, 1)) -> Registry:
    day = draw(st.dates(first, dt.date(2026, 11, 22)))
    one = dt.timedelta(days=1)

    def near() -> dt.date:
        return draw(st.one_of(st.sampled_from([day - one, day, day + one]),
                              st.dates(dt.date(2008, 1, 1), dt.date(2027, 12, 31))))  # fmt: skip

    people = [draw(_person(day, near)) for _ in range(draw(st.integers(1, 7)))]
    return Registry(day, people)


@st.composite
def _person(draw: Any, day: dt.date, near: Any) -> Spec:
    from trithuc.indicators.definitions import years_before

    if draw(st.booleans()):
        shift = dt.timedelta(days=draw(st.sampled_from([-1, 0, 1])))
        birth = years_before(day, draw(st.sampled_from([39, 40, 41]))) + shift
    else:
        birth = draw(st.dates(dt.date(1955, 1, 1), dt.date(2004, 12, 31)))
    cuts = sorted({near() for _ in range(draw(st.integers(0, 2)))})
    starts: list[dt.date | None] = [draw(st.one_of(st.none(), st.just(dt.date(2005, 1, 1)))),
                                    *cuts]  # fmt: skip
    ends: list[dt.date | None] = [*cuts, draw(st.one_of(st.none(), st.none(), st.just(near())))]
    jobs = []
    for valid_from, valid_to in zip(starts, ends, strict=True):
        if valid_from and valid_to and valid_to <= valid_from:
            valid_to = valid_from + dt.timedelta(days=1)
        jobs.append(Job(draw(st.sampled_from(UNITS)), draw(st.sampled_from(SECTORS)),
                        draw(st.sampled_from(TYPES)), valid_from, valid_to,
                        draw(st.booleans())))  # fmt: skip
    degrees = [Degree(draw(st.sampled_from(LEVELS)), draw(st.one_of(st.none(), st.just(near()))))
               for _ in range(draw(st.integers(0, 3)))]  # fmt: skip
    return Spec(
        birth_date=birth, gender=draw(st.sampled_from(["male", "female"])),
        ethnicity=draw(st.sampled_from(ETHNICITIES)),
        upskilled_to_standard=draw(st.booleans()), continuing_education=draw(st.booleans()),
        expert_field=draw(st.sampled_from(["", "Thủy lợi"])), jobs=jobs, degrees=degrees,
    )  # fmt: skip


def store(registry: Registry) -> None:
    Person.objects.all().delete()
    for spec in registry.people:
        make_person(spec)


def targets_for(unit: str, sector: str, start: dt.date) -> list[Target]:
    return [
        Target(indicator=indicator, unit_code=unit, sector=sector, year=2030, comparator=">=",
               value=1, baseline_value=3, period_start=start, plan_reference="P")
        for indicator in Indicator.objects.exclude(kind="reported")
    ]  # fmt: skip


def check(evaluator: Evaluator, registry: Registry, unit: str, sector: str,
          start: dt.date) -> None:  # fmt: skip
    for row in evaluator.evaluate_all(targets_for(unit, sector, start)):
        indicator = row.target.indicator
        assert indicator is not None
        want = expected(indicator, registry.people, unit, sector, registry.day, start)
        got = (row.count, row.base or 0)
        assert got == want, (indicator.code, unit, sector, registry.day)
        if indicator.kind == "ratio":
            assert row.value == pytest.approx(want[0] / 3)


def check_everywhere(evaluator: Evaluator, registry: Registry, start: dt.date) -> None:
    for unit in UNITS:
        for sector in ["", *SECTORS]:
            check(evaluator, registry, unit, sector, start)


@SETTINGS
@given(registry=registries(), start=st.dates(dt.date(2010, 1, 1), dt.date(2026, 11, 22)))
@example(registry=BOUNDARIES[0], start=dt.date(2020, 1, 1))
@example(registry=BOUNDARIES[1], start=DAY)
@example(registry=BOUNDARIES[2], start=DAY)
@example(registry=BOUNDARIES[3], start=dt.date(2015, 1, 1))
def test_every_builtin_matches_a_plain_count(registry, start):
    store(registry)
    evaluator = Evaluator(None, as_of=registry.day, use_snapshot=False)
    check_everywhere(evaluator, registry, min(start, registry.day))


@settings(SETTINGS, max_examples=8)
@given(registry=registries(), start_year=st.integers(2015, 2026))
@example(registry=BOUNDARIES[2], start_year=2026)
def test_the_snapshot_matches_a_plain_count(registry, start_year):
    store(registry)
    refresh_snapshot(registry.day)
    evaluator = Evaluator(None, as_of=registry.day)
    assert evaluator.from_snapshot(registry.day)
    check_everywhere(evaluator, registry, dt.date(min(start_year, registry.day.year), 1, 1))
