"""The one definition of who counts, with what, on a date: the frame.

Every count of people reads this frame — `people_stats` (today and `--as-of`), the
summary page, every indicator and the yearly snapshots — so one question has one answer.

The frame of a date D is one row per employment period in force that day, with its
person and what the registry holds of them on D:

- the period is in force when `valid_from <= D < valid_to` (`valid_to` exclusive, null
  while it lasts). A period without a start (imported without "Năm bắt đầu công tác")
  counts from the person's 18th birthday, the minimum age for recruitment as a civil
  servant (Luật Cán bộ, công chức, art. 36) or a public employee (Luật Viên chức,
  art. 22); the column `assumed_start` says a row rests on that assumption;
- the level held is the highest degree awarded by D, among the degrees no correction
  has superseded (`Qualification.superseded_at`). A degree awarded after D still tells
  something about D: the level it requires is counted before it (IMPLIED_LEVELS);
- the training flags are those stated for D's year (`TrainingYear`): "đào tạo liên
  tục" for that year only, "bồi dưỡng theo tiêu chuẩn" as last stated by then.

A person holds at most one period on a date (a change closes the old period the day the
new one starts), so rows are people.

Today's frame is read from the profile alone (`current_frame`): the profile holds the
latest period's columns and the highest degree, and, kept by every write
(`people.periods`), whether that period exists, its start and its end. `people_stats`
without a date reads it (milliseconds, not a join of every period in force); any date
given, today's included, reads the history. `check_current_periods` and the property
test `people/tests/test_current_periods.py` hold the two to the same answer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection, connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import QuerySet

from trithuc.codelists.services import codes, rank
from trithuc.people.models import Person

# The level a degree implies its holder had before it was awarded: the entry
# requirement of the degree. Master's, specialist level I, residency and doctorate
# (Luật Giáo dục đại học: entry from a bachelor's) imply a bachelor's; specialist
# level II implies specialist level I; a doctor of science implies a doctorate.
IMPLIED_LEVELS = {
    "master": "bachelor",
    "specialist_1": "bachelor",
    "resident": "bachelor",
    "doctor": "bachelor",
    "specialist_2": "specialist_1",
    "doctor_of_science": "doctor",
}
LEGAL_WORKING_AGE = 18


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day `years` earlier (28 February for a 29 February that does not exist)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def started_by(valid_from: dt.date | None, birth_date: dt.date, day: dt.date) -> bool:
    """Whether a period with this start counts on `day` (the rule of the frame, for one
    period: the reference the tests compare the SQL with)."""
    if valid_from is None:
        return birth_date <= years_before(day, LEGAL_WORKING_AGE)
    return valid_from <= day


def param(value: Any) -> Any:
    if connection.vendor == "sqlite" and isinstance(value, dt.date):
        return value.isoformat()
    return value


def _ranks() -> dict[str, int]:
    return {code: rank("education_level", code) or 0 for code in codes("education_level")}


def _case(column: str, values: dict[str, int]) -> tuple[str, list[Any]]:
    whens = []
    params: list[Any] = []
    for code, value in values.items():
        whens.append("WHEN %s THEN %s")
        params += [code, value]
    return f"CASE {column} {' '.join(whens)} ELSE 0 END", params


def level_rank_of(column: str) -> tuple[str, list[Any]]:
    """SQL of the rank of the level code in `column` (0 for none or an unknown code)."""
    return _case(column, _ranks())


def level_rank_sql(as_of: dt.date) -> tuple[str, list[Any]]:
    """A derived table lv(person_id, r): the rank of the level each person holds on
    `as_of` (absent: none)."""
    ranks = _ranks()
    held, held_params = _case("q.level", ranks)
    implied, implied_params = _case(
        "q.level", {code: ranks.get(IMPLIED_LEVELS.get(code, ""), 0) for code in ranks}
    )
    sql = (
        f"SELECT q.person_id AS person_id, MAX(CASE WHEN q.awarded_on IS NULL OR "  # noqa: S608
        f"q.awarded_on <= %s THEN {held} ELSE {implied} END) AS r "
        "FROM people_qualification q WHERE q.superseded_at IS NULL GROUP BY q.person_id"
    )
    return sql, [as_of, *held_params, *implied_params]


def current_level_sql() -> tuple[str, list[Any]]:
    """lv(person_id, r) from today's or a later date: the profile's highest level.

    The same answer as `level_rank_sql` once every degree is awarded (a template's year
    is never in the future), because the writes keep the profile's level equal to the
    highest degree no correction superseded (`writing.update_people`; migration 0009
    superseded the degrees older imports left above it). `test_one_answer` recounts
    today from the stored degrees. It reads one row per person instead of grouping every
    degree: the summary page and `people_stats` answer in milliseconds, not seconds.
    """
    ranks = _ranks()
    held, params = _case("pp.education_level", ranks)
    return f"SELECT pp.id AS person_id, {held} AS r FROM people_person pp", params  # noqa: S608


def _today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()


def training_sql(year: int) -> tuple[str, list[Any]]:
    """A derived table tr(person_id, u, c): u is odd when the last statement up to
    `year` says upskilled to standard; c is 1 when `year`'s says continuing education."""
    sql = (
        "SELECT t.person_id AS person_id, MAX(t.year * 2 + CASE WHEN t.upskilled_to_standard "
        "THEN 1 ELSE 0 END) AS u, MAX(CASE WHEN t.year = %s AND t.continuing_education THEN 1 "
        "ELSE 0 END) AS c FROM people_trainingyear t WHERE t.year <= %s GROUP BY t.person_id"
    )
    return sql, [year, year]


# What the frame knows of a row, as SQL over its aliases (e: employment, p: person,
# lv: level rank, tr: training).
LEVEL_RANK = "COALESCE(lv.r, 0)"
# u is odd: u - 2 * (u / 2) with integer division (no "%", which the drivers read as
# a placeholder).
UPSKILLED = "(COALESCE(tr.u, 0) - 2 * (COALESCE(tr.u, 0) / 2) = 1)"
CONTINUING = "(COALESCE(tr.c, 0) = 1)"
ASSUMED_START = "(e.valid_from IS NULL)"


@dataclass(frozen=True)
class Frame:
    """`FROM … WHERE …` of the frame of one date, with its parameters; `job` is the
    alias whose columns are the period's (sector, workplace_unit…), `level_rank` the
    SQL of the rank of the level held (its `level_params` go with the SELECT) and
    `assumed` the SQL saying the period's start is assumed."""

    sql: str
    params: list[Any]
    job: str = "e"
    level_rank: str = LEVEL_RANK
    level_params: list[Any] = field(default_factory=list)
    assumed: str = ASSUMED_START


def frame(
    as_of: dt.date,
    *,
    levels: bool = True,
    training: bool = True,
    where: str = "",
    where_params: list[Any] | None = None,
    people: QuerySet | None = None,
) -> Frame:
    """The frame of `as_of`; `where` (SQL over e and p, starting with AND) and `people`
    (a queryset of persons) narrow it."""
    joins: list[str] = []
    params: list[Any] = []
    if levels:
        sql, values = level_rank_sql(as_of)
        if as_of >= _today():
            sql, values = current_level_sql()
        joins.append(f"LEFT JOIN ({sql}) lv ON lv.person_id = e.person_id")
        params += values
    if training:
        sql, values = training_sql(as_of.year)
        joins.append(f"LEFT JOIN ({sql}) tr ON tr.person_id = e.person_id")
        params += values
    conditions = (
        "(e.valid_to IS NULL OR e.valid_to > %s) AND p.birth_date <= %s AND "
        "(e.valid_from <= %s OR (e.valid_from IS NULL AND p.birth_date <= %s))"
    )
    params += [as_of, as_of, as_of, years_before(as_of, LEGAL_WORKING_AGE)]
    extra = where
    params += list(where_params or [])
    if people is not None and not _everyone(people):
        sql, people_params = people.values("id").query.sql_with_params()
        extra += f" AND e.person_id IN ({sql})"
        params += list(people_params)
    text = (
        "FROM people_employment e JOIN people_person p ON p.id = e.person_id "
        f"{' '.join(joins)} WHERE {conditions}{extra}"
    )
    return Frame(text, params)


def current_frame(
    today: dt.date,
    *,
    training: bool = True,
    where: str = "",
    where_params: list[Any] | None = None,
    people: QuerySet | None = None,
) -> Frame:
    """The frame of `today` read from the profile alone: its latest period
    (`Person.has_period`, `period_from`, `period_to`, kept by every write:
    people.periods) under the frame's conditions, its columns (`job` "p") and its level.

    The same rows as `frame(today)` while a person holds one period at a time and none
    starts after today (what the writes date; `trithuc check_current_periods` verifies
    it), without joining 100,000 periods to their people: for today only. A past or
    future date reads the history (`frame`)."""
    joins: list[str] = []
    params: list[Any] = []
    if training:
        sql, values = training_sql(today.year)
        joins.append(f"LEFT JOIN ({sql}) tr ON tr.person_id = p.id")
        params += values
    conditions = (
        "p.has_period AND (p.period_to IS NULL OR p.period_to > %s) AND p.birth_date <= %s "
        "AND (p.period_from <= %s OR (p.period_from IS NULL AND p.birth_date <= %s))"
    )
    params += [today, today, today, years_before(today, LEGAL_WORKING_AGE)]
    extra = where
    params += list(where_params or [])
    if people is not None and not _everyone(people):
        inline = _conditions_on_p(people)
        if inline is not None:
            extra += f" AND ({inline[0]})"
            params += inline[1]
        else:
            sql, people_params = people.values("id").query.sql_with_params()
            extra += f" AND p.id IN ({sql})"
            params += list(people_params)
    level, level_params = level_rank_of("p.education_level")
    return Frame(
        f"FROM people_person p {' '.join(joins)} WHERE {conditions}{extra}",
        params,
        job="p",
        level_rank=level,
        level_params=level_params,
        assumed="(p.period_from IS NULL)",
    )


def _conditions_on_p(people: QuerySet) -> tuple[str, list[Any]] | None:
    """The WHERE of a queryset of persons that filters the person table alone (what
    `visible_to` gives a province, commune or agency user), written over the alias p;
    None for anything else (joins, slices, DISTINCT, unions), which stays
    `p.id IN (SELECT id …)`. SQLite read the frame's index and tested each person
    against the subquery's list: 120 ms of CPU at 100,000 people, against 20 ms for
    the same people by their own columns."""
    query = people.query
    used = [alias for alias, count in query.alias_refcount.items() if count]
    if (query.model is not Person or used != [Person._meta.db_table] or query.is_sliced
            or query.distinct or query.combinator):  # fmt: skip
        return None
    compiler = query.get_compiler(connection=reader())
    try:
        sql, params = compiler.compile(query.where)
    except EmptyResultSet:
        return "1 = 0", []
    except FullResultSet:
        return "1 = 1", []
    table = compiler.quote_name_unless_alias(Person._meta.db_table) + "."
    if not sql:
        return "1 = 1", []
    sql = sql.replace(table, "p.")
    if Person._meta.db_table in sql:  # a subquery naming the table: keep the safe form
        return None
    return sql, list(params)


def _everyone(people: QuerySet) -> bool:
    """The queryset is every person (`Person.objects.all()`): the frame needs no
    `IN (SELECT id FROM people_person)`, which made SQLite walk the person table and
    look each one's periods up instead of scanning the periods in force."""
    query = people.query
    return not query.where and not query.is_sliced and not query.distinct and not query.combinator


def years_before_sql(column: str) -> str:
    """SQL for `years_before(column, LEGAL_WORKING_AGE)` of a date column (the same day
    18 years earlier; 28 February for a 29 February), on SQLite and PostgreSQL."""
    n = LEGAL_WORKING_AGE
    if connection.vendor == "postgresql":
        return f"CAST({column} - INTERVAL '{n} years' AS date)"
    return (
        f"(CASE WHEN strftime('%%m-%%d', {column}) = '02-29' "
        f"THEN date({column}, '-1 day', '-{n} years') ELSE date({column}, '-{n} years') END)"
    )


def reader() -> BaseDatabaseWrapper:
    """The connection counts read through: the router's choice for people, so that inside
    `core.replica.analytics_reads` raw SQL goes to the replica like the ORM's reads."""
    return connections[router.db_for_read(Person)]


def execute(
    select: str,
    frm: Frame,
    tail: str = "",
    *,
    select_params: list[Any] | None = None,
    tail_params: list[Any] | None = None,
) -> list:
    """Run `SELECT <select> <frame> <tail>` and return every row."""
    sql = f"SELECT {select} {frm.sql} {tail}"
    values = [*(select_params or []), *frm.params, *(tail_params or [])]
    with reader().cursor() as cursor:
        cursor.execute(sql, [param(v) for v in values])
        return cursor.fetchall()
