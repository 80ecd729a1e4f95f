"""One answer per question (issue 12): random registries imported from a file, then
corrected by a second file; `people_stats` (today and as of random dates), every
built-in indicator (live and from the snapshot) and a plain recount from the stored
history agree.

The recount reads the stored rows (employments, qualifications, training years) and
applies the rules as the documentation states them, person by person: a period without
a start counts from the 18th birthday; a degree a correction superseded never counts; a
degree awarded later implies its entry level before; "đào tạo liên tục" holds for the
year stated, "bồi dưỡng theo tiêu chuẩn" as last stated by then.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from conftest import good_row
from trithuc.indicators.models import Indicator, Target
from trithuc.indicators.snapshots import refresh_snapshot
from trithuc.indicators.tests.test_property import ENTRY_LEVEL, SETTINGS, holds, rank
from trithuc.indicators.values import Evaluator
from trithuc.people.importing import import_people
from trithuc.people.models import Employment, Person, Qualification, TrainingYear
from trithuc.people.stats import people_stats

pytestmark = pytest.mark.django_db

SECTORS = {"Giáo dục và đào tạo": "education", "Y tế": "health", "Nông nghiệp": "agriculture"}
TYPES = ["Công chức", "Viên chức", "Cán bộ", "Công chức", "Viên chức", "Nghỉ hưu"]
LEVELS = ["Cao đẳng", "Đại học", "Thạc sĩ", "Chuyên khoa II", "Tiến sĩ", "Chưa qua đào tạo"]


# --- the recount ----------------------------------------------------------------------


def _eighteen(birth: dt.date, day: dt.date) -> bool:
    return (day.year, day.month, day.day) >= (birth.year + 18, birth.month, birth.day)


def _job(person: Person, jobs: list[Employment], day: dt.date) -> Employment | None:
    if person.birth_date > day:
        return None
    for job in jobs:
        started = job.valid_from <= day if job.valid_from else _eighteen(person.birth_date, day)
        if started and (job.valid_to is None or job.valid_to > day):
            return job
    return None


def _level(degrees: list[Qualification], day: dt.date) -> str:
    held = [
        q.level if q.awarded_on is None or q.awarded_on <= day else ENTRY_LEVEL.get(q.level, "none")
        for q in degrees
    ]
    return max(held, key=rank) if held else "none"


def _training(rows: list[TrainingYear], year: int) -> tuple[bool, bool]:
    before = sorted((r for r in rows if r.year <= year), key=lambda r: r.year)
    upskilled = before[-1].upskilled_to_standard if before else False
    continuing = any(r.year == year and r.continuing_education for r in rows)
    return upskilled, continuing


class History:
    """The stored history, read once, recounted by hand for any date."""

    def __init__(self) -> None:
        self.people = list(Person.objects.all())
        self.jobs: dict[int, list[Employment]] = {}
        for job in Employment.objects.order_by("id"):
            self.jobs.setdefault(job.person_id, []).append(job)
        self.degrees: dict[int, list[Qualification]] = {}
        for q in Qualification.objects.filter(superseded_at__isnull=True):
            self.degrees.setdefault(q.person_id, []).append(q)
        self.training: dict[int, list[TrainingYear]] = {}
        for t in TrainingYear.objects.all():
            self.training.setdefault(t.person_id, []).append(t)

    def rows(self, day: dt.date) -> list[dict[str, Any]]:
        found = []
        for person in self.people:
            job = _job(person, self.jobs.get(person.pk, []), day)
            if job is None:
                continue
            level = _level(self.degrees.get(person.pk, []), day)
            upskilled, continuing = _training(self.training.get(person.pk, []), day.year)
            age = (
                day.year
                - person.birth_date.year
                - ((day.month, day.day) < (person.birth_date.month, person.birth_date.day))
            )
            found.append({
                "sector": job.sector, "employment_type": job.employment_type,
                "is_leader": job.is_leader, "workplace_unit": job.workplace_unit,
                "province_code": job.province_code, "gender": person.gender,
                "ethnicity": person.ethnicity, "upskilled_to_standard": upskilled,
                "continuing_education": continuing, "expert_field": person.expert_field,
                "is_expert": bool(person.expert_field), "education_level": level,
                "education_rank": rank(level), "age": age, "assumed": job.valid_from is None,
            })  # fmt: skip
        return found

    def events(self, indicator: Indicator, sector: str, start: dt.date, end: dt.date) -> int:
        found = 0
        for person in self.people:
            dates = [q.awarded_on for q in self.degrees.get(person.pk, [])
                     if q.awarded_on and holds({"level": q.level}, indicator.event_filter, "")]  # fmt: skip
            if not dates:
                continue
            first = min(dates)
            job = _job(person, self.jobs.get(person.pk, []), first)
            if not start <= first <= end or job is None:
                continue
            row = {"sector": job.sector, "employment_type": job.employment_type,
                   "is_leader": job.is_leader, "gender": person.gender}  # fmt: skip
            if holds(row, indicator.population, sector):
                found += 1
        return found


def expected(history: History, indicator: Indicator, sector: str, day: dt.date,
             start: dt.date) -> tuple[int, int]:  # fmt: skip
    if indicator.kind == "events":
        return history.events(indicator, sector, start, min(day, dt.date(2030, 12, 31))), 0
    count = base = 0
    for row in history.rows(day):
        if row["province_code"] != "04" or not holds(row, indicator.population, sector):
            continue
        base += 1
        if indicator.kind != "share" or holds(row, indicator.numerator, ""):
            count += 1
    return count, (base if indicator.kind == "share" else 0)


def targets(sector: str, start: dt.date) -> list[Target]:
    return [
        Target(indicator=indicator, unit_code="04", sector=sector, year=2030, comparator=">=",
               value=1, baseline_value=3, period_start=start, plan_reference="P")
        for indicator in Indicator.objects.exclude(kind="reported")
    ]  # fmt: skip


def agree(day: dt.date, start: dt.date, *, snapshot: bool = False) -> None:
    """people_stats and every indicator equal the recount on `day`."""
    history = History()
    rows = history.rows(day)
    want = Counter((r["sector"], r["education_level"]) for r in rows)
    got = {(r["sector"], r["education_level"]): r["count"]
           for r in people_stats(Person.objects.all(), ["sector", "education_level"], as_of=day)}  # fmt: skip
    assert got == dict(want), day
    assumed = people_stats(Person.objects.all(), [], as_of=day, with_assumed=True)
    assert (assumed[0]["assumed_start"] if assumed else 0) == sum(r["assumed"] for r in rows)
    evaluator = Evaluator(None, as_of=day, use_snapshot=snapshot)
    if snapshot:
        assert evaluator.from_snapshot(day)
    for sector in ["", *SECTORS.values()]:
        for row in evaluator.evaluate_all(targets(sector, start)):
            indicator = row.target.indicator
            assert indicator is not None
            assert (row.count, row.base or 0) == expected(history, indicator, sector, day,
                                                          start), (indicator.code, sector, day)  # fmt: skip


# --- random registries and corrections -------------------------------------------------


@st.composite
def person_row(draw: Any, number: int, today: dt.date) -> dict[str, object]:
    birth = draw(st.dates(dt.date(1962, 1, 1), dt.date(today.year - 17, 1, 1)))
    level = draw(st.sampled_from(LEVELS))
    earliest = birth.year + 15
    year = (
        draw(st.one_of(st.none(), st.integers(earliest, today.year)))
        if level != LEVELS[-1]
        else None
    )
    start = draw(st.one_of(st.none(), st.none(), st.integers(earliest, today.year)))
    return good_row(
        number, full_name="Người Thử", birth_date=birth.strftime("%d/%m/%Y"),
        gender=draw(st.sampled_from(["Nam", "Nữ"])), employment_type=draw(st.sampled_from(TYPES)),
        sector=draw(st.sampled_from(list(SECTORS))), education_level=level,
        education_year=year or "", is_leader=draw(st.sampled_from(["", "x"])),
        upskilled_to_standard=draw(st.sampled_from(["", "x"])),
        continuing_education=draw(st.sampled_from(["", "x"])),
        work_start_year=start or "",
    )  # fmt: skip


@st.composite
def scenario(draw: Any) -> dict[str, Any]:
    first = draw(st.dates(dt.date(2019, 1, 1), dt.date(2024, 12, 31)))
    second = first + dt.timedelta(days=draw(st.integers(1, 600)))
    count = draw(st.integers(2, 6))
    rows = [draw(person_row(n, first)) for n in range(1, count + 1)]
    corrections = []
    for row in rows:
        if draw(st.booleans()):
            changed = dict(row)
            changed.update(draw(st.fixed_dictionaries({}, optional={
                "education_level": st.sampled_from(LEVELS),
                "sector": st.sampled_from(list(SECTORS)),
                "employment_type": st.sampled_from(TYPES),
                "continuing_education": st.sampled_from(["", "x"]),
                "upskilled_to_standard": st.sampled_from(["", "x"]),
            })))  # fmt: skip
            birth_year = int(str(row["birth_date"])[-4:])
            if changed["education_level"] == LEVELS[-1]:
                changed["education_year"] = ""
            elif draw(st.booleans()):
                changed["education_year"] = draw(st.integers(birth_year + 15, second.year))
            corrections.append(changed)
    corrections += [draw(person_row(n, second)) for n in range(20, 20 + draw(st.integers(0, 2)))]
    return {"first": first, "second": second, "rows": rows, "corrections": corrections,
            "days": [draw(st.dates(dt.date(2015, 1, 1), timezone.localdate())) for _ in range(3)],
            "start": draw(st.dates(dt.date(2015, 1, 1), dt.date(2026, 1, 1)))}  # fmt: skip


@SETTINGS
@given(case=scenario())
def test_imported_then_corrected_registries_give_one_answer(case, make_xlsx):
    Person.objects.all().delete()
    report = import_people(make_xlsx(case["rows"]), today=case["first"])
    assert not report.errors, report.errors
    if case["corrections"]:
        report = import_people(make_xlsx(case["corrections"]), today=case["second"])
        assert not report.errors, report.errors
    today = timezone.localdate()
    now = people_stats(Person.objects.all(), ["sector", "education_level", "employment_type"])
    assert now == people_stats(Person.objects.all(), ["sector", "education_level",
                                                      "employment_type"], as_of=today)  # fmt: skip
    for day in [today, case["first"], case["second"], *case["days"]]:
        agree(day, case["start"])


def test_the_snapshot_gives_the_same_answers(make_xlsx):
    rows = [good_row(1, education_level="Thạc sĩ", education_year=2022, work_start_year=2010),
            good_row(2, birth_date="01/06/2004", education_level="Đại học", education_year=2025),
            good_row(3, employment_type="Cán bộ", continuing_education="x")]  # fmt: skip
    import_people(make_xlsx(rows), today=dt.date(2025, 3, 1))
    fixes = [good_row(1, education_level="Đại học", education_year=2009, work_start_year=2010)]
    import_people(make_xlsx(fixes), today=dt.date(2026, 2, 1))
    refresh_snapshot(dt.date(2026, 2, 1))
    for year in range(2015, 2026):
        agree(dt.date(year, 12, 31), dt.date(2015, 1, 1), snapshot=True)
