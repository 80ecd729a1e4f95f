"""The shortage-field table of a plan (issue 15, item 3): for each priority field the plan
names (`plans.PriorityField`), the people in it now, how many of them hold a master's or
higher, how many reach retirement age by 2030 (and by the need's year), how many are in
training ("đang đào tạo"), the need, and the gap.

A person is in a field when their coded training field (`Person.field_code`, matched
from "Chuyên ngành đào tạo" by `people/fields.py`) starts with one of its codes; people
whose text is still unmapped are not counted, and the page says how many of those there
are. The people counted are those the reader may count (`Person.objects.visible_to`),
working (not retired), in the plan's province; retirement dates come from the roadmap
(`lib/retirement.py`), as on the retirement-wave page. For roles without profile access
each figure column is protected like a table (`lib.disclosure.protect_table`), and a gap
computed from a hidden figure is hidden too.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from trithuc.accounts.scope import Capability, scope_of
from trithuc.codelists.services import postgraduate_levels
from trithuc.indicators import wording
from trithuc.lib import disclosure
from trithuc.lib.retirement import retirement_date
from trithuc.lib.safe_export import SafeWorkbook
from trithuc.people.fields import field_label
from trithuc.people.models import Person
from trithuc.plans.models import Plan, PriorityField

RETIRE_BY = 2030
FIGURES = ("now", "postgraduate", "retiring", "retiring_by_need", "in_training")


def plans_with_priorities(user: Any) -> QuerySet[Plan]:
    """Plans naming priority fields in provinces whose figures `user` may read."""
    scope = scope_of(user)
    found = Plan.objects.filter(priority_fields__isnull=False).distinct()
    if scope.everywhere(Capability.READ_AGGREGATES):
        return found.order_by("-issued_on", "id")
    provinces = sorted(scope.provinces(Capability.READ_AGGREGATES))
    return found.filter(province_code__in=provinces).order_by("-issued_on", "id")


def _in_field(codes: list[str]) -> Q:
    condition = Q(pk__in=[])
    for code in codes:
        condition |= Q(field_code__startswith=code)
    return condition


@dataclass
class Row:
    label: str
    codes: list[str]
    code_labels: list[str]
    need: int | None
    need_year: int | None
    now: int | None = 0
    postgraduate: int | None = 0
    retiring: int | None = 0
    retiring_by_need: int | None = 0
    in_training: int | None = 0
    remaining: int | None = None  # people now minus those retiring by the need's year
    gap: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _people(people: QuerySet, plan: Plan) -> QuerySet:
    working = people.exclude(employment_type="retired")
    return working.filter(province_code=plan.province_code) if plan.province_code else working


def priority_table(plan: Plan, people: QuerySet, *, hide_small: bool = False,
                   today: dt.date | None = None) -> dict[str, Any]:  # fmt: skip
    """The table of `plan`'s priority fields over `people` (a queryset already narrowed
    to what the reader may count)."""
    today = today or timezone.localdate()
    fields = list(PriorityField.objects.filter(plan=plan).order_by("position", "id"))
    chosen = _people(people, plan)
    all_codes = sorted({code for item in fields for code in item.codes})
    records = list(
        chosen.filter(_in_field(all_codes)).values_list(
            "field_code", "birth_date", "gender", "education_level", "in_training"
        )
    ) if all_codes else []  # fmt: skip
    higher = set(postgraduate_levels())
    labels_cache: dict[str, str] = {}
    rows = []
    for item in fields:
        prefixes = tuple(item.codes)
        mine = [r for r in records if r[0].startswith(prefixes)]
        need_year = item.need_year or RETIRE_BY
        retire_days = [_retires(r[1], r[2]) for r in mine]
        row = Row(
            label=item.label, codes=list(item.codes),
            code_labels=[_label(code, labels_cache) for code in item.codes],
            need=item.need, need_year=item.need_year, now=len(mine),
            postgraduate=sum(1 for r in mine if r[3] in higher),
            retiring=sum(1 for day in retire_days
                         if day is not None and today <= day <= dt.date(RETIRE_BY, 12, 31)),
            retiring_by_need=sum(1 for day in retire_days
                                 if day is not None and today <= day <= dt.date(need_year, 12, 31)),
            in_training=sum(1 for r in mine if r[4]),
        )  # fmt: skip
        rows.append(row)
    if hide_small:
        _protect(rows)
    for row in rows:
        if row.now is not None and row.retiring_by_need is not None:
            row.remaining = row.now - row.retiring_by_need
            if row.need is not None:
                row.gap = max(row.need - row.remaining, 0)
    unmapped = chosen.filter(field_code="").exclude(training_field="").count()
    if hide_small and 0 < unmapped < disclosure.threshold():
        unmapped_shown: int | None = None
    else:
        unmapped_shown = unmapped
    return {"plan": plan, "rows": [row.as_dict() for row in rows], "retire_by": RETIRE_BY,
            "as_of": today, "unmapped": unmapped_shown, "hidden": hide_small}  # fmt: skip


def _label(code: str, cache: dict[str, str]) -> str:
    if code not in cache:
        cache[code] = field_label(code)
    return cache[code]


def _retires(birth: dt.date | None, gender: str) -> dt.date | None:
    if birth is None or gender not in ("male", "female"):
        return None
    return retirement_date(birth, gender)


def _protect(rows: list[Row]) -> None:
    """Each figure over the fields as a one-column table with its total: small cells and
    their complements become None."""
    for figure in FIGURES:
        cells = [[int(getattr(row, figure) or 0)] for row in rows]
        if not cells:
            continue
        table = disclosure.protect_table(cells)
        for row, protected in zip(rows, table, strict=False):
            if protected[0] is None:
                setattr(row, figure, None)


def table_for_user(user: Any, plan: Plan, today: dt.date | None = None) -> dict[str, Any]:
    scope = scope_of(user)
    return priority_table(plan, Person.objects.visible_to(user),
                          hide_small=scope.hides_small_cells, today=today)  # fmt: skip


def headers() -> list[tuple[str, str]]:
    return [
        ("label", _("Lĩnh vực ưu tiên")), ("codes", _("Mã ngành")),
        ("now", _("Hiện có")), ("postgraduate", _("Trong đó thạc sĩ trở lên")),
        ("retiring", _("Nghỉ hưu đến hết năm %(year)s") % {"year": RETIRE_BY}),
        ("in_training", _("Đang đào tạo")), ("need", _("Nhu cầu")),
        ("need_year", _("Năm cần đạt")),
        ("retiring_by_need", _("Nghỉ hưu đến năm cần đạt")),
        ("remaining", _("Còn lại năm cần đạt")), ("gap", _("Còn thiếu")),
    ]  # fmt: skip


def workbook(table: dict[str, Any]) -> bytes:
    """The table as an .xlsx (hidden cells written "ẩn")."""
    buffer = io.BytesIO()
    book = SafeWorkbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet(_("Lĩnh vực ưu tiên"))
    plan = table["plan"]
    sheet.write(0, 0, _("Kế hoạch %(ref)s: %(title)s")
                % {"ref": plan.reference, "title": plan.title}, bold)  # fmt: skip
    sheet.write(1, 0, _("Số liệu ngày %(day)s") % {"day": f"{table['as_of']:%d/%m/%Y}"})
    columns = headers()
    for j, (_key, title) in enumerate(columns):
        sheet.write(3, j, title, bold)
    for i, row in enumerate(table["rows"], start=4):
        for j, (key, _title) in enumerate(columns):
            if key == "codes":
                sheet.write(i, j, "; ".join(row["code_labels"]))
            elif key == "label":
                sheet.write(i, j, row["label"])
            elif key in ("need", "need_year") and row[key] is None:
                sheet.write(i, j, "")
            elif row[key] is None:
                sheet.write(i, j, _("ẩn"))
            else:
                sheet.write(i, j, row[key])
    sheet.set_column(0, 1, 36)
    sheet.set_column(2, len(columns), 14)
    book.close()
    return buffer.getvalue()


def as_json(table: dict[str, Any]) -> dict[str, Any]:
    plan = table["plan"]
    return {"plan": plan.reference, "as_of": table["as_of"].isoformat(),
            "retire_by": table["retire_by"], "unmapped_people": table["unmapped"],
            "fields": [{k: v for k, v in row.items() if k != "code_labels"}
                       for row in table["rows"]]}  # fmt: skip


def display_rows(table: dict[str, Any]) -> list[dict[str, Any]]:
    """Each row's cells as the page writes them (Vietnamese numbers, "ẩn", "—")."""
    out = []
    for row in table["rows"]:
        cells = []
        for key, title in headers()[2:]:
            value = row[key]
            if value is None:
                not_asked = key in ("need", "need_year") or (key == "gap" and row["need"] is None)
                text = "—" if not_asked else _("ẩn")
            elif key == "need_year":
                text = str(value)
            else:
                text = wording.number(value)
            cells.append({"key": key, "title": title, "text": text,
                          "short": key in ("gap",) and value is not None and value > 0})  # fmt: skip
        out.append({"label": row["label"], "codes": row["code_labels"], "cells": cells})
    return out
