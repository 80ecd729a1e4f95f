"""Today's counts read from the profile alone (people.periods, counting.current_frame)
give the same answer as the history: on random registries imported, corrected by a
second file and edited one by one through the form's service, the stored latest period
equals its recomputation from the periods, and `people_stats` without a date equals
`people_stats` as of today and a recount from the stored history, by every grouping."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Q
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from conftest import good_row
from trithuc.indicators.tests.test_one_answer import History, scenario
from trithuc.indicators.tests.test_property import SETTINGS
from trithuc.people.importing import import_people
from trithuc.people.models import Employment, Person
from trithuc.people.periods import check_current_periods, sync_current_periods
from trithuc.people.services import save_person
from trithuc.people.stats import people_stats, people_stats_sets
from trithuc.people.template import DATA_FIELDS

pytestmark = pytest.mark.django_db

GROUPINGS = [
    ["sector", "education_level", "employment_type"],
    ["workplace_unit", "is_leader", "education_level"],
    ["age_band", "gender"],
    ["upskilled_to_standard", "continuing_education", "education_level"],
    ["province_code", "is_expert"],
    ["education_level"],
    [],
]

# Edits through the form's service, dated today: a move, a retirement, a start of work
# stated, changed or cleared, a lower level (a correction), a higher one (a new degree).
EDITS = [
    {"sector": "health"},
    {"employment_type": "retired", "is_leader": False, "position": ""},
    {"work_start_year": 2012},
    {"work_start_year": None},
    {"education_level": "college", "education_year": 2010},
    {"education_level": "doctor", "education_year": 2024},
    {"birth_date": dt.date(2001, 2, 28)},
]


def latest_periods() -> dict[int, tuple[bool, dt.date | None, dt.date | None]]:
    """Each profile's latest period recomputed in Python from the stored periods (the
    open one, else the one that ended last, else the last written)."""
    found: dict[int, tuple[bool, dt.date | None, dt.date | None]] = {}
    jobs: dict[int, list[Employment]] = {}
    for job in Employment.objects.order_by("id"):
        jobs.setdefault(job.person_id, []).append(job)
    for person_id in Person.objects.values_list("id", flat=True):
        periods = jobs.get(person_id, [])
        if not periods:
            found[person_id] = (False, None, None)
            continue
        last = max(periods, key=lambda j: (j.valid_to is None, j.valid_to or dt.date.min, j.id))
        found[person_id] = (True, last.valid_from, last.valid_to)
    return found


def stored_periods() -> dict[int, tuple[bool, dt.date | None, dt.date | None]]:
    return {pk: (bool(has), start, end) for pk, has, start, end in
            Person.objects.values_list("id", "has_period", "period_from", "period_to")}  # fmt: skip


def answer_as_the_history(today: dt.date) -> None:
    assert stored_periods() == latest_periods()
    assert check_current_periods(today) == (0, [])
    everyone = Person.objects.all()
    for by in GROUPINGS:
        fast = people_stats(everyone, by, with_assumed=True)
        assert fast == people_stats(everyone, by, as_of=today, with_assumed=True), by
    # Querysets on the person table alone are counted by their own conditions, others
    # (a join, a subquery) through `p.id IN (…)`: both as the history counts them.
    querysets = [
        Person.objects.filter(gender="female"),
        Person.objects.filter(Q(workplace_unit__in=["01273", "01279"]) | Q(is_leader=True)),
        Person.objects.filter(agency__isnull=False, agency__name__icontains="a"),
        Person.objects.filter(id__in=Person.objects.filter(gender="male").values("id")),
    ]
    for some in querysets:
        for unit in ["04", "01273", None]:
            assert people_stats(some, ["sector", "education_level"], unit=unit) == (
                people_stats(some, ["sector", "education_level"], unit=unit, as_of=today)
            ), (unit, str(some.query))
    sets = [("sector", "education_level"), ("employment_type",), ()]
    fast_sets = people_stats_sets(None, sets)
    slow_sets = people_stats_sets(None, sets, as_of=today)
    for group in sets:
        assert sorted(fast_sets[group], key=str) == sorted(slow_sets[group], key=str), group
    recount = Counter((r["sector"], r["education_level"]) for r in History().rows(today))
    got = {(r["sector"], r["education_level"]): r["count"]
           for r in people_stats(everyone, ["sector", "education_level"])}  # fmt: skip
    assert got == dict(recount)


def edit(person: Person, change: dict[str, object]) -> None:
    values: dict[str, Any] = {name: getattr(person, name) for name in DATA_FIELDS}
    values.update(province_code=person.province_code, birth_year_only=person.birth_year_only)
    values.update(change)
    save_person(values, actor=None, person=person, source="web")


@SETTINGS
@given(case=scenario(), edits=st.lists(st.tuples(st.integers(0, 9), st.sampled_from(EDITS)),
                                        max_size=4))  # fmt: skip
def test_random_registries_answer_today_as_their_history(case, edits, make_xlsx):
    Person.objects.all().delete()
    report = import_people(make_xlsx(case["rows"]), today=case["first"])
    assert not report.errors, report.errors
    if case["corrections"]:
        report = import_people(make_xlsx(case["corrections"]), today=case["second"])
        assert not report.errors, report.errors
    people = list(Person.objects.order_by("id"))
    for index, change in edits:
        person = Person.objects.get(pk=people[index % len(people)].pk)
        edit(person, change)
    answer_as_the_history(timezone.localdate())


def test_a_profile_counts_from_its_18th_birthday_without_a_write(make_xlsx, monkeypatch):
    young = good_row(1, birth_date="15/03/2008", education_level="Trung cấp", education_year="")
    report = import_people(make_xlsx([young, good_row(2)]), today=dt.date(2026, 1, 5))
    assert not report.errors, report.errors
    for day, counted in [(dt.date(2026, 3, 14), 1), (dt.date(2026, 3, 15), 2)]:
        monkeypatch.setattr(timezone, "localdate", lambda day=day: day)
        rows = people_stats(Person.objects.all(), [], with_assumed=True)
        assert rows == people_stats(Person.objects.all(), [], as_of=day, with_assumed=True)
        assert rows[0]["count"] == counted and rows[0]["assumed_start"] == counted


def test_a_change_of_job_moves_the_latest_period(make_xlsx):
    import_people(make_xlsx([good_row(1, work_start_year=2015)]), today=dt.date(2025, 1, 1))
    person = Person.objects.get()
    assert (person.has_period, person.period_from, person.period_to) == (
        True, dt.date(2015, 1, 1), None)  # fmt: skip
    import_people(make_xlsx([good_row(1, work_start_year=2015, sector="Y tế")]),
                  today=dt.date(2025, 6, 1))  # fmt: skip
    person.refresh_from_db()
    assert (person.period_from, person.period_to) == (dt.date(2025, 6, 1), None)
    answer_as_the_history(timezone.localdate())


def test_the_demo_writes_the_latest_periods():
    from trithuc.demo.registry import build_demo

    build_demo(seed=3, count=200, province_code="04", today=dt.date(2026, 11, 22))
    assert stored_periods() == latest_periods()
    assert check_current_periods(timezone.localdate()) == (0, [])


def test_the_check_command_finds_a_write_around_the_application(make_xlsx):
    import_people(make_xlsx([good_row(1), good_row(2)]), today=dt.date(2025, 1, 1))
    out = StringIO()
    call_command("check_current_periods", stdout=out)
    assert "Khớp" in out.getvalue()
    with connection.cursor() as cursor:  # a period closed by hand, the profile untouched
        cursor.execute("UPDATE people_employment SET valid_to = %s WHERE id = %s",
                       [dt.date(2025, 6, 1).isoformat(), Employment.objects.first().pk])  # fmt: skip
    with pytest.raises(CommandError, match="1 hồ sơ lệch"):
        call_command("check_current_periods", stdout=StringIO())
    out = StringIO()
    call_command("check_current_periods", "--fix", stdout=out)
    assert "Khớp" in out.getvalue()
    rows = people_stats(Person.objects.all(), [])
    assert rows == people_stats(Person.objects.all(), [], as_of=timezone.localdate())
    assert rows[0]["count"] == 1


def test_sync_recomputes_only_the_people_named(make_xlsx):
    import_people(make_xlsx([good_row(1), good_row(2)]), today=dt.date(2025, 1, 1))
    first, second = Person.objects.order_by("id")
    Person.objects.update(has_period=False)
    sync_current_periods([first.pk])
    assert dict(Person.objects.values_list("id", "has_period")) == {first.pk: True,
                                                                    second.pk: False}  # fmt: skip
