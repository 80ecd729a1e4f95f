"""`requests_answered_on_time`: of the requests (kiến nghị) whose due date fell in the year
(up to today within the year), the share answered by that date; per province of the
meeting; published by `trithuc recognition_figures`."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import F

from trithuc.dialogues.models import Request
from trithuc.indicators.published import Writer, year_end

ON_TIME = "requests_answered_on_time"
SOURCE = "Tính từ các kiến nghị của trí thức tại buổi gặp mặt, đối thoại (trithuc)"


def publish(year: int, today: dt.date) -> dict[str, dict[str, Any]]:
    writer = Writer(SOURCE, year)
    due = Request.objects.filter(due_on__year=year, due_on__lte=year_end(year, today))
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for province in due.values_list("meeting__province_code", flat=True):
        counts[province][1] += 1
    in_time = due.filter(answered_on__isnull=False, answered_on__lte=F("due_on"))
    for province in in_time.values_list("meeting__province_code", flat=True):
        counts[province][0] += 1
    written = {}
    for province in sorted(set(counts) | writer.earlier_provinces(ON_TIME)):
        answered, total = counts.get(province, [0, 0])
        share = writer.share(ON_TIME, province, answered, total)
        written[province] = {"requests_due": total, "answered_on_time": answered, "share": share}
    return written
