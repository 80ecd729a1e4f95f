"""How clerks make spreadsheets (issue 12): headers over two or three rows with merged
group titles, the template's example row, its sheet of communes, and "Đang đào tạo"
written "x" with the level beside it."""

from __future__ import annotations

import pytest
import python_calamine
import xlsxwriter

from conftest import good_row
from trithuc.people.blank_template import COMMUNES_SHEET, write_blank_template
from trithuc.people.importing import import_people
from trithuc.people.models import Person
from trithuc.people.template import COLUMNS

pytestmark = pytest.mark.django_db
GROUPS = [("THÔNG TIN CÁ NHÂN", 1, 7), ("CÔNG TÁC", 8, 13), ("TRÌNH ĐỘ", 14, 24)]


def write_three_row_header(path, rows):
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    sheet = workbook.add_worksheet("DS")
    sheet.merge_range(0, 0, 0, len(COLUMNS) - 1, "DANH SÁCH ĐỘI NGŨ TRÍ THỨC NĂM 2026")
    for title, first, last in GROUPS:  # group titles over the column names, merged
        sheet.merge_range(1, first, 1, last, title)
    for col, column in enumerate(COLUMNS):
        sheet.write_string(2, col, column.header)
    for r, row in enumerate(rows, start=3):
        for col, column in enumerate(COLUMNS):
            value = row.get(column.field, "")
            if isinstance(value, int):
                sheet.write_number(r, col, value)
            elif value:
                sheet.write_string(r, col, str(value))
    workbook.close()
    return path


def test_a_header_under_merged_group_titles_is_read(tmp_path):
    path = write_three_row_header(tmp_path / "groups.xlsx", [good_row(1), good_row(2)])
    report = import_people(path)
    assert not report.errors, report.errors
    assert report.header.row == 3
    assert Person.objects.count() == 2


def test_the_templates_example_row_is_never_imported(tmp_path, make_xlsx):
    template = tmp_path / "mau.xlsx"
    write_blank_template(template, provinces=["04"])
    report = import_people(template)
    assert report.created == 0 and not report.errors
    assert any("dòng ví dụ" in w["message"] for w in report.warnings)
    book = python_calamine.CalamineWorkbook.from_path(str(template))
    communes = book.get_sheet_by_name(COMMUNES_SHEET).to_python()
    assert communes[1][0] == "04" and len(communes) > 20  # Cao Bằng and its communes
    assert all(len(str(row[0])) == 5 for row in communes[2:])


def test_in_training_accepts_x_with_the_level_beside_or_the_level(tmp_path, make_xlsx):
    headers = [c.header for c in COLUMNS]
    at = headers.index("Đang đào tạo")
    # a clerk's sheet: "Đang đào tạo" (x) then the level, under one merged group title
    headers.insert(at + 1, "Trình độ")
    workbook_path = tmp_path / "x.xlsx"
    workbook = xlsxwriter.Workbook(str(workbook_path), {"strings_to_numbers": False})
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, headers)
    rows = [good_row(1, in_training="x", in_training_until=2027),
            good_row(2, in_training="Tiến sĩ", in_training_until=2028),
            good_row(3, in_training="x", in_training_until=2028)]  # fmt: skip
    levels = ["Thạc sĩ", "", ""]
    for r, (row, level) in enumerate(zip(rows, levels, strict=True), start=1):
        cells = [row.get(c.field, "") for c in COLUMNS]
        cells.insert(at + 1, level)
        for col, value in enumerate(cells):
            if value != "":
                sheet.write(r, col, value)
    workbook.close()
    report = import_people(workbook_path)
    assert dict(Person.objects.values_list("national_id", "in_training")) == {
        good_row(1)["national_id"]: "master", good_row(2)["national_id"]: "doctor",
    }  # fmt: skip
    assert [e["row"] for e in report.errors] == [4]
    assert "'x' kèm trình độ" in report.errors[0]["message"]
