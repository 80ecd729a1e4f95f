"""The registry written in the CSDL CBCCVC exchange layout (`layout.EXPORTED`), for the
national database to take in.

Only the columns the registry holds are written, under their NĐ 27/2026 data groups; a
role that sees a field masked gets no column for it at all (a masked value such as
"•••" would be garbage in the national database), and the file says which columns were
left out. Importing the file back (`people.cbccvc.importing`) gives the same values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from trithuc.codelists.data import ETHNICITY
from trithuc.codelists.services import label
from trithuc.lib.safe_export import SafeWorkbook
from trithuc.people.cbccvc import layout
from trithuc.people.exporting import Export, export_people
from trithuc.people.masking import SENSITIVE_FIELDS

CODED = {"gender", "ethnicity", "employment_type", "education_level", "academic_title",
         "political_theory_level"}  # fmt: skip
WIDTHS = {"full_name": 26, "employer": 36, "training_field": 24, "position": 20}
_CODE_1979 = {entry.code: entry.extra["code_1979"] for entry in ETHNICITY}
FIRST_DATA_ROW = 5  # title, note, blank, group titles, headers


def columns_for(sensitive: bool) -> list[layout.ExchangeColumn]:
    """The columns a reader gets: every exported one, less the masked fields."""
    return [
        column for column in layout.EXPORTED if sensitive or column.field not in SENSITIVE_FIELDS
    ]


def _cell(column: layout.ExchangeColumn, values: dict[str, object]) -> object:
    name = str(column.field)
    value = values.get(name)
    if column.key == "ethnicity_code":
        code = str(value or "")
        return _CODE_1979.get(code, "") if layout.ETHNICITY_CODE_SYSTEM == "1979" else code
    if column.key == "birth_date" and isinstance(value, dt.date) and values["birth_year_only"]:
        return str(value.year)
    if name in CODED:
        return label(name, str(value)) if value else ""
    if name == "party_member":
        return "x" if value else ""
    return "" if value is None else value


def write_cbccvc_xlsx(
    people: QuerySet,
    target: Path | IO[bytes],
    *,
    sensitive: bool,
    progress: Callable[[int], None] | None = None,
    progress_every: int = 10000,
) -> int:
    """Write `people` in the exchange layout; returns how many were written."""
    columns = columns_for(sensitive)
    workbook = SafeWorkbook(
        target,
        {"constant_memory": True, "in_memory": False, "strings_to_formulas": False,
         "strings_to_numbers": False, "strings_to_urls": False},
    )  # fmt: skip
    sheet = workbook.add_worksheet("CBCCVC")
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "vcenter", "border": 1})
    group_format = workbook.add_format({"bold": True, "align": "center", "border": 1})
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_string(0, 0, _("DANH SÁCH CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC"),
                       workbook.add_format({"bold": True, "font_size": 13}))  # fmt: skip
    note = _("Tệp trao đổi với CSDL quốc gia về CBCCVC, bố cục %(version)s: %(basis)s.") % {
        "version": layout.VERSION, "basis": layout.BASIS,
    }  # fmt: skip
    left_out = [c.header for c in layout.EXPORTED if c not in columns]
    if left_out:
        note += " " + _("Không xuất các cột vai trò của bạn không được xem: %(columns)s.") % {
            "columns": ", ".join(left_out)
        }
    sheet.write_string(1, 0, note)
    # Group titles over their columns (row 4), the headings under them (row 5); STT
    # stands alone, so that the import reads the heading row whole. (Rows are written
    # in order: the workbook keeps one row in memory.)
    start = 1
    for index, column in enumerate(columns, start=1):
        if index == len(columns) or columns[index].group != column.group:
            title = f"{column.group}. {layout.GROUPS[column.group]}"
            if index > start:
                sheet.merge_range(3, start, 3, index, title, group_format)
            else:
                sheet.write_string(3, start, title, group_format)
            start = index + 1
    sheet.write_string(4, 0, "STT", bold)
    sheet.set_column(0, 0, 6)
    for index, column in enumerate(columns, start=1):
        sheet.write_string(4, index, column.header, bold)
        sheet.set_column(index, index, WIDTHS.get(str(column.field), 14))
    names = sorted({str(c.field) for c in columns} | {"birth_year_only"})
    rows = people.order_by("name_sort", "id").values(*names).iterator(chunk_size=5000)
    count = 0
    for count, values in enumerate(rows, start=1):
        row = FIRST_DATA_ROW + count - 1
        sheet.write_number(row, 0, count)
        for index, column in enumerate(columns, start=1):
            cell = _cell(column, values)
            if isinstance(cell, dt.date):
                sheet.write_datetime(row, index, cell, date_format)
            elif isinstance(cell, int) and not isinstance(cell, bool):
                sheet.write_number(row, index, cell)
            elif cell != "":
                # write_string never turns "=…" into a formula: no formula injection.
                sheet.write_string(row, index, str(cell))
        if progress and count % progress_every == 0:
            progress(count)
    if progress:
        progress(count)
    workbook.close()
    return count


def export_cbccvc(
    subject: Any,
    params: Mapping[str, Any],
    target: Path | IO[bytes],
    progress: Callable[[int, int], None] | None = None,
) -> Export:
    """The people list as `subject` sees it with these filters (the list's FilterSet,
    scope and masking, as `people.exporting.export_people`), in the exchange layout."""
    return export_people(subject, params, target, progress, writer=write_cbccvc_xlsx)
