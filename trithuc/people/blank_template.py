"""The blank import template offered for download: headers, an example row, drop-downs."""

from __future__ import annotations

from pathlib import Path
from typing import IO

import xlsxwriter

from trithuc.people.template import COLUMNS

EXAMPLE = {
    "row_number": 1, "national_id": "004085001234", "full_name": "Nông Thị Hoa",
    "birth_date": "12/03/1985", "gender": "Nữ", "ethnicity": "Tày", "religion": "Không",
    "workplace_unit": "04", "employer": "Sở Giáo dục và Đào tạo", "employment_type": "Công chức",
    "sector": "Giáo dục và đào tạo", "position": "Chuyên viên", "is_leader": "",
    "education_level": "Thạc sĩ", "education_year": 2015, "training_field": "Quản lý giáo dục",
    "academic_title": "", "political_theory_level": "Trung cấp", "party_member": "x",
    "upskilled_to_standard": "x", "continuing_education": "", "in_training": "",
    "in_training_until": "", "expert_field": "", "phone": "0912345678", "email": "",
}  # fmt: skip
FLAG_CHOICES = ["x", "Có"]


def write_blank_template(target: Path | IO[bytes]) -> None:
    from trithuc.codelists.services import choices

    workbook = xlsxwriter.Workbook(
        str(target) if isinstance(target, Path) else target, {"strings_to_numbers": False}
    )
    sheet = workbook.add_worksheet("Mẫu nhập")
    lists = workbook.add_worksheet("Danh mục")
    lists.hide()
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
            sheet.write_number(1, index, value)
        elif value:
            sheet.write_string(1, index, value)
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
