"""The blank import template offered for download: headers, an example row (which the
import recognises and never takes as a person), drop-downs, and a sheet of the
province's communes with their codes."""

from __future__ import annotations

from pathlib import Path
from typing import IO

import xlsxwriter

from trithuc.codelists.services import choices
from trithuc.orgunits.services import get_current_unit, unit_choices
from trithuc.people.template import COLUMNS, EXAMPLE_NAME, EXAMPLE_NATIONAL_ID

EXAMPLE = {
    "row_number": "Ví dụ", "national_id": EXAMPLE_NATIONAL_ID, "full_name": EXAMPLE_NAME,
    "birth_date": "12/03/1985", "gender": "Nữ", "ethnicity": "Tày", "religion": "Không",
    "workplace_unit": "04", "employer": "Sở Giáo dục và Đào tạo", "employment_type": "Công chức",
    "sector": "Giáo dục và đào tạo", "position": "Chuyên viên", "is_leader": "",
    "education_level": "Thạc sĩ", "education_year": 2015, "training_field": "Quản lý giáo dục",
    "academic_title": "", "political_theory_level": "Trung cấp", "party_member": "x",
    "upskilled_to_standard": "x", "continuing_education": "", "in_training": "",
    "in_training_until": "", "expert_field": "", "phone": "0912345678", "email": "",
    "work_start_year": 2009,
}  # fmt: skip
FLAG_CHOICES = ["x", "Có"]


COMMUNES_SHEET = "Xã, phường"


def write_blank_template(target: Path | IO[bytes], provinces: list[str] | None = None) -> None:
    """The template; with `provinces`, a second sheet lists their communes (code, name)
    and the workplace column offers those codes in a drop-down."""
    workbook = xlsxwriter.Workbook(
        str(target) if isinstance(target, Path) else target, {"strings_to_numbers": False}
    )
    sheet = workbook.add_worksheet("Mẫu nhập")
    communes = workbook.add_worksheet(COMMUNES_SHEET)
    lists = workbook.add_worksheet("Danh mục")
    lists.hide()
    head = workbook.add_format({"bold": True, "bg_color": "#eef", "border": 1})
    communes.write_row(0, 0, ["Mã", "Tên xã, phường, đặc khu", "Tỉnh, thành phố"], head)
    listed = 0
    for province in provinces or []:
        unit = get_current_unit(province)
        rows = [(province, unit.name if unit else province)] + unit_choices(province)
        for code, name in rows:
            listed += 1
            communes.write_string(listed, 0, code)
            communes.write_string(listed, 1, name)
            communes.write_string(listed, 2, unit.name if unit else province)
    communes.set_column(0, 0, 8)
    communes.set_column(1, 2, 36)
    example = workbook.add_format({"italic": True, "font_color": "#777777"})
    bold = workbook.add_format({"bold": True, "text_wrap": True, "border": 1, "bg_color": "#eef"})
    text = workbook.add_format({"num_format": "@"})
    coded = {
        "gender": "gender", "ethnicity": "ethnicity", "employment_type": "employment_type",
        "sector": "sector", "education_level": "education_level",
        "academic_title": "academic_title", "political_theory_level": "political_theory_level",
        "in_training": "in_training",
    }  # fmt: skip
    for index, column in enumerate(COLUMNS):
        sheet.write_string(0, index, column.header, bold)
        sheet.set_column(index, index, 18, text if column.field == "national_id" else None)
        value = EXAMPLE.get(column.field, "")
        if isinstance(value, int):
            sheet.write_number(1, index, value, example)
        elif value:
            sheet.write_string(1, index, value, example)
        if column.field == "workplace_unit" and listed:
            sheet.data_validation(1, index, 5000, index, {
                "validate": "list", "source": f"='{COMMUNES_SHEET}'!$A$2:$A${listed + 1}",
                "error_type": "warning",
                "error_message": "Mã không có trong trang “Xã, phường”.",
            })  # fmt: skip
        if column.field in coded:
            labels = [label for _, label in choices(coded[column.field])]
            for row, label in enumerate(labels):
                lists.write_string(row, index, label)
            letter = xlsxwriter.utility.xl_col_to_name(index)
            sheet.data_validation(1, index, 5000, index, {
                "validate": "list", "source": f"='Danh mục'!${letter}$1:${letter}${len(labels)}",
            })  # fmt: skip
        elif column.field in {"is_leader", "party_member", "upskilled_to_standard",
                              "continuing_education"}:  # fmt: skip
            sheet.data_validation(1, index, 5000, index, {"validate": "list",
                                                          "source": FLAG_CHOICES})  # fmt: skip
    sheet.freeze_panes(1, 3)
    workbook.close()
