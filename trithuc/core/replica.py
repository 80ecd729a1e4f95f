"""Read-only analytics on a PostgreSQL streaming replica (`DATABASE_REPLICA_URL`).

Only what is marked as analytics reads the replica: the views listed in
`TRITHUC_REPLICA_VIEWS` (counts, indicators, drill-downs, report annexes) and blocks run
under `analytics_reads(user)` (the API's counts and indicators). Everything else, and
every write, stays on the primary.

Read-your-writes: after a user's write request, the primary's WAL position is kept for
that user (`remember_write`); their analytics read the primary until the replica has
replayed past it, so a manager who just imported sees the import on the dashboard,
however far the replica lags. Other users may see the replica a moment behind."""

from __future__ import annotations

import contextlib
import contextvars
import logging
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
_analytics: contextvars.ContextVar[bool] = contextvars.ContextVar("analytics", default=False)
logger = logging.getLogger(__name__)


def _pin_key(user: Any) -> str:
    return f"trithuc:replica-pin:{user.pk}"


def _user_known(user: Any) -> bool:
    return getattr(user, "is_authenticated", False) and user.pk is not None


def remember_write(user: Any) -> None:
    """After `user` wrote: their analytics read the primary until the replica has it."""
    if not settings.TRITHUC_REPLICA or not _user_known(user):
        return
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        position = cursor.fetchone()[0]
    cache.set(_pin_key(user), position, timeout=settings.TRITHUC_REPLICA_PIN_SECONDS)


def replica_has(position: str) -> bool:
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [position])
        return bool(cursor.fetchone()[0])


def must_read_primary(user: Any) -> bool:
    """Has `user` written something the replica has not replayed yet? (Or is the replica
    unreachable: then everyone reads the primary.)"""
    position = cache.get(_pin_key(user)) if _user_known(user) else None
    try:
        if position is None:
            connections[REPLICA].ensure_connection()
            return False
        if replica_has(position):
            cache.delete(_pin_key(user))
            return False
    except DatabaseError:
        logger.warning("replica unreachable: analytics read the primary")
        return True
    return True


@contextlib.contextmanager
def analytics_reads(user: Any = None) -> Iterator[bool]:
    """Reads in this block go to the replica when there is one and `user` has no write it
    lacks; yields whether they do."""
    use = bool(settings.TRITHUC_REPLICA) and not must_read_primary(user)
    token = _analytics.set(use)
    try:
        yield use
    finally:
        _analytics.reset(token)


class ReplicaRouter:
    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        return REPLICA if _analytics.get() else None

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return None

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The same rows on both: an object read from the replica may point at one written.
        if {obj1._state.db, obj2._state.db} <= {"default", REPLICA}:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db == REPLICA else None


class ReplicaMiddleware:
    """Marks the analytics views' reads for the replica and remembers each user's writes."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.TRITHUC_REPLICA:
            return self.get_response(request)
        request._replica_reads = None  # type: ignore[attr-defined]
        try:
            response = self.get_response(request)
        finally:
            if request._replica_reads is not None:  # type: ignore[attr-defined]
                request._replica_reads.__exit__(None, None, None)  # type: ignore[attr-defined]
        if request.method not in SAFE_METHODS:
            remember_write(getattr(request, "user", None))
        return response

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> None:
        match = request.resolver_match
        if (settings.TRITHUC_REPLICA and request.method in SAFE_METHODS and match
                and match.view_name in settings.TRITHUC_REPLICA_VIEWS):  # fmt: skip
            reads = analytics_reads(request.user)
            reads.__enter__()
            request._replica_reads = reads  # type: ignore[attr-defined]
