"""The error report: the uploaded sheet as it was, plus a column saying what is wrong."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from pathlib import Path
from typing import IO

from trithuc.lib.safe_export import SafeWorkbook
from trithuc.lib.spreadsheet import open_sheet
from trithuc.people.models import ImportJob


def write_error_report(job: ImportJob, target: Path | IO[bytes]) -> int:
    """Copy the job's sheet to `target` with a last column of errors; returns rows with
    errors. A job with very many errors kept only the first of each column (the page
    says so): the report marks those."""
    by_row: dict[int, list[str]] = defaultdict(list)
    for error in (job.report or {}).get("errors", []):
        if error.get("row"):
            column = f"'{error['column']}': " if error.get("column") else ""
            by_row[int(error["row"])].append(f"{column}{error['message']}")
    sheet = open_sheet(Path(job.stored_path))
    # Rows are written in order and flushed as they go (constant memory): a 100,000-row
    # sheet is never held whole as cells. The error column goes after the widest of the
    # first rows (the header and its neighbours), or after a longer row's own cells.
    rows = iter(sheet.rows)
    head = list(itertools.islice(rows, 50))
    width = max((len(cells) for _, cells in head), default=0)
    workbook = SafeWorkbook(
        str(target) if isinstance(target, Path) else target,
        {"strings_to_formulas": False, "constant_memory": True},
    )
    out = workbook.add_worksheet(sheet.name[:31] or "Sheet1")
    red = workbook.add_format({"font_color": "#b00020", "text_wrap": True})
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    header_row = (job.report or {}).get("header_row")
    for number, cells in itertools.chain(head, rows):
        for index, value in enumerate(cells):
            if isinstance(value, dt.datetime | dt.date):
                out.write_datetime(number - 1, index, value, date_format)
            elif isinstance(value, bool):
                out.write_boolean(number - 1, index, value)
            elif isinstance(value, int | float):
                out.write_number(number - 1, index, value)
            elif value not in (None, ""):
                out.write_string(number - 1, index, str(value))
        if header_row and number == int(header_row):
            out.write_string(number - 1, max(width, len(cells)), "Lỗi cần sửa", red)
        elif by_row.get(number):
            out.write_string(number - 1, max(width, len(cells)), "; ".join(by_row[number]), red)
    out.set_column(width, width, 60)
    workbook.close()
    return len(by_row)
