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
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import DatabaseError, transaction
from django.db.models import Q, Sum
from django.utils import timezone

from trithuc.indicators import forecasting
from trithuc.indicators.compute import FRAME_KINDS, Row, event_rows_by_year, frame_rows
from trithuc.indicators.models import Indicator, IndicatorSnapshot, SnapshotState
from trithuc.lib.bulk import bulk_insert

FIRST_YEAR = 2015
logger = logging.getLogger(__name__)
COLUMNS = ("indicator", "year", "as_of", "province_code", "workplace_unit", "sector", "count",
           "base", "extra", "assumed")  # fmt: skip
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
    and the events of their year so far; `events` days only the events so far."""

    frame: tuple[dt.date, ...] = ()
    events: tuple[dt.date, ...] = ()

    @classmethod
    def of(cls, state: SnapshotState) -> ExtraDays:
        held = state.extra_days or {}
        return cls(*(tuple(dt.date.fromisoformat(d) for d in held.get(key, []))
                     for key in ("frame", "events")))  # fmt: skip

    def json(self) -> dict[str, list[str]]:
        return {"frame": [d.isoformat() for d in self.frame],
                "events": [d.isoformat() for d in self.events]}  # fmt: skip

    def holds(self, day: dt.date, events: bool = False) -> bool:
        return day in self.frame or (events and day in self.events)

    def within(self, as_of: dt.date) -> ExtraDays:
        """The days a snapshot taken on `as_of` can hold: past days since FIRST_YEAR that
        are not already yearly days (31 December, the refresh day)."""

        def keep(days: Iterable[dt.date]) -> tuple[dt.date, ...]:
            return tuple(sorted({d for d in days if d.year >= FIRST_YEAR and d < as_of
                                 and (d.month, d.day) != (12, 31)}))  # fmt: skip

        frame = keep(self.frame)
        return ExtraDays(frame, tuple(d for d in keep(self.events) if d not in frame))

    def __or__(self, other: ExtraDays) -> ExtraDays:
        return ExtraDays(tuple({*self.frame, *other.frame}), tuple({*self.events, *other.events}))


def compute_snapshot_rows(
    as_of: dt.date, indicators: Iterable[Indicator], extra: ExtraDays | None = None
) -> list[Computed]:
    indicators = list(indicators)
    rows: list[Computed] = []
    for year in range(FIRST_YEAR, as_of.year + 1):
        day = snapshot_day(year, as_of)
        rows += _frame_rows_at(indicators, day, extra=False)
    for indicator in indicators:
        if indicator.kind == "events":
            for row in event_rows_by_year(indicator, dt.date(FIRST_YEAR, 1, 1), as_of):
                rows.append((row, snapshot_day(row.year, as_of), False))
    return rows + compute_extra_rows(indicators, extra or ExtraDays())


def _frame_rows_at(indicators: Sequence[Indicator], day: dt.date, *, extra: bool) -> list[Computed]:
    frame = [i for i in indicators if i.kind in FRAME_KINDS]
    return [(row, day, extra) for row in frame_rows(frame, day, year=day.year)]


def compute_extra_rows(indicators: Iterable[Indicator], extra: ExtraDays) -> list[Computed]:
    """The rows of the extra days: the frame indicators on each frame day, and each
    events indicator's events from 1 January of the day's year to the day."""
    indicators = list(indicators)
    rows: list[Computed] = []
    for day in extra.frame:
        rows += _frame_rows_at(indicators, day, extra=True)
    for day in (*extra.frame, *extra.events):
        for indicator in indicators:
            if indicator.kind == "events":
                found = event_rows_by_year(indicator, dt.date(day.year, 1, 1), day)
                rows += [(row, day, True) for row in found]
    return rows


def refresh_snapshot(as_of: dt.date | None = None) -> RefreshResult:
    """Recompute the whole snapshot, the extra days it holds included, and record when
    (the dashboard says so).

    The computing runs outside any transaction (readers keep the old snapshot); the swap
    runs in one, holding the state row's lock so that two workers never interleave.
    """
    as_of = as_of or timezone.localdate()
    started = time.perf_counter()
    started_at = timezone.now()
    state = get_state()
    extra = ExtraDays.of(state).within(as_of)
    SnapshotState.objects.filter(pk=state.pk).update(running=True, message="")
    try:
        indicators = list(Indicator.objects.filter(is_active=True))
        rows = compute_snapshot_rows(as_of, indicators, extra)
        with transaction.atomic():
            SnapshotState.objects.select_for_update().get(pk=state.pk)
            IndicatorSnapshot.objects.all().delete()
            bulk_insert(IndicatorSnapshot, COLUMNS, _snapshot_values(rows))
            seconds = time.perf_counter() - started
            SnapshotState.objects.filter(pk=state.pk).update(
                refreshed_at=started_at, as_of=as_of, seconds=seconds, rows=len(rows),
                running=False, extra_days=extra.json(),
            )  # fmt: skip
    except Exception as exc:
        SnapshotState.objects.filter(pk=state.pk).update(running=False, message=str(exc)[:500])
        raise
    forget_cached_pages()
    forecasting.after_refresh()
    return RefreshResult(len(rows), seconds, as_of, as_of.year - FIRST_YEAR + 1)


def _missing(wanted: ExtraDays, held: ExtraDays) -> ExtraDays:
    return ExtraDays(tuple(d for d in wanted.frame if d not in held.frame),
                     tuple(d for d in wanted.events if not held.holds(d, events=True)))  # fmt: skip


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
    if not missing.frame and not missing.events:
        return held
    indicators = list(Indicator.objects.filter(is_active=True))
    rows = compute_extra_rows(indicators, missing)
    events_ids = {i.pk for i in indicators if i.kind == "events"}
    try:
        with transaction.atomic():
            locked = SnapshotState.objects.select_for_update().get(pk=state.pk)
            now = ExtraDays.of(locked)
            if (locked.refreshed_at, locked.as_of) != (state.refreshed_at, state.as_of) or (
                locked.is_stale or locked.running
            ):
                return now
            # Another reader may have added some of these days meanwhile.
            still = _missing(missing, now)
            chosen = [
                (row, day, extra) for row, day, extra in rows
                if day in still.events or (day in still.frame and not (
                    row.indicator_id in events_ids and now.holds(day, events=True)))
            ]  # fmt: skip
            bulk_insert(IndicatorSnapshot, COLUMNS, _snapshot_values(chosen))
            held = (now | still).within(state.as_of)
            SnapshotState.objects.filter(pk=state.pk).update(
                extra_days=held.json(), rows=locked.rows + len(chosen)
            )
    except DatabaseError:
        logger.exception("Could not add days to the indicator snapshot")
        return held
    forget_cached_pages()
    return held


def _snapshot_values(rows: Iterable[Computed]) -> Iterable[tuple]:
    for r, day, extra in rows:
        yield (r.indicator_id, r.year, day, r.province_code, r.workplace_unit, r.sector, r.count,
               r.base, extra, r.assumed)  # fmt: skip


def mark_changed() -> None:
    """Record that the registry changed after the last refresh (the page says so)."""
    state = get_state()
    SnapshotState.objects.filter(pk=state.pk).update(changed_at=timezone.now())
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
