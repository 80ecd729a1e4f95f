"""The audit trail as XLSX or CSV (every text cell neutralised against formulas)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from django.db.models import QuerySet
from django.utils import timezone

from trithuc.audit.sentences import describe
from trithuc.lib.safe_export import SafeWorkbook, write_csv

# "Diễn giải" is the sentence the page shows; the raw columns after it keep every value
# as recorded, for an inspection that needs them.
HEADERS = ["Lúc", "Người thực hiện", "Hành động", "Diễn giải", "Nguồn", "Địa chỉ IP",
           "Loại đối tượng", "Mã đối tượng", "Đối tượng", "Trường", "Trước", "Sau",
           "Chi tiết"]  # fmt: skip


def event_rows(events: QuerySet) -> Iterator[list[str]]:
    labels = dict(events.model._meta.get_field("action").choices)
    events = events.select_related("actor").order_by("at", "id")
    for event in events.iterator(chunk_size=2000):
        yield [
            timezone.localtime(event.at).strftime("%d/%m/%Y %H:%M:%S"),
            event.actor_name, str(labels.get(event.action, event.action)), describe(event),
            event.source,
            event.ip_address or "", event.object_type, event.object_id, event.object_repr,
            ", ".join(event.fields), _json(event.before), _json(event.after), _json(event.detail),
        ]  # fmt: skip


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if value else ""


def write_events_xlsx(events: QuerySet, target: IO[bytes]) -> int:
    workbook = SafeWorkbook(target, {"constant_memory": True, "in_memory": False})
    sheet = workbook.add_worksheet("Nhật ký")
    bold = workbook.add_format({"bold": True})
    for col, header in enumerate(HEADERS):
        sheet.write_string(0, col, header, bold)
        sheet.set_column(col, col, 18)
    count = 0
    for count, row in enumerate(event_rows(events), start=1):
        for col, value in enumerate(row):
            if value:
                sheet.write_string(count, col, value)
    workbook.close()
    return count


def write_events_csv(events: QuerySet, target: IO[str]) -> int:
    return write_csv(target, [HEADERS, *event_rows(events)]) - 1
