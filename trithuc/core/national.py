"""The national dashboard (issue 19): one installation serving many provinces, each
province's figures side by side for whoever may count them.

A national analyst (`Role.NATIONAL_ANALYST`, aggregates of the whole country) sees every
province; anyone else with `READ_AGGREGATES` sees the provinces of their own scope, so the
page needs no rule of its own: people come from `Person.objects.visible_to(user)`, the
snapshot rows from the units `aggregate_scope(user)` holds whole. Roles without profile
access see small cells hidden (`Scope.hides_small_cells`, `lib/disclosure.py`): in the
province × sector table with its margins, and in the indicator's provinces
(`indicators.values.hidden_groups`, the drill-down's rule).

Counts are one grouped query over the counting frame, or for a reader of the whole
country the population rows the snapshot keeps for today (`snapshots.population_rows`,
refreshed with it province by province); an indicator's provinces are one
grouped query over the yearly snapshot (live from the frame when the snapshot cannot serve
the reader: agency-bound scopes, an indicator changed since the last refresh, no refresh
yet). Both run under `analytics_reads` (the replica when there is one).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from trithuc.accounts.scope import Capability, scope_of
from trithuc.codelists.services import choices, label
from trithuc.core.replica import analytics_reads
from trithuc.indicators.areas import unit_name
from trithuc.indicators.compute import FRAME_KINDS, frame_rows
from trithuc.indicators.models import Indicator, PopulationSnapshot
from trithuc.indicators.presenters import CACHE_SECONDS
from trithuc.indicators.querysets import aggregate_scope
from trithuc.indicators.snapshots import generation, get_state, totals
from trithuc.indicators.values import hidden_groups
from trithuc.lib.disclosure import protect_table, threshold
from trithuc.people.models import Person
from trithuc.people.stats import people_stats

Groups = dict[str, tuple[int, int]]
DEFAULT_INDICATOR = "share_university_or_higher"


@dataclass
class IndicatorRow:
    """One province's figure for the chosen indicator; a hidden row carries no number."""

    code: str
    name: str
    value: float | None
    count: int | None
    base: int | None
    hidden: bool = False


def national_figures(user: Any, indicator_code: str | None = None) -> dict[str, Any]:
    """The page's data: people by province and sector, and one indicator by province;
    kept in the cache until the registry, an indicator or a target changes (the
    generation the dashboards use) or the snapshot is refreshed."""
    scope = scope_of(user)
    scope.require(Capability.READ_AGGREGATES, _("Bạn không có quyền xem số liệu tổng hợp."))
    key = _cache_key(scope, indicator_code)
    found = cache.get(key)
    if found is None:
        found = _figures(user, scope, indicator_code)
        cache.set(key, found, CACHE_SECONDS)
    return found


def _cache_key(scope: Any, indicator_code: str | None) -> str:
    """Readers share an entry only when they count the same people the same way: the
    areas of every capability that reaches people (agencies and communes included), and
    whether small cells are hidden."""
    areas = [repr(scope.areas(c)) for c in (Capability.READ_PEOPLE, Capability.READ_AGGREGATES,
                                            Capability.OWN_PROFILE)]  # fmt: skip
    state = get_state()
    raw = ":".join([str(generation()), str(state.refreshed_at), str(timezone.localdate()),
                    indicator_code or "", str(scope.hides_small_cells), *areas])  # fmt: skip
    return "core:national:" + hashlib.sha256(raw.encode()).hexdigest()


def _figures(user: Any, scope: Any, indicator_code: str | None) -> dict[str, Any]:
    indicators = list(Indicator.objects.filter(is_active=True, kind__in=FRAME_KINDS)
                      .order_by("code"))  # fmt: skip
    chosen = next((i for i in indicators if i.code == indicator_code), None)
    # By default a share (it compares provinces of different sizes), the plans' first one.
    chosen = chosen or next((i for i in indicators if i.code == DEFAULT_INDICATOR), None)
    chosen = chosen or next((i for i in indicators if i.is_share), None)
    chosen = chosen or (indicators[0] if indicators else None)
    with analytics_reads(user):
        state = get_state()
        counts, counted_at = _people_counts(user, scope, state)
        rows, source = _indicator_rows(user, chosen, state) if chosen else ([], "")
    return {
        **_province_table(counts, hide=scope.hides_small_cells),
        "indicators": [(i.code, i.name) for i in indicators],
        "indicator": chosen,
        "indicator_rows": rows,
        "indicator_source": source,
        "people_counted_at": counted_at,
        "snapshot_as_of": state.as_of,
        "stale": state.is_stale,
        "suppressed": scope.hides_small_cells,
        "threshold": threshold(),
        "national": scope.everywhere(Capability.READ_AGGREGATES),
        "chart": _chart(rows),
    }


def _people_counts(user: Any, scope: Any, state: Any) -> tuple[list[dict[str, object]], Any]:
    """People by province and sector today: for a reader who counts everyone, summed
    from the snapshot's population rows when they are today's and no change awaits them
    (34 provinces' rows instead of the whole country's frame: 3.8 s → under 1 s cold at
    1,000,000 people); counted live otherwise. Also when the stored rows were computed
    (None: counted now), for the page to say which."""
    everyone = any(area.everything for c in (Capability.READ_PEOPLE, Capability.READ_AGGREGATES,
                                             Capability.OWN_PROFILE) for area in scope.areas(c))  # fmt: skip
    if everyone and not state.is_stale and state.as_of == timezone.localdate():
        held = PopulationSnapshot.objects.filter(as_of=state.as_of)
        if held.exists() or not Person.objects.exists():
            rows = held.values("province_code", "sector").annotate(n=Sum("count")).order_by()
            return [{"province_code": r["province_code"], "sector": r["sector"],
                     "count": int(r["n"])} for r in rows], state.refreshed_at  # fmt: skip
    return people_stats(Person.objects.visible_to(user), ["province_code", "sector"]), None


def _chart(rows: list[IndicatorRow]) -> dict[str, list[Any]]:
    shown = [r for r in rows if r.value is not None]
    return {"provinces": [r.name for r in shown], "values": [round(r.value or 0, 1) for r in shown]}


def _province_table(counts: list[dict[str, object]], *, hide: bool) -> dict[str, Any]:
    """Provinces × sectors with margins, protected for aggregate-only readers."""
    matrix: dict[tuple[str, str], int] = {}
    for row in counts:
        key = (str(row["province_code"] or ""), str(row["sector"] or ""))
        matrix[key] = matrix.get(key, 0) + int(row["count"])  # type: ignore[call-overload]
    provinces = sorted({p for p, _ in matrix})
    found = {s for _, s in matrix}
    sectors = [(c, t) for c, t in choices("sector") if c in found]
    sectors += [
        (c, label("sector", c) or _("Chưa rõ")) for c in sorted(found - {c for c, _ in sectors})
    ]
    cells = [[matrix.get((p, s), 0) for s, _ in sectors] for p in provinces]
    total = sum(map(sum, cells))
    too_few = hide and 0 < total < threshold()
    if too_few:
        provinces, cells = [], []
    table = protect_table(cells, None if hide else 0)
    inner = table[:-1]
    return {
        "total": total,
        "too_few": too_few,
        "sector_labels": [text for _, text in sectors],
        "province_rows": [
            {"code": code, "name": unit_name(code), "counts": inner[i][:-1], "total": inner[i][-1]}
            for i, code in enumerate(provinces)
        ],  # fmt: skip
        "sector_totals": table[-1][:-1] if provinces else [],
        "province_count": len(provinces),
    }


def _indicator_rows(user: Any, indicator: Indicator, state: Any) -> tuple[list[IndicatorRow], str]:
    groups, source = _indicator_groups(user, indicator, state)
    hidden = (hidden_groups(groups, share=indicator.is_share)
              if scope_of(user).hides_small_cells else set())  # fmt: skip
    rows = []
    for code in sorted(groups):
        count, base = groups[code]
        if code in hidden:
            rows.append(IndicatorRow(code, unit_name(code), None, None, None, True))
            continue
        # As in the drill-down: a share per province; a count or ratio shows its people
        # (a ratio needs the province's own baseline, which a plan gives, not the registry).
        value = (100 * count / base if base else None) if indicator.is_share else float(count)
        rows.append(IndicatorRow(code, unit_name(code), value, count,
                                 base if indicator.is_share else None))  # fmt: skip
    # Hidden rows last in name order: sorting them by value would tell it.
    rows.sort(key=lambda r: (r.hidden, r.value is None, -(r.value or 0), r.name))
    return rows, source


def _indicator_groups(user: Any, indicator: Indicator, state: Any) -> tuple[Groups, str]:
    """(count, base) per province, from the snapshot when it can answer for this reader."""
    area = aggregate_scope(user)
    fresh_definition = state.refreshed_at is None or indicator.updated_at <= state.refreshed_at
    groups: Groups = {}
    if state.as_of is not None and not area.gated and fresh_definition:
        condition = Q(year=state.as_of.year)
        if not area.everything:
            condition &= (Q(province_code__in=sorted(area.provinces))
                          | Q(workplace_unit__in=sorted(area.communes)))  # fmt: skip
        for (_, province), pair in totals(condition, [indicator.pk], by=("province_code",)).items():
            groups[province] = pair
        return groups, "snapshot"
    people = None if area.everything else Person.objects.visible_to(user)
    day: dt.date = timezone.localdate()
    for row in frame_rows([indicator], day, people=people):
        count, base = groups.get(row.province_code, (0, 0))
        groups[row.province_code] = (count + row.count, base + row.base)
    return groups, "live"
