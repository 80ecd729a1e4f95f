"""The structure of the workforce kept with the snapshot: the groupings of a report's
annexes (sector × level, unit × sector, employment type, gender, ethnic group, age band,
leaders by gender and age band), counted once per day the snapshot holds them and per
current unit, so that a report reads a few hundred summed rows instead of grouping the
registry's history (12 s for 1,000,000 people).

The rows are computed by the very query a report ran (`people_stats_sets` over the
counting frame, everyone, grouped besides by province and unit), and read back summed
over the report's area with the same filter the frame applies (`e.province_code` for a
province, `e.workplace_unit` for a commune), so they equal the live computation as long
as the snapshot is fresh. Which days are held, and when they may be read, is the
snapshot's business (`snapshots.hold_days`, `snapshots.structure_at`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from django.db.models import Sum

from trithuc.indicators.models import StructureSnapshot
from trithuc.people.stats import people_stats_sets

# One grouping per annex table of a report (`reports.registry`).
GROUPINGS: list[tuple[str, ...]] = [
    ("sector", "education_level"), ("workplace_unit", "sector"), ("employment_type",),
    ("gender",), ("ethnicity",), ("age_band",), ("is_leader", "gender", "age_band"),
]  # fmt: skip
PLACE = ("province_code", "workplace_unit")
COLUMNS = ("as_of", "grouping", "province_code", "workplace_unit", "key", "count")
Grouped = dict[tuple[str, ...], list[dict[str, Any]]]


def grouping_name(group: tuple[str, ...]) -> str:
    return ",".join(group)


def _key(group: tuple[str, ...], row: dict[str, Any]) -> str:
    # JSON keeps a value's type (a boolean, a null) for the reader to give back as read.
    return json.dumps([row[name] for name in group], ensure_ascii=False)


def compute_structure_rows(days: Iterable[dt.date]) -> list[tuple]:
    """The rows of every grouping on each day, per province and current unit: one grouped
    query over the frame per day (values in `COLUMNS` order)."""
    rows: list[tuple] = []
    sets = [(*group, *(name for name in PLACE if name not in group)) for group in GROUPINGS]
    for day in days:
        found = people_stats_sets(None, sets, as_of=day)
        for group, placed in zip(GROUPINGS, sets, strict=True):
            name = grouping_name(group)
            for row in found[placed]:
                if row["count"]:
                    rows.append((day, name, row["province_code"], row["workplace_unit"],
                                 _key(group, row), row["count"]))  # fmt: skip
    return rows


def read_structure(area: str, day: dt.date) -> Grouped:
    """Every grouping of `area` (a province's two-digit code, or a commune's) on `day`, as
    `people_stats_sets` gives it: {grouping: [{field: value, …, "count": n}]}."""
    field = "province_code" if len(area) == 2 else "workplace_unit"
    found: Grouped = {group: [] for group in GROUPINGS}
    by_name = {grouping_name(group): group for group in GROUPINGS}
    rows = (
        StructureSnapshot.objects.filter(as_of=day, **{field: area})
        .values("grouping", "key")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for row in rows:
        group = by_name.get(row["grouping"])
        if group is None:
            continue
        values = dict(zip(group, json.loads(row["key"]), strict=True))
        found[group].append({**values, "count": int(row["n"])})
    return found
