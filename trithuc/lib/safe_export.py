"""Formula injection: a cell that a spreadsheet program would read as a formula.

A text value starting with `=`, `+`, `-` or `@` (or a tab or carriage return, which
some programs strip before looking) can run as a formula when a user opens or edits an
exported file (`=HYPERLINK(...)`, `=cmd|...`, DDE). Every XLSX and CSV export goes
through this module:

- XLSX: `SafeWorkbook` is an `xlsxwriter.Workbook` whose sheets write such text as a
  string cell with Excel's "quote prefix" style (the `'` a user would type). The value
  itself is unchanged, so an export still re-imports to the same data, but neither
  opening nor editing the cell turns it into a formula. Formulas are never written from
  strings (`strings_to_formulas` is off).
- CSV: `csv_cell` puts a `'` before such text (OWASP's advice), since CSV has no types.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

RISKY_FIRST = ("=", "+", "-", "@", "\t", "\r")
_NOT_COPIED = {"xf_format_indices", "dxf_format_indices", "xf_index", "dxf_index", "_format_key"}


def is_risky(value: object) -> bool:
    """Would a spreadsheet program read this text as the start of a formula?"""
    return isinstance(value, str) and value.startswith(RISKY_FIRST)


def csv_cell(value: object) -> object:
    """A CSV cell that cannot run as a formula; non-text values pass unchanged."""
    if is_risky(value):
        return "'" + str(value)
    return value


def write_csv(handle: IO[str], rows: Iterable[Iterable[object]]) -> int:
    """Write rows to a CSV text handle, every cell neutralised; returns the row count."""
    writer = csv.writer(handle)
    count = 0
    for row in rows:
        writer.writerow([csv_cell("" if cell is None else cell) for cell in row])
        count += 1
    return count


class SafeWorksheet(Worksheet):
    """A worksheet whose text cells never become formulas (see the module docstring)."""

    quoted: Any = None  # set by SafeWorkbook: Format | None -> Format with quote prefix

    def _write_string(
        self, row: int, col: int, string: str, cell_format: Format | None = None
    ) -> Any:
        if is_risky(string) and self.quoted is not None:
            cell_format = self.quoted(cell_format)
        return super()._write_string(row, col, string, cell_format)


class SafeWorkbook(xlsxwriter.Workbook):
    """An `xlsxwriter.Workbook` for exports: no formulas, numbers or URLs from strings,
    and risky text cells quote-prefixed."""

    worksheet_class = SafeWorksheet

    def __init__(self, filename: Any = None, options: dict[str, Any] | None = None) -> None:
        options = {**(options or {}), "strings_to_formulas": False,
                   "strings_to_numbers": False, "strings_to_urls": False}  # fmt: skip
        super().__init__(filename, options)
        self._quoted: dict[int, Format] = {}

    def add_worksheet(self, name: str | None = None, worksheet_class: Any = None) -> Any:
        sheet = super().add_worksheet(name, worksheet_class or SafeWorksheet)
        if isinstance(sheet, SafeWorksheet):
            sheet.quoted = self._quoted_format
        return sheet

    def _quoted_format(self, base: Format | None) -> Format:
        key = id(base)
        if key not in self._quoted:
            quoted = self.add_format()
            if base is not None:
                for attribute, value in vars(base).items():
                    if attribute not in _NOT_COPIED:
                        setattr(quoted, attribute, value)
            quoted.set_quote_prefix()
            self._quoted[key] = quoted
        return self._quoted[key]
