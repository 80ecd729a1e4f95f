"""The audit trail as XLSX or CSV (every text cell neutralised against formulas)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
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


PROGRESS_EVERY = 1000  # rows between two progress reports of a web export
Progress = Callable[[int, int], None]


def event_rows(events: QuerySet, progress: Progress | None = None) -> Iterator[list[str]]:
    """Every event as the export's row; `progress(done, total)` told as rows are made."""
    labels = dict(events.model._meta.get_field("action").choices)
    total = events.count() if progress else 0
    events = events.select_related("actor").order_by("at", "id")
    for done, event in enumerate(events.iterator(chunk_size=2000), start=1):
        if progress and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total)
        yield [
            timezone.localtime(event.at).strftime("%d/%m/%Y %H:%M:%S"),
            event.actor_name, str(labels.get(event.action, event.action)), describe(event),
            event.source,
            event.ip_address or "", event.object_type, event.object_id, event.object_repr,
            ", ".join(event.fields), _json(event.before), _json(event.after), _json(event.detail),
        ]  # fmt: skip


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if value else ""


def write_events_xlsx(events: QuerySet, target: IO[bytes],
                      progress: Progress | None = None) -> int:  # fmt: skip
    workbook = SafeWorkbook(target, {"constant_memory": True, "in_memory": False})
    sheet = workbook.add_worksheet("Nhật ký")
    bold = workbook.add_format({"bold": True})
    for col, header in enumerate(HEADERS):
        sheet.write_string(0, col, header, bold)
        sheet.set_column(col, col, 18)
    count = 0
    for count, row in enumerate(event_rows(events, progress), start=1):
        for col, value in enumerate(row):
            if value:
                sheet.write_string(count, col, value)
    workbook.close()
    return count


def write_events_csv(events: QuerySet, target: IO[bytes],
                     progress: Progress | None = None) -> int:  # fmt: skip
    """UTF-8 with a byte-order mark, so that Excel reads the Vietnamese right."""
    text = io.TextIOWrapper(target, encoding="utf-8-sig", newline="")
    try:
        return write_csv(text, [HEADERS, *event_rows(events, progress)]) - 1
    finally:
        text.flush()
        text.detach()  # the caller keeps (and closes) the file
