"""The talent indicators, published as reported figures per province (of the post) and
year by `trithuc recognition_figures`:
- `talent_attracted`: people whose decision (the start of their commitment) fell in the
  year, in total and by field;
- `talent_retention_1y`, `_3y`, `_5y`: of the people whose decision is at least N years
  old on 31 December (or today within the year), the share still in post N years after
  it (`retention.curve`, the same reading as the retention table).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from trithuc.indicators.published import Writer, year_end
from trithuc.talent.models import Commitment
from trithuc.talent.retention import HORIZONS, Span, curve

ATTRACTED = "talent_attracted"
RETENTION = {k: f"talent_retention_{k}y" for k in HORIZONS}
SOURCE = "Tính từ hồ sơ thu hút và sổ theo dõi cam kết (trithuc)"


def publish(year: int, today: dt.date) -> dict[str, dict[str, Any]]:
    as_of = year_end(year, today)
    writer = Writer(SOURCE, year)
    rows = (Commitment.objects.filter(starts_on__lte=as_of)
            .values_list("application__province_code", "application__field", "starts_on",
                         "left_on"))  # fmt: skip
    by_province: dict[str, list[tuple[str, Span]]] = defaultdict(list)
    for province, field, starts_on, left_on in rows:
        span = Span(starts_on, left_on if left_on and left_on <= as_of else None)
        by_province[province].append((field, span))
    written: dict[str, dict[str, Any]] = {}
    for province, members in sorted(by_province.items()):
        fields = Counter(field for field, span in members if span.starts_on.year == year)
        writer.count(ATTRACTED, province, sum(fields.values()), fields)
        row: dict[str, Any] = {"attracted": sum(fields.values())}
        for point in curve([span for _field, span in members], as_of):
            row[f"retention_{point.years}y"] = writer.share(
                RETENTION[point.years], province, point.retained, point.observed
            )
        written[province] = row
    return written
