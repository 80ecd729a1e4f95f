"""What `/healthz` reports: the database, the cache, the task worker's heartbeat and, where
reports need it, LibreOffice. No personal data, nothing a caller could not guess."""

from __future__ import annotations

import shutil
import time
import uuid
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connections

HEARTBEAT_KEY = "trithuc:worker-heartbeat"


def record_heartbeat(worker_id: str) -> None:
    """Called by each running worker (`trithuc worker`) every few seconds."""
    cache.set(HEARTBEAT_KEY, {"worker_id": worker_id, "at": time.time()}, timeout=24 * 3600)


def _database() -> dict[str, Any]:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure is the answer, not a crash of the check
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True, "vendor": connections["default"].vendor}


def _cache() -> dict[str, Any]:
    value = uuid.uuid4().hex
    key = f"trithuc:healthz:{value}"  # one key per check: concurrent checks do not collide
    try:
        cache.set(key, value, timeout=30)
        ok = cache.get(key) == value
        cache.delete(key)
    except Exception as exc:
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": ok}


def _worker() -> dict[str, Any]:
    try:
        beat = cache.get(HEARTBEAT_KEY)
    except Exception as exc:
        return {"ok": False, "error": type(exc).__name__}
    if not beat:
        return {"ok": False, "error": "no heartbeat"}
    age = round(time.time() - beat["at"], 1)
    return {"ok": age <= settings.TRITHUC_WORKER_HEARTBEAT_MAX_AGE, "age_seconds": age}


def _libreoffice() -> dict[str, Any]:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    return {"ok": bool(found)}


def health() -> tuple[bool, dict[str, Any]]:
    """All checks, and whether every required one passed. The worker and LibreOffice are
    required only where the settings say so (a test server runs tasks in-process)."""
    checks = {"database": _database(), "cache": _cache(), "worker": _worker(),
              "libreoffice": _libreoffice()}  # fmt: skip
    required = {"database", "cache"}
    if settings.TRITHUC_HEALTH_REQUIRE_WORKER:
        required.add("worker")
    if settings.TRITHUC_HEALTH_REQUIRE_LIBREOFFICE:
        required.add("libreoffice")
    for name, check in checks.items():
        check["required"] = name in required
    return all(checks[name]["ok"] for name in required), checks
