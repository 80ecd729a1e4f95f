"""Pages asked by number come from a deferred join on PostgreSQL (`people.paging`): the ids
of the page first, then its rows. They must be exactly the rows of the plain slice, in
the same order, for every reader's scope and filter, through the API (counted and not)
and the web list's paginator; and paging by number must give the same people as paging
by cursor. On SQLite the same statement is forced (`DEFERRED_ON`) and checked too."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.http import QueryDict
from django.test import Client

from conftest import CAO_BANG, good_row
from trithuc.accounts.models import Membership
from trithuc.accounts.services import can_see_sensitive
from trithuc.api.tokens import issue_token
from trithuc.people import paging, views
from trithuc.people.filters import PersonFilter
from trithuc.people.importing import import_people
from trithuc.people.models import Person
from trithuc.people.views import CappedPaginator

pytestmark = pytest.mark.django_db
PAGE_SIZE = 3
# Few names, so that many people share a name and the order rests on the id.
NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn An", "Hoàng Thị Mai", "Nông Văn Đức",
         "Đỗ Thị Yến"]  # fmt: skip
SECTORS = ["Y tế", "Giáo dục và đào tạo", "Nông nghiệp"]
LEVELS = ["Thạc sĩ", "Đại học", "Tiến sĩ", "Thạc sĩ"]
FILTERS = ["", "sector=health", "education_level=master", "sector=education&education_level=bachelor",
           "sort=-name", "sector=health&sort=-name", "sort=-birth_date", "sort=full_name",
           "gender=female", "ethnicity=02", "q=Nguyễn"]  # fmt: skip


def _row(number: int) -> dict:
    lang_son = number % 5 == 0
    return good_row(
        number,
        full_name=NAMES[number % len(NAMES)],
        gender="Nữ" if "Thị" in NAMES[number % len(NAMES)] else "Nam",
        sector=SECTORS[number % 3],
        education_level=LEVELS[number % 4],
        birth_date=f"{1 + number % 27:02d}/0{1 + number % 9}/19{70 + number % 20}",
        workplace_unit="20" if lang_son else CAO_BANG,
        national_id=f"{'020' if lang_son else '004'}0850{number:05d}",
    )


@pytest.fixture
def people(make_xlsx):
    report = import_people(make_xlsx([_row(n) for n in range(1, 61)]),
                           today=dt.date(2026, 11, 22))  # fmt: skip
    assert report.created == 60


@pytest.fixture
def readers(manager, viewer) -> list:
    users = get_user_model()
    admin = users.objects.create_superuser("root-paging", password="pw-Trithuc-2026")
    # Reads Cao Bằng masked and Lạng Sơn in full: two provinces, masked everywhere.
    mixed = users.objects.create_user("mixed-paging", password="pw-Trithuc-2026")
    Membership.objects.create(user=mixed, role="registry_viewer", unit_code=CAO_BANG)
    Membership.objects.create(user=mixed, role="registry_manager", unit_code="20")
    return [manager, viewer, admin, mixed]


@pytest.fixture(params=["as on this database", "deferred join forced"])
def deferred(request, monkeypatch) -> bool:
    """Whether pages by number are expected to come from the deferred join: always on
    PostgreSQL; on SQLite only when forced (it is not used there)."""
    if request.param == "deferred join forced":
        if connection.vendor != "sqlite":
            pytest.skip("PostgreSQL always uses it")
        monkeypatch.setattr(paging, "DEFERRED_ON", paging.DEFERRED_ON | {"sqlite"})
        return True
    return connection.vendor in paging.DEFERRED_ON


def _recorded(statements: list[str]):
    def record(execute, sql, params, many, context):  # noqa: ANN001, ANN202
        statements.append(sql)
        return execute(sql, params, many, context)

    return record


def _api_pages(client: Client, query: str, extra: str) -> list[dict]:
    """Every page by number (`extra` "&count=false" or ""), until has_next is false."""
    pages, page = [], 1
    while True:
        response = client.get(f"/api/people/?page={page}&page_size={PAGE_SIZE}&{query}{extra}")
        assert response.status_code == 200, (query, page, response.content)
        pages.append(response.json())
        if not pages[-1]["has_next"]:
            return pages
        page += 1


def _cursor_rows(client: Client, query: str) -> list[dict]:
    rows, after = [], ""
    while True:
        body = client.get(f"/api/people/?after={after}&page_size={PAGE_SIZE}&{query}").json()
        rows += body["results"]
        if body["next"] is None:
            return rows
        after = body["next"]


def _plain_pages(user, query: str) -> list[list] | None:
    """The pages as the plain slice gives them (the query before the deferred join); None
    for a filter the reader may not use (a masked field's order)."""
    data = QueryDict(query)
    found = PersonFilter(data, queryset=Person.objects.profiles_for(user),
                         sensitive=can_see_sensitive(user))  # fmt: skip
    if not found.is_valid():
        return None
    everyone = list(found.qs.values_list("uuid", flat=True))
    return [everyone[i : i + PAGE_SIZE] for i in range(0, len(everyone), PAGE_SIZE)] or [[]]


def test_pages_by_number_are_the_plain_slices_and_the_cursors_people(people, readers, deferred):
    for user in readers:
        _, raw = issue_token(user, name="trang")
        client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
        for query in FILTERS:
            expected = _plain_pages(user, query)
            if expected is None:  # refused, by number and by cursor alike
                assert not can_see_sensitive(user) and "birth_date" in query
                for extra in ("page=2", "page=2&count=false", "after="):
                    response = client.get(f"/api/people/?{extra}&{query}")
                    assert response.status_code == 400, (extra, query)
                continue
            statements: list[str] = []
            with connection.execute_wrapper(_recorded(statements)):
                uncounted = _api_pages(client, query, "&count=false")
            counted = _api_pages(client, query, "")
            for pages in (uncounted, counted):
                got = [[row["uuid"] for row in page["results"]] for page in pages]
                assert got == [[str(key) for key in page] for page in expected], (user, query)
            assert [page["results"] for page in uncounted] == [p["results"] for p in counted]
            assert counted[0]["count"] == sum(len(page) for page in expected)
            # The cursor orders equal names by UUID, pages by number by id: the same people.
            by_cursor = _cursor_rows(client, query) if "sort=" not in query else None
            if by_cursor is not None:
                rows = [row for page in uncounted for row in page["results"]]
                assert sorted(by_cursor, key=lambda r: r["uuid"]) == sorted(
                    rows, key=lambda r: r["uuid"]
                ), (user.username, query)
            # The page's ids, sliced inside the statement: "IN (SELECT … OFFSET n)".
            joined = [sql for sql in statements if re.search(r"IN \(SELECT .* OFFSET \d+\)", sql)]
            # A name search keeps its own paths on PostgreSQL (search.PgNameSearch); SQLite
            # forced to the deferred join takes it too, with the same rows.
            searched = "q=" in query and connection.vendor == "postgresql"
            assert bool(joined) == (deferred and len(expected) > 1 and not searched), (
                user.username, query,
            )  # fmt: skip


def test_the_web_lists_paginator_gives_the_plain_slices(people, readers, deferred, monkeypatch):
    for capped in (False, True):
        if capped:  # the count past the cap: pages of one row more, no page count
            monkeypatch.setattr(views, "COUNT_CAP", 5)
        for user in readers:
            for query in FILTERS:
                found = PersonFilter(QueryDict(query), queryset=Person.objects.profiles_for(user),
                                     sensitive=can_see_sensitive(user))  # fmt: skip
                expected = _plain_pages(user, query)
                if expected is None:
                    continue
                paginator = CappedPaginator(found.qs, PAGE_SIZE)
                for number, keys in enumerate(expected, start=1):
                    page = paginator.page(number)
                    assert [p.uuid for p in page.object_list] == keys, (user, query, number)
                    assert page.has_next() == (number < len(expected))


def test_masked_fields_stay_out_of_the_order_and_filters(people, viewer, manager):
    """A reader without sensitive fields may not sort by birth date (refused) nor filter by
    ethnicity (ignored: the pages by name, as unfiltered); a manager may do both."""
    by_name = _plain_pages(viewer, "")
    assert _plain_pages(viewer, "sort=-birth_date") is None
    assert _plain_pages(viewer, "ethnicity=02") == by_name
    _, raw = issue_token(viewer, name="che")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    pages = _api_pages(client, "ethnicity=02", "&count=false")
    assert [[row["uuid"] for row in page["results"]] for page in pages] == [
        [str(key) for key in page] for page in by_name
    ]
    assert client.get("/api/people/?page=2&sort=birth_date").status_code == 400
    assert _plain_pages(manager, "ethnicity=02") == by_name  # every row is Tày
    assert _plain_pages(manager, "ethnicity=01") == [[]]
    assert _plain_pages(manager, "sort=birth_date") != by_name
