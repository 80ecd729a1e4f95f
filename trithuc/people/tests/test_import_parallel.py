"""Big imports check rows in a forked process: same results, same guarantees."""

from __future__ import annotations

import datetime as dt
import os
import signal
import time

import pytest
from django.conf import settings

from conftest import good_row
from trithuc.orgunits import services as units
from trithuc.people import importing, parallel
from trithuc.people.importing import import_people
from trithuc.people.models import Employment, Person, PersonChange, Qualification

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not parallel.platform_can_fork(), reason="needs Linux's fork and 2 CPUs"),
]
TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def parallel_from_one_row(monkeypatch):
    """Every import takes the two-process path, with small chunks."""
    monkeypatch.setattr(importing, "PARALLEL_MIN_ROWS", 1)
    monkeypatch.setattr(importing, "CHUNK_ROWS", 3)
    monkeypatch.setattr(settings, "TRITHUC_IMPORT_PARALLEL", True)


def _mixed_rows() -> list[dict[str, object]]:
    """Good rows, bad rows, a duplicate, an obsolete code, a blank row, a signature."""
    return [
        good_row(1),
        good_row(2, gender="?", email="bad"),
        good_row(3, full_name="Lương Thị Bích", workplace_unit="10"),
        good_row(4, national_id=good_row(1)["national_id"]),
        good_row(5, national_id="40850000005"),  # 11 digits as text: an error
        *[good_row(n, full_name=f"Hoàng Văn {chr(64 + n)}") for n in range(6, 12)],
        {"national_id": "", "full_name": ""},
        good_row(13, birth_date=4_085),  # a number where a date belongs
        {"row_number": "", "national_id": "", "full_name": "", "employer": "Người lập biểu"},
    ]


def _stored() -> list[tuple]:
    return list(
        Person.objects.order_by("national_id").values_list(
            "national_id", "full_name", "name_folded", "name_sort", "content_hash",
            "province_code", "agency_id", "birth_date", "sector",
        )
    )  # fmt: skip


def test_two_processes_give_the_same_report_and_rows_as_one(make_xlsx, monkeypatch):
    path = make_xlsx(_mixed_rows())
    monkeypatch.setattr(settings, "TRITHUC_IMPORT_PARALLEL", False)
    one = import_people(path, today=TODAY)
    stored_one = _stored()
    Person.objects.all().delete()
    monkeypatch.setattr(importing, "PARALLEL_MIN_ROWS", 1)
    monkeypatch.setattr(importing, "CHUNK_ROWS", 3)
    monkeypatch.setattr(settings, "TRITHUC_IMPORT_PARALLEL", True)
    calls = []
    real = parallel.validated_in_child
    monkeypatch.setattr(importing, "validated_in_child", lambda *a: calls.append(1) or real(*a))
    two = import_people(path, today=TODAY)
    assert calls, "the two-process path was not taken"
    assert two.as_dict() == one.as_dict()
    assert two.committed and one.created == 7 and len(one.errors) >= 4
    assert _stored() == stored_one
    assert Employment.objects.count() == 7 and Qualification.objects.count() == 7


def test_an_obsolete_code_names_its_successor_in_either_path(make_xlsx, parallel_from_one_row):
    report = import_people(make_xlsx([good_row(1, workplace_unit="10")]), today=TODAY)
    [error] = report.errors
    assert error["column"] == "Mã xã/phường nơi công tác"
    assert "đơn vị mới sau sắp xếp: 15 Tỉnh Lào Cai" in error["message"]


def test_successor_names_agree_with_the_mapping_query():
    for code, level in (("10", "province"), ("15", "province"), ("27", "province")):
        expected = tuple((u.code, u.name) for u in units.legacy_to_current(code, level))
        assert units.successor_names(code, level) == expected
    from trithuc.orgunits.models import UnitMapping

    mapping = UnitMapping.objects.filter(old_unit__level="commune").select_related("old_unit")
    for row in mapping.order_by("old_unit__code")[:200:20]:
        code = row.old_unit.code
        expected = tuple((u.code, u.name) for u in units.legacy_to_current(code, "commune"))
        assert units.successor_names(code, "commune") == expected


def test_updates_and_unchanged_rows_through_the_child(make_xlsx, parallel_from_one_row):
    rows = [good_row(n) for n in range(1, 8)]
    assert import_people(make_xlsx(rows), today=TODAY).created == 7
    again = import_people(make_xlsx(rows), today=TODAY)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 7)
    rows[2] = good_row(3, sector="Y tế")
    changed = import_people(make_xlsx(rows), today=TODAY)
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 6)
    assert list(PersonChange.objects.values_list("field", flat=True)) == ["sector"]


def _registry() -> tuple:
    return (
        list(Person.objects.values_list("national_id", "full_name")),
        Employment.objects.count(),
        PersonChange.objects.count(),
    )


def test_a_child_that_raises_rolls_everything_back(make_xlsx, parallel_from_one_row, monkeypatch):
    import_people(make_xlsx([good_row(1)]), today=TODAY)
    before = _registry()
    real = importing._validate_chunk
    calls = {"n": 0}

    def fail_on_third_chunk(*args, **kwargs):
        calls["n"] += 1  # counted in the child, which inherits this function
        if calls["n"] == 3:
            raise RuntimeError("bug while checking")
        return real(*args, **kwargs)

    monkeypatch.setattr(importing, "_validate_chunk", fail_on_third_chunk)
    rows = [good_row(1, full_name="Tên Mới"), *[good_row(n) for n in range(2, 12)]]
    report = import_people(make_xlsx(rows), today=TODAY)
    assert report.committed is False and report.created == report.updated == 0
    assert report.errors[-1]["message"] == parallel.CHILD_FAILED
    assert "Traceback" not in report.errors[-1]["message"]
    assert _registry() == before


def test_a_killed_child_rolls_everything_back(make_xlsx, parallel_from_one_row, monkeypatch):
    before = _registry()
    real = importing._validate_chunk
    calls = {"n": 0}

    def die_on_second_chunk(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)

    monkeypatch.setattr(importing, "_validate_chunk", die_on_second_chunk)
    report = import_people(make_xlsx([good_row(n) for n in range(1, 10)]), today=TODAY)
    assert report.committed is False
    assert report.errors[-1]["message"] == parallel.CHILD_FAILED
    assert _registry() == before


def test_the_child_may_not_query_the_database(make_xlsx, parallel_from_one_row, monkeypatch):
    from trithuc.people import template

    real = template.CLEANERS["employer"]

    def employer_with_a_query(raw, ctx):
        Person.objects.count()  # a rule that would read the database in the child
        return real(raw, ctx)

    monkeypatch.setitem(template.CLEANERS, "employer", employer_with_a_query)
    report = import_people(make_xlsx([good_row(n) for n in range(1, 5)]), today=TODAY)
    assert report.committed is False
    assert report.errors[-1]["message"] == parallel.CHILD_FAILED
    assert Person.objects.count() == 0


def test_the_row_limit_is_enforced_in_the_child(make_xlsx, parallel_from_one_row, settings):
    settings.TRITHUC_UPLOAD_MAX_ROWS = 5
    report = import_people(make_xlsx([good_row(n) for n in range(1, 10)]), today=TODAY)
    assert report.committed is False and Person.objects.count() == 0
    assert "quá nhiều dòng" in report.errors[-1]["message"]


def test_progress_is_reported_per_chunk(make_xlsx, parallel_from_one_row):
    seen: list[tuple[int, int]] = []
    import_people(
        make_xlsx([good_row(n) for n in range(1, 8)]), today=TODAY,
        progress=lambda done, total: seen.append((done, total)),
    )  # fmt: skip
    assert [done for done, _ in seen] == [3, 6, 7]
    assert {total for _, total in seen} == {7}


def test_a_batch_crosses_the_pipe_with_what_the_writer_reads():
    import pickle

    from trithuc.people.template import validate_record
    from trithuc.people.writing import Batch, Record, canonical

    raws = [good_row(1), good_row(2, full_name="Lương Thị Bích", workplace_unit="20")]
    records = []
    for number, raw in enumerate(raws, start=7):
        raw.pop("row_number")
        records.append(Record(row=number, values=validate_record(raw, TODAY).values))
    copy = pickle.loads(pickle.dumps(Batch.of(records)))
    assert copy.rows == [7, 8] and copy.digests == [r.digest for r in records]
    for record, again in zip(records, copy.records(), strict=True):
        assert (again.row, again.digest, list(again.person_values), again.agency_id) == (
            record.row, record.digest, list(record.person_values), None
        )  # fmt: skip
        for name, value in record.values.items():  # as the update path compares them
            assert canonical(again.values[name]) == canonical(value), name
    assert list(copy.column("province_code")) == ["04", "20"]


def test_a_failed_write_ends_the_child_even_under_a_worker_that_ignores_sigterm(
    make_xlsx, parallel_from_one_row, monkeypatch
):
    import multiprocessing

    # A task worker's own "graceful" SIGTERM handler, which the fork copies: the child
    # must not keep it, or terminate() would not end it and only kill() would, 10 s later.
    killed: list[int] = []
    real_kill = multiprocessing.process.BaseProcess.kill
    monkeypatch.setattr(
        multiprocessing.process.BaseProcess, "kill",
        lambda process: killed.append(process.pid) or real_kill(process),
    )  # fmt: skip
    previous = signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:

        def fail_on_first_chunk(*args, **kwargs):
            raise RuntimeError("disk full")

        real = importing._validate_chunk
        calls = {"n": 0}

        def slow_second_chunk(*args, **kwargs):  # runs in the child: still busy when
            calls["n"] += 1  # the parent gives up
            if calls["n"] == 2:
                time.sleep(60)
            return real(*args, **kwargs)

        monkeypatch.setattr(importing, "_write_chunk", fail_on_first_chunk)
        monkeypatch.setattr(importing, "_validate_chunk", slow_second_chunk)
        with pytest.raises(RuntimeError):
            import_people(make_xlsx([good_row(n) for n in range(1, 30)]), today=TODAY)
        assert multiprocessing.active_children() == [] and killed == []
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert Person.objects.count() == 0
