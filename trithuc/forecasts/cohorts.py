"""The registry on a start date, read from the one counting frame, as model cohorts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import connection
from django.db.models import QuerySet

from trithuc.codelists.services import codes, rank
from trithuc.forecasts.model import GENDERS, Cohorts
from trithuc.people.counting import LEVEL_RANK, execute, frame

TITLES = ("professor", "associate_professor")
# The workforce is every period in force that is not a retirement (the indicators'
# "employment_type__ne": "retired").
WORKING = " AND e.employment_type <> %s"


def level_codes() -> list[str]:
    return sorted(codes("education_level"), key=lambda code: rank("education_level", code) or 0)


def birth_month_sql() -> str:
    """year * 12 + month - 1 of the birth date, on SQLite and PostgreSQL."""
    if connection.vendor == "postgresql":
        return "CAST(EXTRACT(YEAR FROM p.birth_date) * 12 + EXTRACT(MONTH FROM p.birth_date) - 1 AS integer)"
    return "CAST(strftime('%%Y', p.birth_date) AS integer) * 12 + CAST(strftime('%%m', p.birth_date) AS integer) - 1"


def unit_condition(unit: str | None) -> tuple[str, list[Any]]:
    """SQL narrowing the frame to a province (2 digits) or a commune (5 digits)."""
    if not unit:
        return "", []
    field = "province_code" if len(unit) == 2 else "workplace_unit"
    return f" AND e.{field} = %s", [unit]


@dataclass(frozen=True)
class Population:
    """Whom a target counts, as far as the frame's columns say it: the provinces read
    whole and further workplace units of its area, and the employment types (None: all
    but retirement)."""

    provinces: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    employment_types: tuple[str, ...] | None = None

    def condition(self) -> tuple[str, list[Any]]:
        sql, params = "", []
        places = []
        if self.provinces:
            places.append(f"e.province_code IN ({', '.join(['%s'] * len(self.provinces))})")
            params += list(self.provinces)
        if self.units:
            places.append(f"e.workplace_unit IN ({', '.join(['%s'] * len(self.units))})")
            params += list(self.units)
        if places:
            sql += " AND (" + " OR ".join(places) + ")"
        if self.employment_types is not None:
            types = self.employment_types or ("",)
            sql += f" AND e.employment_type IN ({', '.join(['%s'] * len(types))})"
            params += list(types)
        return sql, params


def condition(unit: str | None, population: Population | None) -> tuple[str, list[Any]]:
    where, params = unit_condition(unit)
    if population is not None:
        more, more_params = population.condition()
        where, params = where + more, params + more_params
    return where, params


def load(as_of: dt.date, *, people: QuerySet | None = None, unit: str | None = None,
         population: Population | None = None) -> Cohorts:  # fmt: skip
    """The people of the frame of `as_of` (narrowed to `people`, `unit` and `population`)
    grouped into cohorts: one grouped query, then numpy."""
    levels = level_codes()
    by_rank = {rank("education_level", code) or 0: i for i, code in enumerate(levels)}
    where, params = condition(unit, population)
    frm = frame(as_of, training=False, where=WORKING + where, where_params=["retired", *params],
                people=people)  # fmt: skip
    # Grouped in the database: the rows are cohorts, far fewer than people.
    select = (f"e.workplace_unit, e.sector, p.gender, {birth_month_sql()}, "
              "CASE WHEN p.academic_title IN (%s, %s) THEN 1 ELSE 0 END, p.in_training, "
              f"COALESCE(p.in_training_until, 0), {LEVEL_RANK}, COUNT(*)")  # fmt: skip
    rows = execute(select, frm, "GROUP BY 1, 2, 3, 4, 5, 6, 7, 8", select_params=list(TITLES))
    units = sorted({row[0] for row in rows})
    sectors = sorted({row[1] for row in rows})
    unit_index = {code: i for i, code in enumerate(units)}
    sector_index = {code: i for i, code in enumerate(sectors)}
    level_index = {code: i for i, code in enumerate(levels)}
    rows = [row for row in rows if row[2] in GENDERS]
    n = len(rows)
    columns = np.zeros((n, 9), dtype=np.int64)
    for i, row in enumerate(rows):
        training = level_index.get(row[5], -1) if row[5] and row[6] else -1
        columns[i] = (
            unit_index[row[0]], sector_index[row[1]], GENDERS.index(row[2]), int(row[3]),
            int(row[4]), row[6] if training >= 0 else 0, training,
            by_rank.get(int(row[7] or 0), 0), int(row[8]),
        )  # fmt: skip
    keys, inverse = np.unique(columns[:, :7], axis=0, return_inverse=True)
    stock = np.zeros((len(keys), len(levels)))
    np.add.at(stock, (inverse.reshape(-1), columns[:, 7]), columns[:, 8].astype(float))
    return Cohorts(
        levels=levels, units=units, sectors=sectors,
        unit=keys[:, 0], sector=keys[:, 1], gender=keys[:, 2], birth_month=keys[:, 3],
        titled=keys[:, 4].astype(bool), train_year=keys[:, 5], train_level=keys[:, 6],
        stock=stock,
    )  # fmt: skip
