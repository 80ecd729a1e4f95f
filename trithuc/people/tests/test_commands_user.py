"""`trithuc export_people --user` and `trithuc people_stats --user`: the same gate as the
web (scope, masking, small cells, audit), and a clear refusal with exit status 2."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command, load_command_class
from django.core.management.base import CommandError
from python_calamine import CalamineWorkbook

from conftest import CAO_BANG, good_row
from trithuc.accounts.models import Membership
from trithuc.audit.models import AuditEvent
from trithuc.people.importing import import_people
from trithuc.people.management.commands.people_stats import protected_rows
from trithuc.people.masking import SENSITIVE_FIELDS
from trithuc.people.models import Person

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 22)
LANG_SON = "20"
BUDDHIST = 1  # the row number of the one Buddhist of Cao Bằng


@pytest.fixture
def registry(make_xlsx):
    """Cao Bằng: 8 in education, 6 in agriculture, 2 in health, one of them Buddhist (the
    others without religion); Lạng Sơn: 1 in education."""
    sectors = ["Giáo dục và đào tạo"] * 8 + ["Nông nghiệp"] * 6 + ["Y tế"] * 2
    rows = [good_row(n, sector=sector, religion="Phật giáo" if n == BUDDHIST else "Không")
            for n, sector in enumerate(sectors, start=1)]  # fmt: skip
    rows.append(good_row(len(rows) + 1, workplace_unit=LANG_SON))
    report = import_people(make_xlsx(rows), today=TODAY)
    assert report.created == 17, report.errors


def export(tmp_path, *args: str) -> list[list[object]]:
    path = tmp_path / "out.xlsx"
    call_command("export_people", str(path), *args, stdout=io.StringIO())
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()


def national_ids(sheet: list[list[object]]) -> set[str]:
    header = next(i for i, row in enumerate(sheet) if "Số định danh cá nhân" in row)
    column = sheet[header].index("Số định danh cá nhân")
    return {str(row[column]) for row in sheet[header + 1 :] if row[column]}


def stats(*args: str) -> tuple[list[dict[str, object]], str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("people_stats", *args, stdout=out, stderr=err)
    return json.loads(out.getvalue()), err.getvalue()


def counts(rows: list[dict[str, object]], field: str) -> dict[object, object]:
    return {row[field]: row["count"] for row in rows}


def refused(command: str, *args: str) -> CommandError:
    with pytest.raises(CommandError) as info:
        call_command(command, *args, stdout=io.StringIO(), stderr=io.StringIO())
    assert info.value.returncode == 2
    return info.value


def cao_bang_ids() -> set[str]:
    return set(Person.objects.filter(province_code=CAO_BANG).values_list("national_id", flat=True))


# ---- export_people --------------------------------------------------------------------------


def test_export_for_a_manager_keeps_to_their_scope_and_records_the_sensitive_view(
    tmp_path, manager, registry
):
    sheet = export(tmp_path, "--user", "manager")
    assert national_ids(sheet) == cao_bang_ids()  # full numbers, no Lạng Sơn person
    cells = {str(cell) for row in sheet for cell in row}
    assert "Phật giáo" in cells
    event = AuditEvent.objects.get(action="export")
    assert (event.actor, event.source) == (manager, "command")
    assert event.detail["rows"] == 16 and event.detail["sensitive"] is True
    seen = AuditEvent.objects.get(action="view_sensitive")
    assert seen.actor == manager and seen.source == "command"
    assert seen.fields == sorted(SENSITIVE_FIELDS) and seen.detail["rows"] == 16


def test_export_for_a_viewer_masks_sensitive_fields(tmp_path, viewer, registry):
    sheet = export(tmp_path, "--user", "viewer", "--unit", CAO_BANG)
    cells = {str(cell) for row in sheet for cell in row}
    assert not cao_bang_ids() & cells
    assert "004••••••001" in cells and "Phật giáo" not in cells
    assert len(national_ids(sheet)) == 16
    event = AuditEvent.objects.get(action="export")
    assert event.actor == viewer and event.detail["sensitive"] is False
    assert not AuditEvent.objects.filter(action="view_sensitive").exists()


def test_export_for_a_user_of_a_sibling_province_holds_only_their_people(
    tmp_path, sibling, registry
):
    sheet = export(tmp_path, "--user", "sibling", "--unit", CAO_BANG)
    assert national_ids(sheet) == set()
    assert AuditEvent.objects.get(action="export").actor == sibling


def test_export_refuses_unknown_users_and_roles_without_profile_access(
    tmp_path, analyst, outsider, django_user_model, registry
):
    path = str(tmp_path / "out.xlsx")
    assert "Không có người dùng “khong_ai”" in str(refused("export_people", path, "--user",
                                                           "khong_ai"))  # fmt: skip
    for name in ("analyst", "outsider"):
        message = str(refused("export_people", path, "--user", name))
        assert f"Người dùng “{name}” không có vai trò được xuất hồ sơ cá nhân" in message
    person = Person.objects.get(national_id=good_row(1)["national_id"])
    me = django_user_model.objects.create_user(username="tri_thuc", password="pw-Trithuc-2026")
    Membership.objects.create(user=me, role="intellectual", unit_code=CAO_BANG,
                              national_id=person.national_id)  # fmt: skip
    refused("export_people", path, "--user", "tri_thuc")
    locked = django_user_model.objects.create_user(username="khoa", password="pw-Trithuc-2026",
                                                   is_active=False)  # fmt: skip
    Membership.objects.create(user=locked, role="registry_manager", unit_code=CAO_BANG)
    assert "đang bị khóa" in str(refused("export_people", path, "--user", "khoa"))
    assert not (tmp_path / "out.xlsx").exists()
    assert not AuditEvent.objects.filter(action__in=["export", "view_sensitive"]).exists()


def test_a_refused_user_ends_the_command_with_exit_status_2(tmp_path, analyst, monkeypatch,
                                                           capsys):  # fmt: skip
    from django.db import connections

    # run_from_argv closes the connections when done, which would end the test's transaction.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    for argv in (["export_people", str(tmp_path / "x.xlsx"), "--user", "analyst"],
                 ["people_stats", "--by", "sector", "--user", "khong_ai"]):  # fmt: skip
        command = load_command_class("trithuc.people", argv[0])
        with pytest.raises(SystemExit) as info:
            command.run_from_argv(["trithuc", *argv])
        assert info.value.code == 2
    err = capsys.readouterr().err
    assert "không có vai trò được xuất hồ sơ cá nhân" in err
    assert "Không có người dùng “khong_ai”" in err


def test_without_a_user_the_operator_exports_everything_as_documented(tmp_path, registry):
    sheet = export(tmp_path)
    assert national_ids(sheet) == set(Person.objects.values_list("national_id", flat=True))
    event = AuditEvent.objects.get(action="export")
    assert event.actor is None and event.detail["rows"] == 17
    for name in ("export_people", "people_stats"):
        command = load_command_class("trithuc.people", name)
        assert "Không có --user" in command.help and "người vận hành máy chủ" in command.help
        usage = command.create_parser("trithuc", name).format_help()
        assert "--user USER" in usage


# ---- people_stats ---------------------------------------------------------------------------


def test_people_stats_for_a_user_counts_their_scope(manager, sibling, registry):
    everyone, _ = stats("--by", "sector")
    assert counts(everyone, "sector") == {"agriculture": 6, "education": 9, "health": 2}
    mine, note = stats("--by", "sector", "--user", "manager")
    assert counts(mine, "sector") == {"agriculture": 6, "education": 8, "health": 2}
    assert note == ""  # a manager sees profiles: nothing hidden
    theirs, _ = stats("--by", "sector", "--user", "sibling")
    assert counts(theirs, "sector") == {"education": 1}
    as_of, _ = stats("--by", "sector", "--as-of", "2026-11-22", "--user", "manager")
    assert counts(as_of, "sector") == counts(mine, "sector")


def test_people_stats_hides_small_cells_and_their_complements_from_an_analyst(analyst, registry):
    rows, note = stats("--by", "sector", "--user", "analyst")
    # health (2) is small; agriculture (6) goes with it, or 16 − 8 would give it away.
    assert counts(rows, "sector") == {"agriculture": None, "education": 8, "health": None}
    assert "dưới 5 người" in note
    out = io.StringIO()
    call_command("people_stats", "--by", "sector", "--user", "analyst", "--format", "text",
                 stdout=out, stderr=io.StringIO())  # fmt: skip
    assert out.getvalue().splitlines() == ["agriculture\tẩn", "education\t8", "health\tẩn"]
    two_way, _ = stats("--by", "sector,religion", "--user", "analyst")
    shown = {(r["sector"], r["religion"]): r["count"] for r in two_way}
    assert shown[("education", "Phật giáo")] is None and shown[("education", "Không")] is None
    error = refused("people_stats", "--by", "sector,religion,gender", "--user", "analyst")
    assert "tối đa hai trường" in str(error)


def test_people_stats_by_a_sensitive_field_is_hidden_below_the_threshold_for_a_viewer(
    viewer, manager, registry
):
    rows, note = stats("--by", "religion", "--user", "viewer")
    assert counts(rows, "religion") == {"Không": None, "Phật giáo": None}  # 15 and 1
    assert note
    by_sector, _ = stats("--by", "sector", "--user", "viewer")  # not sensitive: all shown
    assert counts(by_sector, "sector") == {"agriculture": 6, "education": 8, "health": 2}
    full, _ = stats("--by", "religion", "--user", "manager")
    assert counts(full, "religion") == {"Không": 15, "Phật giáo": 1}


def test_people_stats_refuses_unknown_users_and_roles_without_aggregates(
    outsider, django_user_model, registry
):
    assert "Không có người dùng" in str(refused("people_stats", "--by", "sector", "--user",
                                                "khong_ai"))  # fmt: skip
    message = str(refused("people_stats", "--by", "sector", "--user", "outsider"))
    assert "không có vai trò được xem số liệu tổng hợp" in message
    reporter = django_user_model.objects.create_user(username="bao_cao", password="pw-x-2026")
    Membership.objects.create(user=reporter, role="agency_reporter", unit_code=CAO_BANG)
    refused("people_stats", "--by", "sector", "--user", "bao_cao")


def test_protected_rows_hide_the_complements_of_a_two_way_table():
    rows = [
        {"sector": "education", "gender": "male", "count": 9},
        {"sector": "education", "gender": "female", "count": 7},
        {"sector": "health", "gender": "male", "count": 2},
        {"sector": "health", "gender": "female", "count": 8},
        {"sector": "agriculture", "gender": "male", "count": 6},
        {"sector": "agriculture", "gender": "female", "count": 6},
    ]
    hidden = {(r["sector"], r["gender"]) for r in protected_rows(rows, ["sector", "gender"])
              if r["count"] is None}  # fmt: skip
    # health/male (2) is small; its row, its column and the cells they bring in hide
    # at least two entries each, so no margin minus the shown cells gives it.
    assert ("health", "male") in hidden
    assert ("health", "female") in hidden and ("agriculture", "male") in hidden
    assert ("agriculture", "female") in hidden
    assert ("education", "male") not in hidden and ("education", "female") not in hidden


def test_import_refuses_unknown_users_and_roles_that_may_not_edit(make_xlsx, viewer, analyst):
    path = str(make_xlsx([good_row(1)]))
    assert "Không có người dùng “khong_ai”" in str(refused("import_people", path, "--user",
                                                           "khong_ai"))  # fmt: skip
    for name in ("viewer", "analyst"):
        message = str(refused("import_people", path, "--user", name))
        assert f"Người dùng “{name}” không có vai trò được nhập hồ sơ" in message
    assert not Person.objects.exists()
    assert not AuditEvent.objects.filter(action="import").exists()
