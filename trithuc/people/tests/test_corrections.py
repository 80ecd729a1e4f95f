"""Corrections, history and yearly facts (issue 12): what a second file or an edit
does to a person's degrees, and how dates without a start or a year are counted."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import good_row
from trithuc.indicators.models import Indicator, Target
from trithuc.indicators.values import Evaluator
from trithuc.people.importing import import_people
from trithuc.people.models import Employment, Person, Qualification, TrainingYear
from trithuc.people.stats import people_stats

pytestmark = pytest.mark.django_db
FIRST, SECOND = dt.date(2025, 3, 1), dt.date(2026, 2, 1)


def masters(day: dt.date | None = None) -> int:
    rows = people_stats(Person.objects.all(), ["education_level"], as_of=day)
    return next((r["count"] for r in rows if r["education_level"] == "master"), 0)


def share_masters_count() -> int:
    indicator = Indicator.objects.get(code="share_masters")
    target = Target(indicator=indicator, unit_code="04", year=2030, comparator=">=", value=1,
                    plan_reference="P")  # fmt: skip
    return Evaluator(None, use_snapshot=False).evaluate_all([target])[0].count


def test_ten_masters_lowered_to_bachelor_leave_one_answer(make_xlsx):
    rows = [good_row(n, education_level="Thạc sĩ", education_year=2015) for n in range(1, 21)]
    import_people(make_xlsx(rows), today=FIRST)
    fixes = [good_row(n, education_level="Đại học", education_year=2010) for n in range(1, 11)]
    preview = import_people(make_xlsx(fixes), today=SECOND, dry_run=True)
    assert (preview.level_corrections, preview.degrees_added) == (10, 0)
    assert preview.degree_changes[0]["kind"] == "corrected"
    assert preview.degree_changes[0]["old"] == "Thạc sĩ (2015)"
    import_people(make_xlsx(fixes), today=SECOND)
    today = dt.date.today()
    assert masters() == masters(today) == share_masters_count() == 10
    # the lowered degrees are kept as history, not counted, at any date
    assert Qualification.objects.filter(superseded_at__isnull=False, level="master").count() == 10
    assert masters(dt.date(2016, 12, 31)) == 10


def test_a_higher_level_adds_a_degree_and_the_preview_says_which(make_xlsx):
    import_people(make_xlsx([good_row(1, education_level="Đại học", education_year=2008)]),
                  today=FIRST)  # fmt: skip
    new = [good_row(1, education_level="Thạc sĩ", education_year=2022)]
    preview = import_people(make_xlsx(new), today=SECOND, dry_run=True)
    assert (preview.level_corrections, preview.degrees_added) == (0, 1)
    import_people(make_xlsx(new), today=SECOND)
    person = Person.objects.get()
    levels = sorted(person.qualifications.filter(superseded_at=None).values_list("level", "year"))
    assert levels == [("bachelor", 2008), ("master", 2022)]
    assert masters(dt.date(2021, 12, 31)) == 0
    assert masters(dt.date(2022, 12, 31)) == 1


def test_the_same_level_in_another_year_is_a_correction(make_xlsx):
    import_people(make_xlsx([good_row(1, education_year=2012)]), today=FIRST)
    import_people(make_xlsx([good_row(1, education_year=2018)]), today=SECOND)
    person = Person.objects.get()
    assert list(
        person.qualifications.filter(superseded_at=None).values_list("year", flat=True)
    ) == [2018]
    # before 2018 the master's implies a bachelor's: counted at that level, not "none"
    rows = people_stats(Person.objects.all(), ["education_level"], as_of=dt.date(2015, 6, 1))
    assert rows == [{"education_level": "bachelor", "count": 1}]


def test_a_job_without_a_start_counts_from_the_18th_birthday(make_xlsx):
    rows = [good_row(1, birth_date="10/05/2005", education_level="Cao đẳng", education_year=2024),
            good_row(2, birth_date="10/05/1990", work_start_year=2021)]  # fmt: skip
    assert not import_people(make_xlsx(rows), today=FIRST).errors
    assert Employment.objects.get(person__national_id=rows[1]["national_id"]).valid_from == (
        dt.date(2021, 1, 1)
    )

    def counted(day: dt.date) -> tuple[int, int]:
        found = people_stats(Person.objects.all(), [], as_of=day, with_assumed=True)
        return (found[0]["count"], found[0]["assumed_start"]) if found else (0, 0)

    assert counted(dt.date(2020, 12, 31)) == (0, 0)  # one a child, the other not yet hired
    assert counted(dt.date(2021, 6, 1)) == (1, 0)
    assert counted(dt.date(2023, 5, 9)) == (1, 0)  # the day before the 18th birthday
    assert counted(dt.date(2023, 5, 10)) == (2, 1)


def test_training_flags_hold_for_the_year_stated(make_xlsx):
    import_people(make_xlsx([good_row(1, continuing_education="x", upskilled_to_standard="x")]),
                  today=FIRST)  # fmt: skip
    assert list(TrainingYear.objects.values_list("year", "continuing_education")) == [(2025, True)]

    def flags(day: dt.date) -> dict[str, object]:
        row = people_stats(Person.objects.all(), ["continuing_education",
                                                  "upskilled_to_standard"], as_of=day)[0]  # fmt: skip
        return {k: row[k] for k in ("continuing_education", "upskilled_to_standard")}

    assert flags(dt.date(2024, 12, 31)) == {"continuing_education": False,
                                            "upskilled_to_standard": False}  # fmt: skip
    assert flags(dt.date(2025, 12, 31)) == {"continuing_education": True,
                                            "upskilled_to_standard": True}  # fmt: skip
    # the next year: continuing education is a fact of 2025 only; upskilling lasts
    assert flags(dt.date(2026, 6, 1)) == {"continuing_education": False,
                                          "upskilled_to_standard": True}  # fmt: skip
    # a file of 2026 stating the same flags (an unchanged row) states them for 2026
    import_people(make_xlsx([good_row(1, continuing_education="x", upskilled_to_standard="x")]),
                  today=SECOND)  # fmt: skip
    assert flags(dt.date(2026, 6, 1))["continuing_education"] is True


def test_a_stated_start_year_dates_the_first_period(make_xlsx):
    import_people(make_xlsx([good_row(1)]), today=FIRST)
    assert Employment.objects.get().valid_from is None
    import_people(make_xlsx([good_row(1, work_start_year=2011)]), today=SECOND)
    assert Employment.objects.get().valid_from == dt.date(2011, 1, 1)
