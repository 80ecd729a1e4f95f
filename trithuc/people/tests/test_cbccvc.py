"""Exchange with CSDL CBCCVC (issue 19, item 4): an export of the national database is
imported through the template's pipeline (same rules, scope, all-or-nothing, audit),
with its codes translated and its columns named in the report; the registry is exported
in that layout; export then import gives the same people."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from pathlib import Path

import pytest
import xlsxwriter
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from python_calamine import CalamineWorkbook

from conftest import CAO_BANG, good_row
from trithuc.audit.models import AuditEvent
from trithuc.orgunits.models import AdministrativeUnit
from trithuc.orgunits.services import successor_names
from trithuc.people.cbccvc import layout
from trithuc.people.cbccvc.importing import (
    ethnicity_from_code,
    grade,
    is_leader_position,
    title_name,
)
from trithuc.people.importing import import_people
from trithuc.people.models import Person
from trithuc.people.services import CBCCVC, import_people_file

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 22)
LANG_SON = "20"
SHARED = (
    "national_id", "full_name", "birth_date", "birth_year_only", "gender", "ethnicity",
    "religion", "workplace_unit", "employer", "employment_type", "position",
    "education_level", "education_year", "training_field", "academic_title",
    "political_theory_level", "party_member", "phone", "email", "work_start_year",
)  # fmt: skip
HEADERS = [
    "STT", "Số định danh cá nhân", "Họ và tên khai sinh", "Ngày, tháng, năm sinh",
    "Giới tính", "Dân tộc", "Tôn giáo", "Mã ngạch, chức danh nghề nghiệp",
    "Cơ quan, đơn vị sử dụng", "Mã đơn vị hành chính nơi làm việc", "Chức vụ",
    "Trình độ chuyên môn cao nhất", "Lý luận chính trị", "Ngày vào Đảng", "Quê quán",
]  # fmt: skip


def cbccvc_row(number: int = 1, **overrides: object) -> list[object]:
    """A valid row of HEADERS; overrides by header."""
    values: dict[str, object] = {
        "STT": number,
        "Số định danh cá nhân": f"0040850{number:05d}",
        "Họ và tên khai sinh": "NÔNG VĂN BẢO",
        "Ngày, tháng, năm sinh": "15/03/1985",
        "Giới tính": "1",
        "Dân tộc": "Tày",
        "Tôn giáo": "Không",
        "Mã ngạch, chức danh nghề nghiệp": "V.07.01.03",
        "Cơ quan, đơn vị sử dụng": "Trường Đại học Cao Bằng",
        "Mã đơn vị hành chính nơi làm việc": CAO_BANG,
        "Chức vụ": "Trưởng khoa",
        "Trình độ chuyên môn cao nhất": "Thạc sĩ Quản lý giáo dục",
        "Lý luận chính trị": "Trung cấp lý luận chính trị",
        "Ngày vào Đảng": "03/02/2010",
        "Quê quán": "Hòa An, Cao Bằng",
    }
    values.update(overrides)
    return [values.get(header, "") for header in HEADERS]


def write_cbccvc(path: Path, rows: Sequence[Sequence[object]],
                 headers: Sequence[str] = HEADERS) -> Path:  # fmt: skip
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    sheet = workbook.add_worksheet("CBCCVC")
    sheet.write_string(0, 0, "DANH SÁCH CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC")
    for col, header in enumerate(headers):
        sheet.write_string(2, col, header)
    for r, row in enumerate(rows, start=3):
        for col, value in enumerate(row):
            if isinstance(value, int | float) and not isinstance(value, bool):
                sheet.write_number(r, col, value)
            elif value not in ("", None):
                sheet.write_string(r, col, str(value))
    workbook.close()
    return path


def run(path: Path, *args: str) -> dict:
    out = io.StringIO()
    with contextlib.suppress(SystemExit):  # exit status 1 when nothing was imported
        call_command("import_cbccvc", str(path), "--format", "json", *args, stdout=out,
                     stderr=io.StringIO())  # fmt: skip
    return json.loads(out.getvalue())


def messages(report: dict) -> list[tuple[object, str, str]]:
    return [(e["row"], e["column"], e["message"]) for e in report["errors"]]


# --- code translations ---------------------------------------------------------------


def test_grade_codes_give_type_and_sector():
    assert grade("V.07.01.03") == ("public_employee", "education")
    assert grade("v08.01.02") == ("public_employee", "health")
    assert grade("V.11.05.09") == ("public_employee", None)
    assert grade("01.003") == ("civil_servant", "state_management")
    assert grade("06a.031") == ("civil_servant", "state_management")
    assert grade("10.226") == ("civil_servant", "agriculture")
    assert grade("15.113") == ("public_employee", "education")
    assert grade("13.282") == (None, None)  # science: civil servant or not, "Đối tượng" says
    assert grade("Chuyên viên") == (None, None)


def test_leaders_names_and_ethnic_codes():
    assert is_leader_position("Phó Trưởng phòng")
    assert is_leader_position("Hiệu trưởng")
    assert is_leader_position("Phó Giám đốc Sở")
    assert is_leader_position("Chánh Văn phòng")
    assert not is_leader_position("Giáo viên Trường THCS Hòa An")  # trường, not trưởng
    assert not is_leader_position("Tổ trưởng chuyên môn")
    assert not is_leader_position("Chuyên viên")
    assert title_name("NGUYỄN THỊ MỸ LINH") == "Nguyễn Thị Mỹ Linh"
    assert title_name("Lê Văn Tám") == "Lê Văn Tám"
    assert ethnicity_from_code("4") == "04"  # Mường in the 2008 list
    assert ethnicity_from_code("55") is None


def test_ethnic_codes_of_the_1979_list(monkeypatch):
    monkeypatch.setattr(layout, "ETHNICITY_CODE_SYSTEM", "1979")
    assert ethnicity_from_code("06") == "04"  # Mường is 06 in 1979, 04 in 2008
    assert ethnicity_from_code("04") == "06"  # Hoa


def test_an_export_is_translated_to_the_registry(tmp_path):
    rows = [
        cbccvc_row(1),
        cbccvc_row(2, **{"Giới tính": "Nữ", "Họ và tên khai sinh": "Lục Thị Hà",
                         "Mã ngạch, chức danh nghề nghiệp": "01.003", "Chức vụ": "Chuyên viên",
                         "Trình độ chuyên môn cao nhất": "TS", "Ngày vào Đảng": "",
                         "Lý luận chính trị": "Cao cấp"}),
    ]  # fmt: skip
    report = run(write_cbccvc(tmp_path / "x.xlsx", rows))
    assert report["created"] == 2, report["errors"]
    first = Person.objects.get(national_id="004085000001")
    assert first.full_name == "Nông Văn Bảo"
    assert (first.gender, first.ethnicity, first.employment_type, first.sector) == (
        "male", "02", "public_employee", "education")  # fmt: skip
    assert (first.education_level, first.training_field) == ("master", "Quản lý giáo dục")
    assert first.political_theory_level == "intermediate"
    assert first.party_member and first.is_leader
    second = Person.objects.get(national_id="004085000002")
    assert (second.gender, second.employment_type, second.sector) == (
        "female", "civil_servant", "state_management")  # fmt: skip
    assert second.education_level == "doctor" and not second.party_member
    assert not second.is_leader and second.political_theory_level == "advanced"
    # The column the registry does not keep is named once, as a warning.
    assert any(w["column"] == "Quê quán" for w in report["warnings"])


def test_an_old_commune_code_is_translated(tmp_path):
    current = set(
        AdministrativeUnit.objects.filter(code_system="2025").values_list("code", flat=True)
    )
    old = next(
        code
        for code in AdministrativeUnit.objects.filter(code_system="2004", level="commune",
                                                      code__startswith="00")
        .order_by("code").values_list("code", flat=True)
        if code not in current and len(successor_names(code, "commune")) == 1
        and successor_names(code, "commune")[0][0].startswith("00")
    )  # fmt: skip
    new = successor_names(old, "commune")[0][0]
    path = write_cbccvc(tmp_path / "x.xlsx",
                        [cbccvc_row(1, **{"Mã đơn vị hành chính nơi làm việc": old})])  # fmt: skip
    report = run(path, "--dry-run")
    assert (report["created"], report["errors"]) == (1, [])
    warned = [w for w in report["warnings"] if w["column"] == "Mã đơn vị hành chính nơi làm việc"]
    assert warned and new in warned[0]["message"] and old in warned[0]["message"]


# --- errors in CBCCVC terms ----------------------------------------------------------


def test_a_bad_file_gives_vietnamese_messages_and_writes_nothing(tmp_path):
    rows = [
        cbccvc_row(1, **{"Giới tính": "3"}),
        cbccvc_row(2, **{"Dân tộc": "Kinh Tế"}),
        cbccvc_row(3, **{"Mã ngạch, chức danh nghề nghiệp": "99"}),
        cbccvc_row(4, **{"Trình độ chuyên môn cao nhất": "Giỏi"}),
        cbccvc_row(5, **{"Ngày, tháng, năm sinh": "31/02/1985"}),
        cbccvc_row(6, **{"Mã đơn vị hành chính nơi làm việc": "Xã Không Có Thật"}),
    ]
    report = run(write_cbccvc(tmp_path / "bad.xlsx", rows), "--strict")
    found = {row: (column, message) for row, column, message in messages(report)}
    assert found[4][0] == "Giới tính" and "'3'" in found[4][1] and "2 (Nữ)" in found[4][1]
    assert found[5][0] == "Dân tộc" and "54 dân tộc" in found[5][1]
    assert found[6][0] == "Mã ngạch, chức danh nghề nghiệp" and "'Đối tượng'" in found[6][1]
    assert found[7][0] == "Trình độ chuyên môn cao nhất" and "'Giỏi'" in found[7][1]
    assert found[8][0] == "Ngày, tháng, năm sinh"
    assert found[9][0] == "Mã đơn vị hành chính nơi làm việc" and "Không tìm thấy" in found[9][1]
    assert "⛔" not in json.dumps(report, ensure_ascii=False)
    assert report["error_counts"]["Giới tính"] == 1
    assert Person.objects.count() == 0


def test_missing_columns_are_named(tmp_path):
    headers = [h for h in HEADERS if h not in ("Giới tính", "Mã ngạch, chức danh nghề nghiệp")]
    path = write_cbccvc(tmp_path / "x.xlsx", [], headers=headers)
    report = run(path)
    found = {column: message for _, column, message in messages(report)}
    assert found["Giới tính"] == "thiếu cột bắt buộc trong tệp"
    assert "'Đối tượng' hoặc 'Mã ngạch, chức danh nghề nghiệp'" in found["Đối tượng"]


def test_a_template_file_is_not_a_cbccvc_export(tmp_path):
    path = tmp_path / "x.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    workbook.add_worksheet().write_row(0, 0, ["Tên", "Tuổi", "Ghi chú"])
    workbook.close()
    report = run(path)
    assert "CSDL CBCCVC" in report["errors"][0]["message"]


# --- merging with what the registry holds ---------------------------------------------


def test_a_known_person_keeps_what_the_national_database_does_not_hold(tmp_path, make_xlsx):
    template = good_row(1, national_id="004085000001", sector="Y tế",
                        expert_field="Y học cổ truyền", phone="0912345678")  # fmt: skip
    assert import_people(make_xlsx([template]), today=TODAY).created == 1
    rows = [cbccvc_row(1, **{"Chức vụ": "Phó Giám đốc"})]
    report = run(write_cbccvc(tmp_path / "x.xlsx", rows))
    assert report["updated"] == 1, report["errors"]
    person = Person.objects.get(national_id="004085000001")
    assert person.position == "Phó Giám đốc" and person.is_leader
    # Not in the national file: kept, not guessed from the grade code (education).
    assert (person.sector, person.expert_field, person.phone) == (
        "health", "Y học cổ truyền", "0912345678")  # fmt: skip
    assert person.upskilled_to_standard


# --- export, and export then import ----------------------------------------------------


def _registry(make_xlsx) -> None:
    rows = [
        good_row(1),
        good_row(2, full_name="Hoàng Thị Mai", gender="Nữ", ethnicity="Nùng",
                 birth_date="1979", education_level="Tiến sĩ", academic_title="PGS",
                 position="Phó Giám đốc", is_leader="x", party_member="", phone="", email="",
                 political_theory_level="", religion=""),
        good_row(3, workplace_unit=LANG_SON, employment_type="Viên chức", sector="Y tế",
                 work_start_year=2008, education_level="Chuyên khoa II"),
        good_row(4, full_name="Ma Văn Đức", workplace_unit="01273", employment_type="Cán bộ",
                 education_level="Đại học", training_field="Luật", education_year=""),
    ]  # fmt: skip
    report = import_people(make_xlsx(rows), today=TODAY)
    assert report.created == 4, report.errors


def _snapshot() -> dict[str, tuple]:
    return {p["national_id"]: tuple(p[name] for name in SHARED)
            for p in Person.objects.values(*SHARED)}  # fmt: skip


def test_export_then_import_into_an_empty_registry_gives_the_same_people(tmp_path, make_xlsx):
    _registry(make_xlsx)
    before = _snapshot()
    path = tmp_path / "cbccvc.xlsx"
    call_command("export_cbccvc", "--output", str(path), stdout=io.StringIO())
    # Importing it back over the same people changes nothing.
    again = run(path)
    assert (again["unchanged"], again["errors"]) == (4, []), again["errors"]
    Person.objects.all().delete()
    report = run(path)
    assert report["created"] == 4, report["errors"]
    assert _snapshot() == before


def test_export_follows_the_layout_and_the_filters(tmp_path, make_xlsx):
    _registry(make_xlsx)
    path = tmp_path / "cbccvc.xlsx"
    call_command("export_cbccvc", "--output", str(path), "--unit", LANG_SON,
                 stdout=io.StringIO())  # fmt: skip
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    header = sheet[4]
    assert header[:4] == ["STT", "Số định danh cá nhân", "Họ và tên khai sinh",
                          "Ngày, tháng, năm sinh"]  # fmt: skip
    assert "Mã dân tộc" in header and "Đối tượng" in header
    assert sheet[3][1].startswith("1. Thông tin cơ bản")
    data = [row for row in sheet[5:] if row[0] != ""]
    assert len(data) == 1 and data[0][header.index("Số định danh cá nhân")] == "004085000003"
    assert data[0][header.index("Ngày tuyển dụng")] == 2008
    assert layout.VERSION in sheet[1][0]


# --- scope, masking, audit ---------------------------------------------------------------


def test_an_official_of_another_province_cannot_import_outside_scope(tmp_path, sibling):
    path = write_cbccvc(tmp_path / "x.xlsx", [cbccvc_row(1), cbccvc_row(2)])
    report = run(path, "--user", sibling.username)
    assert report["created"] == 0
    assert {column for _, column, _m in messages(report)} == {"Mã đơn vị hành chính nơi làm việc"}
    assert all("phạm vi" in message for _, _c, message in messages(report))
    assert Person.objects.count() == 0
    event = AuditEvent.objects.filter(action="import").latest("id")
    assert event.actor_id == sibling.pk and event.detail["layout"] == CBCCVC


def test_export_sees_only_the_scope_and_leaves_out_masked_columns(tmp_path, make_xlsx, sibling,
                                                                  viewer):  # fmt: skip
    _registry(make_xlsx)
    path = tmp_path / "s.xlsx"
    call_command("export_cbccvc", "--output", str(path), "--user", sibling.username,
                 stdout=io.StringIO())  # fmt: skip
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    names = [row[sheet[4].index("Họ và tên khai sinh")] for row in sheet[5:] if row[0] != ""]
    assert len(names) == 1  # the one person of Lạng Sơn
    from trithuc.accounts.services import can_see_sensitive

    if not can_see_sensitive(viewer):
        call_command("export_cbccvc", "--output", str(path), "--user", viewer.username,
                     stdout=io.StringIO())  # fmt: skip
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        for hidden in ("Số định danh cá nhân", "Dân tộc", "Mã dân tộc", "Tôn giáo", "Đảng viên",
                       "Số điện thoại", "Email", "Ngày, tháng, năm sinh"):  # fmt: skip
            assert hidden not in sheet[4]
        assert "Không xuất các cột" in sheet[1][0]
    event = AuditEvent.objects.filter(action="export").latest("id")
    assert event.detail["layout"] == CBCCVC


def test_commands_refuse_what_the_web_refuses(tmp_path, outsider):
    path = write_cbccvc(tmp_path / "x.xlsx", [cbccvc_row(1)])
    with pytest.raises(CommandError) as refused:
        call_command("import_cbccvc", str(path), "--user", outsider.username,
                     stdout=io.StringIO())  # fmt: skip
    assert refused.value.returncode == 2
    with pytest.raises(CommandError):
        call_command("export_cbccvc", "--output", str(tmp_path / "o.csv"), stdout=io.StringIO())


def test_the_service_reads_a_csv_export(tmp_path):
    path = tmp_path / "x.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([HEADERS, cbccvc_row(1)])
    report = import_people_file(path, layout=CBCCVC, dry_run=True)
    assert report.created == 1, report.errors


# --- the web page and the API ----------------------------------------------------------


def test_the_import_page_takes_a_cbccvc_export(tmp_path, client, manager):
    from trithuc.people.models import ImportJob

    client.force_login(manager)
    page = client.get(reverse("people:import_upload"))
    assert "Tệp xuất từ CSDL CBCCVC" in page.content.decode()
    rows = [cbccvc_row(1), cbccvc_row(2, **{"Giới tính": "3"})]
    with open(write_cbccvc(tmp_path / "x.xlsx", rows), "rb") as handle:
        response = client.post(reverse("people:import_upload"),
                               {"file": handle, "layout": "cbccvc"})  # fmt: skip
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.layout == "cbccvc"
    assert job.status == "previewed" and job.report["created"] == 1
    assert job.report["errors"][0]["column"] == "Giới tính"
    detail = client.get(reverse("people:import_detail", args=[job.uuid])).content.decode()
    assert "Tệp xuất từ CSDL CBCCVC" in detail and "2 (Nữ)" in detail
    client.post(reverse("people:import_confirm", args=[job.uuid]))
    assert Person.objects.get().full_name == "Nông Văn Bảo"


def test_the_list_exports_the_cbccvc_layout(client, make_xlsx, manager, viewer):
    _registry(make_xlsx)
    client.force_login(manager)
    url = reverse("people:export_cbccvc")
    assert url in client.get(reverse("people:list")).content.decode()
    response = client.get(url, {"employment_type": "cadre"})
    assert response.status_code == 200
    data = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    rows = [row for row in sheet[5:] if row[0] != ""]
    assert [row[sheet[4].index("Họ và tên khai sinh")] for row in rows] == ["Ma Văn Đức"]
    assert AuditEvent.objects.filter(action="export", detail__layout=CBCCVC).exists()
    client.force_login(viewer)
    response = client.get(url)
    data = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    assert "Số định danh cá nhân" not in sheet[4] and "Họ và tên khai sinh" in sheet[4]


def test_the_api_imports_a_cbccvc_export(tmp_path, manager):
    from django.test import Client

    from trithuc.api.import_jobs import run_import
    from trithuc.api.tokens import issue_token

    client = Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(manager, name='nhập')[1]}")
    path = write_cbccvc(tmp_path / "x.xlsx", [cbccvc_row(1)])
    with open(path, "rb") as handle:
        refused = client.post("/api/imports/", {"file": handle, "layout": "2c"})
    assert refused.status_code == 400 and "cbccvc" in refused.json()["detail"]
    with open(path, "rb") as handle:
        queued = client.post("/api/imports/", {"file": handle, "layout": "cbccvc"}).json()
    report = run_import(queued["uuid"], "cbccvc")  # what the worker runs, with the task's layout
    assert report["created"] == 1, report["errors"]
    assert Person.objects.get().full_name == "Nông Văn Bảo"


def test_two_processes_read_a_cbccvc_export_as_one(tmp_path, make_xlsx, monkeypatch):
    """The checking process (people.parallel) reads the translated rows without a query:
    the same report and people as one process, known people merged the same way."""
    from django.conf import settings

    from trithuc.people import importing, parallel

    if not parallel.platform_can_fork():
        pytest.skip("needs Linux's fork and 2 CPUs")
    assert import_people(make_xlsx([good_row(1, national_id="004085000001", sector="Y tế")]),
                         today=TODAY).created == 1  # fmt: skip
    rows = [cbccvc_row(n, **({"Giới tính": "9"} if n == 4 else {})) for n in range(1, 9)]
    path = write_cbccvc(tmp_path / "x.xlsx", rows)
    monkeypatch.setattr(settings, "TRITHUC_IMPORT_PARALLEL", False)
    alone = import_people_file(path, layout=CBCCVC, dry_run=True).as_dict()
    monkeypatch.setattr(importing, "PARALLEL_MIN_ROWS", 1)
    monkeypatch.setattr(importing, "CHUNK_ROWS", 3)
    monkeypatch.setattr(settings, "TRITHUC_IMPORT_PARALLEL", True)
    both = import_people_file(path, layout=CBCCVC).as_dict()
    assert {k: both[k] for k in ("created", "updated", "errors")} == {
        k: alone[k] for k in ("created", "updated", "errors")}  # fmt: skip
    assert both["created"] == 6 and both["updated"] == 1
    assert Person.objects.get(national_id="004085000001").sector == "health"


def test_exchange_doc_lists_every_column_of_the_layout():
    text = (Path(__file__).resolve().parents[3] / "docs" / "EXCHANGE.md").read_text()
    assert f"version `{layout.VERSION}`" in text
    for column in layout.COLUMNS:
        assert f"| {column.header} |" in text, column.header


def test_more_spellings_of_the_national_exports(tmp_path):
    rows = [cbccvc_row(1, **{"Lý luận chính trị": "Cao cấp lý luận chính trị - hành chính",
                             "Trình độ chuyên môn cao nhất": "BSCKII",
                             "Mã ngạch, chức danh nghề nghiệp": "V.08.01.01",
                             "Ngày vào Đảng": "Không", "Chức vụ": "Tổ trưởng chuyên môn",
                             "Giới tính": 2})]  # fmt: skip
    headers = [*HEADERS, "Đối tượng", "Ngày tuyển dụng"]
    rows[0] += ["Viên chức cấp xã", "09/2011"]
    report = run(write_cbccvc(tmp_path / "x.xlsx", rows, headers=headers))
    assert report["created"] == 1, report["errors"]
    person = Person.objects.get()
    assert (person.political_theory_level, person.education_level, person.sector) == (
        "advanced", "specialist_2", "health")  # fmt: skip
    assert (person.gender, person.employment_type, person.work_start_year) == (
        "female", "public_employee", 2011)  # fmt: skip
    assert not person.party_member and not person.is_leader


def test_the_console_script_takes_hyphenated_command_names(monkeypatch):
    import django.core.management

    from trithuc import cli

    seen: list[list[str]] = []
    monkeypatch.setattr(django.core.management, "execute_from_command_line", seen.append)
    cli.main(["import-cbccvc", "x-y.xlsx", "--dry-run"])
    cli.main(["export-cbccvc", "--output", "a-b.xlsx"])
    assert seen == [["trithuc", "import_cbccvc", "x-y.xlsx", "--dry-run"],
                    ["trithuc", "export_cbccvc", "--output", "a-b.xlsx"]]  # fmt: skip


def test_an_official_cannot_move_a_known_person_into_their_scope(tmp_path, make_xlsx, sibling):
    """A Cao Bằng person in a Lạng Sơn official's file, with a Lạng Sơn unit: refused (the
    profile is outside the official's scope), and the message is the one a new person
    outside the scope gets."""
    assert import_people(make_xlsx([good_row(1, national_id="004085000001")]),
                         today=TODAY).created == 1  # fmt: skip
    rows = [cbccvc_row(1, **{"Mã đơn vị hành chính nơi làm việc": LANG_SON})]
    report = run(write_cbccvc(tmp_path / "x.xlsx", rows), "--user", sibling.username)
    assert (report["updated"], len(report["errors"])) == (0, 1)
    assert report["errors"][0]["column"] == "Mã đơn vị hành chính nơi làm việc"
    assert Person.objects.get().workplace_unit == CAO_BANG
