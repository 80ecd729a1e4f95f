"""Counting people by any grouping, today or as of a past date, in one grouped query over
the frame of `people.counting`."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from operator import itemgetter
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from trithuc.codelists.services import codes, rank
from trithuc.people.counting import (
    CONTINUING,
    UPSKILLED,
    Frame,
    current_frame,
    execute,
    frame,
    level_rank_of,
    param,
    reader,
)

# Fields a count can be grouped by, each with its stable codes.
PERSON_FIELDS = {
    "gender", "ethnicity", "religion", "academic_title", "political_theory_level",
    "party_member", "upskilled_to_standard", "continuing_education", "in_training",
}  # fmt: skip
EMPLOYMENT_FIELDS = {"sector", "employment_type", "workplace_unit", "province_code", "is_leader"}
GROUPABLE = PERSON_FIELDS | EMPLOYMENT_FIELDS | {"education_level", "age_band", "is_expert"}
AGE_BANDS = ((30, "under_30"), (40, "30_39"), (50, "40_49"), (60, "50_59"))


class StatsError(ValueError):
    pass


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def check_fields(by: list[str]) -> None:
    unknown = [name for name in by if name not in GROUPABLE]
    if unknown:
        raise StatsError(
            f"Không thể nhóm theo: {', '.join(unknown)}. Có thể dùng: {', '.join(sorted(GROUPABLE))}"
        )


def people_stats(
    people: QuerySet,
    by: list[str],
    *,
    unit: str | None = None,
    as_of: dt.date | None = None,
    with_assumed: bool = False,
) -> list[dict[str, object]]:
    """Counts of `people` grouped by `by`, as they stood on `as_of` (default today), read
    from the frame every count reads (`people.counting`). With `with_assumed` each row
    also says how many of its people rest on an assumed start of work."""
    check_fields(by)
    frm, day = _frame_of(people, by, unit, as_of)
    rows = []
    for fetched in _grouped(frm, by, day, ordered=True, assumed=True):
        row: dict[str, object] = {
            name: bool(value) if name in BOOLEAN_FIELDS and value is not None else value
            for name, value in zip(by, fetched, strict=False)
        }
        row["count"] = int(fetched[len(by)])
        if with_assumed:
            row["assumed_start"] = int(fetched[len(by) + 1] or 0)
        rows.append(row)
    return rows


def people_stats_sets(
    people: QuerySet | None,
    sets: list[tuple[str, ...]],
    *,
    unit: str | None = None,
    as_of: dt.date | None = None,
) -> dict[tuple[str, ...], list[dict[str, object]]]:
    """Counts grouped by each of `sets` (each a tuple of fields), from one grouped query
    over the frame of `as_of` by every field the sets name, each set then summed from
    those groups (a few tens of thousands of rows for a province of 100,000 people).
    `people` None: everyone in the frame (no subquery on the person table).

    Measured on SQLite at 100,000 people: one GROUP BY of the frame by the eight fields
    of a report's annexes takes 0.7 s, the same frame materialised once and grouped once
    per set (seven GROUP BYs joined by UNION ALL) 1.4 s: SQLite groups by sorting, so
    seven sorts of the frame cost more than one sort and a sum in Python."""
    fields = list(dict.fromkeys(name for group in sets for name in group))
    check_fields(fields)
    frm, day = _frame_of(people, fields, unit, as_of)
    fetched = _grouped(frm, fields, day, ordered=False, assumed=False)
    found: dict[tuple[str, ...], list[dict[str, object]]] = {}
    for group in sets:
        key_of = itemgetter(*[fields.index(name) for name in group]) if group else _no_key
        sums: dict[Any, int] = {}
        for row in fetched:
            key = key_of(row)
            sums[key] = sums.get(key, 0) + row[len(fields)]
        found[group] = [
            _stats_row(group, key if len(group) != 1 else (key,), count)
            for key, count in sums.items()
        ]
    return found


def _grouped(
    frm: Frame, fields: list[str], day: dt.date, *, ordered: bool, assumed: bool
) -> list[tuple]:
    """Rows (the value of each of `fields`, count, and with `assumed` how many rest on an
    assumed start) of `frm` grouped by `fields`, in their order when `ordered`.

    Today's frame (profiles alone, `frm.job` "p") is grouped twice: first by the stored
    level code, then by the level the code's rank names. The first grouping reads the
    index that starts (sector, education_level) and holds the frame's columns, in its
    order without a sort or a table row (SQLite: 160 → 20 ms of CPU at 100,000 people);
    the second maps the codes found (a few dozen groups) exactly as the history's
    grouping maps ranks to codes, so both give the same rows."""
    positions = ", ".join(str(i + 1) for i in range(len(fields)))
    tail = (f"GROUP BY {positions}" + (f" ORDER BY {positions}" if ordered else "")
            if fields else "")  # fmt: skip
    counts = ["COUNT(*)"]
    if assumed:
        counts.append(f"SUM(CASE WHEN {frm.assumed} THEN 1 ELSE 0 END)")
    if frm.job != "p" or "education_level" not in fields:
        select, params = _group_columns(fields, day, frm)
        return execute(", ".join([*select, *counts]), frm, tail, select_params=params)
    inner: list[str] = []
    inner_params: list[object] = []
    outer: list[str] = []
    outer_params: list[object] = []
    for index, name in enumerate(fields):
        if name == "education_level":
            inner.append(f"p.education_level AS g{index}")
            rank_sql, rank_params = level_rank_of(f"x.g{index}")
            sql, values = _group_sql(name, day, replace(frm, level_rank=rank_sql,
                                                        level_params=rank_params))  # fmt: skip
            outer.append(sql)
            outer_params += values
        else:
            sql, values = _group_sql(name, day, frm)
            inner.append(f"{sql} AS g{index}")
            inner_params += values
            outer.append(f"x.g{index}")
    named = [f"{count} AS n{i}" for i, count in enumerate(counts)]
    sums = [f"SUM(x.n{i})" for i in range(len(counts))]
    inner_sql = f"SELECT {', '.join([*inner, *named])} {frm.sql} GROUP BY {positions}"
    sql = f"SELECT {', '.join([*outer, *sums])} FROM ({inner_sql}) x {tail}"
    values = [*outer_params, *inner_params, *frm.params]
    with reader().cursor() as cursor:
        cursor.execute(sql, [param(v) for v in values])
        return cursor.fetchall()


def _no_key(row: tuple) -> tuple:
    return ()


def _stats_row(group: tuple[str, ...], key: tuple, count: int) -> dict[str, object]:
    row: dict[str, object] = {
        name: bool(value) if name in BOOLEAN_FIELDS and value is not None else value
        for name, value in zip(group, key, strict=True)
    }
    row["count"] = int(count)
    return row


def _frame_of(
    people: QuerySet | None, fields: list[str], unit: str | None, as_of: dt.date | None
) -> tuple[Frame, dt.date]:
    """The frame counted and its date: today's (no `as_of`) read from the profiles alone
    (`counting.current_frame`: the same rows, in milliseconds), any date given from the
    history (`counting.frame`), today's included."""
    day = as_of or timezone.localdate()
    training = bool(TRAINING_FIELDS & set(fields))
    if as_of is None:
        where, where_params = _unit_where(unit, "p")
        found = current_frame(day, training=training, where=where, where_params=where_params,
                              people=people)  # fmt: skip
        return found, day
    where, where_params = _unit_where(unit, "e")
    found = frame(day, levels="education_level" in fields, training=training, where=where,
                  where_params=where_params, people=people)  # fmt: skip
    return found, day


def _unit_where(unit: str | None, job: str) -> tuple[str, list[object]]:
    if not unit:
        return "", []
    field = "province_code" if len(unit) == 2 else "workplace_unit"
    return f" AND {job}.{field} = %s", [unit]


BOOLEAN_FIELDS = {"party_member", "upskilled_to_standard", "continuing_education", "is_leader",
                  "is_expert"}  # fmt: skip
TRAINING_FIELDS = {"upskilled_to_standard", "continuing_education"}


def _group_columns(fields: list[str], day: dt.date, frm: Frame) -> tuple[list[str], list[object]]:
    """The SELECT expressions of `fields` over `frm` (codes as stored, levels as of
    `day`) and their parameters."""
    select: list[str] = []
    params: list[object] = []
    for name in fields:
        sql, values = _group_sql(name, day, frm)
        select.append(sql)
        params += values
    return select, params


def _group_sql(name: str, day: dt.date, frm: Frame) -> tuple[str, list[object]]:
    if name == "education_level":
        whens = " ".join("WHEN %s THEN %s" for _ in codes("education_level"))
        values: list[object] = list(frm.level_params)
        for code in codes("education_level"):
            values += [rank("education_level", code) or 0, code]
        return f"CASE {frm.level_rank} {whens} ELSE 'none' END", values
    if name == "age_band":
        whens = " ".join("WHEN p.birth_date > %s THEN %s" for _ in AGE_BANDS)
        values = []
        for limit, label in AGE_BANDS:
            values += [_years_before(day, limit), label]
        return f"CASE {whens} ELSE '60_and_over' END", values
    if name == "is_expert":
        return "CASE WHEN p.expert_field = '' THEN 0 ELSE 1 END", []
    if name == "upskilled_to_standard":
        return f"CASE WHEN {UPSKILLED} THEN 1 ELSE 0 END", []
    if name == "continuing_education":
        return f"CASE WHEN {CONTINUING} THEN 1 ELSE 0 END", []
    if name in EMPLOYMENT_FIELDS:
        return f"{frm.job}.{name}", []
    return f"p.{name}", []
