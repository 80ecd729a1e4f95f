"""The import reads ODS and CSV (semicolon or comma) as well as XLSX."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from conftest import HEADERS, good_row
from trithuc.people.importing import import_people
from trithuc.people.models import Person
from trithuc.people.template import COLUMNS

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 22)
MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""


def write_ods(path: Path, rows: list[dict[str, object]]) -> Path:
    """A minimal OpenDocument spreadsheet, as LibreOffice Calc would save it."""

    def cell(value: object) -> str:
        if isinstance(value, int):
            return (f'<table:table-cell office:value-type="float" office:value="{value}">'
                    f"<text:p>{value}</text:p></table:table-cell>")  # fmt: skip
        return (f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}'
                "</text:p></table:table-cell>")  # fmt: skip

    names = [column.field for column in COLUMNS]
    body = ["<table:table-row>" + "".join(cell(h) for h in HEADERS) + "</table:table-row>"]
    for row in rows:
        body.append("<table:table-row>" + "".join(cell(row.get(n, "")) for n in names)
                    + "</table:table-row>")  # fmt: skip
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Danh sách">'
        + "".join(body)
        + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                         compress_type=zipfile.ZIP_STORED)  # fmt: skip
        archive.writestr("META-INF/manifest.xml", MANIFEST)
        archive.writestr("content.xml", content)
    return path


def test_ods_import(tmp_path):
    path = write_ods(tmp_path / "people.ods", [good_row(1), good_row(2, sector="Nông nghiệp")])
    report = import_people(path, today=TODAY)
    assert report.errors == [] and report.created == 2
    assert Person.objects.get(national_id=good_row(2)["national_id"]).sector == "agriculture"


def test_csv_with_semicolons_and_no_bom(tmp_path):
    names = [column.field for column in COLUMNS]
    lines = [";".join(HEADERS)]
    lines += [";".join(str(good_row(n).get(name, "")) for name in names) for n in (1, 2)]
    path = tmp_path / "people.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    report = import_people(path, today=TODAY)
    assert report.errors == [] and report.created == 2


def test_zip_bomb_is_refused(tmp_path, settings):
    settings.TRITHUC_UPLOAD_MAX_UNZIPPED_BYTES = 1_000_000
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 5_000_000)
    report = import_people(path, today=TODAY)
    assert "zip bomb" in report.errors[0]["message"]
    assert Person.objects.count() == 0


def test_too_many_rows_are_refused_whole(make_xlsx, settings):
    settings.TRITHUC_UPLOAD_MAX_ROWS = 2
    report = import_people(make_xlsx([good_row(n) for n in range(1, 5)]), today=TODAY)
    assert "quá nhiều dòng" in report.errors[-1]["message"]
    assert report.committed is False and Person.objects.count() == 0
