"""Values of targets: today's value, the yearly series since 2015, status, projection,
the yearly change needed, and the reported figure beside the computed one.

`Evaluator` reads the snapshot where it can: dates the snapshot was taken at (31
December of past years, the refresh day this year, and the extra days it holds: a
report's cut-off, the day before an events target's period starts), for a user who sees
every person of the units read. Any other date, and users whose scope is an agency, are computed live
from the registry, through `Person.objects.visible_to(user)`.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from trithuc.accounts.services import can_view_profiles
from trithuc.codelists.services import label
from trithuc.indicators import projection as proj
from trithuc.indicators import wording
from trithuc.indicators.areas import Area, AreaError, agency_area, resolve_area, unit_name
from trithuc.indicators.compute import FRAME_KINDS, event_rows, event_rows_by_year, frame_rows
from trithuc.indicators.describe import definition_text
from trithuc.indicators.models import Indicator, ReportedFigure, Target
from trithuc.indicators.querysets import Scope, aggregate_scope
from trithuc.indicators.snapshots import (
    FIRST_YEAR,
    ExtraDays,
    assumed_totals,
    get_state,
    snapshot_day,
    totals,
)
from trithuc.lib.disclosure import protect_table
from trithuc.people.models import Person

Counts = dict[tuple[int, str], tuple[int, int]]  # (indicator, sector) → (count, base)


@dataclass
class TargetRow:
    target: Target
    as_of: dt.date
    area: Area | None = None
    value: float | None = None
    count: int | None = None
    base: int | None = None
    series: list[tuple[int, float | None]] = field(default_factory=list)
    projection: proj.Projection = field(default_factory=lambda: proj.Projection(None, None))
    status: str = proj.UNKNOWN
    progress: int | None = None
    needed: str = ""
    reported: ReportedFigure | None = None
    reported_computed: float | None = None
    disagrees: bool = False
    suppressed: bool = False
    error: str = ""
    note: str = ""  # why there is no value, in words a reader can act on
    source: str = ""
    # When the figure was computed, and whether the registry changed since.
    computed_at: dt.datetime | None = None
    stale: bool = False
    # People of a past date's figure whose start of work is assumed (people.counting).
    assumed: int | None = None
    # The registry's own count on the baseline date, beside a baseline from the plan.
    registry_baseline: float | None = None
    baseline_used: str = ""  # "plan" or "registry"
    definition: str = ""

    @property
    def indicator(self) -> Indicator | None:
        return self.target.indicator

    @property
    def unit(self) -> str:
        return self.indicator.unit if self.indicator else self.target.value_unit

    @property
    def status_label(self) -> str:
        return proj.STATUS_LABELS.get(self.status, self.status)

    @property
    def target_text(self) -> str:
        t = self.target
        return wording.target_text(t.comparator, t.value, t.value_high, self.unit)

    @property
    def value_text(self) -> str:
        if self.suppressed:
            return f"<{settings.TRITHUC_SMALL_CELL_THRESHOLD} người"
        return wording.with_unit(self.value, self.unit)

    @property
    def projections_differ(self) -> bool:
        t = self.target
        return self.projection.disagree(t.comparator, t.value, t.value_high)

    def as_json(self) -> dict[str, Any]:
        t = self.target
        hidden = self.suppressed
        return {
            "uuid": str(t.uuid),
            "plan": t.plan_reference,
            "indicator": self.indicator.code if self.indicator else None,
            "indicator_name": self.indicator.name if self.indicator else None,
            "text": t.source_text,
            "sector": t.sector or None,
            "unit": self.area.code if self.area and not self.area.by_agency else t.unit_code,
            "target_unit": t.unit_code,
            "agency": self.area.name if self.area and self.area.by_agency else None,
            "unit_code_system": t.unit_code_system,
            "unit_name": self.area.name if self.area else None,
            "year": t.year,
            "comparator": t.comparator,
            "target": [t.value, t.value_high] if t.comparator == "range" else t.value,
            "value_unit": self.unit,
            "as_of": self.as_of.isoformat(),
            "value": None if hidden else _round(self.value),
            "numerator": None if hidden else self.count,
            "denominator": None if hidden else self.base,
            "status": self.status,
            "progress": None if hidden else self.progress,
            "projection": {
                "linear": None if hidden else _round(self.projection.linear),
                "smoothing": None if hidden else _round(self.projection.smoothing),
            },
            "needed": None if hidden else self.needed,
            "series": [] if hidden else [[y, _round(v)] for y, v in self.series],
            "reported": _reported_json(self.reported),
            "disagrees": self.disagrees,
            "suppressed": hidden,
            "source": self.source,
            "computed_at": self.computed_at.isoformat() if self.computed_at else None,
            "stale": self.stale,
            "assumed_start": None if hidden else self.assumed,
            "baseline": self.baseline_json(),
            "definition": self.definition,
            "error": self.error or None,
            "note": self.note or None,
        }

    def baseline_json(self) -> dict[str, Any] | None:
        t = self.target
        if not t.baseline_year and not t.baseline_value:
            return None
        registry = None if self.suppressed else self.registry_baseline
        gap = None
        if t.baseline_value is not None and registry is not None:
            gap = _round(t.baseline_value - registry)
        return {"year": t.baseline_year, "plan": t.baseline_value, "registry": registry,
                "gap": gap, "source": t.baseline_source or None, "used": self.baseline_used}  # fmt: skip


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _reported_json(figure: ReportedFigure | None) -> dict[str, Any] | None:
    if figure is None:
        return None
    return {"year": figure.year, "value": figure.value, "source": figure.source}


def _default_tolerance(indicator: Indicator, computed: float) -> float:
    if indicator.tolerance is not None:
        return indicator.tolerance
    if indicator.unit == "%":
        return 1.0
    if indicator.kind == "ratio":
        return 0.02
    return max(1.0, 0.02 * abs(computed))


class Evaluator:
    """Evaluates targets for one reader (a user, or everything for the command)."""

    def __init__(
        self,
        user: Any = None,
        *,
        as_of: dt.date | None = None,
        unit: str | None = None,
        use_snapshot: bool = True,
        series: bool = True,
        baseline: str = "plan",
    ) -> None:
        self.user = user
        self.scope = aggregate_scope(user) if user is not None else Scope(everything=True)
        self.people = None if self.scope.everything else Person.objects.visible_to(user)
        self.state = get_state()
        ready = use_snapshot and self.state.as_of is not None and not self.scope.gated
        self.snapshot_as_of = self.state.as_of if ready else None
        self.extra_days = ExtraDays.of(self.state)
        self.as_of_asked = as_of  # the date the reader chose (None: the latest)
        self.as_of = as_of or self.snapshot_as_of or timezone.localdate()
        self.unit = unit
        self.with_series = series
        self._all_figures: dict[tuple[int, str, str], list[ReportedFigure]] | None = None
        self._snapshots: dict[Area, dict[tuple, tuple[int, int]]] = {}
        self._extra_snapshots: dict[Area, dict[tuple, tuple[int, int]]] = {}
        self._live: dict[tuple[Area, dt.date], tuple[frozenset[int], Counts]] = {}
        self._frame_indicators: list[Indicator] = []
        self.suppress = self.suppresses(user)
        # Compare a ratio with the plan's printed baseline, or the registry's own count.
        self.baseline_source = baseline if baseline in {"plan", "registry"} else "plan"
        self.evaluated_at = timezone.now()
        self._assumed: dict[tuple[Area, dt.date], dict[tuple[int, str], int]] = {}

    @staticmethod
    def suppresses(user: Any) -> bool:
        """Aggregates-only roles see small cells hidden."""
        return user is not None and not _sees_profiles(user)

    # --- counts ------------------------------------------------------------------------

    def _scope_q(self) -> Q | None:
        s = self.scope
        if s.everything:
            return None
        condition = Q(pk__in=[])
        if s.provinces:
            condition |= Q(province_code__in=sorted(s.provinces))
        if s.communes:
            condition |= Q(workplace_unit__in=sorted(s.communes))
        return condition

    def from_snapshot(self, day: dt.date, indicator: Indicator | None = None) -> bool:
        """Whether the snapshot holds this day (and this indicator as it is defined now:
        an indicator changed since the last refresh is computed live until the next)."""
        snap = self.snapshot_as_of
        if snap is None or not (FIRST_YEAR <= day.year <= snap.year):
            return False
        events = indicator is not None and indicator.kind == "events"
        if day != snapshot_day(day.year, snap) and not self.extra_days.holds(day, events):
            return False
        refreshed = self.state.refreshed_at
        return indicator is None or refreshed is None or indicator.updated_at <= refreshed

    def yearly_day(self, day: dt.date) -> bool:
        """The day is one of the snapshot's yearly days (not an extra one)."""
        snap = self.snapshot_as_of
        return snap is not None and day == snapshot_day(day.year, snap)

    def _snapshot(self, area: Area, extra: bool = False) -> dict[tuple, tuple[int, int]]:
        """(indicator, year, sector) → (count, base) of the yearly days; with `extra`,
        (indicator, day, sector) → (count, base) of the extra days."""
        found = self._extra_snapshots if extra else self._snapshots
        if area not in found:
            condition = area.q()
            scope_q = self._scope_q()
            if scope_q is not None:
                condition &= scope_q
            ids = [i.pk for i in Indicator.objects.filter(is_active=True)]
            by = ("as_of", "sector") if extra else ("year", "sector")
            found[area] = totals(condition, ids, by, extra=extra)
        return found[area]

    def _snapshot_assumed(self, area: Area, day: dt.date) -> dict[tuple[int, str], int]:
        key = (area, day)
        if key not in self._assumed:
            extra = not self.yearly_day(day)
            condition = area.q() & (Q(as_of=day) if extra else Q(year=day.year))
            scope_q = self._scope_q()
            if scope_q is not None:
                condition &= scope_q
            ids = [i.pk for i in Indicator.objects.filter(is_active=True)]
            found = assumed_totals(condition, ids, ("sector",), extra=extra)
            self._assumed[key] = {(pk, sector): n for (pk, sector), n in found.items()}
        return self._assumed[key]

    def _extra_counts(
        self, area: Area, indicator: Indicator, sector: str, day: dt.date
    ) -> tuple[int, int]:
        data = self._snapshot(area, extra=True)
        if sector:
            return data.get((indicator.pk, day, sector), (0, 0))
        return _sum(v for k, v in data.items() if k[0] == indicator.pk and k[1] == day)

    def counts(
        self, area: Area, indicator: Indicator, sector: str, day: dt.date
    ) -> tuple[int, int]:
        """(count, base) of a count/share/ratio indicator on a day."""
        if self.snapshot_serves(area, day, indicator):
            if not self.yearly_day(day):
                return self._extra_counts(area, indicator, sector, day)
            data = self._snapshot(area)
            keys = [(indicator.pk, day.year, sector)] if sector else None
            if keys is None:
                return _sum(v for k, v in data.items() if k[0] == indicator.pk and k[1] == day.year)
            return data.get(keys[0], (0, 0))
        live = self._live_counts(area, day, indicator)
        if sector:
            return live.get((indicator.pk, sector), (0, 0))
        return _sum(v for k, v in live.items() if k[0] == indicator.pk)

    def _live_counts(self, area: Area, day: dt.date, indicator: Indicator) -> Counts:
        """Every frame indicator of this evaluation on one day, in one query."""
        key = (area, day)
        done, counts = self._live.get(key, (frozenset(), {}))
        if indicator.pk not in done:
            wanted = {i.pk: i for i in self._frame_indicators}
            wanted[indicator.pk] = indicator
            counts = {}
            assumed: dict[tuple[int, str], int] = {}
            for row in frame_rows(list(wanted.values()), day, area=area, people=self.people):
                prev = counts.get((row.indicator_id, row.sector), (0, 0))
                counts[(row.indicator_id, row.sector)] = (prev[0] + row.count, prev[1] + row.base)
                assumed[(row.indicator_id, row.sector)] = (
                    assumed.get((row.indicator_id, row.sector), 0) + row.assumed
                )
            done = frozenset(wanted)
            self._live[key] = (done, counts)
            self._assumed[key] = assumed
        return counts

    def assumed_start(self, area: Area, indicator: Indicator, sector: str, day: dt.date) -> int:
        """How many people of the figure rest on an assumed start of work (from the
        snapshot when it serves the day, else from the registry)."""
        if self.snapshot_serves(area, day, indicator):
            found = self._snapshot_assumed(area, day)
        else:
            self._live_counts(area, day, indicator)
            found = self._assumed.get((area, day), {})
        if sector:
            return found.get((indicator.pk, sector), 0)
        return sum(n for (pk, _), n in found.items() if pk == indicator.pk)

    def yearly_events(self, area: Area, indicator: Indicator, sector: str) -> dict[int, int]:
        """Events per calendar year from 2015 to the as-of date."""
        if self.snapshot_serves(area, self.as_of, indicator):
            data = self._snapshot(area)
            # On an extra day, its year so far comes from that day's rows.
            whole = self.yearly_day(self.as_of)
            last = self.as_of.year if whole else self.as_of.year - 1
            found: dict[int, int] = {}
            for (ind, year, sec), (count, _) in data.items():
                if ind == indicator.pk and year <= last and (not sector or sec == sector):
                    found[year] = found.get(year, 0) + count
            if not whole:
                so_far = self._extra_counts(area, indicator, sector, self.as_of)[0]
                if so_far:
                    found[self.as_of.year] = so_far
            return found
        found = {}
        start = dt.date(FIRST_YEAR, 1, 1)
        for row in event_rows_by_year(indicator, start, self.as_of, area=area, people=self.people):
            if not sector or row.sector == sector:
                found[row.year] = found.get(row.year, 0) + row.count
        return found

    def events_between(
        self,
        area: Area,
        indicator: Indicator,
        sector: str,
        start: dt.date,
        end: dt.date | None = None,
    ) -> tuple[int, dict[int, int]]:
        """Events from `start` to `end` (default: the as-of date), both included, and
        the yearly counts of the series."""
        end = end or self.as_of
        snapshot = self.snapshot_serves(area, self.as_of, indicator)
        yearly = self.yearly_events(area, indicator, sector) if snapshot or self.with_series else {}
        whole_years = end == self.as_of or (end.month, end.day) == (12, 31)
        if (
            (snapshot or self.with_series)
            and start.month == 1
            and start.day == 1
            and start.year >= FIRST_YEAR
            and whole_years
        ):
            return sum(n for y, n in yearly.items() if start.year <= y <= end.year), yearly
        before = start - dt.timedelta(days=1)
        if (
            snapshot
            and whole_years
            and start.year >= FIRST_YEAR
            and start <= end
            and self.from_snapshot(before, indicator)
            and not self.yearly_day(before)
        ):
            # The years from the start's, less that year's events before the start (the
            # snapshot holds the day before an events target's period starts).
            whole = sum(n for y, n in yearly.items() if start.year <= y <= end.year)
            return whole - self._extra_counts(area, indicator, sector, before)[0], yearly
        if end < start:
            return 0, yearly
        rows = event_rows(indicator, start, end, area=area, people=self.people)
        return sum(n for _, _, _, sec, n in rows if not sector or sec == sector), yearly

    # --- targets -----------------------------------------------------------------------

    def series_days(self) -> list[dt.date]:
        """Year ends since 2015 and the as-of date (only that date without a series)."""
        if not self.with_series:
            return [self.as_of]
        days = [dt.date(y, 12, 31) for y in range(FIRST_YEAR, self.as_of.year)]
        return [*days, self.as_of]

    def evaluate_all(self, targets: list[Target]) -> list[TargetRow]:
        self._frame_indicators = list(
            {t.indicator for t in targets if t.indicator and t.indicator.kind in FRAME_KINDS}
        )
        return [self.evaluate(target) for target in targets]

    def area_of(self, target: Target) -> Area:
        if self.unit:
            return resolve_area(self.unit)
        if target.agency_id:
            return agency_area(target.agency_id)
        return resolve_area(target.unit_code, target.unit_code_system)

    def snapshot_serves(self, area: Area, day: dt.date, indicator: Indicator) -> bool:
        return not area.by_agency and self.from_snapshot(day, indicator)

    def evaluate(self, target: Target) -> TargetRow:
        row = TargetRow(target=target, as_of=self.as_of)
        indicator = target.indicator
        if indicator is None:
            row.error = "Mục tiêu chưa gán vào chỉ tiêu nào."
            return row
        try:
            row.area = self.area_of(target)
        except AreaError as exc:
            row.error = str(exc)
            return row
        served = self.snapshot_serves(row.area, self.as_of, indicator)
        row.source = "snapshot" if served else "live"
        # A province's rows may be newer than the last whole refresh (recomputed after an
        # import there), and stale only while a change to it (or an unknown one) waits.
        provinces = row.area.all_provinces()
        row.computed_at = self.state.refreshed_for(provinces) if served else self.evaluated_at
        row.stale = served and self.state.stale_for(provinces)
        row.definition = self.definition(target)
        kind = indicator.kind
        if kind == "events":
            self._events(row)
        elif kind == "reported":
            self._reported_only(row)
        else:
            self._levels(row)
        if kind != "reported":
            self._beside_reported(row)
        self._finish(row)
        return row

    def definition(self, target: Target) -> str:
        indicator = target.indicator
        period = None
        if indicator is not None and indicator.kind == "events":
            period = (period_start(target, self.as_of), dt.date(target.year, 12, 31))
        try:
            return definition_text(indicator, period=period)
        except ValueError:  # a definition an administrator broke: the error says so
            return ""

    def _level_value(self, row: TargetRow, count: int, base: int) -> float | None:
        indicator = row.target.indicator
        assert indicator is not None
        if indicator.kind == "share":
            return 100 * count / base if base else None
        if indicator.kind == "ratio":
            baseline = self._baseline(row)
            return count / baseline if baseline else None
        return float(count)

    def reads_another_unit(self, target: Target) -> bool:
        """The target is read against a unit other than its own (a commune of the
        province the plan set it for)."""
        if not self.unit:
            return False
        try:
            own = resolve_area(target.unit_code, target.unit_code_system)
            read = resolve_area(self.unit)
        except AreaError:
            return True
        return (own.provinces, own.units) != (read.provinces, read.units) or bool(target.agency_id)

    def _sees_whole(self, area: Area | None) -> bool:
        """The reader's counts cover the whole area (not one commune or agency of it)."""
        if self.scope.everything:
            return True
        return area is not None and area.all_provinces() <= set(self.scope.provinces)

    def _baseline(self, row: TargetRow) -> float | None:
        t = row.target
        # A baseline printed in the plan is the count of the plan's whole unit: read
        # against one commune, or by a user who sees part of the unit, the registry's
        # count of what is read in the baseline year stands in.
        printed = t.baseline_value and not self.reads_another_unit(t) and self._sees_whole(row.area)
        registry = self._registry_baseline(row)
        if printed and not (self.baseline_source == "registry" and registry):
            row.baseline_used = "plan"
            return t.baseline_value
        row.baseline_used = "registry" if registry else ""
        return registry

    def _registry_baseline(self, row: TargetRow) -> float | None:
        """The registry's own count of the target's indicator on its baseline date."""
        t = row.target
        if t.baseline_year and row.area is not None and t.indicator is not None:
            count, _ = self.counts(
                row.area, t.indicator, t.sector, dt.date(t.baseline_year, 12, 31)
            )
            row.registry_baseline = float(count)
            return float(count) or None
        return None

    def _levels(self, row: TargetRow) -> None:
        t = row.target
        assert row.area is not None and t.indicator is not None
        points: list[tuple[float, float]] = []
        for day in self.series_days():
            count, base = self.counts(row.area, t.indicator, t.sector, day)
            value = self._level_value(row, count, base)
            row.series.append((day.year, value))
            if value is not None:
                points.append((proj.year_fraction(day), value))
            if day == self.as_of:
                row.count, row.base, row.value = (
                    count,
                    (base if t.indicator.is_share else None),
                    value,
                )
        if self.as_of < timezone.localdate():
            row.assumed = self.assumed_start(row.area, t.indicator, t.sector, self.as_of)
        upper = 100.0 if t.indicator.unit == "%" else None
        row.projection = proj.project_level(points, t.year, upper=upper)

    def _events(self, row: TargetRow) -> None:
        t = row.target
        assert row.area is not None and t.indicator is not None
        start, end = period_start(t, self.as_of), period_end(t, self.as_of)
        achieved, yearly = self.events_between(row.area, t.indicator, t.sector, start, end)
        row.value, row.count = float(achieved), achieved
        if not yearly and not self.with_series:
            row.series = []
            return
        years = range(FIRST_YEAR, self.as_of.year + 1)
        row.series = [(y, float(yearly.get(y, 0))) for y in years]
        every_year = [(y, yearly.get(y, 0)) for y in years]
        row.projection = proj.project_events(every_year, achieved, self.as_of, t.year)

    def _figures(self, target: Target) -> list[ReportedFigure]:
        """Reported figures for the target's indicator, unit and sector, oldest first (read
        in one query for all the targets evaluated)."""
        assert target.indicator is not None
        if self._all_figures is None:
            figures = ReportedFigure.objects.filter(year__lte=self.as_of.year)
            if self.user is not None:
                figures = figures.visible_to(self.user)
            self._all_figures = {}
            for figure in figures.order_by("year", "reported_at", "id"):
                key = (figure.indicator_id, figure.unit_code, figure.sector)
                self._all_figures.setdefault(key, []).append(figure)
        key = (target.indicator.pk, self.unit or target.unit_code, target.sector)
        return self._all_figures.get(key, [])

    def _reported_only(self, row: TargetRow) -> None:
        figures = self._figures(row.target)
        by_year = {figure.year: figure for figure in figures}  # the latest entry wins
        row.series = [(y, by_year[y].value if y in by_year else None)
                      for y in range(FIRST_YEAR, self.as_of.year + 1)]  # fmt: skip
        if by_year:
            latest = by_year[max(by_year)]
            row.reported = latest
            row.value, row.count, row.base = latest.value, latest.numerator, latest.denominator
        points = [(float(y + 1), f.value) for y, f in sorted(by_year.items())]
        upper = 100.0 if row.unit == "%" else None
        row.projection = proj.project_level(points, row.target.year, upper=upper)

    def _beside_reported(self, row: TargetRow) -> None:
        figures = self._figures(row.target)
        if not figures:
            return
        latest = max(figures, key=lambda f: (f.year, f.reported_at))
        row.reported = latest
        computed = dict(row.series).get(latest.year)
        if row.target.indicator and row.target.indicator.kind == "events":
            computed = row.value if latest.year == self.as_of.year else None
        row.reported_computed = computed
        if computed is not None:
            tolerance = _default_tolerance(row.target.indicator, computed)  # type: ignore[arg-type]
            row.disagrees = abs(latest.value - computed) > tolerance + 1e-9

    def _finish(self, row: TargetRow) -> None:
        t = row.target
        if (t.baseline_value and row.registry_baseline is None and row.area is not None
                and t.indicator is not None and t.indicator.kind in FRAME_KINDS):  # fmt: skip
            self._registry_baseline(row)
        row.status = proj.status(row.value, row.projection, t.comparator, t.value, t.value_high,
                                 as_of=self.as_of, year=t.year)  # fmt: skip
        row.progress = proj.progress_percent(row.value, t.comparator, t.value)
        row.needed = self._needed(row)
        if row.value is None and not row.error:
            row.note = self._why_no_value(row)
        elif row.status == proj.UNKNOWN and not row.error:
            row.note = ("Chưa đủ số liệu các năm để dự báo và xếp trạng thái (cần số liệu "
                        "của ít nhất hai năm).")  # fmt: skip
        if self.suppress:
            threshold = settings.TRITHUC_SMALL_CELL_THRESHOLD
            row.suppressed = any(n is not None and 0 < n < threshold for n in (row.count, row.base))

    def _why_no_value(self, row: TargetRow) -> str:
        t = row.target
        indicator = t.indicator
        assert indicator is not None
        where = row.area.name if row.area else t.unit_code
        if t.sector:
            where += f", lĩnh vực {_sector_label(t.sector).lower()}"
        if indicator.kind == "reported":
            held = indicator.description or "Cơ sở dữ liệu không lưu số liệu này."
            return (f"{held} Chưa có số liệu báo cáo cho {where} đến năm {self.as_of.year}; "
                    "cơ quan được giao báo cáo nhập tại trang “Nhập số liệu báo cáo”.")  # fmt: skip
        if indicator.kind == "ratio" and not self._baseline(row):
            if t.baseline_value and not t.baseline_year:
                return (f"Giá trị năm gốc của mục tiêu là số của cả đơn vị {t.unit_code}; "
                        f"đọc riêng {where} (hoặc phạm vi bạn được xem) cần năm gốc để tính "
                        "từ cơ sở dữ liệu.")  # fmt: skip
            if not t.baseline_year and not t.baseline_value:
                return ("Mục tiêu chưa có năm gốc và giá trị năm gốc: sửa mục tiêu để nhập "
                        "(ví dụ số trí thức năm 2020 nêu trong kế hoạch).")  # fmt: skip
            return f"Cơ sở dữ liệu không có ai trong nhóm tính của {where} vào năm gốc."
        if indicator.kind == "share" and row.base == 0:
            return f"Không có ai trong nhóm tính (mẫu số bằng 0) của {where} tại ngày tính."
        return ""

    def _needed(self, row: TargetRow) -> str:
        t = row.target
        indicator = t.indicator
        if row.value is None or indicator is None:
            return ""
        if proj.meets(row.value, t.comparator, t.value, t.value_high):
            return "Đã đạt mục tiêu."
        years = proj.years_left(self.as_of, t.year)
        if self.as_of >= dt.date(t.year, 12, 31):
            return ""
        kind = indicator.kind
        if kind == "share" and row.count is not None and row.base:
            needed, verb = wording.people_needed_for_share(row.count, row.base, t.comparator,
                                                           t.value)  # fmt: skip
            return wording.needed_people_text(needed, years, indicator.noun, t.sector, verb=verb)
        if kind == "ratio" and row.count is not None:
            baseline = self._baseline(row) or 0
            needed = math.ceil(t.value * baseline - 1e-9) - row.count
            return wording.needed_people_text(needed, years, indicator.noun, t.sector)
        if kind in {"count", "events"} and row.count is not None:
            needed = math.ceil(t.value - 1e-9) - row.count
            verb = "đào tạo thêm" if kind == "events" else "thêm"
            return wording.needed_people_text(needed, years, indicator.noun, t.sector, verb=verb)
        return wording.needed_points_text(t.value - row.value, years, row.unit, t.sector)


def period_start(target: Target, as_of: dt.date) -> dt.date:
    """Where an events target starts counting: its own start (the period the plan
    names), else its plan's date of issue, else the first year the registry counts.
    It never restarts: the plan means its whole period, to the target year."""
    if target.period_start:
        return target.period_start
    if target.plan_date:
        return target.plan_date
    return dt.date(FIRST_YEAR, 1, 1)


def period_end(target: Target, as_of: dt.date) -> dt.date:
    """Where an events target stops counting: the end of its year, or the as-of date."""
    return min(as_of, dt.date(target.year, 12, 31))


def _sector_label(code: str) -> str:
    return label("sector", code)


def _sum(values: Any) -> tuple[int, int]:
    count = base = 0
    for c, b in values:
        count += c
        base += b
    return count, base


def _sees_profiles(user: Any) -> bool:
    return can_view_profiles(user)


# --- drill-down ----------------------------------------------------------------------


@dataclass
class DrillRow:
    """One unit (or sector) of a drill-down. A hidden row carries no numbers at all, so
    no page, chart or export built on it can show them."""

    code: str
    name: str
    value: float | None
    count: int | None
    base: int | None
    suppressed: bool = False


def drill_down(evaluator: Evaluator, target: Target, by: str = "commune") -> list[DrillRow]:
    """The target's indicator for every current unit (or sector) of its area, as of the
    evaluator's date. Ratios show the number of people (a ratio needs the whole area's
    baseline). For roles without profile access the rows go through `hidden_groups`."""
    indicator = target.indicator
    if indicator is None or indicator.kind == "reported":
        return []
    area = evaluator.area_of(target)
    groups = _drill_groups(evaluator, target, indicator, area, by)
    share = indicator.is_share
    hidden = hidden_groups(groups, share=share) if evaluator.suppress else set()
    rows = []
    for code, (count, base) in groups.items():
        if code in hidden:
            rows.append(DrillRow(code, _drill_name(code, by), None, None, None, True))
            continue
        value = (100 * count / base if base else None) if share else float(count)
        rows.append(DrillRow(code, _drill_name(code, by), value, count,
                             base if share else None))  # fmt: skip
    # Hidden rows go last in name order: sorting them by their value would tell it.
    rows.sort(key=lambda r: (r.suppressed, r.value is None, -(r.value or 0), r.name))
    return rows


def hidden_groups(groups: dict[str, tuple[int, int]], *, share: bool) -> set[str]:
    """The groups (units or sectors) a role without profile access must not see.

    The dashboard shows the whole area's figure, the margin of the drill-down, so hiding
    only the small groups is not enough: one hidden group would be the total minus the
    others. The groups form a table for `protect_table`: for a share, each group's
    numerator and the rest of its denominator (both are counts of people: "1 of 3" also
    says "2 without"), with the denominator as the row total; otherwise its count alone.
    A group is hidden whole when any of its cells is: its value and its two counts give
    each other away.
    """
    codes = list(groups)
    if share:
        cells = [[count, base - count] for count, base in (groups[c] for c in codes)]
    else:
        cells = [[groups[c][0]] for c in codes]
    table = protect_table(cells)
    return {code for code, row in zip(codes, table[:-1], strict=True) if None in row}


def _drill_groups(
    evaluator: Evaluator, target: Target, indicator: Indicator, area: Area, by: str
) -> dict[str, tuple[int, int]]:
    key = "workplace_unit" if by == "commune" else "sector"
    groups: dict[str, tuple[int, int]] = {}

    def add(code: str, count: int, base: int) -> None:
        prev = groups.get(code, (0, 0))
        groups[code] = (prev[0] + count, prev[1] + base)

    as_of = evaluator.as_of
    if indicator.kind == "events":
        start = period_start(target, as_of)
        for _, unit, _, sector, n in event_rows(indicator, start, period_end(target, as_of),
                                                 area=area,
                                                 people=evaluator.people):  # fmt: skip
            if not target.sector or sector == target.sector:
                add(unit if by == "commune" else sector, n, 0)
        return groups
    if evaluator.snapshot_serves(area, as_of, indicator):
        yearly = evaluator.yearly_day(as_of)
        condition = area.q() & (Q(year=as_of.year) if yearly else Q(as_of=as_of))
        scope_q = evaluator._scope_q()
        if scope_q is not None:
            condition &= scope_q
        if target.sector and by == "commune":
            condition &= Q(sector=target.sector)
        found = totals(condition, [indicator.pk], by=(key,), extra=not yearly)
        for (_, code), (count, base) in found.items():
            add(code, count, base)
        return groups
    for row in frame_rows([indicator], as_of, area=area, people=evaluator.people):
        if by == "commune" and target.sector and row.sector != target.sector:
            continue
        add(row.workplace_unit if by == "commune" else row.sector, row.count,
            row.base if indicator.is_share else 0)  # fmt: skip
    return groups


def _drill_name(code: str, by: str) -> str:
    if by == "sector":
        return label("sector", code)
    if len(code) == 2:
        return "Cơ quan cấp tỉnh"

    return unit_name(code)
