"""Exporting people to XLSX in the import template's layout.

Exporting and re-importing changes nothing: coded fields are written as the labels the
import reads back, identifiers as text (leading zeros kept), dates as date cells.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.db.models import QuerySet

from trithuc.accounts.services import can_see_sensitive
from trithuc.codelists.services import label
from trithuc.lib.safe_export import SafeWorkbook
from trithuc.people.filters import PersonFilter
from trithuc.people.masking import SENSITIVE_FIELDS, masked
from trithuc.people.models import Person
from trithuc.people.template import COLUMNS, DATA_FIELDS

CODED = {
    "gender", "ethnicity", "employment_type", "sector", "education_level", "academic_title",
    "political_theory_level", "in_training",
}  # fmt: skip
FLAGS = {"is_leader", "party_member", "upskilled_to_standard", "continuing_education"}
PROGRESS_EVERY = 1000  # rows between two progress reports of a web export
WIDTHS = {"full_name": 26, "employer": 36, "training_field": 24, "expert_field": 20}


def _labeller() -> Callable[[str, object], object]:
    def convert(name: str, value: object) -> object:
        if name in CODED:
            return label(name, str(value)) if value else ""
        if name in FLAGS:
            return "x" if value else ""
        return "" if value is None else value

    return convert


def write_people_xlsx(
    people: QuerySet,
    target: Path | IO[bytes],
    *,
    title: str = "DANH SÁCH TRÍ THỨC",
    progress: Callable[[int], None] | None = None,
    sensitive: bool = False,
    progress_every: int = 10000,
) -> int:
    """Write `people` to `target`; returns the number of people written. Sensitive fields
    are masked unless the caller says the reader may see them (`sensitive=True`)."""
    workbook = SafeWorkbook(
        target if isinstance(target, str | Path) else target,
        {"constant_memory": True, "in_memory": False, "strings_to_formulas": False,
         "strings_to_numbers": False, "strings_to_urls": False},
    )  # fmt: skip
    sheet = workbook.add_worksheet("Danh sách")
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "vcenter", "border": 1})
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_string(0, 0, title, workbook.add_format({"bold": True, "font_size": 13}))
    for index, column in enumerate(COLUMNS):
        sheet.write_string(2, index, column.header, bold)
        sheet.set_column(index, index, WIDTHS.get(column.field, 14 if index else 6))
    convert = _labeller()
    count = 0
    rows = (
        people.order_by("name_sort", "id")
        .values_list("birth_year_only", *DATA_FIELDS)
        .iterator(chunk_size=5000)
    )
    for count, (year_only, *values) in enumerate(rows, start=1):
        row = 2 + count
        sheet.write_number(row, 0, count)
        for index, (name, value) in enumerate(zip(DATA_FIELDS, values, strict=True), start=1):
            if not sensitive and name in SENSITIVE_FIELDS:
                sheet.write_string(row, index, masked(name, value))
                continue
            if name == "birth_date" and isinstance(value, dt.date):
                if year_only:
                    sheet.write_string(row, index, str(value.year))
                else:
                    sheet.write_datetime(row, index, value, date_format)
                continue
            cell = convert(name, value)
            if isinstance(cell, int) and not isinstance(cell, bool):
                sheet.write_number(row, index, cell)
            elif cell != "":
                # write_string never turns "=…" into a formula: no formula injection.
                sheet.write_string(row, index, str(cell))
        if progress and count % progress_every == 0:
            progress(count)
    if progress:
        progress(count)  # every row written; the file is compressed next
    workbook.close()
    return count


@dataclass(frozen=True)
class Export:
    rows: int
    sensitive: bool


def export_people(subject: Any, params: Mapping[str, Any], target: Path | IO[bytes],
                  progress: Callable[[int, int], None] | None = None, *,
                  writer: Callable[..., int] | None = None) -> Export:  # fmt: skip
    """The export of the people list as `subject` sees it with these filters: the same
    FilterSet, scope and masking as the list page (`views.person_list`). `progress` is
    told (rows written, rows in all) every thousand rows. `writer` lays the rows out
    (the template's by default; the CBCCVC exchange passes its own)."""
    sensitive = can_see_sensitive(subject)
    people = PersonFilter(params, queryset=Person.objects.profiles_for(subject),
                          sensitive=sensitive).qs  # fmt: skip
    on_rows = None
    if progress is not None:
        total = people.count()
        progress(0, total)

        def on_rows(done: int) -> None:
            progress(done, total)

    written = (writer or write_people_xlsx)(people, target, sensitive=sensitive, progress=on_rows,
                                            progress_every=PROGRESS_EVERY)  # fmt: skip
    return Export(rows=written, sensitive=sensitive)
