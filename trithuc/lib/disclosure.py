"""Disclosure control for aggregates shown to roles without profile access (analysts):
who they are is `Scope.hides_small_cells` (trithuc.accounts.scope); this module is the
arithmetic alone.

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

from django.conf import settings

Cell = tuple[int, int]


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
