"""SQLite: the capped count of a name search with many matches, driven by the FTS index
(search.fts_driven_count), counts what the plain condition counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from conftest import good_row
from trithuc.people import search
from trithuc.people.importing import import_people
from trithuc.people.models import Person
from trithuc.people.search import fts_driven_count, search_people
from trithuc.people.tests.test_speed_paths import QUERIES, TRICKY_NAMES

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 index is SQLite's"),
]
TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def registry(make_xlsx):
    rows = [
        good_row(n, full_name=name, sector="Y tế" if n % 3 else "Giáo dục và đào tạo")
        for n, name in enumerate(TRICKY_NAMES * 2, start=1)
    ]
    import_people(make_xlsx(rows), today=TODAY)


@pytest.mark.parametrize("sector", [None, "health"])
@pytest.mark.parametrize("cap", [1, 3, 100])
def test_the_driven_count_counts_what_the_plain_condition_counts(
    registry, monkeypatch, sector, cap
):
    def people():
        found = Person.objects.all()
        return found.filter(sector=sector) if sector else found

    plain = {q: search_people(people(), q).count() for q in QUERIES}  # few: id IN (FTS)
    monkeypatch.setattr(search, "SORT_MATCHES_UP_TO", 0)  # every query now has "many"
    for query in QUERIES:
        found = search_people(people(), query).order_by("name_sort", "id")
        driven = fts_driven_count(found, cap)
        if plain[query]:  # matches: the "many" form, which the driven count takes
            assert driven == min(plain[query], cap), query
        else:  # no match at all: the FTS count (0) chose the plain form
            assert driven is None and not found.exists(), query
    assert any(plain.values()) and not all(plain.values())


def test_other_searches_are_left_to_the_caller(registry):
    assert fts_driven_count(Person.objects.all(), 10) is None  # no name condition
    few = search_people(Person.objects.all(), "hoang")  # few matches: id IN (FTS)
    assert fts_driven_count(few, 10) is None
