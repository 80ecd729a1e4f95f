"""Search ignoring case and diacritics, and counts taken today or as of a date."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command

from conftest import good_row
from trithuc.people.importing import import_people
from trithuc.people.models import Employment, Person, Qualification
from trithuc.people.search import search_people
from trithuc.people.stats import people_stats, people_stats_sets

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def registry(make_xlsx):
    rows = [
        good_row(1, full_name="Nguyễn Văn An"),
        good_row(2, full_name="Nguyễn Văn Anh", gender="Nữ"),
        good_row(3, full_name="Đặng Thị Đào", sector="Y tế", education_level="Đại học"),
        good_row(4, full_name="Trần Vân Hoàn", workplace_unit="20", sector="Y tế"),
    ]
    import_people(make_xlsx(rows), today=TODAY)


def names(query: str) -> list[str]:
    return sorted(search_people(Person.objects.all(), query).values_list("full_name", flat=True))


def test_search_ignores_case_and_diacritics(registry):
    assert names("nguyen van an") == ["Nguyễn Văn An", "Nguyễn Văn Anh"]
    assert names("NGUYỄN VĂN AN") == ["Nguyễn Văn An", "Nguyễn Văn Anh"]
    assert names("dang thi dao") == ["Đặng Thị Đào"]
    assert names("đào") == ["Đặng Thị Đào"]
    assert names("van hoan") == ["Trần Vân Hoàn"]
    assert names("xyz") == []


def test_search_by_national_id(registry):
    assert names(good_row(3)["national_id"]) == ["Đặng Thị Đào"]
    assert len(names("004085")) == 4


def test_search_follows_renames(registry):
    person = Person.objects.get(full_name="Nguyễn Văn An")
    Person.objects.filter(pk=person.pk).update(name_folded="le van binh")
    assert names("le van binh") == ["Nguyễn Văn An"]
    assert "Nguyễn Văn An" not in names("nguyen van an")


def test_current_counts_by_sector_and_level(registry):
    rows = people_stats(Person.objects.all(), ["sector", "education_level"], unit="04")
    assert rows == [
        {"sector": "education", "education_level": "master", "count": 2},
        {"sector": "health", "education_level": "bachelor", "count": 1},
    ]


def test_counts_by_several_groupings_in_one_query_equal_people_stats(
    registry, django_assert_num_queries
):
    sets = [("sector", "education_level"), ("gender",), ("is_leader", "gender", "age_band"), ()]
    for unit, day in [(None, None), ("04", TODAY), ("20", dt.date(2026, 1, 1))]:
        with django_assert_num_queries(1):
            found = people_stats_sets(None, sets, unit=unit, as_of=day)
        for group in sets:
            expected = people_stats(Person.objects.all(), list(group), unit=unit, as_of=day)
            assert sorted(found[group], key=str) == sorted(expected, key=str), (unit, group)
    assert sum(r["count"] for r in found[("gender",)]) == found[()][0]["count"] == 1


def test_as_of_counts_follow_history():
    person = Person.objects.create(
        national_id="004180000001", full_name="A B", birth_date=dt.date(1980, 1, 1),
        gender="male", ethnicity="01", workplace_unit="04", province_code="04",
        employer="x", employment_type="civil_servant", sector="health",
        education_level="master",
    )  # fmt: skip
    Employment.objects.create(person=person, employer="x", workplace_unit="04",
                              province_code="04", sector="education",
                              employment_type="public_employee",
                              valid_from=dt.date(2015, 1, 1), valid_to=dt.date(2021, 1, 1))  # fmt: skip
    Employment.objects.create(person=person, employer="x", workplace_unit="04",
                              province_code="04", sector="health",
                              employment_type="civil_servant", valid_from=dt.date(2021, 1, 1))  # fmt: skip
    Qualification.objects.create(person=person, level="bachelor", awarded_on=dt.date(2002, 6, 1))
    Qualification.objects.create(person=person, level="master", awarded_on=dt.date(2020, 12, 31))
    people = Person.objects.all()
    by = ["sector", "education_level"]
    assert people_stats(people, by, as_of=dt.date(2014, 12, 31)) == []
    assert people_stats(people, by, as_of=dt.date(2020, 12, 30)) == [
        {"sector": "education", "education_level": "bachelor", "count": 1}
    ]
    assert people_stats(people, by, as_of=dt.date(2020, 12, 31)) == [
        {"sector": "education", "education_level": "master", "count": 1}
    ]
    assert people_stats(people, by, as_of=dt.date(2021, 1, 1)) == [
        {"sector": "health", "education_level": "master", "count": 1}
    ]
    assert people_stats(people, ["sector"], unit="20", as_of=dt.date(2021, 1, 1)) == []


def test_people_stats_command(registry):
    out = StringIO()
    call_command("people_stats", "--by", "sector,gender", "--unit", "04", "--format", "json",
                 stdout=out)  # fmt: skip
    assert json.loads(out.getvalue()) == [
        {"sector": "education", "gender": "female", "count": 1},
        {"sector": "education", "gender": "male", "count": 1},
        {"sector": "health", "gender": "male", "count": 1},
    ]
    out = StringIO()
    call_command("people_stats", "--by", "sector", "--as-of", "2026-11-22", stdout=out)
    assert json.loads(out.getvalue()) == [
        {"sector": "education", "count": 2},
        {"sector": "health", "count": 2},
    ]
