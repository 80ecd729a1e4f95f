"""The registry's summary page, with small cells hidden (and the cells that would reveal
them) for the roles that see aggregates only (`trithuc.lib.disclosure`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from trithuc.accounts.scope import Capability, scope_of
from trithuc.codelists.services import choices, label
from trithuc.lib.disclosure import protect_table, threshold
from trithuc.orgunits.services import unit_label
from trithuc.people.models import Person
from trithuc.people.presenters import summary_context
from trithuc.people.stats import people_stats


def summary_for(user: Any, unit: str | None, as_of: dt.date | None = None) -> dict[str, Any]:
    """The summary page's data for `user`, counted as of `as_of` (default today): in full
    for roles that see profiles, and for the others from one sector × level table with
    its margins, protected as above. `places` names where the figures come from."""

    if not scope_of(user).hides_small_cells:
        context = summary_context(user, unit, as_of=as_of)
    else:
        context = _protected_summary(user, unit, as_of)
    return {**context, "places": [unit_label(unit)] if unit else places_of(user)}


def places_of(user: Any) -> list[str]:
    """ "Xã Thanh Long (01387)": the units whose people the user counts; [] for everywhere."""
    scope = scope_of(user)
    codes = {*scope.place_codes(Capability.READ_PEOPLE),
             *scope.place_codes(Capability.READ_AGGREGATES)}  # fmt: skip
    return [unit_label(code) for code in sorted(codes)]


def _ordered(found: set[str], list_name: str) -> list[tuple[str, str]]:
    """The codes found, in the list's official order, unknown codes last with their code."""

    known = [(code, text) for code, text in choices(list_name) if code in found]
    seen = {code for code, _ in known}
    return known + [(code, label(list_name, code)) for code in sorted(found - seen)]


def _protected_summary(user: Any, unit: str | None, as_of: dt.date | None) -> dict[str, Any]:
    counts = people_stats(Person.objects.visible_to(user), ["sector", "education_level"],
                          unit=unit, as_of=as_of)  # fmt: skip
    matrix = {(str(r["sector"] or ""), str(r["education_level"] or "")): int(r["count"])  # type: ignore[call-overload]
              for r in counts}  # fmt: skip
    sectors = _ordered({s for s, _ in matrix}, "sector")
    levels = _ordered({lv for _, lv in matrix} | {c for c, _ in choices("education_level")},
                      "education_level")  # fmt: skip
    cells = [[matrix.get((s, lv), 0) for lv, _ in levels] for s, _ in sectors]
    total = sum(map(sum, cells))
    if 0 < total < threshold():
        sectors, cells = [], []
    table = protect_table(cells)
    inner, totals = table[:-1], table[-1]
    by_sector = [{"sector": code, "label": text, "count": inner[i][-1]}
                 for i, (code, text) in enumerate(sectors)]  # fmt: skip
    by_level = [{"education_level": code, "label": text, "count": totals[j]}
                for j, (code, text) in enumerate(levels) if any(row[j] for row in cells)]  # fmt: skip
    return {
        "total": total,
        "too_few": not cells and total > 0,
        "by_sector": by_sector,
        "by_level": by_level,
        "level_labels": [text for _, text in levels],
        "table": [
            {"sector": text, "counts": inner[i][:-1], "total": inner[i][-1]}
            for i, (_, text) in enumerate(sectors)
        ],
        "chart": {
            "sectors": [row["label"] for row in by_sector],
            "sector_counts": [row["count"] for row in by_sector],
            "levels": [row["label"] for row in by_level],
            "level_counts": [row["count"] for row in by_level],
        },
        "unit": unit or "",
        "sectors": [code for code, _ in choices("sector")],
        "suppressed": True,
        "threshold": threshold(),
    }
