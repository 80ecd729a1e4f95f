"""The figures a leader or an analyst sees first on the home page: a few key counts of the
units they may read and where the plans' targets stand.

Nothing is counted here that the indicators do not already count: the key figures are the
built-in indicators read through `Evaluator` (the snapshot where it serves, the registry
through `Person.objects.visible_to` otherwise), and the targets are the dashboard's rows
(`presenters.dashboard_rows`, cached until the next refresh). Small cells are hidden as on
the dashboard for roles that cannot open profiles.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from trithuc.indicators import presenters, wording
from trithuc.indicators.areas import CURRENT, Area, AreaError, resolve_area
from trithuc.indicators.models import Indicator, Target
from trithuc.indicators.projection import AT_RISK, OFF_TRACK, ON_TRACK, STATUS_LABELS
from trithuc.indicators.querysets import Scope, aggregate_scope
from trithuc.indicators.values import Evaluator
from trithuc.people.models import Person

COUNT = "intellectuals_count"
RATIO = "intellectuals_count_ratio"
SHARES = ("share_university_or_higher", "share_postgraduate", "share_leaders_under_40")
WATCHED = (ON_TRACK, AT_RISK, OFF_TRACK)
MOST_AT_RISK = 3


@dataclass(frozen=True)
class Card:
    """One key figure: the number in large print, what it is, and a line under it."""

    label: str
    value: str
    note: str = ""
    hidden: bool = False


def reading_area(scope: Scope) -> Area | None:
    """The units the reader's aggregates cover, as one area (None: nothing to read)."""
    if scope.empty:
        return None
    if scope.everything:
        provinces = set(
            Person.objects.order_by().values_list("province_code", flat=True).distinct()
        )
        return Area("*", CURRENT, _("Toàn bộ cơ sở dữ liệu"), frozenset(provinces), frozenset())
    provinces = scope.provinces | scope.gated_provinces
    codes = sorted(provinces) + sorted(scope.communes)
    if len(codes) == 1:
        try:
            return resolve_area(codes[0])
        except AreaError:
            return None
    names = ", ".join(_name(code) for code in codes)
    return Area("+".join(codes), CURRENT, names, frozenset(provinces), frozenset(scope.communes))


def _name(code: str) -> str:
    try:
        return resolve_area(code).name
    except AreaError:
        return code


def key_figures(user: Any) -> dict[str, Any] | None:
    """The home page's key figures and targets for `user`, or None for a user who reads
    no aggregates."""
    scope = aggregate_scope(user)
    area = reading_area(scope)
    if area is None:
        return None
    evaluator = Evaluator(user, series=False)
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=(COUNT, *SHARES))}
    cards = []
    if COUNT in indicators:
        cards.append(_count_card(evaluator, area, indicators[COUNT], _baseline_year(user)))
    cards += [_share_card(evaluator, area, indicators[code]) for code in SHARES
              if code in indicators]  # fmt: skip
    return {
        "area": area.name,
        "as_of": evaluator.as_of,
        "cards": cards,
        "suppressed": evaluator.suppress,
        "threshold": settings.TRITHUC_SMALL_CELL_THRESHOLD,
        "partial": scope.partial,  # targets of a whole unit, read over part of it
        **targets_overview(user),
    }


def _hidden(evaluator: Evaluator, *counts: int | None) -> bool:
    threshold = settings.TRITHUC_SMALL_CELL_THRESHOLD
    return evaluator.suppress and any(n is not None and 0 < n < threshold for n in counts)


def _baseline_year(user: Any) -> int | None:
    """The baseline year the plans read the number of intellectuals against (the latest
    one, when plans differ)."""
    years = (Target.objects.visible_to(user).filter(indicator__code=RATIO, baseline_year__isnull=False)
             .order_by("-baseline_year").values_list("baseline_year", flat=True))  # fmt: skip
    return years.first()


def _count_card(evaluator: Evaluator, area: Area, indicator: Indicator, year: int | None) -> Card:
    count, _base = evaluator.counts(area, indicator, "", evaluator.as_of)
    if _hidden(evaluator, count):
        return Card(_("Trí thức"), presenters.HIDDEN, hidden=True)
    note = _("trình độ đại học trở lên, chưa nghỉ hưu")
    if year and year < evaluator.as_of.year:
        before, _base = evaluator.counts(area, indicator, "", dt.date(year, 12, 31))
        if before and not _hidden(evaluator, before):
            change = count - before
            note = _("%(sign)s%(change)s người (%(share)s) so với cuối năm %(year)s (%(before)s người)") % {
                "sign": "+" if change >= 0 else "−", "change": wording.number(abs(change)),
                "share": wording.with_unit(100 * abs(change) / before, "%"), "year": year,
                "before": wording.number(before),
            }  # fmt: skip
    return Card(_("Trí thức"), wording.number(count), note)


def _share_card(evaluator: Evaluator, area: Area, indicator: Indicator) -> Card:
    count, base = evaluator.counts(area, indicator, "", evaluator.as_of)
    label = {
        "share_university_or_higher": _("Có trình độ đại học trở lên"),
        "share_postgraduate": _("Có trình độ sau đại học"),
        "share_leaders_under_40": _("Lãnh đạo, quản lý dưới 40 tuổi"),
    }[indicator.code]
    if _hidden(evaluator, count, base):
        return Card(label, presenters.HIDDEN, hidden=True)
    if not base:
        return Card(label, "–", _("chưa có ai trong nhóm tính"))
    note = _("%(count)s trên %(base)s người") % {
        "count": wording.number(count), "base": wording.number(base)}  # fmt: skip
    return Card(label, wording.with_unit(100 * count / base, "%"), note)


def targets_overview(user: Any) -> dict[str, Any]:
    """How many of the targets `user` sees are on track, at risk or off track, and the
    ones most at risk (off track first, then at risk, the least progress first)."""
    rows = presenters.dashboard_rows(user, None, None).get("rows", [])
    counts = {status: sum(1 for r in rows if r["status"] == status) for status in WATCHED}
    worst = sorted(
        (r for r in rows if r["status"] in (OFF_TRACK, AT_RISK)),
        key=lambda r: (r["status"] != OFF_TRACK, r["progress"] is None, r["progress"] or 0),
    )[:MOST_AT_RISK]
    return {
        "statuses": [{"code": s, "label": STATUS_LABELS[s], "count": counts[s]} for s in WATCHED],
        "targets_total": len(rows),
        "at_risk": [_risk_row(r) for r in worst],
    }


def _risk_row(row: dict[str, Any]) -> dict[str, Any]:
    if row["drillable"]:
        url = f"{reverse('indicators:drill')}?{urlencode({'target': row['uuid']})}"
    else:
        url = f"{reverse('indicators:dashboard')}?{urlencode({'plan': row['plan']})}"
    return {
        "name": row["name"], "plan": row["plan"], "year": row["year"],
        "sector": row["sector_label"] if row["sector"] else "",
        "target_text": row["target_text"], "value_text": row["value_text"],
        "status": row["status"], "status_label": row["status_label"],
        "needed": _sentence(row["needed"] or ""),
        "url": url,
    }  # fmt: skip


def _sentence(text: str) -> str:
    """A note as a sentence: capital first, full stop last."""
    text = text.strip()
    if not text:
        return ""
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "!", "?", ")")) else ".")
