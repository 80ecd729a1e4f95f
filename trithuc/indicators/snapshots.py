"""The per-unit per-year snapshot: every indicator's counts by current unit and sector,
as of 31 December of every year since 2015 and as of the refresh day for this year.

`refresh_snapshot` recomputes it whole (one grouped query per year, one per events
indicator) and swaps it in one transaction; the task in `tasks.py` runs it after every
`registry_changed`. Readers sum rows: a province is its communes plus its province
level, and an area of old units is the sum of the current units that cover it.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from trithuc.indicators.compute import FRAME_KINDS, Row, event_rows_by_year, frame_rows
from trithuc.indicators.models import Indicator, IndicatorSnapshot, SnapshotState
from trithuc.lib.bulk import bulk_insert

FIRST_YEAR = 2015
COLUMNS = ("indicator", "year", "as_of", "province_code", "workplace_unit", "sector", "count",
           "base")  # fmt: skip


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


def compute_snapshot_rows(as_of: dt.date, indicators: Iterable[Indicator]) -> list[Row]:
    indicators = list(indicators)
    frame = [i for i in indicators if i.kind in FRAME_KINDS]
    rows: list[Row] = []
    for year in range(FIRST_YEAR, as_of.year + 1):
        rows += frame_rows(frame, snapshot_day(year, as_of), year=year)
    for indicator in indicators:
        if indicator.kind == "events":
            rows += event_rows_by_year(indicator, dt.date(FIRST_YEAR, 1, 1), as_of)
    return rows


def refresh_snapshot(as_of: dt.date | None = None) -> RefreshResult:
    """Recompute the whole snapshot and record when (the dashboard says so).

    The computing runs outside any transaction (readers keep the old snapshot); the swap
    runs in one, holding the state row's lock so that two workers never interleave.
    """
    as_of = as_of or timezone.localdate()
    started = time.perf_counter()
    started_at = timezone.now()
    state_pk = get_state().pk
    SnapshotState.objects.filter(pk=state_pk).update(running=True, message="")
    try:
        indicators = list(Indicator.objects.filter(is_active=True))
        rows = compute_snapshot_rows(as_of, indicators)
        with transaction.atomic():
            SnapshotState.objects.select_for_update().get(pk=state_pk)
            IndicatorSnapshot.objects.all().delete()
            bulk_insert(IndicatorSnapshot, COLUMNS, _snapshot_values(rows, as_of))
            seconds = time.perf_counter() - started
            SnapshotState.objects.filter(pk=state_pk).update(
                refreshed_at=started_at, as_of=as_of, seconds=seconds, rows=len(rows),
                running=False,
            )  # fmt: skip
    except Exception as exc:
        SnapshotState.objects.filter(pk=state_pk).update(running=False, message=str(exc)[:500])
        raise
    forget_cached_pages()
    return RefreshResult(len(rows), seconds, as_of, as_of.year - FIRST_YEAR + 1)


def _snapshot_values(rows: list[Row], as_of: dt.date) -> Iterable[tuple]:
    for r in rows:
        yield (r.indicator_id, r.year, snapshot_day(r.year, as_of), r.province_code,
               r.workplace_unit, r.sector, r.count, r.base)  # fmt: skip


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
    condition: Q, indicator_ids: Iterable[int], by: tuple[str, ...] = ("year", "sector")
) -> dict[tuple, tuple[int, int]]:
    """Summed (count, base) of the snapshot rows matching `condition`, grouped by
    indicator and `by`."""
    rows = (
        IndicatorSnapshot.objects.filter(condition, indicator_id__in=list(indicator_ids))
        .values("indicator_id", *by)
        .annotate(c=Sum("count"), b=Sum("base"))
        .order_by()
    )
    return {
        (row["indicator_id"], *(row[name] for name in by)): (int(row["c"]), int(row["b"]))
        for row in rows
    }
