"""The per-unit per-year snapshot: every indicator's counts by current unit and sector,
as of 31 December of every year since 2015 and as of the refresh day for this year.

`refresh_snapshot` recomputes it whole (one grouped query per year, one per events
indicator) and swaps it in one transaction; the task in `tasks.py` runs it after every
`registry_changed`. Readers sum rows: a province is its communes plus its province
level, and an area of old units is the sum of the current units that cover it.

Besides the yearly days the snapshot holds the extra days readers asked for
(`hold_days`): a report's cut-off (14 December under Decree 09) and the day before an
events target's period starts, so a report reads its targets from here instead of from
the registry's history. Every refresh recomputes them with the rest.

It also holds, on the days readers asked for (`ExtraDays.structure`: a report's
cut-off), the structure of the workforce a report's annexes print (`structure.py`),
swapped and recomputed with the rest; `structure_at` reads it only while the snapshot
is fresh, so it always equals the live count.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.models import Q, Sum
from django.utils import timezone

from trithuc.indicators import forecasting
from trithuc.indicators.areas import CURRENT, Area
from trithuc.indicators.compute import FRAME_KINDS, Row, event_rows_by_year, frame_rows
from trithuc.indicators.models import (
    Indicator,
    IndicatorSnapshot,
    PopulationSnapshot,
    SnapshotState,
    StructureSnapshot,
)
from trithuc.indicators.structure import COLUMNS as STRUCTURE_COLUMNS
from trithuc.indicators.structure import Grouped, compute_structure_rows, read_structure
from trithuc.lib.bulk import bulk_insert
from trithuc.people.counting import execute, frame, reader

FIRST_YEAR = 2015
logger = logging.getLogger(__name__)
COLUMNS = ("indicator", "year", "as_of", "province_code", "workplace_unit", "sector", "count",
           "base", "extra", "assumed")  # fmt: skip
POPULATION_COLUMNS = ("as_of", "province_code", "workplace_unit", "sector", "count")
# (row, the day it was computed at, whether that day is an extra one)
Computed = tuple[Row, dt.date, bool]


def snapshot_day(year: int, as_of: dt.date) -> dt.date:
    """The date a snapshot year is taken at: 31 December, or the refresh day this year."""
    return as_of if year == as_of.year else dt.date(year, 12, 31)


def get_state() -> SnapshotState:
    state = SnapshotState.objects.order_by("pk").first()
    if state is None:
        state = SnapshotState.objects.create()
    return state


@dataclass
class RefreshResult:
    rows: int
    seconds: float
    as_of: dt.date
    years: int


@dataclass(frozen=True)
class ExtraDays:
    """Extra days of the snapshot: `frame` days hold every count/share/ratio indicator
    and the events of their year so far; `events` days only the events so far;
    `structure` days the structure of the workforce (`structure.py`)."""

    frame: tuple[dt.date, ...] = ()
    events: tuple[dt.date, ...] = ()
    structure: tuple[dt.date, ...] = ()

    @classmethod
    def of(cls, state: SnapshotState) -> ExtraDays:
        held = state.extra_days or {}
        return cls(*(tuple(dt.date.fromisoformat(d) for d in held.get(key, []))
                     for key in ("frame", "events", "structure")))  # fmt: skip

    def json(self) -> dict[str, list[str]]:
        return {"frame": [d.isoformat() for d in self.frame],
                "events": [d.isoformat() for d in self.events],
                "structure": [d.isoformat() for d in self.structure]}  # fmt: skip

    def holds(self, day: dt.date, events: bool = False) -> bool:
        return day in self.frame or (events and day in self.events)

    def within(self, as_of: dt.date) -> ExtraDays:
        """The days a snapshot taken on `as_of` can hold: past days since FIRST_YEAR that
        are not already yearly days (31 December, the refresh day)."""

        def keep(days: Iterable[dt.date]) -> tuple[dt.date, ...]:
            return tuple(sorted({d for d in days if d.year >= FIRST_YEAR and d < as_of
                                 and (d.month, d.day) != (12, 31)}))  # fmt: skip

        frame = keep(self.frame)
        # No yearly row holds a structure: 31 December is kept like any past day.
        structure = tuple(sorted({d for d in self.structure if d.year >= FIRST_YEAR
                                  and d < as_of}))  # fmt: skip
        return ExtraDays(frame, tuple(d for d in keep(self.events) if d not in frame), structure)

    def __or__(self, other: ExtraDays) -> ExtraDays:
        return ExtraDays(tuple({*self.frame, *other.frame}), tuple({*self.events, *other.events}),
                         tuple({*self.structure, *other.structure}))  # fmt: skip


def compute_snapshot_rows(
    as_of: dt.date,
    indicators: Iterable[Indicator],
    extra: ExtraDays | None = None,
    *,
    area: Area | None = None,
) -> list[Computed]:
    """Every row of the snapshot taken on `as_of`; with `area`, only the rows of its
    provinces (every row is one current unit's, so a province's rows are computed from
    its periods of work alone: the same rows a whole refresh writes for it)."""
    indicators = list(indicators)
    rows: list[Computed] = []
    for year in range(FIRST_YEAR, as_of.year + 1):
        day = snapshot_day(year, as_of)
        rows += _frame_rows_at(indicators, day, extra=False, area=area)
    for indicator in indicators:
        if indicator.kind == "events":
            for row in event_rows_by_year(indicator, dt.date(FIRST_YEAR, 1, 1), as_of, area=area):
                rows.append((row, snapshot_day(row.year, as_of), False))
    return rows + compute_extra_rows(indicators, extra or ExtraDays(), area=area)


def _frame_rows_at(
    indicators: Sequence[Indicator], day: dt.date, *, extra: bool, area: Area | None = None
) -> list[Computed]:
    frame = [i for i in indicators if i.kind in FRAME_KINDS]
    return [(row, day, extra) for row in frame_rows(frame, day, year=day.year, area=area)]


def compute_extra_rows(
    indicators: Iterable[Indicator], extra: ExtraDays, *, area: Area | None = None
) -> list[Computed]:
    """The rows of the extra days: the frame indicators on each frame day, and each
    events indicator's events from 1 January of the day's year to the day."""
    indicators = list(indicators)
    rows: list[Computed] = []
    for day in extra.frame:
        rows += _frame_rows_at(indicators, day, extra=True, area=area)
    for day in (*extra.frame, *extra.events):
        for indicator in indicators:
            if indicator.kind == "events":
                found = event_rows_by_year(indicator, dt.date(day.year, 1, 1), day, area=area)
                rows += [(row, day, True) for row in found]
    return rows


def population_rows(as_of: dt.date, area: Area | None = None) -> list[tuple]:
    """(as_of, province, unit, sector, people) of the frame on `as_of`: the counts of
    `people_stats` by province and sector, kept per unit like the snapshot."""
    where, params = ("", [])
    if area is not None:
        marks = ", ".join(["%s"] * len(area.provinces))
        where, params = f" AND e.province_code IN ({marks})", sorted(area.provinces)
    frm = frame(as_of, levels=False, training=False, where=where, where_params=params)
    fetched = execute("e.province_code, e.workplace_unit, e.sector, COUNT(*)", frm,
                      "GROUP BY e.province_code, e.workplace_unit, e.sector")  # fmt: skip
    return [(as_of, p, u, s or "", int(n)) for p, u, s, n in fetched]


def _provinces_area(provinces: Iterable[str]) -> Area:
    return Area("", CURRENT, "", frozenset(provinces), frozenset())


def _when(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def _computed_since(state: SnapshotState, province: str) -> dt.datetime | None:
    """When the computation whose rows the snapshot holds for `province` started."""
    alone = _when(state.province_refreshed.get(province))
    if alone is None or state.refreshed_at is None:
        return alone or state.refreshed_at
    return max(alone, state.refreshed_at)


def _still_pending(
    pending: dict[str, str], started_at: dt.datetime, provinces: Iterable[str] | None
) -> dict[str, str]:
    """The changes a computation that started at `started_at` did not see: it saw every
    change recorded before it started, of its provinces (None: of every province, and
    the unknown ones)."""
    done = None if provinces is None else set(provinces)
    return {
        key: when for key, when in pending.items()
        if (done is not None and key not in done) or dt.datetime.fromisoformat(when) > started_at
    }  # fmt: skip


def refresh_snapshot(as_of: dt.date | None = None) -> RefreshResult:
    """Recompute the whole snapshot, the extra days it holds included, and record when
    (the dashboard says so).

    The computing runs outside any transaction (readers keep the old snapshot); the swap
    runs in one, holding the state row's lock so that two workers never interleave. A
    province recomputed alone after this computation started keeps its newer rows.
    """
    as_of = as_of or timezone.localdate()
    started = time.perf_counter()
    state = get_state()
    extra = ExtraDays.of(state).within(as_of)
    with transaction.atomic():
        started_at = _start(state)
        SnapshotState.objects.filter(pk=state.pk).update(running=True, message="")
    try:
        indicators = list(Indicator.objects.filter(is_active=True))
        rows = compute_snapshot_rows(as_of, indicators, extra)
        structure = compute_structure_rows(extra.structure)
        people = population_rows(as_of)
        with transaction.atomic():
            locked = SnapshotState.objects.select_for_update().get(pk=state.pk)
            newer = {p for p, when in locked.province_refreshed.items()
                     if dt.datetime.fromisoformat(when) > started_at}  # fmt: skip
            kept = IndicatorSnapshot.objects.filter(province_code__in=newer).count()
            IndicatorSnapshot.objects.exclude(province_code__in=newer).delete()
            written = bulk_insert(IndicatorSnapshot, COLUMNS, _snapshot_values(
                r for r in rows if r[0].province_code not in newer))  # fmt: skip
            PopulationSnapshot.objects.exclude(province_code__in=newer).delete()
            bulk_insert(PopulationSnapshot, POPULATION_COLUMNS,
                        (r for r in people if r[1] not in newer))  # fmt: skip
            StructureSnapshot.objects.exclude(province_code__in=newer).delete()
            bulk_insert(StructureSnapshot, STRUCTURE_COLUMNS,
                        (r for r in structure if r[2] not in newer))  # fmt: skip
            seconds = time.perf_counter() - started
            SnapshotState.objects.filter(pk=state.pk).update(
                refreshed_at=started_at, as_of=as_of, seconds=seconds,
                rows=kept + written, running=False,
                extra_days=extra.json(),
                pending=_still_pending(locked.pending, started_at, None),
                province_refreshed={p: locked.province_refreshed[p] for p in newer},
            )  # fmt: skip
    except Exception as exc:
        SnapshotState.objects.filter(pk=state.pk).update(running=False, message=str(exc)[:500])
        raise
    forget_cached_pages()
    forecasting.after_refresh()
    return RefreshResult(len(rows), seconds, as_of, as_of.year - FIRST_YEAR + 1)


def refresh_provinces(provinces: Iterable[str], as_of: dt.date | None = None) -> RefreshResult:
    """Recompute these provinces' rows alone (an import into one province touches only
    its own units' rows), the extra days held included; the rest of the snapshot stays.

    A snapshot of another day (or none yet) is recomputed whole instead: every row of a
    snapshot is taken on the same day. Rows a newer computation already wrote for a
    province are kept, as in `refresh_snapshot`.
    """
    as_of = as_of or timezone.localdate()
    provinces = sorted(set(provinces))
    state = get_state()
    if state.as_of != as_of or state.refreshed_at is None:
        return refresh_snapshot(as_of)
    started = time.perf_counter()
    with transaction.atomic():
        started_at = _start(state)
    extra = ExtraDays.of(state).within(as_of)
    area = _provinces_area(provinces)
    indicators = list(Indicator.objects.filter(is_active=True))
    with province_slice(provinces):
        rows = compute_snapshot_rows(as_of, indicators, extra, area=area)
        people = population_rows(as_of, area)
        # A slice also holds its people's periods in other provinces: keep only its own.
        structure = [r for r in compute_structure_rows(extra.structure) if r[2] in provinces]
    with transaction.atomic():
        locked = SnapshotState.objects.select_for_update().get(pk=state.pk)
        if locked.as_of != as_of:  # a whole refresh of another day swapped in meanwhile
            chosen = None
        else:
            chosen = _swap_provinces(locked, provinces, rows, people, structure, extra,
                                     started_at)  # fmt: skip
    if chosen is None:
        return refresh_provinces(provinces, as_of)
    forget_cached_pages()
    forecasting.after_refresh()  # an import's forecasts, as after a whole refresh
    return RefreshResult(len(rows), time.perf_counter() - started, as_of,
                         as_of.year - FIRST_YEAR + 1)  # fmt: skip


def _start(state: SnapshotState) -> dt.datetime:
    """When a computation starts, taken under the state row's lock (inside the caller's
    transaction): an import that adds its people's rows to the snapshot (`add_people`)
    holds that lock from the moment it stamps its provinces until it commits, so a
    computation stamped after that moment reads the import's people, and one stamped
    before it leaves the provinces alone when it swaps (their rows are newer)."""
    SnapshotState.objects.select_for_update().filter(pk=state.pk).first()
    return timezone.now()


# The registry's tables a frame or an events count reads, with their person column.
SLICED = (("people_person", "id"), ("people_employment", "person_id"),
          ("people_qualification", "person_id"), ("people_trainingyear", "person_id"))  # fmt: skip


@contextmanager
def province_slice(provinces: Sequence[str]) -> Iterator[None]:
    """On PostgreSQL: while it lasts, the registry's tables read by this connection are
    the rows of the people who ever worked in these provinces alone.

    Each of `SLICED` is copied into a temporary table of the same name, which the
    connection's search path puts before the real one (PostgreSQL searches `pg_temp`
    first), so the counting frame's SQL runs unchanged over a province's people instead
    of the whole country's: every per-person part of it (the level held, the training
    flags, the first degree) reads only that person's rows, and every row of a province's
    snapshot comes from a period of work in that province, so the slice gives the same
    rows. At 1,000,000 people a year's frame of one province took 3–4 s over the whole
    tables (their degrees grouped, the people scanned), most of the 40 s of a province's
    refresh. Only reads of the registry may run inside; other databases, or reads routed
    to a replica, compute over the whole tables."""
    connection = reader()
    if connection.vendor != "postgresql" or connection.alias != DEFAULT_DB_ALIAS:
        yield
        return
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        schema = _schema(cursor)
        cursor.execute(
            "CREATE TEMPORARY TABLE snapshot_slice_ids ON COMMIT DROP AS SELECT DISTINCT "
            f"person_id AS id FROM {schema}.people_employment WHERE province_code = ANY(%s)",
            [list(provinces)],
        )  # fmt: skip
        with _sliced(cursor, schema):
            yield


@contextmanager
def people_slice(national_ids: Sequence[str]) -> Iterator[None]:
    """While it lasts, the registry's tables read by the default connection are the rows
    of these people alone (by national ID), on PostgreSQL and SQLite alike (SQLite, too,
    reads a temporary table before the main one of the same name): `add_people` counts
    an import's new people with the counting frame's SQL unchanged. Runs inside the
    caller's transaction, whose uncommitted people it reads."""
    connection = connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        schema = _schema(cursor)
        ids = list(national_ids)
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE TEMPORARY TABLE snapshot_slice_ids ON COMMIT DROP AS SELECT id FROM "
                f"{schema}.people_person WHERE national_id = ANY(%s)",
                [ids],
            )  # fmt: skip
        else:
            cursor.execute("CREATE TEMP TABLE snapshot_slice_ids (id INTEGER PRIMARY KEY)")
            for start in range(0, len(ids), SQLITE_IDS_PER_QUERY):
                chunk = ids[start : start + SQLITE_IDS_PER_QUERY]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(
                    "INSERT INTO temp.snapshot_slice_ids (id) SELECT id FROM main.people_person "
                    f"WHERE national_id IN ({marks})",  # noqa: S608
                    chunk,
                )
        with _sliced(cursor, schema):
            yield


SQLITE_IDS_PER_QUERY = 900


def _schema(cursor: Any) -> str:
    if cursor.db.vendor != "postgresql":
        return "main"
    cursor.execute("SELECT current_schema()")
    return cursor.db.ops.quote_name(cursor.fetchone()[0])


@contextmanager
def _sliced(cursor: Any, schema: str) -> Iterator[None]:
    """Each of `SLICED` as a temporary table of the people in `snapshot_slice_ids`."""
    postgres = cursor.db.vendor == "postgresql"
    temporary = "TEMPORARY TABLE {} ON COMMIT DROP" if postgres else "TEMP TABLE {}"
    try:
        for table, column in SLICED:
            cursor.execute(
                f"CREATE {temporary.format(table)} AS SELECT * FROM "  # noqa: S608
                f"{schema}.{table} WHERE {column} IN (SELECT id FROM snapshot_slice_ids)"
            )
            if postgres:
                cursor.execute(f"CREATE INDEX ON {table} ({column})")
                cursor.execute(f"ANALYZE {table}")
            else:
                cursor.execute(f"CREATE INDEX temp.slice_{table} ON {table} ({column})")
        yield
    finally:
        # Dropped now: inside an outer transaction the commit that drops them may
        # come much later, and every read of the registry until then would see them.
        # (After an error on PostgreSQL the transaction's rollback drops them.)
        prefix = "pg_temp" if postgres else "temp"
        names = [f"{prefix}.{table}" for table, _ in SLICED] + [f"{prefix}.snapshot_slice_ids"]
        with suppress(DatabaseError):
            if postgres:
                cursor.execute(f"DROP TABLE IF EXISTS {', '.join(names)}")
            else:
                for name in names:
                    cursor.execute(f"DROP TABLE IF EXISTS {name}")


def _swap_provinces(
    locked: SnapshotState,
    provinces: list[str],
    rows: list[Computed],
    people: list[tuple],
    structure: list[tuple],
    extra: ExtraDays,
    started_at: dt.datetime,
) -> list[str]:
    """Replace these provinces' rows (under the state row's lock), but those a newer
    computation wrote; returns the provinces written."""
    chosen = [p for p in provinces if (_computed_since(locked, p) or started_at) <= started_at]
    wanted = set(chosen)
    # The yearly rows, and the extra days this computation holds (a reader may have
    # added a day since; its rows stay).
    days = Q(extra=False) | Q(as_of__in=[*extra.frame, *extra.events])
    deleted, _ = IndicatorSnapshot.objects.filter(days, province_code__in=chosen).delete()
    mine = [r for r in rows if r[0].province_code in wanted]
    bulk_insert(IndicatorSnapshot, COLUMNS, _snapshot_values(mine))
    PopulationSnapshot.objects.filter(province_code__in=chosen).delete()
    bulk_insert(PopulationSnapshot, POPULATION_COLUMNS, (r for r in people if r[1] in wanted))
    StructureSnapshot.objects.filter(province_code__in=chosen, as_of__in=extra.structure).delete()
    bulk_insert(StructureSnapshot, STRUCTURE_COLUMNS, (r for r in structure if r[2] in wanted))
    stamp = started_at.isoformat()
    SnapshotState.objects.filter(pk=locked.pk).update(
        rows=max(0, locked.rows - deleted) + len(mine),
        pending=_still_pending(locked.pending, started_at, provinces),
        province_refreshed={**locked.province_refreshed, **dict.fromkeys(chosen, stamp)},
    )  # fmt: skip
    return chosen


def add_people(
    national_ids: Sequence[str], provinces: Iterable[str], as_of: dt.date | None = None
) -> set[str]:
    """Add the rows of people just created (by national ID) to the snapshot, inside the
    transaction that created them; returns the provinces whose figures are then up to
    date (none: the caller marks them changed, and they are refreshed as usual).

    Every row of the snapshot is a sum over people of what each one's own history holds
    (`compute`, `structure`, `population_rows`), so for people who were not in the
    registry the rows of a fresh province plus the rows of the newcomers alone are the
    rows a refresh would write: an import of 100,000 new people costs a count of
    100,000 people, not of the province or the country. Only a province with no change
    awaiting its refresh gets them (its rows are then exact), on a snapshot of `as_of`.

    The rows commit with the people. From the moment this stamps the provinces (under
    the state row's lock) until the commit, a computation cannot start (`_start` takes
    that lock), so one stamped earlier keeps these provinces' rows when it swaps, and
    one stamped later reads the new people. A failure leaves the snapshot untouched."""
    as_of = as_of or timezone.localdate()
    wanted = sorted(set(provinces))
    connection = connections[DEFAULT_DB_ALIAS]
    if not national_ids or not wanted or not connection.in_atomic_block:
        return set()
    if reader().alias != DEFAULT_DB_ALIAS:  # reads routed elsewhere miss the new people
        return set()
    state = get_state()
    if not _takes_people(state, as_of) or not set(wanted) - set(state.pending):
        return set()
    extra = ExtraDays.of(state).within(as_of)
    indicators = list(Indicator.objects.filter(is_active=True))
    area = _provinces_area(wanted)
    started = time.perf_counter()
    try:
        with transaction.atomic():
            with people_slice(national_ids):
                rows = compute_snapshot_rows(as_of, indicators, extra, area=area)
                people = population_rows(as_of, area)
                structure = [r for r in compute_structure_rows(extra.structure)
                             if r[2] in wanted]  # fmt: skip
            locked = SnapshotState.objects.select_for_update().get(pk=state.pk)
            if not _takes_people(locked, as_of) or locked.extra_days != state.extra_days:
                return set()
            fresh = {p for p in wanted if p not in locked.pending}
            mine = [r for r in rows if r[0].province_code in fresh]
            bulk_insert(IndicatorSnapshot, COLUMNS, _snapshot_values(mine))
            bulk_insert(
                PopulationSnapshot, POPULATION_COLUMNS, (r for r in people if r[1] in fresh)
            )
            bulk_insert(StructureSnapshot, STRUCTURE_COLUMNS,
                        (r for r in structure if r[2] in fresh))  # fmt: skip
            stamp = timezone.now().isoformat()
            SnapshotState.objects.filter(pk=locked.pk).update(
                rows=locked.rows + len(mine),
                province_refreshed={**locked.province_refreshed, **dict.fromkeys(fresh, stamp)},
            )  # fmt: skip
    except DatabaseError:
        logger.exception("Could not add the new people's rows to the indicator snapshot")
        return set()
    logger.info("snapshot: %d new people's rows added to provinces %s in %.2f s",
                len(national_ids), ",".join(sorted(fresh)), time.perf_counter() - started)  # fmt: skip
    return fresh


def _takes_people(state: SnapshotState, as_of: dt.date) -> bool:
    return state.refreshed_at is not None and state.as_of == as_of and "*" not in state.pending


def _missing(wanted: ExtraDays, held: ExtraDays) -> ExtraDays:
    return ExtraDays(tuple(d for d in wanted.frame if d not in held.frame),
                     tuple(d for d in wanted.events if not held.holds(d, events=True)),
                     tuple(d for d in wanted.structure if d not in held.structure))  # fmt: skip


def hold_days(wanted: ExtraDays) -> ExtraDays:
    """Make the snapshot hold these extra days as well (those it can: see `within`),
    computing only the missing ones; returns the days it holds now.

    Called by a reader (a report) before it reads a day the yearly snapshot lacks; the
    first reader of a day pays for computing it, every later one reads it. Only a fresh
    snapshot learns days: a stale one is about to be recomputed, and rows computed now
    must not be mixed with rows of an older registry. The rows go in only if no refresh
    swapped the snapshot meanwhile; a failure leaves the snapshot as it was (the reader
    then computes from the registry)."""
    state = get_state()
    held = ExtraDays.of(state)
    if state.as_of is None or state.is_stale or state.running:
        return held
    missing = _missing(wanted.within(state.as_of), held)
    if not missing.frame and not missing.events and not missing.structure:
        return held
    indicators = list(Indicator.objects.filter(is_active=True))
    rows = compute_extra_rows(indicators, missing)
    structure = compute_structure_rows(missing.structure)
    events_ids = {i.pk for i in indicators if i.kind == "events"}
    try:
        with transaction.atomic():
            locked = SnapshotState.objects.select_for_update().get(pk=state.pk)
            now = ExtraDays.of(locked)
            # A province recomputed meanwhile may hold rows newer than these.
            if (locked.refreshed_at, locked.as_of, locked.province_refreshed) != (
                state.refreshed_at,
                state.as_of,
                state.province_refreshed,
            ) or (locked.is_stale or locked.running):
                return now
            # Another reader may have added some of these days meanwhile.
            still = _missing(missing, now)
            chosen = [
                (row, day, extra) for row, day, extra in rows
                if day in still.events or (day in still.frame and not (
                    row.indicator_id in events_ids and now.holds(day, events=True)))
            ]  # fmt: skip
            bulk_insert(IndicatorSnapshot, COLUMNS, _snapshot_values(chosen))
            # Rows of a day no state holds (left by an older version) would count twice.
            StructureSnapshot.objects.filter(as_of__in=still.structure).delete()
            bulk_insert(StructureSnapshot, STRUCTURE_COLUMNS,
                        [row for row in structure if row[0] in still.structure])  # fmt: skip
            held = (now | still).within(state.as_of)
            SnapshotState.objects.filter(pk=state.pk).update(
                extra_days=held.json(), rows=locked.rows + len(chosen)
            )
    except DatabaseError:
        logger.exception("Could not add days to the indicator snapshot")
        return held
    forget_cached_pages()
    return held


def structure_at(area: str, day: dt.date) -> Grouped | None:
    """The structure of `area` on `day` from the snapshot, or None when the snapshot
    cannot say it as the registry stands now (it does not hold the day, or the registry
    changed since the refresh, or a refresh swapped it while it was read): the reader
    then counts from the registry."""
    state = get_state()
    if state.as_of is None or state.is_stale or day not in ExtraDays.of(state).structure:
        return None
    found = read_structure(area, day)
    # A province recomputed alone while this was read changes `province_refreshed`.
    again = SnapshotState.objects.filter(pk=state.pk).values_list(
        "refreshed_at", "changed_at", "province_refreshed")  # fmt: skip
    if again.first() != (state.refreshed_at, state.changed_at, state.province_refreshed):
        return None
    return found


def _snapshot_values(rows: Iterable[Computed]) -> Iterable[tuple]:
    for r, day, extra in rows:
        yield (r.indicator_id, r.year, day, r.province_code, r.workplace_unit, r.sector, r.count,
               r.base, extra, r.assumed)  # fmt: skip


def mark_changed(provinces: Iterable[str] | None = None) -> None:
    """Record that the registry changed after the last refresh (the page says so), in
    these provinces (None: unknown, a whole refresh is owed)."""
    now = timezone.now()
    keys = ["*"] if provinces is None else sorted(set(provinces))
    with transaction.atomic():
        state = get_state()
        locked = SnapshotState.objects.select_for_update().get(pk=state.pk)
        pending = dict(locked.pending)
        for key in keys:
            # The latest change: a refresh that started before it has not seen it.
            pending[key] = now.isoformat()
        SnapshotState.objects.filter(pk=state.pk).update(changed_at=now, pending=pending)
    forget_cached_pages()  # pages computed live, and the staleness note, change now


def forget_cached_pages(**_: object) -> None:
    """Cached dashboards are keyed by a generation number: a new one forgets them all."""
    from django.core.cache import cache

    try:
        cache.incr("indicators:generation")
    except ValueError:
        cache.set("indicators:generation", 1, None)


def generation() -> int:
    from django.core.cache import cache

    return int(cache.get("indicators:generation") or 0)


# --- reading -------------------------------------------------------------------------


def totals(
    condition: Q,
    indicator_ids: Iterable[int],
    by: tuple[str, ...] = ("year", "sector"),
    *,
    extra: bool = False,
) -> dict[tuple, tuple[int, int]]:
    """Summed (count, base) of the snapshot rows matching `condition`, grouped by
    indicator and `by`: the yearly rows, or with `extra` the rows of the extra days."""
    rows = (
        IndicatorSnapshot.objects.filter(condition, indicator_id__in=list(indicator_ids))
        .filter(extra=extra)
        .values("indicator_id", *by)
        .annotate(c=Sum("count"), b=Sum("base"))
        .order_by()
    )
    return {
        (row["indicator_id"], *(row[name] for name in by)): (int(row["c"]), int(row["b"]))
        for row in rows
    }


def assumed_totals(
    condition: Q, indicator_ids: Iterable[int], by: tuple[str, ...], *, extra: bool = False
) -> dict[tuple, int]:
    """Summed `assumed` of the snapshot rows matching `condition`, as `totals` groups."""
    rows = (
        IndicatorSnapshot.objects.filter(condition, indicator_id__in=list(indicator_ids))
        .filter(extra=extra)
        .values("indicator_id", *by)
        .annotate(a=Sum("assumed"))
        .order_by()
    )
    return {(row["indicator_id"], *(row[name] for name in by)): int(row["a"]) for row in rows}


def refresh_if_requested(
    requested_at: str | None = None, provinces: list[str] | None = None
) -> dict[str, Any]:
    """Refresh what is still pending: nothing when a refresh that started after
    `requested_at` already saw these changes; the provinces changed since their rows were
    computed when every pending change names its provinces and the snapshot is of today;
    the whole snapshot otherwise. Several requests queued by a burst of imports are
    served by the first (it takes every pending province)."""
    state = get_state()
    asked = dt.datetime.fromisoformat(requested_at) if requested_at else None
    seen = provinces is not None or (state.refreshed_at is not None and asked is not None
                                     and state.refreshed_at >= asked)  # fmt: skip
    if asked is not None and state.refreshed_at is not None and not state.pending and seen:
        return {"skipped": True}
    whole = (provinces is None or "*" in state.pending or state.refreshed_at is None
             or state.as_of != timezone.localdate() or not state.pending)  # fmt: skip
    touched = None if whole else sorted(state.pending)
    result = refresh_snapshot() if touched is None else refresh_provinces(touched)
    return {"rows": result.rows, "seconds": round(result.seconds, 3),
            "as_of": result.as_of.isoformat(), "provinces": touched}  # fmt: skip
