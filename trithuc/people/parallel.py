"""Checking an import's rows in a second process while this one writes them.

An import spends about as long checking rows (template rules, codes, derived keys) as
writing them, and both are CPU-bound Python: with one process a 2-core server keeps
one core idle. `validated_in_child` forks a child after the file is parsed: the child
inherits the parsed sheet and the header, checks the rows chunk by chunk exactly as
`Validator.chunks` does in one process, and sends each chunk's valid records with its
errors and warnings through a pipe. The parent writes each chunk inside its
transaction as it arrives, so the guarantees do not change: nothing is written outside
the parent's transaction, and a failure on either side rolls everything back.

The child never touches the database. Everything the checks read is loaded into
in-process dicts before the fork (`warm_caches`), and every inherited connection gets an
execute wrapper that refuses queries: an inherited PostgreSQL socket or SQLite handle
is the parent's, and one query from the child would corrupt the parent's session.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import logging
import multiprocessing
import os
import signal
import sys
import threading
import traceback
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connections

from trithuc.codelists.services import warm_cache as warm_codes
from trithuc.lib.spreadsheet import SpreadsheetError
from trithuc.orgunits.services import warm_caches as warm_units

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from trithuc.people.importing import Validator
    from trithuc.people.writing import Batch

logger = logging.getLogger(__name__)
CHILD_FAILED = (
    "Quá trình kiểm tra dữ liệu bị dừng bất thường; chưa có dữ liệu nào được ghi. "
    "Hãy thử nhập lại; nếu lỗi lặp lại, báo cho quản trị hệ thống."
)


_handover_lock = threading.Lock()
_handover: tuple[Validator, Iterator[tuple[int, list[object]]], Connection] | None = None


class ChildFailed(Exception):
    """The checking process died or raised: the import is rolled back."""


class _DatabaseForbidden(Exception):
    pass


def parallel_available() -> bool:
    """The setting allows it, and `platform_can_fork`."""
    return bool(settings.TRITHUC_IMPORT_PARALLEL) and platform_can_fork()


def platform_can_fork() -> bool:
    """Fork exists (Linux: not Windows, nor macOS's default) and there is a second CPU."""
    return (
        sys.platform.startswith("linux")
        and "fork" in multiprocessing.get_all_start_methods()
        and (os.cpu_count() or 1) > 1
    )


def release_free_memory() -> None:
    """Return freed heap memory to the system (glibc's malloc_trim); nothing elsewhere."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):
        pass


def release_memory() -> None:
    """After an upload has been read: collect what it left and give the heap back to
    the system, so that a series of big (or hostile) uploads does not leave the web
    process holding gigabytes."""
    gc.collect()
    release_free_memory()


def warm_caches() -> None:
    """Load every dict the row checks read (code lists, units, legacy-code hints)."""
    warm_codes()
    warm_units()


def validated_in_child(
    validator: Validator, pending_rows: list[Iterator[tuple[int, list[object]]]]
) -> Iterator[tuple[int, Batch]]:
    """`validator.chunks(rows)` computed in a forked child, with the same results; the
    rows iterator is taken out of `pending_rows` so that this process keeps no reference to
    the parsed sheet once the child has it."""
    global _handover
    warm_caches()
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child_main, name="trithuc-import-check")
    child.daemon = True
    # Handed over through a global the fork copies, not Process args, which the parent's
    # Process object would keep (and with them the sheet) until the import ends.
    # Parsing the sheet left freed memory that glibc keeps (1,000,000 rows: 500 MB): given
    # back before the fork, the child's first writes do not copy it.
    release_free_memory()
    with _handover_lock:
        _handover = (validator, pending_rows.pop(), sender)
        try:
            child.start()
        finally:
            _handover = None
    sender.close()
    # The child holds the parsed sheet now; this process's copy (freed with the last
    # reference above) goes back to the system instead of waiting in malloc's free lists.
    release_free_memory()
    report = validator.report
    finished = False
    try:
        while True:
            try:
                message = receiver.recv()
            except EOFError as exc:
                logger.error("The import's checking process ended without a word")
                raise ChildFailed(CHILD_FAILED) from exc
            kind = message[0]
            if kind == "error":
                raise SpreadsheetError(message[1])
            if kind == "crash":
                logger.error("The import's checking process failed:\n%s", message[1])
                raise ChildFailed(CHILD_FAILED)
            _, count, rows_checked, errors, warnings, valid = message
            report.rows += rows_checked
            report.merge(*errors, warnings)
            if kind == "done":
                finished = True
                return
            yield count, valid
    finally:
        receiver.close()
        _stop(child, finished)


def _stop(child: multiprocessing.process.BaseProcess, finished: bool) -> None:
    """Wait for a child that has said everything; end one that has not (the import
    failed on this side, or the child did)."""
    child.join(timeout=10 if finished else 0)
    if child.is_alive():
        child.terminate()
        child.join(timeout=10)
    if child.is_alive():
        child.kill()
        child.join()


def _child_main() -> None:
    validator, rows, sender = _handover  # type: ignore[misc]
    # The parent's handlers are not the child's: a task worker that shuts down "gracefully"
    # on SIGTERM would make the child ignore the parent's terminate().
    for number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(number, signal.SIG_DFL)
    _forbid_database()
    # Everything inherited (the parsed sheet: millions of objects) is left out of garbage
    # collection: the collector would otherwise walk it again and again while the checks
    # allocate, and touching each object's header copies the parent's pages.
    gc.freeze()
    report = validator.report
    report.rows = 0
    report.errors = []
    report.warnings = []
    try:
        for count, valid in validator.chunks(rows):
            sender.send(("chunk", count, *_take(report), valid))
        sender.send(("done", 0, *_take(report), []))
    except SpreadsheetError as exc:
        sender.send(("error", str(exc)))
    except BaseException:  # noqa: BLE001 - anything else is reported, then the parent rolls back
        with contextlib.suppress(OSError):  # the parent may have stopped listening
            sender.send(("crash", traceback.format_exc(limit=8)))
    finally:
        sender.close()


def _take(report: Any) -> tuple[int, tuple, list]:
    """What the report gained since the last message, leaving it empty: the errors kept
    (at most ERRORS_PER_COLUMN per column and chunk) with the counts of all of them."""
    errors = (report.errors, report.error_counts, report.warning_counts,
              report.error_row_numbers)  # fmt: skip
    taken = (report.rows, errors, report.warnings)
    report.rows, report.errors, report.warnings = 0, [], []
    report.error_counts, report.warning_counts, report.error_row_numbers = {}, {}, set()
    return taken


def _refuse(execute, sql, params, many, context):  # noqa: ANN001, ANN202
    raise _DatabaseForbidden(f"the import's checking process may not query: {sql[:80]}")


def _forbid_database() -> None:
    for alias in connections:
        connections[alias].execute_wrappers.append(_refuse)
