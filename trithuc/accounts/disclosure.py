"""Disclosure control for aggregates shown to roles without profile access (analysts).

A count below `TRITHUC_SMALL_CELL_THRESHOLD` (default 5) can identify a person, so it is
hidden ("primary suppression"). Hiding it is not enough when the table also shows its
row and column totals: a single hidden cell in a row equals the row total minus the other
cells. So every line of the published table (a row with its total, a column with its
total, the row totals with the grand total) must hide either nothing or at least two
entries ("complementary suppression"): we hide the smallest other non-zero cell of a
line that hides only one. The page never says which cells were hidden for which reason,
and zeros stay visible (an empty cell identifies nobody).

The number of people in the user's own scope is always shown: it breaks them down by
nothing. When it is itself below the threshold, nothing else is shown (any breakdown of
so few people would describe them).

This is the usual heuristic of statistical offices, not a proof: it stops differencing
within one table, not across two tables a user may request (see docs/THREAT_MODEL.md).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

Cell = tuple[int, int]


def suppresses(user: Any) -> bool:
    """Are small cells hidden from `user`? Yes for roles that cannot open profiles."""
    from trithuc.accounts.services import can_view_profiles

    return not can_view_profiles(user)


def threshold() -> int:
    return int(settings.TRITHUC_SMALL_CELL_THRESHOLD)


def protect_table(cells: list[list[int]], limit: int | None = None) -> list[list[int | None]]:
    """The table with its margins, small cells and their complements replaced by None.

    `cells` holds the inner counts (rows × columns). The result has one more column (the
    row totals) and one more row (the column totals and, last, the grand total).
    """
    limit = threshold() if limit is None else limit
    width = len(cells[0]) if cells else 0
    full = [[*row, sum(row)] for row in cells]
    full.append([sum(row[j] for row in full) for j in range(width + 1)])
    hidden = {(i, j) for i, row in enumerate(full) for j, n in enumerate(row) if 0 < n < limit}
    lines = [[(i, j) for j in range(width + 1)] for i in range(len(full))]
    lines += [[(i, j) for i in range(len(full))] for j in range(width + 1)]
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(cell in hidden for cell in line) != 1:
                continue
            complement = _complement(line, hidden, full)
            if complement is not None:
                hidden.add(complement)
                changed = True
    return [[None if (i, j) in hidden else n for j, n in enumerate(row)]
            for i, row in enumerate(full)]  # fmt: skip


def _complement(line: list[Cell], hidden: set[Cell], full: list[list[int]]) -> Cell | None:
    """The smallest shown non-zero entry of `line`, inner cells before the margin."""
    candidates = [cell for cell in line if cell not in hidden and full[cell[0]][cell[1]] > 0]
    if not candidates:
        return None
    margin = line[-1]
    return min(candidates, key=lambda c: (c == margin, full[c[0]][c[1]]))


# ---- the registry's summary page ---------------------------------------------------------------


def summary_for(user: Any, unit: str | None) -> dict[str, Any]:
    """The summary page's data for `user`: in full for roles that see profiles, and for
    the others from one sector × level table with its margins, protected as above."""
    from trithuc.people.presenters import summary_context

    if not suppresses(user):
        return summary_context(user, unit)
    return _protected_summary(user, unit)


def _ordered(found: set[str], list_name: str) -> list[tuple[str, str]]:
    """The codes found, in the list's official order, unknown codes last with their code."""
    from trithuc.codelists.services import choices, label

    known = [(code, text) for code, text in choices(list_name) if code in found]
    seen = {code for code, _ in known}
    return known + [(code, label(list_name, code)) for code in sorted(found - seen)]


def _protected_summary(user: Any, unit: str | None) -> dict[str, Any]:
    from trithuc.codelists.services import choices
    from trithuc.people.models import Person
    from trithuc.people.stats import people_stats

    counts = people_stats(Person.objects.visible_to(user), ["sector", "education_level"],
                          unit=unit)  # fmt: skip
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
