"""Small registries with history, written straight to the tables (no import needed)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

from trithuc.indicators.models import Target
from trithuc.people.models import Employment, Person, Qualification, TrainingYear
from trithuc.people.periods import sync_current_periods

PLAN = "Ban Thường vụ Tỉnh ủy Cao Bằng"
COMMUNE_A, COMMUNE_B, COMMUNE_C = "01273", "01279", "01288"  # communes of Cao Bằng (04)

_ids = itertools.count(1)


@dataclass
class Job:
    unit: str
    sector: str = "education"
    employment_type: str = "civil_servant"
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    is_leader: bool = False
    agency_id: int | None = None


@dataclass
class Degree:
    level: str
    awarded_on: dt.date | None


@dataclass
class Spec:
    birth_date: dt.date = dt.date(1985, 3, 15)
    gender: str = "male"
    ethnicity: str = "01"
    upskilled_to_standard: bool = False
    continuing_education: bool = False
    expert_field: str = ""
    jobs: Sequence[Job] = field(default_factory=lambda: [Job("04")])
    degrees: Sequence[Degree] = field(default_factory=list)
    # The years the training flags above were stated for (people.counting); by default
    # every year the tests look at.
    training_years: Sequence[int] = tuple(range(2010, 2031))


def province_of(unit: str) -> str:
    if len(unit) == 2:
        return unit
    from trithuc.orgunits.services import current_province_code

    return current_province_code(unit) or ""


def make_person(spec: Spec) -> Person:
    number = next(_ids)
    last = spec.jobs[-1]
    levels = sorted(spec.degrees, key=lambda d: d.awarded_on or dt.date.min)
    person = Person.objects.create(
        national_id=f"0041{number:08d}",
        full_name=f"Người Thử {number}",
        name_folded=f"nguoi thu {number}",
        name_sort=f"{number:08d}",
        birth_date=spec.birth_date,
        gender=spec.gender,
        ethnicity=spec.ethnicity,
        workplace_unit=last.unit,
        province_code=province_of(last.unit),
        employer="Cơ quan thử",
        employment_type=last.employment_type,
        sector=last.sector,
        is_leader=last.is_leader,
        education_level=levels[-1].level if levels else "none",
        upskilled_to_standard=spec.upskilled_to_standard,
        continuing_education=spec.continuing_education,
        expert_field=spec.expert_field,
    )
    Employment.objects.bulk_create(
        Employment(person=person, employer="Cơ quan thử", workplace_unit=job.unit,
                   province_code=province_of(job.unit), sector=job.sector,
                   employment_type=job.employment_type, is_leader=job.is_leader,
                   valid_from=job.valid_from, valid_to=job.valid_to, agency_id=job.agency_id)
        for job in spec.jobs
    )  # fmt: skip
    Qualification.objects.bulk_create(
        Qualification(person=person, level=d.level, awarded_on=d.awarded_on,
                      year=d.awarded_on.year if d.awarded_on else None)
        for d in spec.degrees
    )  # fmt: skip
    if spec.upskilled_to_standard or spec.continuing_education:
        TrainingYear.objects.bulk_create(
            TrainingYear(person=person, year=year, upskilled_to_standard=spec.upskilled_to_standard,
                         continuing_education=spec.continuing_education)
            for year in spec.training_years
        )  # fmt: skip
    # Written straight to the tables: the profile's latest period as the writes keep it.
    sync_current_periods([person.pk])
    return person


def agriculture_staff(unit: str, people: int, masters: int, *, first: int = 0) -> None:
    """`people` agriculture staff in `unit` since 2010, the first `masters` of them with
    a master's degree, the others with a bachelor's. The n-th person made by the calls of
    one registry (`first` counts those made before) got the degree in 2016 + n % 8."""
    for n in range(people):
        degrees = [Degree("bachelor", dt.date(2005, 1, 1))]
        if n < masters:
            degrees.append(Degree("master", dt.date(2016 + (first + n) % 8, 5, 1)))
        make_person(Spec(jobs=[Job(unit, sector="agriculture", valid_from=dt.date(2010, 1, 1))],
                         degrees=degrees))  # fmt: skip


def masters_target() -> Target:
    """The seed plan's target for the share of agriculture staff with a master's, 2030."""
    return Target.objects.get(indicator__code="share_masters", sector="agriculture", year=2030)
