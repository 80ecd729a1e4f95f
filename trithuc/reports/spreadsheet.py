"""The annex tables as an .xlsx workbook (one sheet per table), through
`trithuc.lib.safe_export` so no text cell can run as a formula. Commune-level tables
live here, not in the Word body."""

from __future__ import annotations

import io
from typing import Any

from trithuc.lib.safe_export import SafeWorkbook
from trithuc.reports.word import AGENCY_HEADER, TARGET_HEADER, agency_rows, target_rows


def _sheet(
    book: Any, name: str, title: str, header: list[str], rows: list[list[Any]], bold: Any
) -> None:
    sheet = book.add_worksheet(name[:31])
    sheet.write(0, 0, title, bold)
    for j, text in enumerate(header):
        sheet.write(2, j, text, bold)
    for i, row in enumerate(rows, start=3):
        for j, value in enumerate(row):
            if value is None:
                sheet.write_string(i, j, "x")
            elif isinstance(value, int | float) and not isinstance(value, bool):
                sheet.write_number(i, j, value)
            else:
                sheet.write_string(i, j, str(value))
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, 1, 48)
    sheet.set_column(2, len(header), 14)


def build_xlsx(data: dict[str, Any]) -> bytes:
    buffer = io.BytesIO()
    book = SafeWorkbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True})
    as_of = data["as_of"]
    _sheet(book, "Chi tieu", f"Kết quả thực hiện các chỉ tiêu (tính đến {as_of})", TARGET_HEADER,
           [[int(r[0]), *r[1:]] for r in target_rows(data)], bold)  # fmt: skip
    for number, table in enumerate(data["registry"]["tables"], start=2):
        rows: list[list[Any]] = [[i, row["code"], row["label"], *row["values"]]
                                 for i, row in enumerate(table["rows"], start=1)]  # fmt: skip
        rows.append(["", "", "Tổng số", *table["totals"]])
        _sheet(book, f"PL{number} {table['key']}", f"{table['title']} (tính đến {as_of})",
               ["TT", "Mã", "", *table["columns"]], rows, bold)  # fmt: skip
    _sheet(book, "Bao cao co quan", "Tình hình báo cáo của các cơ quan", AGENCY_HEADER,
           [[int(r[0]), r[1], *map(int, r[2:])] for r in agency_rows(data)], bold)  # fmt: skip
    book.close()
    return buffer.getvalue()
