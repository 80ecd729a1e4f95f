"""Export safety (formula injection) and upload bounds (size, rows, zip bombs)."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from python_calamine import CalamineWorkbook

from conftest import good_row
from trithuc.lib.safe_export import SafeWorkbook, csv_cell, is_risky, write_csv
from trithuc.people.cbccvc.exporting import write_cbccvc_xlsx
from trithuc.people.error_report import write_error_report
from trithuc.people.exporting import write_people_xlsx
from trithuc.people.importing import import_people
from trithuc.people.models import ImportJob, Person
from trithuc.people.services import CBCCVC, import_people_file

TODAY = dt.date(2026, 11, 22)
PAYLOADS = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+cmd|' /C calc'!A0", "-2+3",
            "@SUM(A1:A2)", "\t=1+1", "\r=1+1"]  # fmt: skip


def quoted_cells(data: bytes, sheet: str = "xl/worksheets/sheet1.xml") -> set[str]:
    """The text of every cell whose style carries Excel's quote prefix."""
    archive = zipfile.ZipFile(io.BytesIO(data))

    def text(xml: str) -> str:
        return html.unescape(re.sub(r"<[^>]+>", "", xml))

    styles = archive.read("xl/styles.xml").decode()
    xfs = re.search(r"<cellXfs[^>]*>(.*?)</cellXfs>", styles, re.S).group(1)  # type: ignore[union-attr]
    quoted = {str(i) for i, xf in enumerate(re.findall(r"<xf [^>]*>", xfs)) if "quotePrefix" in xf}
    shared = []
    if "xl/sharedStrings.xml" in archive.namelist():
        shared = [text(si) for si in re.findall(r"<si>(.*?)</si>",
                                               archive.read("xl/sharedStrings.xml").decode(), re.S)]  # fmt: skip
    found = set()
    cells = re.findall(r'<c r="[A-Z]+\d+"([^>]*)>(.*?)</c>', archive.read(sheet).decode(), re.S)
    for attributes, body in cells:
        style = re.search(r's="(\d+)"', attributes)
        if style and style.group(1) in quoted:
            found.add(shared[int(text(body))] if 't="s"' in attributes else text(body))
    return found


def test_risky_prefixes():
    for value in PAYLOADS:
        assert is_risky(value)
    for value in ["Nguyễn Văn An", "0912345678", "", "a=b", " =1"]:
        assert not is_risky(value)
    assert not is_risky(5)


def test_csv_cells_are_neutralised():
    assert csv_cell("=1+1") == "'=1+1"
    assert csv_cell("@x") == "'@x"
    assert csv_cell("-5") == "'-5"
    assert csv_cell("Hà Nội") == "Hà Nội"
    assert csv_cell(12) == 12
    handle = io.StringIO()
    assert write_csv(handle, [["=1+1", "ok", None], ["+x", 3, "\tz"]]) == 2
    assert handle.getvalue().splitlines() == ["'=1+1,ok,", "'+x,3,'\tz"]


def test_safe_workbook_writes_text_never_formulas():
    data = io.BytesIO()
    workbook = SafeWorkbook(data, {"strings_to_formulas": True})  # the option is forced off
    sheet = workbook.add_worksheet("x")
    red = workbook.add_format({"font_color": "#b00020"})
    sheet.write(0, 0, "=1+2")
    sheet.write_string(0, 1, "@SUM(A1)", red)
    sheet.write_string(0, 2, "an toàn")
    workbook.close()
    raw = data.getvalue()
    xml = zipfile.ZipFile(io.BytesIO(raw)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml
    assert quoted_cells(raw) == {"=1+2", "@SUM(A1)"}
    rows = CalamineWorkbook.from_filelike(io.BytesIO(raw)).get_sheet_by_index(0).to_python()
    assert rows[0] == ["=1+2", "@SUM(A1)", "an toàn"]  # values unchanged


@pytest.mark.django_db
def test_people_export_neutralises_every_risky_text_cell_and_still_round_trips(make_xlsx, tmp_path):
    rows = [good_row(i + 1, employer=payload.strip() or "x", position=payload)
            for i, payload in enumerate(PAYLOADS)]  # fmt: skip
    report = import_people(make_xlsx(rows), today=TODAY)
    assert report.created == len(PAYLOADS), report.errors
    target = tmp_path / "out.xlsx"
    write_people_xlsx(Person.objects.all(), target, sensitive=True)
    quoted = quoted_cells(target.read_bytes())
    stored = set(Person.objects.values_list("position", flat=True)) | set(
        Person.objects.values_list("employer", flat=True)
    )
    assert {value for value in stored if is_risky(value)} <= quoted
    assert quoted
    again = import_people(target, today=TODAY)
    assert (again.created, again.updated, again.unchanged) == (0, 0, len(PAYLOADS))


@pytest.mark.django_db
def test_cbccvc_export_neutralises_risky_text_cells_and_still_round_trips(make_xlsx, tmp_path):
    rows = [good_row(i + 1, employer=payload.strip() or "x", position=payload)
            for i, payload in enumerate(PAYLOADS)]  # fmt: skip
    assert import_people(make_xlsx(rows), today=TODAY).created == len(PAYLOADS)
    target = tmp_path / "cbccvc.xlsx"
    write_cbccvc_xlsx(Person.objects.all(), target, sensitive=True)
    quoted = quoted_cells(target.read_bytes())
    stored = set(Person.objects.values_list("position", flat=True)) | set(
        Person.objects.values_list("employer", flat=True)
    )
    assert quoted and {value for value in stored if is_risky(value)} <= quoted
    again = import_people_file(target, layout=CBCCVC)
    assert (again.created, again.updated, again.unchanged) == (0, 0, len(PAYLOADS))


@pytest.mark.django_db
def test_error_report_neutralises_uploaded_formulas(make_xlsx, tmp_path):
    path = make_xlsx([good_row(1, employer="=cmd|' /C calc'!A0", birth_date="not a date")])
    report = import_people(path, today=TODAY, dry_run=True)
    job = ImportJob.objects.create(original_name="x.xlsx", stored_path=str(path),
                                   report=report.as_dict() | {"header_row": 1})  # fmt: skip
    target = tmp_path / "errors.xlsx"
    assert write_error_report(job, target) == 1
    assert "=cmd|' /C calc'!A0" in quoted_cells(target.read_bytes())


# ---- upload bounds -----------------------------------------------------------------------


def zip_bomb(path: Path, unzipped_mb: int = 50) -> Path:
    """An XLSX-shaped archive that is small on disk and huge once decompressed."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as handle:
            block = b"<row/>" * (1024 * 1024 // 6)
            for _ in range(unzipped_mb):
                handle.write(block)
    return path


@pytest.mark.django_db
def test_zip_bomb_is_refused_with_a_clear_message(client, manager, tmp_path, settings):
    settings.TRITHUC_UPLOAD_MAX_UNZIPPED_BYTES = 20 * 1024 * 1024
    bomb = zip_bomb(tmp_path / "bomb.xlsx")
    assert bomb.stat().st_size < 1024 * 1024
    report = import_people(bomb, today=TODAY)
    assert report.errors and "zip bomb" in report.errors[0]["message"]
    assert "giải nén" in report.errors[0]["message"]
    client.force_login(manager)
    upload = SimpleUploadedFile("bomb.xlsx", bomb.read_bytes())
    response = client.post(reverse("people:import_upload"), {"file": upload}, follow=True)
    assert response.status_code == 200
    assert "zip bomb" in response.content.decode()
    assert not Person.objects.exists()
    assert not ImportJob.objects.exists()  # refused before it is stored


@pytest.mark.django_db
def test_oversize_upload_is_refused(client, manager, make_xlsx, settings):
    path = make_xlsx([good_row(1)])
    settings.TRITHUC_UPLOAD_MAX_BYTES = path.stat().st_size - 1
    report = import_people(path, today=TODAY)
    assert report.errors and "Tệp quá lớn" in report.errors[0]["message"]
    client.force_login(manager)
    upload = SimpleUploadedFile("big.xlsx", path.read_bytes())
    response = client.post(reverse("people:import_upload"), {"file": upload})
    assert response.status_code == 200
    assert "Tệp quá lớn" in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_too_many_rows_are_refused(make_xlsx, settings):
    settings.TRITHUC_UPLOAD_MAX_ROWS = 2
    report = import_people(make_xlsx([good_row(i) for i in range(1, 4)]), today=TODAY)
    assert not report.committed
    assert any("quá nhiều dòng" in error["message"] for error in report.errors)
    assert not Person.objects.exists()


def lying_archive(path: Path, rows: int = 20_000) -> Path:
    """A real XLSX whose zip directory understates the sheet's decompressed size."""
    import struct

    import xlsxwriter

    source = io.BytesIO()
    workbook = xlsxwriter.Workbook(source, {"in_memory": True})
    sheet = workbook.add_worksheet("a")
    for row in range(rows):
        sheet.write_string(row, 0, "x" * 50)
    workbook.close()
    raw = bytearray(source.getvalue())
    name = b"xl/worksheets/sheet1.xml"
    for signature, name_at, size_at, header in ((b"PK\x03\x04", 26, 22, 30),
                                                (b"PK\x01\x02", 28, 24, 46)):  # fmt: skip
        position = 0
        while (found := raw.find(signature, position)) >= 0:
            length = struct.unpack("<H", raw[found + name_at : found + name_at + 2])[0]
            if raw[found + header : found + header + length] == name:
                raw[found + size_at : found + size_at + 4] = struct.pack("<I", 100)
            position = found + 4
    path.write_bytes(raw)
    return path


@pytest.mark.django_db
def test_archive_that_lies_about_its_size_is_refused(tmp_path, settings):
    """The zip directory's sizes pass the check; reading the sheet must still fail."""
    settings.TRITHUC_UPLOAD_MAX_UNZIPPED_BYTES = 100_000
    liar = lying_archive(tmp_path / "liar.xlsx")
    report = import_people(liar, today=TODAY)
    assert report.errors and not report.created
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_web_upload_measures_the_real_decompressed_size(client, manager, tmp_path, settings):
    """On the web, the archive is decompressed as a stream (nothing kept) before any
    parser sees it: a lying archive fails its size and checksum there."""
    settings.TRITHUC_UPLOAD_MAX_UNZIPPED_BYTES = 100_000
    client.force_login(manager)
    upload = SimpleUploadedFile("liar.xlsx", lying_archive(tmp_path / "liar.xlsx").read_bytes())
    response = client.post(reverse("people:import_upload"), {"file": upload})
    assert response.status_code == 200
    assert "khai sai kích thước" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_check_archive_passes_honest_files_and_rewinds():
    import xlsxwriter

    from trithuc.core.security import UploadRefused, check_archive

    honest = io.BytesIO()
    workbook = xlsxwriter.Workbook(honest, {"in_memory": True})
    workbook.add_worksheet("a").write_string(0, 0, "Nguyễn Văn An")
    workbook.close()
    honest.seek(5)
    check_archive(honest, 10_000_000)
    assert honest.tell() == 0  # the caller still reads it from the start
    check_archive(io.BytesIO("STT,Họ và tên\n1,An\n".encode()), 10)  # not an archive
    with pytest.raises(UploadRefused, match="zip bomb"):
        check_archive(honest, 100)


@pytest.mark.django_db
def test_plan_document_zip_bomb_is_refused(client, tmp_path, monkeypatch, django_user_model):
    from trithuc.accounts.models import Membership
    from trithuc.core import security
    from trithuc.plans.models import PlanDraft

    monkeypatch.setattr(security, "DOCUMENT_MAX_UNZIPPED_BYTES", 5 * 1024 * 1024)
    coordinator = django_user_model.objects.create_user(username="dieuphoi")
    Membership.objects.create(user=coordinator, role="plan_coordinator", unit_code="04")
    client.force_login(coordinator)
    bomb = tmp_path / "ke-hoach.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as handle:
            for _ in range(8):
                handle.write(b" " * 1024 * 1024)
    assert bomb.stat().st_size < 100_000
    upload = SimpleUploadedFile(bomb.name, bomb.read_bytes())
    response = client.post(reverse("plans:plan_import"), {"file": upload})
    assert response.status_code == 200
    assert "zip bomb" in response.content.decode()
    assert not PlanDraft.objects.exists()


@pytest.mark.django_db
def test_request_body_over_the_upload_limit_is_refused_unread(client, manager, settings):
    from trithuc.core.middleware import BODY_MARGIN_BYTES

    settings.TRITHUC_UPLOAD_MAX_BYTES = 0
    client.force_login(manager)
    upload = SimpleUploadedFile("big.csv", b"x" * (BODY_MARGIN_BYTES + 1))
    response = client.post(reverse("people:import_upload"), {"file": upload})
    assert response.status_code == 413
    assert "quá lớn" in response.content.decode()
    assert "Content-Security-Policy" in response
    assert not ImportJob.objects.exists()
