"""The annex tables of the registry: the number and structure of intellectuals at the
report's cut-off date, from ONE grouped query over the counting frame
(`people.counting`, through `people_stats_sets`) summed into one grouping per table
(sector × level, unit × sector, employment type, gender, ethnic group, age band,
leaders by gender and age), so a province of a million people costs one pass over its
employment rows. A report's cut-off is held by the indicator snapshot with those
groupings (`indicators.structure`): while the snapshot is fresh the tables are read from
it, a few hundred rows, instead of that pass (12 s at a million people).

Small cells are hidden (with their complements, `trithuc.lib.disclosure`) for
readers who may not open profiles."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db.models import QuerySet

from trithuc.codelists.services import choices, label
from trithuc.indicators.snapshots import structure_at
from trithuc.indicators.structure import GROUPINGS
from trithuc.lib.disclosure import protect_table, threshold
from trithuc.people.stats import people_stats_sets

# One grouping per annex table.
SETS: list[tuple[str, ...]] = GROUPINGS
Grouped = dict[tuple[str, ...], list[dict[str, Any]]]
AGE_LABELS = {"under_30": "Dưới 30 tuổi", "30_39": "Từ 30 đến dưới 40 tuổi",
              "40_49": "Từ 40 đến dưới 50 tuổi", "50_59": "Từ 50 đến dưới 60 tuổi",
              "60_and_over": "Từ 60 tuổi trở lên"}  # fmt: skip
UNDER_40 = {"under_30", "30_39"}
HIDDEN = "x"  # how a hidden cell prints (the statistical offices' mark)


def grouped_counts(
    people: QuerySet | None, unit: str | None, as_of: dt.date, *, use_snapshot: bool = False
) -> Grouped:
    """The counts of every annex grouping; everyone of `unit` (`people` None) is read from
    the snapshot when `use_snapshot` and the snapshot holds the day and is fresh."""
    if use_snapshot and people is None and unit:
        held = structure_at(unit, as_of)
        if held is not None:
            return held
    return people_stats_sets(people, SETS, unit=unit, as_of=as_of)


def _code(value: Any) -> str:
    return str(value if value is not None else "")


def _ordered(found: set[str], list_name: str) -> list[tuple[str, str]]:
    known = [(code, text) for code, text in choices(list_name) if code in found]
    seen = {code for code, _ in known}
    return known + [
        (code, label(list_name, code) or code or "Chưa rõ") for code in sorted(found - seen)
    ]


def _table(key: str, title: str, row_keys: list[tuple[str, str]], col_keys: list[tuple[str, str]],
           counts: Counter, suppress: bool, in_docx: bool = True) -> dict[str, Any]:  # fmt: skip
    """A table with its margins: rows × columns, a total column and a total row."""
    cells = [[int(counts.get((r, c), 0)) for c, _ in col_keys] for r, _ in row_keys]
    if suppress:
        full = protect_table(cells, threshold()) if cells else [[0]]
    else:
        full = [[*row, sum(row)] for row in cells]
        width = len(col_keys) + 1
        full.append([sum(row[j] for row in full) for j in range(width)] if full else [0])
    rows = [
        {"code": code, "label": text, "values": full[i]} for i, (code, text) in enumerate(row_keys)
    ]
    return {"key": key, "title": title, "columns": [text for _, text in col_keys] + ["Tổng số"],
            "column_codes": [code for code, _ in col_keys], "rows": rows,
            "totals": full[-1] if row_keys else [0] * (len(col_keys) + 1),
            "in_docx": in_docx}  # fmt: skip


def _one_way(key: str, title: str, list_name: str | None, field: str, grouped: Grouped,
             suppress: bool, labels: dict[str, str] | None = None) -> dict[str, Any]:  # fmt: skip
    counts: Counter = Counter()
    for row in grouped.get((field,), []):
        counts[(_code(row[field]), "n")] += row["count"]
    found = {r for r, _ in counts}
    if labels is not None:
        keys = [(code, labels[code]) for code in labels if code in found]
    else:
        keys = _ordered(found, list_name or field)
    table = _table(key, title, keys, [("n", "Số người")], counts, suppress)
    table["columns"] = ["Số người"]
    for row in table["rows"]:
        row["values"] = row["values"][:1]
    table["totals"] = table["totals"][:1]
    return table


def annex_tables(grouped: Grouped, suppress: bool, unit_names: dict[str, str]) -> dict[str, Any]:
    """Every annex table of the registry from the grouped counts (`grouped_counts`)."""
    total = sum(int(r["count"]) for r in grouped.get(SETS[0], []))
    too_few = suppress and 0 < total < threshold()
    if too_few:
        grouped = {}
    by_two: Counter = Counter()
    by_unit: Counter = Counter()
    leaders: Counter = Counter()
    for row in grouped.get(("sector", "education_level"), []):
        by_two[(str(row["sector"] or ""), str(row["education_level"] or ""))] += row["count"]
    for row in grouped.get(("workplace_unit", "sector"), []):
        by_unit[(str(row["workplace_unit"] or ""), str(row["sector"] or ""))] += row["count"]
    for row in grouped.get(("is_leader", "gender", "age_band"), []):
        if row["is_leader"]:
            young = "under_40" if row["age_band"] in UNDER_40 else "40_and_over"
            leaders[(str(row["gender"] or ""), young)] += row["count"]
    sectors = _ordered({s for s, _ in by_two}, "sector")
    levels = _ordered({lv for _, lv in by_two}, "education_level")
    units = sorted({u for u, _ in by_unit}, key=lambda code: (unit_names.get(code, code), code))
    tables = [
        _table("sector_level", "Số lượng trí thức theo lĩnh vực và trình độ chuyên môn", sectors,
               levels, by_two, suppress),
        _one_way("employment_type", "Theo loại hình công tác", "employment_type", "employment_type",
                 grouped, suppress),
        _one_way("gender", "Theo giới tính", "gender", "gender", grouped, suppress),
        _one_way("ethnicity", "Theo dân tộc", "ethnicity", "ethnicity", grouped, suppress),
        _one_way("age_band", "Theo độ tuổi", None, "age_band", grouped, suppress, AGE_LABELS),
        _table("leaders", "Trí thức giữ chức vụ lãnh đạo, quản lý (dưới 40 tuổi và từ 40 tuổi)",
               _ordered({g for g, _ in leaders}, "gender"),
               [("under_40", "Dưới 40 tuổi"), ("40_and_over", "Từ 40 tuổi trở lên")], leaders,
               suppress),
        _table("unit", "Số lượng trí thức theo đơn vị hành chính và lĩnh vực",
               [(u, unit_names.get(u, u)) for u in units], sectors, by_unit, suppress,
               in_docx=False),
    ]  # fmt: skip
    return {"total": total, "too_few": too_few, "suppressed": suppress,
            "threshold": threshold(), "tables": tables}  # fmt: skip


def cell_text(value: int | float | None) -> str:
    if value is None:
        return HIDDEN
    return f"{int(value):,}".replace(",", ".") if float(value).is_integer() else str(value)
