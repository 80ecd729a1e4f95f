"""All-or-nothing, crashes, strict mode, re-import, history, export round trip."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command

from conftest import good_row
from trithuc.people import writing
from trithuc.people.exporting import write_people_xlsx
from trithuc.people.importing import import_people
from trithuc.people.models import Employment, Person, PersonChange, Qualification

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 22)


def test_bad_rows_are_reported_and_good_rows_written_whole(make_xlsx):
    rows = [good_row(1), good_row(2, gender="?", email="bad"), good_row(3)]
    report = import_people(make_xlsx(rows), today=TODAY)
    assert report.rows == 3 and report.created == 2
    assert {(e["row"], e["column"]) for e in report.errors} == {(3, "Giới tính"), (3, "Email")}
    assert not Person.objects.filter(national_id=good_row(2)["national_id"]).exists()
    person = Person.objects.get(national_id=good_row(1)["national_id"])
    assert person.employments.count() == 1 and person.qualifications.count() == 1


def test_strict_writes_nothing_when_any_row_is_bad(make_xlsx):
    rows = [good_row(1), good_row(2, sector="?")]
    report = import_people(make_xlsx(rows), today=TODAY, strict=True)
    assert report.committed is False and len(report.errors) == 1
    assert Person.objects.count() == 0 and Employment.objects.count() == 0


def test_dry_run_counts_without_writing(make_xlsx):
    report = import_people(make_xlsx([good_row(1), good_row(2)]), today=TODAY, dry_run=True)
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    assert Person.objects.count() == 0


def test_a_crash_mid_import_leaves_the_registry_as_it_was(make_xlsx, monkeypatch):
    import_people(make_xlsx([good_row(1)]), today=TODAY)
    before = list(Person.objects.values_list("national_id", "full_name"))
    monkeypatch.setattr("trithuc.people.importing.CHUNK_ROWS", 2)
    calls = {"n": 0}

    def crash_on_second_chunk(real):  # new people are written by one of the two
        def insert(*args, **kwargs):
            calls["n"] += 1
            if calls["n"] == 2:
                raise RuntimeError("killed")
            return real(*args, **kwargs)

        return insert

    for name in ("insert_people", "insert_batch"):
        real = getattr(writing, name)
        monkeypatch.setattr(f"trithuc.people.importing.{name}", crash_on_second_chunk(real))
    rows = [good_row(1, full_name="Tên Mới"), *[good_row(n) for n in range(2, 7)]]
    with pytest.raises(RuntimeError):
        import_people(make_xlsx(rows), today=TODAY)
    assert list(Person.objects.values_list("national_id", "full_name")) == before
    assert Employment.objects.count() == 1 and PersonChange.objects.count() == 0


def test_reimport_changes_nothing_and_update_keeps_history(make_xlsx):
    path = make_xlsx([good_row(1), good_row(2)])
    assert import_people(path, today=TODAY).created == 2
    again = import_people(path, today=TODAY)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert PersonChange.objects.count() == 0
    moved = good_row(1, sector="Y tế", employer="Sở Y tế", education_level="Tiến sĩ",
                     education_year=2024)  # fmt: skip
    report = import_people(make_xlsx([moved, good_row(2)]), today=TODAY)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    person = Person.objects.get(national_id=moved["national_id"])
    fields = set(person.changes.values_list("field", flat=True))
    assert fields == {"sector", "employer", "education_level", "education_year"}
    change = person.changes.get(field="sector")
    assert (change.old_value, change.new_value) == ("education", "health")
    periods = list(person.employments.order_by("id").values_list("sector", "valid_to"))
    assert periods == [("education", TODAY), ("health", None)]
    assert list(person.qualifications.order_by("id").values_list("level", flat=True)) == [
        "master",
        "doctor",
    ]


def test_export_then_reimport_changes_nothing(make_xlsx, tmp_path):
    rows = [
        good_row(1),
        good_row(2, birth_date="1980", gender="Nữ", ethnicity="Nùng", is_leader="x",
                 academic_title="PGS", in_training="Tiến sĩ", in_training_until=2027,
                 expert_field="Nông nghiệp công nghệ cao", phone="", email="",
                 political_theory_level="", workplace_unit="04"),
        good_row(3, full_name="Đàm Thị Ánh", religion="", position="=SUM(A1)"),
    ]  # fmt: skip
    import_people(make_xlsx(rows), today=TODAY)
    exported = tmp_path / "export.xlsx"
    assert write_people_xlsx(Person.objects.all(), exported, sensitive=True) == 3
    report = import_people(exported, today=TODAY)
    assert report.errors == []
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)


def test_import_command_json_report(make_xlsx):
    path = make_xlsx([good_row(1), good_row(2, gender="X")])
    out = StringIO()
    call_command("import_people", str(path), "--format", "json", stdout=out, stderr=StringIO())
    data = json.loads(out.getvalue())
    assert set(data) >= {
        "rows",
        "created",
        "updated",
        "unchanged",
        "errors",
        "warnings",
        "level_corrections",
        "degrees_added",
        "degree_changes",
    }
    assert (data["rows"], data["created"]) == (2, 1)
    assert data["errors"] == [
        {"row": 3, "column": "Giới tính", "message": data["errors"][0]["message"]}
    ]
    assert "Nam, Nữ" in data["errors"][0]["message"]


def test_import_command_strict_and_dry_run_exit_codes(make_xlsx):
    path = make_xlsx([good_row(1), good_row(2, gender="X")])
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_people", str(path), "--strict", "--format", "json",
                     stdout=StringIO(), stderr=StringIO())  # fmt: skip
    assert exit_info.value.code == 1
    assert Person.objects.count() == 0
    out = StringIO()
    call_command("import_people", str(path), "--dry-run", stdout=out, stderr=StringIO())
    assert "Kiểm tra (không ghi)" in out.getvalue()
    assert Person.objects.count() == 0


def test_export_command_by_unit(make_xlsx, tmp_path):
    import_people(make_xlsx([good_row(1), good_row(2, workplace_unit="20")]), today=TODAY)
    target = tmp_path / "out.xlsx"
    out = StringIO()
    call_command("export_people", str(target), "--unit", "04", stdout=out)
    assert "Đã xuất 1 người" in out.getvalue()
    report = import_people(target, today=TODAY, dry_run=True)
    assert (report.rows, report.unchanged) == (1, 1)


def test_text_is_stored_in_nfc(make_xlsx):
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hồng")
    import_people(make_xlsx([good_row(1, full_name=decomposed)]), today=TODAY)
    person = Person.objects.get()
    assert person.full_name == unicodedata.normalize("NFC", "Nguyễn Thị Hồng")
    assert Qualification.objects.get().level == "master"


def test_import_command_measures_the_real_decompressed_size(tmp_path, settings, capsys):
    from django.core.management import CommandError

    from tests.test_security_exports import lying_archive

    settings.TRITHUC_UPLOAD_MAX_UNZIPPED_BYTES = 100_000
    liar = lying_archive(tmp_path / "liar.xlsx")
    with pytest.raises(CommandError) as raised:
        call_command("import_people", str(liar))
    assert raised.value.returncode == 2 and "khai sai kích thước" in str(raised.value)
    assert not Person.objects.exists()


@pytest.mark.parametrize("registry_has_one", [False, True])
def test_rows_outside_the_importers_scope_are_errors_and_not_written(make_xlsx, registry_has_one):
    # A first load (every row new) and a load beside an existing profile take different
    # paths through the writer: both refuse the same rows with the same message.
    if registry_has_one:
        import_people(make_xlsx([good_row(9)]), today=TODAY)
    rows = [
        good_row(1),
        good_row(2, workplace_unit="20"),
        good_row(3),
        good_row(4, workplace_unit="20"),
    ]
    seen: list[tuple[str, str]] = []

    def only_cao_bang(province: str, unit: str) -> bool:
        seen.append((province, unit))
        return province == "04"

    report = import_people(make_xlsx(rows), today=TODAY, scope=only_cao_bang)
    assert [(e["row"], e["column"]) for e in report.errors] == [
        (3, "Mã xã/phường nơi công tác"), (5, "Mã xã/phường nơi công tác")
    ]  # fmt: skip
    assert all("ngoài phạm vi" in e["message"] for e in report.errors)
    assert report.created == 2 and report.committed
    stored = set(Person.objects.values_list("national_id", flat=True))
    assert {good_row(1)["national_id"], good_row(3)["national_id"]} <= stored
    assert not stored & {good_row(2)["national_id"], good_row(4)["national_id"]}
    assert Employment.objects.count() == Person.objects.count()
