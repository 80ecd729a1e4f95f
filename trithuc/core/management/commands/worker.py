"""`trithuc worker`: django-tasks-db's `db_worker` with a heartbeat for `/healthz`.

Several workers on several machines may run at once: each claims a job inside a
transaction with `SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL, so no job runs twice."""

from __future__ import annotations

import socket
import threading
from typing import Any

from django.db import close_old_connections
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from trithuc.core.health import record_heartbeat

HEARTBEAT_SECONDS = 10


def _beat(worker_id: str, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            record_heartbeat(worker_id)
        finally:
            close_old_connections()  # a database cache backend opens one in this thread
        stop.wait(HEARTBEAT_SECONDS)


class Command(DbWorkerCommand):
    help = "Chạy tác vụ nền (nhập dữ liệu, làm mới chỉ tiêu) và báo nhịp tim cho /healthz."

    def handle(self, *args: Any, **options: Any) -> None:
        worker_id = options.get("worker_id") or socket.gethostname()
        stop = threading.Event()
        thread = threading.Thread(target=_beat, args=(worker_id, stop), daemon=True)
        thread.start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
