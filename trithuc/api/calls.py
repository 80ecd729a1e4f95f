"""The audit rows of API calls, written in batches (issue 19: 200 paged reads a second).

Every call still gets its row, with the time it was answered (`at` is set here, not at
the insert). Rows wait in a per-process buffer and go to the database in one multi-row
INSERT (`lib.bulk.bulk_insert`) when `TRITHUC_API_AUDIT_BATCH` rows wait, when the oldest
has waited `TRITHUC_API_AUDIT_FLUSH_MS` (a flusher thread wakes for it), and when the
process exits normally (`atexit`: gunicorn's graceful stop and restart, `trithuc serve`
stopping). What a crash may lose is stated in docs/THREAT_MODEL.md: the rows of the last
`TRITHUC_API_AUDIT_FLUSH_MS` (at most `TRITHUC_API_AUDIT_BATCH`) of a process killed
with SIGKILL or by the kernel, or of a machine losing power.

`TRITHUC_API_AUDIT_FLUSH_MS=0` writes each row when the call is answered (the tests, and
an operator who prefers a slower API to any loss).

Only the API's call rows go through here: events of the services (imports, sensitive
views, reports saved) are written in their own transaction as everywhere else.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.utils import timezone

from trithuc.audit.models import AuditEvent
from trithuc.audit.services import client_ip
from trithuc.lib.bulk import bulk_insert

logger = logging.getLogger(__name__)
COLUMNS = ("at", "actor_id", "actor_name", "action", "source", "ip_address", "object_type",
           "object_id", "object_repr", "fields", "before", "after", "detail", "subject_id",
           "province_code", "unit_code", "agency_pk")  # fmt: skip


def call_row(request: Any, status: int) -> tuple:
    """The audit row of one answered call: who (the token's user, or nobody when the
    token was refused), which token, what was asked and what was answered."""
    token = getattr(request, "api_token", None)
    actor = request.user if token is not None else None
    detail = {
        "method": request.method,
        "path": request.path,
        "query": request.GET.urlencode()[:500],
        "status": status,
        "token": token.prefix if token is not None else "",
        "request_id": getattr(request, "request_id", ""),
    }
    name = actor.username[:150] if actor is not None else "api-anonymous"
    return (timezone.now(), actor.pk if actor is not None else None, name, "api_call", "api",
            client_ip(request), "", "", "", [], {}, {}, detail, "", "", "", None)  # fmt: skip


class CallLog:
    """One process's buffer of call rows."""

    def __init__(self) -> None:
        self._rows: list[tuple] = []
        self._oldest = 0.0
        self._lock = threading.Lock()
        self._writing = threading.Lock()  # held while a batch is written
        self._wake = threading.Event()
        self._flusher: threading.Thread | None = None

    def add(self, row: tuple) -> None:
        wait_ms = settings.TRITHUC_API_AUDIT_FLUSH_MS
        if wait_ms <= 0:
            write_rows([row])
            return
        with self._lock:
            if not self._rows:
                self._oldest = time.monotonic()
            self._rows.append(row)
            full = len(self._rows) >= settings.TRITHUC_API_AUDIT_BATCH
            self._start_flusher()
        if full:
            self.flush()
        else:
            self._wake.set()

    def flush(self) -> int:
        """Write every waiting row now; returns how many. One batch at a time: a flush
        waits for the one being written, so the exit's flush cannot return while the
        flusher thread (a daemon, stopped with the process) still holds rows it took."""
        with self._writing:
            with self._lock:
                rows, self._rows = self._rows, []
            if rows:
                write_rows(rows)
        return len(rows)

    @property
    def waiting(self) -> int:
        return len(self._rows)

    def _start_flusher(self) -> None:
        if self._flusher is None or not self._flusher.is_alive():
            self._flusher = threading.Thread(target=self._run, name="api-audit-flush",
                                             daemon=True)  # fmt: skip
            self._flusher.start()

    def _run(self) -> None:
        while True:
            self._wake.wait()
            self._wake.clear()
            while self._rows:
                due = self._oldest + settings.TRITHUC_API_AUDIT_FLUSH_MS / 1000
                pause = due - time.monotonic()
                if pause > 0:
                    time.sleep(pause)
                    continue
                try:
                    self.flush()
                finally:
                    # This thread's own connection: closed, not left idle on the server.
                    connections.close_all()


def write_rows(rows: list[tuple]) -> None:
    """One INSERT of many rows; if it fails, row by row, and a row that still cannot be
    written goes to the error log whole (nothing dropped in silence)."""
    try:
        with transaction.atomic():
            bulk_insert(AuditEvent, COLUMNS, rows)
        return
    except DatabaseError:
        logger.exception("API audit batch of %d rows failed; writing them one by one", len(rows))
    for row in rows:
        try:
            with transaction.atomic():
                bulk_insert(AuditEvent, COLUMNS, [row])
        except DatabaseError:
            logger.exception("API audit row not written: %r", row)


CALLS = CallLog()
atexit.register(CALLS.flush)
