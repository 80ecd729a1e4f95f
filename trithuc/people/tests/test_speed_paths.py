"""The shortcuts taken for speed (issue 2) give the same answers as the plain paths."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from conftest import good_row
from trithuc.people import importing, search, views
from trithuc.people.importing import import_people
from trithuc.people.models import Person
from trithuc.people.search import search_people
from trithuc.people.template import validate_record
from trithuc.people.writing import Record, insert_people

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 22)
sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the FTS5 index exists on SQLite only"
)


def _raw(**overrides: object) -> dict[str, object]:
    row = good_row(1, **overrides)
    row.pop("row_number")
    return row


def test_memoised_validation_gives_the_same_values_errors_and_warnings():
    rows = [
        _raw(),
        _raw(employer="Së Gi¸o dôc vµ §µo t¹o"),  # TCVN3: converted, with a warning
        _raw(employer="Së Gi¸o dôc vµ §µo t¹o"),  # the same cell again: the same warning
        _raw(sector="Nghề cá"),  # not a sector
        _raw(sector="Nghề cá", is_leader="có lẽ"),
        _raw(in_training="Thạc sĩ", in_training_until=""),  # needs the year
        _raw(in_training="Thạc sĩ", in_training_until=2028),
        _raw(workplace_unit="20"),  # another province: its own province_code
        _raw(workplace_unit="04"),
        _raw(workplace_unit="99999"),  # not a unit
        _raw(full_name="NguyÔn V¨n An"),  # TCVN3 name: converted, with a warning
        _raw(full_name="Nguyễn Văn 2"),  # not a name
    ]
    memo: dict[tuple, tuple] = {}
    for raw in rows * 2:
        plain = validate_record(raw, TODAY)
        memoised = validate_record(raw, TODAY, memo)
        assert memoised.values == plain.values
        assert memoised.errors == plain.errors
        assert memoised.warnings == plain.warnings
    assert memo  # the repeated cells were remembered


@sqlite_only
def test_bulk_insert_indexes_names_in_one_go_and_leaves_the_trigger_on(make_xlsx):
    import_people(make_xlsx([good_row(1), good_row(2, full_name="Lương Thị Bích")]), today=TODAY)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM people_person_fts_pause")
        assert cursor.fetchone()[0] == 0
    assert list(search_people(Person.objects.all(), "luong thi").values_list("full_name")) == [
        ("Lương Thị Bích",)
    ]
    # A profile created one by one afterwards is indexed by the trigger.
    Person.objects.create(
        national_id="004085000099", full_name="Bế Thị Hoa", name_folded="be thi hoa",
        birth_date=dt.date(1985, 1, 1), gender="female", ethnicity="02",
        workplace_unit="04", province_code="04", employer="x",
        employment_type="civil_servant", sector="health", education_level="master",
    )  # fmt: skip
    assert search_people(Person.objects.all(), "be thi hoa").count() == 1


@sqlite_only
def test_a_failed_bulk_insert_does_not_leave_the_trigger_paused(make_xlsx):
    import_people(make_xlsx([good_row(1)]), today=TODAY)
    values = validate_record(_raw(), TODAY).values  # the same national ID: a unique clash
    with transaction.atomic():
        with pytest.raises(IntegrityError):
            insert_people([Record(row=2, values=values)], today=TODAY)
        # Still inside the transaction (SQLite undid the failed statement only).
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM people_person_fts_pause")
            assert cursor.fetchone()[0] == 0


TRICKY_NAMES = [
    "Hoàng Văn An", "Hoàng Thị Bích", "Nông Văn Hoàng", "Hoàng Văn Cường", "Lý Thị Hoa",
    "H'Hen Niê", "Trần-Thị Ngọc", "A’Lăng Hoa", "Hoa Văn Hoàng", "Văn Thị Vân",
]  # fmt: skip
QUERIES = [
    "hoang", "hoang van", "hoa", "van", "van van", "thi", "tran thi", "hen", "h hen",
    "lang hoa", "a lang", "ngoc", "ng", "an", "xyz", "oang", "thi ngoc",
]  # fmt: skip


def test_search_with_many_matches_gives_the_same_people(make_xlsx, monkeypatch):
    rows = [good_row(n, full_name=name) for n, name in enumerate(TRICKY_NAMES, start=1)]
    import_people(make_xlsx(rows), today=TODAY)

    def page(query: str) -> list[str]:
        found = search_people(Person.objects.all(), query).order_by("name_sort", "id")
        return list(found.values_list("full_name", flat=True))

    def counted(query: str) -> list[str]:  # unordered, as the capped count
        found = search_people(Person.objects.all(), query).order_by()
        return sorted(found.values_list("full_name", flat=True))

    few = {query: page(query) for query in QUERIES}
    monkeypatch.setattr(search, "SORT_MATCHES_UP_TO", 0)  # every query now counts as "many"
    assert {query: page(query) for query in QUERIES} == few
    assert {query: counted(query) for query in QUERIES} == {q: sorted(v) for q, v in few.items()}
    assert few["hoang"] == ["Hoàng Văn An", "Hoàng Thị Bích", "Hoàng Văn Cường",
                            "Hoa Văn Hoàng", "Nông Văn Hoàng"]  # fmt: skip
    assert few["a lang"] == ["A’Lăng Hoa"] and few["oang"] == []


def test_big_imports_refresh_planner_statistics(make_xlsx, monkeypatch):
    calls: list[bool] = []
    real = importing.refresh_statistics
    monkeypatch.setattr(importing, "refresh_statistics", lambda: calls.append(True))
    monkeypatch.setattr(importing, "ANALYZE_AFTER_ROWS", 2)
    import_people(make_xlsx([good_row(1)]), today=TODAY)
    assert calls == []
    import_people(make_xlsx([good_row(2), good_row(3)]), today=TODAY)
    assert calls == [True]
    real()  # runs on either database, inside a transaction (the test's)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_outside_a_transaction_postgresql_vacuums_the_people_table():
    assert not connection.in_atomic_block
    importing.refresh_statistics()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT last_vacuum IS NOT NULL, last_analyze IS NOT NULL "
                "FROM pg_stat_user_tables WHERE relname = 'people_person'"
            )
            assert cursor.fetchone() == (True, True)


@pytest.fixture
def five_people(make_xlsx):
    names = ["An", "Bích", "Cường", "Dung", "Giang"]
    rows = [good_row(n, full_name=f"Hoàng Văn {name}") for n, name in enumerate(names, 1)]
    import_people(make_xlsx(rows), today=TODAY)


def test_list_counts_exactly_under_the_cap(client, manager, five_people, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    client.force_login(manager)
    html = client.get(reverse("people:list"), {"page": 3}).content.decode()
    assert "Tìm thấy <b>5</b> người" in html and "Trang 3 / 3" in html
    assert "Hoàng Văn Giang" in html and "Trang sau" not in html


def test_list_says_more_than_the_cap_and_still_pages(client, manager, five_people, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    monkeypatch.setattr(views, "COUNT_CAP", 3)
    client.force_login(manager)
    url = reverse("people:list")
    html = client.get(url, {"q": "hoang"}).content.decode()
    assert "Tìm thấy <b>hơn 3</b> người" in html
    assert "Trang 1</span>" in html and "Trang sau" in html
    assert "Hoàng Văn An" in html and "Hoàng Văn Cường" not in html
    last = client.get(url, {"q": "hoang", "page": 3}).content.decode()
    assert "Hoàng Văn Giang" in last and "Trang sau" not in last and "Trang trước" in last
    beyond = client.get(url, {"q": "hoang", "page": 9}).content.decode()
    assert "Không có ai phù hợp" in beyond and "Trang trước" in beyond
    assert "Hoàng Văn An" in client.get(url, {"q": "hoang", "page": "x"}).content.decode()


def test_search_splits_names_at_hyphens_and_apostrophes_on_both_databases(make_xlsx):
    rows = [good_row(1, full_name="H'Hen Niê"), good_row(2, full_name="Trần-Thị Ngọc")]
    import_people(make_xlsx(rows), today=TODAY)

    def names(query: str) -> list[str]:
        found = search_people(Person.objects.all(), query)
        return sorted(found.values_list("full_name", flat=True))

    assert names("hen nie") == ["H'Hen Niê"]
    assert names("h hen") == ["H'Hen Niê"]
    assert names("tran thi ng") == ["Trần-Thị Ngọc"]
    assert names("thi") == ["Trần-Thị Ngọc"]
    assert names("ran") == []


def test_imported_uuids_are_version_7_in_order_and_read_back_as_uuids(make_xlsx):
    import time
    import uuid

    from trithuc.people.writing import ordered_uuids

    before = time.time_ns() // 1_000_000
    made = ordered_uuids(40_000)  # more than the 14 low bits of the counter
    assert len(set(made)) == 40_000 and made == sorted(made)
    parsed = [uuid.UUID(value) for value in made]
    assert all(u.version == 7 and u.variant == uuid.RFC_4122 and u.hex == v
               for u, v in zip(parsed, made, strict=True))  # fmt: skip
    assert before <= parsed[0].int >> 80 <= time.time_ns() // 1_000_000
    # 48 random bits per value: no two share them (2**48 values, 40,000 draws).
    assert len({u.int & (1 << 48) - 1 for u in parsed}) == 40_000
    import_people(make_xlsx([good_row(1)]), today=TODAY)
    person = Person.objects.get()
    assert isinstance(person.uuid, uuid.UUID) and person.uuid.version == 7
    assert Person.objects.get(uuid=person.uuid) == person


def test_the_page_plan_follows_the_capped_count(client, manager, five_people, monkeypatch):
    from django.test.utils import CaptureQueriesContext

    client.force_login(manager)
    url = reverse("people:list")
    with CaptureQueriesContext(connection) as few:
        html = client.get(url, {"q": "hoang van"}).content.decode()
    assert "Tìm thấy <b>5</b> người" in html
    sql = [query["sql"] for query in few.captured_queries]
    if connection.vendor == "postgresql":
        # Few matches: sorted, not found by walking an index; the setting is back after.
        assert any("enable_indexscan = off" in statement for statement in sql)
        with connection.cursor() as cursor:
            cursor.execute("SHOW enable_indexscan")
            assert cursor.fetchone()[0] == "on"
    monkeypatch.setattr(search, "SORT_MATCHES_UP_TO", 0)  # now every search has "many"
    with CaptureQueriesContext(connection) as many:
        html = client.get(url, {"q": "hoang van"}).content.decode()
    assert "Tìm thấy <b>5</b> người" in html and "Hoàng Văn An" in html
    sql = [query["sql"] for query in many.captured_queries]
    assert not any("enable_indexscan" in statement for statement in sql)
    if connection.vendor == "sqlite":
        # The count joins the FTS matches to the people (search.fts_driven_count).
        count = next(s for s in sql if s.startswith("SELECT COUNT(*)") and ".rowid = " in s)
        page = next(s for s in sql if "ORDER BY" in s and '"people_person"."full_name"' in s)
        assert "people_person_fts MATCH" in count and " LIKE " not in count
        assert "people_person_fts" not in page and " LIKE " in page  # walks name_sort


def _person_indexes() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                "AND tbl_name IN ('people_person', 'people_employment', 'people_qualification')"
                " ORDER BY name"
            )
        else:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN "
                "('people_person', 'people_employment', 'people_qualification') ORDER BY indexname"
            )
        return cursor.fetchall()


@pytest.fixture
def defer_from_one_row(monkeypatch):
    monkeypatch.setattr("trithuc.people.writing.DEFER_INDEXES_MIN_ROWS", 1)
    monkeypatch.setattr(importing, "CHUNK_ROWS", 2)


def test_a_big_first_load_rebuilds_the_same_indexes(make_xlsx, defer_from_one_row, monkeypatch):
    before = _person_indexes()
    dropped: list[str] = []
    real_execute = connection.ops.quote_name
    monkeypatch.setattr(
        connection.ops, "quote_name", lambda name: dropped.append(name) or real_execute(name)
    )
    report = import_people(make_xlsx([good_row(n) for n in range(1, 6)]), today=TODAY)
    monkeypatch.undo()
    assert report.created == 5 and report.committed
    assert _person_indexes() == before
    if connection.vendor == "sqlite":
        # it did drop (and rebuild) them
        assert {"person_name_sort_folded", "emp_prov_dates", "qual_person_awarded"} <= set(dropped)
        assert "emp_person_to" not in dropped
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA integrity_check")
            assert cursor.fetchone()[0] == "ok"
    found = search_people(Person.objects.all(), "nguyen van an")
    assert found.count() == 5


@sqlite_only
def test_a_failed_big_load_leaves_every_index_in_place(make_xlsx, defer_from_one_row, monkeypatch):
    before = _person_indexes()
    calls = {"n": 0}
    real = importing.insert_batch  # a first load: every chunk is new people

    def crash_on_second_chunk(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("killed")
        return real(*args, **kwargs)

    monkeypatch.setattr(importing, "insert_batch", crash_on_second_chunk)
    with pytest.raises(RuntimeError):
        import_people(make_xlsx([good_row(n) for n in range(1, 6)]), today=TODAY)
    assert calls["n"] == 2
    assert _person_indexes() == before and Person.objects.count() == 0


@sqlite_only
def test_a_load_smaller_than_the_registry_keeps_the_indexes(make_xlsx, defer_from_one_row):
    from trithuc.people.writing import secondary_indexes_deferred

    import_people(make_xlsx([good_row(n) for n in range(1, 6)]), today=TODAY)
    with transaction.atomic(), secondary_indexes_deferred(9) as deferred:
        assert deferred is False and len(_person_indexes()) > 3
    with transaction.atomic(), secondary_indexes_deferred(10) as deferred:
        assert deferred is True
        assert {name for name, _ in _person_indexes()} == {
            "sqlite_autoindex_people_person_1", "sqlite_autoindex_people_person_2",
            "emp_person_to",
        }  # fmt: skip
        assert Person.objects.filter(employments__valid_to__isnull=True).count() == 5


def test_a_big_load_that_also_updates_people_keeps_their_history(make_xlsx, defer_from_one_row):
    from trithuc.people.models import Employment

    import_people(make_xlsx([good_row(1)]), today=dt.date(2026, 1, 5))
    rows = [good_row(1, sector="Y tế"), *[good_row(n) for n in range(2, 9)]]
    report = import_people(make_xlsx(rows), today=TODAY)
    assert (report.created, report.updated) == (7, 1)
    periods = Employment.objects.filter(person__national_id=good_row(1)["national_id"])
    assert sorted(periods.values_list("sector", "valid_to")) == [
        ("education", TODAY), ("health", None)
    ]  # fmt: skip
