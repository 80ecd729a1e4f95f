"""Figures that apps compute from their own records and publish as "reported" indicators.

An app (talent, honours, dialogues, representation…) registers a publisher in its
`AppConfig.ready`; `trithuc recognition_figures` runs every registered publisher for a
year. Each publisher replaces its own rows (same indicator, unit, sector, year, source),
so a daily run keeps one current figure per cell and never touches figures an agency
entered by hand (another source)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from trithuc.indicators.models import Indicator, ReportedFigure
from trithuc.lib.disclosure import protect_table, threshold

# publisher(year, today) -> {province: {figure name: value}} (what the command prints)
Publisher = Callable[[int, dt.date], dict[str, dict[str, Any]]]
_PUBLISHERS: dict[str, Publisher] = {}


def register(name: str, publisher: Publisher) -> None:
    _PUBLISHERS[name] = publisher


def publishers() -> dict[str, Publisher]:
    return dict(_PUBLISHERS)


def year_end(year: int, today: dt.date) -> dt.date:
    """The day a year's figures are read on: 31 December, or today within the year."""
    return min(dt.date(year, 12, 31), today)


@dataclass
class Writer:
    """Writes one source's figures for one year, replacing its earlier ones."""

    source: str
    year: int

    def __post_init__(self) -> None:
        self._indicators: dict[str, Indicator | None] = {}

    def indicator(self, code: str) -> Indicator | None:
        if code not in self._indicators:
            self._indicators[code] = Indicator.objects.filter(code=code).first()
        return self._indicators[code]

    def earlier_provinces(self, code: str) -> set[str]:
        """Provinces this source wrote `code` for in an earlier run (their figure may have
        to go back to 0)."""
        return set(ReportedFigure.objects.filter(indicator__code=code, year=self.year,
                                                 source=self.source, sector="")
                   .values_list("unit_code", flat=True))  # fmt: skip

    def clear(self, code: str, province: str) -> None:
        ReportedFigure.objects.filter(indicator__code=code, unit_code=province, year=self.year,
                                      source=self.source).delete()  # fmt: skip

    def put(self, code: str, province: str, value: float, *, sector: str = "",
            numerator: int | None = None, denominator: int | None = None) -> None:  # fmt: skip
        indicator = self.indicator(code)
        if indicator is None:  # the migration defining it was rolled back: nothing to fill
            return
        ReportedFigure.objects.create(indicator=indicator, unit_code=province, sector=sector,
                                      year=self.year, value=value, numerator=numerator,
                                      denominator=denominator, source=self.source)  # fmt: skip

    def count(self, code: str, province: str, total: int, by_sector: Mapping[str, int],
              *, protect: bool = False) -> None:  # fmt: skip
        """The total and one figure per sector; `protect` leaves out the sector cells an
        aggregate role must not see (small cells and their complements)."""
        self.clear(code, province)
        self.put(code, province, total)
        sectors = sorted(s for s in by_sector if s)
        cells: list[int | None] = [by_sector[s] for s in sectors]
        if protect and sectors:
            cells = protect_table([[by_sector[s] for s in sectors]])[0][: len(sectors)]
        for sector, n in zip(sectors, cells, strict=True):
            if n is not None:
                self.put(code, province, n, sector=sector)

    def share(self, code: str, province: str, numerator: int, denominator: int,
              *, protect: bool = False) -> float | None:  # fmt: skip
        """A percentage; none when there is nothing to divide, or (with `protect`) when
        either the group or the rest is a small cell."""
        self.clear(code, province)
        if not denominator:
            return None
        if protect and not publishable_split(numerator, denominator - numerator):
            return None
        value = round(100 * numerator / denominator, 1)
        self.put(code, province, value, numerator=numerator, denominator=denominator)
        return value


def publishable_split(*cells: int) -> bool:
    """Every cell empty or at least the threshold (a share of a small cell names people)."""
    return all(n == 0 or n >= threshold() for n in cells)


def run_all(year: int, today: dt.date) -> dict[str, dict[str, dict[str, Any]]]:
    return {name: publisher(year, today) for name, publisher in sorted(_PUBLISHERS.items())}
