"""The person's latest employment period, copied onto the profile for today's counts.

`people.counting` counts the people of a date from their employment periods (the frame).
For today it can read the profile alone — which already holds the latest period's
sector, unit, employment type, leadership and the highest degree — if the profile also
says whether that period is in force: `Person.has_period`, `period_from` (null: the
start is not known and counts from the 18th birthday) and `period_to` (exclusive, null
while it lasts). Dates, not a flag: a person who turns 18, or a period that ends on a
known day, changes today's answer without any write.

The latest period is the open one (a change closes the old period the day the new one
starts), or, when every period is closed, the one that ended last. Today's count from
the profile equals the frame's when a person holds one period at a time and no period
starts after today: what the writes guarantee (they date a change on the day it is
written). `check_current_periods` verifies all of it on a live registry.

Every write to the history keeps the columns: the import's first load and the demo set
them with the rows they insert; updates, corrections and a changed start of work call
`sync_current_periods` for the people they touched; migration 0010 filled them for the
registries stored before (and for a backup restored from before it, at `migrate`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection

from trithuc.people.counting import current_frame, frame
from trithuc.people.models import Person

PARAMS_PER_QUERY = 900

# The latest period of the person in the UPDATE (the open one first, then the one that
# ended last, then the last written).
_LATEST = (
    "FROM people_employment e WHERE e.person_id = people_person.id ORDER BY "
    "CASE WHEN e.valid_to IS NULL THEN 1 ELSE 0 END DESC, e.valid_to DESC, e.id DESC LIMIT 1"
)
SYNC_SQL = (
    "UPDATE people_person SET "
    "has_period = EXISTS (SELECT 1 FROM people_employment e "
    "WHERE e.person_id = people_person.id), "
    f"period_from = (SELECT e.valid_from {_LATEST}), "
    f"period_to = (SELECT e.valid_to {_LATEST})"
)


def sync_current_periods(ids: Sequence[int] | None = None) -> None:
    """Recompute the latest-period columns of the people `ids` (None: everyone) from
    their stored periods."""
    with connection.cursor() as cursor:
        if ids is None:
            cursor.execute(SYNC_SQL)
            return
        unique = sorted(set(ids))
        if connection.vendor == "postgresql" and unique:
            cursor.execute(SYNC_SQL + " WHERE id = ANY(%s)", [unique])
            return
        for start in range(0, len(unique), PARAMS_PER_QUERY):
            chunk = unique[start : start + PARAMS_PER_QUERY]
            cursor.execute(SYNC_SQL + f" WHERE id IN ({', '.join(['%s'] * len(chunk))})", chunk)


@dataclass
class Mismatch:
    """One person whose profile does not answer today as the history does."""

    person_id: int
    national_id: str
    what: str


def check_current_periods(today: dt.date, limit: int = 50) -> tuple[int, list[Mismatch]]:
    """Compare, person by person, today's frame read from the history (the period in
    force, its columns, the level held) with what the profile alone says; and the
    stored latest-period columns with their recomputation. Returns the number of people
    that differ and the first `limit` of them."""
    columns = "p.sector, p.employment_type, p.workplace_unit, p.province_code, p.is_leader"
    history: dict[int, list[tuple]] = {}
    full = frame(today, training=False)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.person_id, e.sector, e.employment_type, e.workplace_unit, "
            f"e.province_code, e.is_leader, COALESCE(lv.r, 0) {full.sql}",
            [_param(v) for v in full.params],
        )
        for person_id, *row in cursor.fetchall():
            history.setdefault(person_id, []).append(tuple(row))
        fast = current_frame(today, training=False)
        cursor.execute(
            f"SELECT p.id, {columns}, {fast.level_rank} {fast.sql}",
            [_param(v) for v in [*fast.level_params, *fast.params]],
        )
        profile = {person_id: tuple(row) for person_id, *row in cursor.fetchall()}
    found: dict[int, str] = {}
    for person_id in history.keys() | profile.keys():
        periods = history.get(person_id, [])
        said = profile.get(person_id)
        if len(periods) > 1:
            found[person_id] = f"{len(periods)} quá trình công tác cùng có hiệu lực hôm nay"
        elif not periods:
            found[person_id] = (
                "hồ sơ tính là đang công tác nhưng lịch sử không có quá trình hiệu lực"
            )
        elif said is None:
            found[person_id] = "lịch sử có quá trình hiệu lực hôm nay nhưng hồ sơ không được tính"
        elif _normal(said) != _normal(periods[0]):
            found[person_id] = f"hồ sơ {_normal(said)} khác lịch sử {_normal(periods[0])}"
    with connection.cursor() as cursor:
        latest = _LATEST.replace("people_person.id", "p.id")
        cursor.execute(
            "SELECT p.id FROM people_person p WHERE "
            "p.has_period <> EXISTS (SELECT 1 FROM people_employment e WHERE e.person_id = p.id)"
            f" OR NOT (p.period_from IS NOT DISTINCT FROM (SELECT e.valid_from {latest}))"
            f" OR NOT (p.period_to IS NOT DISTINCT FROM (SELECT e.valid_to {latest}))"
            if connection.vendor == "postgresql"
            else "SELECT p.id FROM people_person p WHERE "
            "p.has_period IS NOT EXISTS (SELECT 1 FROM people_employment e WHERE e.person_id = p.id)"
            f" OR p.period_from IS NOT (SELECT e.valid_from {latest})"
            f" OR p.period_to IS NOT (SELECT e.valid_to {latest})"
        )
        for (person_id,) in cursor.fetchall():
            found.setdefault(person_id, "cột quá trình hiện tại chưa được cập nhật theo lịch sử")
    ids = sorted(found)[:limit]
    names = _national_ids(ids)
    return len(found), [Mismatch(pk, names.get(pk, ""), found[pk]) for pk in ids]


def _normal(row: tuple) -> tuple:
    """A row as both databases compare it (SQLite's booleans are integers)."""
    return tuple(bool(v) if i == 4 else v for i, v in enumerate(row))


def _param(value: object) -> object:
    if connection.vendor == "sqlite" and isinstance(value, dt.date):
        return value.isoformat()
    return value


def _national_ids(ids: Sequence[int]) -> dict[int, str]:
    return dict(Person.objects.filter(pk__in=ids).values_list("pk", "national_id"))
