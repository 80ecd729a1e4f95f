"""`honours_awarded`: honours decided in the year, per province (where the person works)
and in total and by the person's field; published by `trithuc recognition_figures`.
Honours are public decisions, so no cell is suppressed."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from trithuc.honours.models import Honour
from trithuc.indicators.published import Writer, year_end

AWARDED = "honours_awarded"
SOURCE = "Tính từ các quyết định khen thưởng đã ghi nhận (trithuc)"


def publish(year: int, today: dt.date) -> dict[str, dict[str, Any]]:
    writer = Writer(SOURCE, year)
    by_province: dict[str, Counter[str]] = defaultdict(Counter)
    rows = (Honour.objects.filter(decision_date__year=year, decision_date__lte=year_end(year, today))
            .values_list("person__province_code", "person__sector"))  # fmt: skip
    for province, sector in rows:
        by_province[province][sector] += 1
    # provinces with honours in earlier runs but none now get their figure back to 0
    provinces = set(by_province) | writer.earlier_provinces(AWARDED)
    written = {}
    for province in sorted(provinces):
        sectors = by_province.get(province, Counter())
        writer.count(AWARDED, province, sum(sectors.values()), sectors)
        written[province] = {"honours": sum(sectors.values())}
    return written
