"""Computing indicators from the registry's history, in one grouped query per date.

The "frame" of a date is `people.counting.frame`: every employment period in force that
day with its person, the level they held and their training flags of that year (see
there for the rules). Every count, share and ratio indicator becomes two conditional
sums (population; population and numerator) over that frame, grouped by the current
workplace unit and sector, so one scan serves every indicator and every sector, and
provinces are sums of their units.

An events indicator counts people whose first degree of the given levels (not
superseded by a correction) was awarded in a period, where they worked on the day it
was awarded (a period without a start counting from the 18th birthday, as in the frame).

The SQL is built here from the whitelisted columns of `definitions.py`; every value a
definition carries is passed as a query parameter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from trithuc.indicators.areas import Area
from trithuc.indicators.definitions import (
    EVENT_FIELDS,
    EVENT_POPULATION_FIELDS,
    TRAINING_COLUMNS,
    Filter,
    filter_sql,
    parse_filter,
)
from trithuc.people.counting import (
    ASSUMED_START,
    execute,
    frame,
    param,
    reader,
    years_before_sql,
)


@dataclass(frozen=True)
class Row:
    indicator_id: int
    year: int
    workplace_unit: str
    province_code: str
    sector: str
    count: int
    base: int
    # People of the population whose period of work has no start date (counted from
    # their 18th birthday: people.counting).
    assumed: int = 0


FRAME_KINDS = {"count", "share", "ratio"}


def _params(values: Iterable[Any]) -> list[Any]:
    return [param(value) for value in values]


def _restrictions(
    area: Area | None, people: QuerySet | None, person_column: str = "e.person_id"
) -> tuple[str, list[Any]]:
    parts: list[str] = []
    params: list[Any] = []
    if area is not None:
        area_parts = []
        if area.provinces:
            marks = ", ".join(["%s"] * len(area.provinces))
            area_parts.append(f"e.province_code IN ({marks})")
            params += sorted(area.provinces)
        if area.units:
            marks = ", ".join(["%s"] * len(area.units))
            area_parts.append(f"e.workplace_unit IN ({marks})")
            params += sorted(area.units)
        parts.append("(" + (" OR ".join(area_parts) or "1=0") + ")")
        if area.agencies:
            marks = ", ".join(["%s"] * len(area.agencies))
            parts.append(f"e.agency_id IN ({marks})")
            params += sorted(area.agencies)
    if people is not None:
        sql, people_params = people.values("id").query.sql_with_params()
        parts.append(f"{person_column} IN ({sql})")
        params += list(people_params)
    return "".join(f" AND {part}" for part in parts), params


def _area_persons(area: Area | None) -> tuple[str, list[Any]] | None:
    """SQL selecting the people who ever worked in `area` (a superset of the people
    whose periods `_restrictions` keeps): the first degrees are then grouped for those
    people alone, not the whole country."""
    if area is None or not (area.provinces or area.units):
        return None
    parts, params = [], []
    for column, codes in (("province_code", area.provinces), ("workplace_unit", area.units)):
        if codes:
            parts.append(f"a.{column} IN ({', '.join(['%s'] * len(codes))})")
            params += sorted(codes)
    sql = f"SELECT a.person_id FROM people_employment a WHERE {' OR '.join(parts)}"  # noqa: S608
    return sql, params


@dataclass(frozen=True)
class _Spec:
    indicator_id: int
    population: Filter
    numerator: Filter | None


def _specs(indicators: Sequence[Any]) -> list[_Spec]:
    specs = []
    for indicator in indicators:
        if indicator.kind not in FRAME_KINDS:
            continue
        numerator = parse_filter(indicator.numerator) if indicator.kind == "share" else None
        specs.append(_Spec(indicator.pk, parse_filter(indicator.population), numerator))
    return specs


def frame_rows(
    indicators: Sequence[Any],
    as_of: dt.date,
    *,
    area: Area | None = None,
    people: QuerySet | None = None,
    year: int | None = None,
) -> list[Row]:
    """Counts of every count/share/ratio indicator as of `as_of`, by unit and sector,
    over the frame of `people.counting` (the one every count of people reads)."""
    specs = _specs(indicators)
    if not specs:
        return []
    columns = _Columns()
    slots = []
    for spec in specs:
        pop_sql, pop_params = filter_sql(spec.population, as_of)
        base = columns.add(pop_sql, pop_params)
        count = base
        if spec.numerator is not None:
            num_sql, num_params = filter_sql(spec.numerator, as_of)
            count = columns.add(f"({pop_sql}) AND ({num_sql})", pop_params + num_params)
        assumed = columns.add(f"({pop_sql}) AND {ASSUMED_START}", pop_params)
        slots.append((spec, count, base, assumed))
    sums, sum_params = columns.sql()
    where_sql, where_params = _restrictions(area, None)
    fields = _fields(specs)
    frm = frame(
        as_of,
        levels=bool(fields & {"education_level", "education_rank"}),
        training=bool(fields & set(TRAINING_COLUMNS)),
        where=where_sql,
        where_params=where_params,
        people=people,
    )
    fetched = execute(
        f"e.workplace_unit, e.province_code, e.sector, {sums}",
        frm,
        "GROUP BY e.workplace_unit, e.province_code, e.sector",
        select_params=sum_params,
    )
    return list(_rows(slots, fetched, year if year is not None else as_of.year))


def _fields(specs: Sequence[_Spec]) -> set[str]:
    fields: set[str] = set()
    for spec in specs:
        fields |= spec.population.fields
        if spec.numerator is not None:
            fields |= spec.numerator.fields
    return fields


class _Columns:
    """Conditional sums, each written once however many indicators share it."""

    def __init__(self) -> None:
        self.index: dict[tuple[str, tuple[Any, ...]], int] = {}
        self.parts: list[tuple[str, list[Any]]] = []

    def add(self, sql: str, params: list[Any]) -> int:
        key = (sql, tuple(params))
        if key not in self.index:
            self.index[key] = len(self.parts)
            self.parts.append((sql, params))
        return self.index[key]

    def sql(self) -> tuple[str, list[Any]]:
        text = ", ".join(f"SUM(CASE WHEN {sql} THEN 1 ELSE 0 END)" for sql, _ in self.parts)
        return text, [p for _, params in self.parts for p in params]


def _rows(
    slots: Sequence[tuple[_Spec, int, int, int]], fetched: Iterable[Sequence[Any]], year: int
) -> Iterable[Row]:
    for unit, province, sector, *sums in fetched:
        for spec, count_at, base_at, assumed_at in slots:
            count = int(sums[count_at] or 0)
            base = int(sums[base_at] or 0) if spec.numerator is not None else 0
            assumed = int(sums[assumed_at] or 0)
            if count or base:
                yield Row(spec.indicator_id, year, unit, province, sector, count, base, assumed)


def event_rows(
    indicator: Any,
    start: dt.date,
    end: dt.date,
    *,
    area: Area | None = None,
    people: QuerySet | None = None,
) -> list[tuple[dt.date, str, str, str, int]]:
    """(day, unit, province, sector, people) whose first qualifying degree came that day."""
    population = parse_filter(indicator.population, allowed=EVENT_POPULATION_FIELDS)
    events = parse_filter(indicator.event_filter, allowed=EVENT_FIELDS, sector_ok=False)
    pop_sql, pop_params = filter_sql(population, None)
    ev_sql, ev_params = filter_sql(events, None)
    where_sql, where_params = _restrictions(area, people, "f.person_id")
    persons = _area_persons(area)
    among = f" AND q.person_id IN ({persons[0]})" if persons else ""
    sql = (
        "SELECT f.first_on, e.workplace_unit, e.province_code, e.sector, COUNT(*) "  # noqa: S608
        "FROM (SELECT q.person_id AS person_id, MIN(q.awarded_on) AS first_on "
        "FROM people_qualification q WHERE q.awarded_on IS NOT NULL "
        f"AND q.superseded_at IS NULL AND {ev_sql}{among} GROUP BY q.person_id) f "
        "JOIN people_employment e ON e.person_id = f.person_id "
        "AND (e.valid_to IS NULL OR e.valid_to > f.first_on) "
        "JOIN people_person p ON p.id = f.person_id "
        "AND (e.valid_from <= f.first_on OR (e.valid_from IS NULL "
        f"AND p.birth_date <= {years_before_sql('f.first_on')})) "
        f"WHERE f.first_on >= %s AND f.first_on <= %s AND {pop_sql}{where_sql} "
        "GROUP BY f.first_on, e.workplace_unit, e.province_code, e.sector"
    )
    params = [*ev_params, *(persons[1] if persons else []), start, end, *pop_params,
              *where_params]  # fmt: skip
    with reader().cursor() as cursor:
        cursor.execute(sql, _params(params))
        fetched = cursor.fetchall()
    return [(_as_date(day), unit, prov, sector, int(n)) for day, unit, prov, sector, n in fetched]


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def event_rows_by_year(
    indicator: Any,
    start: dt.date,
    end: dt.date,
    *,
    area: Area | None = None,
    people: QuerySet | None = None,
) -> list[Row]:
    """Events from `start` to `end` (both included), summed per calendar year."""
    totals: dict[tuple[int, str, str, str], int] = {}
    for day, unit, province, sector, n in event_rows(
        indicator, start, end, area=area, people=people
    ):
        key = (day.year, unit, province, sector)
        totals[key] = totals.get(key, 0) + n
    return [
        Row(indicator.pk, year, unit, province, sector, n, 0)
        for (year, unit, province, sector), n in sorted(totals.items())
    ]
