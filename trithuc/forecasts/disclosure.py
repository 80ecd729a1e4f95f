"""Small cells of a forecast hidden for roles without profile access: each year, each
figure (stock and every flow) over the groups is a table with its margins protected by
`trithuc.lib.disclosure.protect_table`, as `people_stats --user` does for counts. A
retirement count of two in a commune says who is about to retire as surely as a count of
people does."""

from __future__ import annotations

from trithuc.forecasts.model import FLOWS
from trithuc.lib import disclosure

Rows = list[dict[str, object]]
FIGURES = ("stock", *FLOWS)


def protect(rows: Rows, by: list[str]) -> Rows:
    """`rows` with the figures that must not be seen set to None (one or two groupings)."""
    if len(by) > 2:
        raise ValueError("protect takes one or two grouping fields")
    out = [dict(row) for row in rows]
    for year in sorted({row["year"] for row in out}):  # type: ignore[type-var]
        _protect_year([row for row in out if row["year"] == year], by)
    return out


def _protect_year(chosen: Rows, by: list[str]) -> None:
    firsts = list(dict.fromkeys(row[by[0]] for row in chosen)) if by else [None]
    seconds = list(dict.fromkeys(row[by[1]] for row in chosen)) if len(by) == 2 else [None]
    first_index = {value: i for i, value in enumerate(firsts)}
    second_index = {value: j for j, value in enumerate(seconds)}

    def place(row: dict[str, object]) -> tuple[int, int]:
        first = row[by[0]] if by else None
        return first_index[first], second_index[row[by[1]] if len(by) == 2 else None]

    for figure in FIGURES:
        cells = [[0] * len(seconds) for _ in firsts]
        for row in chosen:
            i, j = place(row)
            cells[i][j] += round(float(row[figure]))  # type: ignore[arg-type]
        table = disclosure.protect_table(cells)
        for row in chosen:
            i, j = place(row)
            if table[i][j] is None:
                row[figure] = None


def protect_targets(targets: list[dict[str, object]] | None) -> list[dict[str, object]] | None:
    """Targets whose population, or whose count today, is under the threshold lose their
    figures (as the dashboard hides such a row): a forecast of three people's share tells
    about those three, and a share with its population gives its count away."""
    if targets is None:
        return None
    limit = disclosure.threshold()
    out = []
    for row in targets:
        population = row.get("population")
        if isinstance(population, int | float):
            series = row.get("series") or [[None, None]]
            today = series[0][1]  # type: ignore[index]
            count = population * today / 100 if row.get("share") else today
            small = population < limit or (count is not None and 0 < round(count) < limit)
            if small:
                row = {"uuid": row["uuid"], "year": row["year"], "suppressed": True}
        out.append(row)
    return out
