"""The dashboard's forecasts, computed in the background so that no reader waits for the
model (seconds on a province; the dashboard itself answers from its cache).

A forecast is kept per kind of reader (`DashboardForecast`, keyed by the plans, the
scope of aggregates, whether small cells are hidden, the unit and the date asked) with
the fingerprint of what it was computed from: the start date, the registry's last
change (`SnapshotState.changed_at`), the targets and their indicators' definitions.

- A reader's page asks `lookup`: it gets the last forecast with when it was computed,
  stale or not, and, when none is there or it is stale, a task is queued to compute it
  (the page says "đang tính dự báo…" and polls until it is there).
- After every snapshot refresh (`indicators.forecasting.after_refresh`: imports and
  edits of the registry end there) and after a target changes, `refresh_all` recomputes
  the stale forecasts readers used in the last KEEP_DAYS days, so most readers never see
  one computing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import time
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from trithuc.forecasts.models import DashboardForecast
from trithuc.forecasts.presenters import compute_for_dashboard, forecastable
from trithuc.indicators.forecasting import Found
from trithuc.indicators.models import Target
from trithuc.indicators.values import Evaluator

logger = logging.getLogger(__name__)
KEEP_DAYS = 14
# A forecast queued or running longer than this (a worker that died) is queued again.
STUCK_AFTER = dt.timedelta(minutes=10)


def key_of(evaluator: Any, targets: list[Target]) -> tuple[str, list[str]]:
    plans = sorted({t.plan_reference for t in targets})
    scope = evaluator.scope.key() if evaluator.user is not None else "*"
    raw = json.dumps([plans, scope, bool(evaluator.suppress), evaluator.unit or "",
                      str(evaluator.as_of_asked or "")])  # fmt: skip
    return hashlib.sha256(raw.encode()).hexdigest(), plans


def fingerprint(evaluator: Any, targets: list[Target]) -> str:
    changed = evaluator.state.changed_at
    parts = [
        str(evaluator.as_of), changed.isoformat() if changed else "",
        sorted([t.pk, t.unit_code, t.unit_code_system, t.sector, t.year, t.comparator, t.value,
                t.value_high, t.agency_id, t.indicator_id,
                [t.indicator.kind, t.indicator.population, t.indicator.numerator]
                if t.indicator else None] for t in targets),
    ]  # fmt: skip
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()


def lookup(evaluator: Any, targets: list[Target]) -> Found:
    """What the dashboard shows of the targets' forecasts now, never computing them here:
    the last one computed (stale or not), and a task queued when it is missing or stale."""
    key, plans = key_of(evaluator, targets)
    wanted = fingerprint(evaluator, targets)
    now = timezone.now()
    row, _ = DashboardForecast.objects.get_or_create(key=key, defaults={
        "user": evaluator.user, "plans": plans, "unit": evaluator.unit or "",
        "as_of_asked": evaluator.as_of_asked, "state": "new", "used_at": now,
    })  # fmt: skip
    if row.used_at is None or now - row.used_at > dt.timedelta(hours=1):
        DashboardForecast.objects.filter(pk=row.pk).update(used_at=now)
    if row.basis != wanted:
        recent = row.requested_at is not None and now - row.requested_at <= STUCK_AFTER
        same = row.wanted == wanted
        # Asked already and still coming (or failed a moment ago: not again at once).
        waiting = same and recent and row.state in ("queued", "running", "failed")
        if not waiting:
            _queue(row, wanted, evaluator.user)
            row.refresh_from_db()
    return _found(row, targets, wanted)


def _queue(row: DashboardForecast, wanted: str, user: Any) -> None:
    DashboardForecast.objects.filter(pk=row.pk).update(
        state="queued", wanted=wanted, progress=0, requested_at=timezone.now(), message="",
        user=user if getattr(user, "pk", None) else row.user,
    )  # fmt: skip
    compute_dashboard_forecast.enqueue(row.pk)


def _found(row: DashboardForecast, targets: list[Target], wanted: str) -> Found:
    by_target = {int(pk): value for pk, value in (row.result or {}).items()}
    fresh = row.basis == wanted and row.computed_at is not None
    if fresh:
        state = "ready"
    elif row.state == "failed":
        state = "failed"
    elif row.computed_at is not None:
        state = "stale"
    else:
        state = "computing"
    for target in targets:
        if target.pk not in by_target and state in ("computing", "stale") and forecastable(target):
            by_target[target.pk] = {"pending": True}
    return Found(by_target=by_target, state=state, computed_at=row.computed_at,
                 progress=row.progress, message=row.message)  # fmt: skip


def evaluator_for(row: DashboardForecast) -> Evaluator:
    return Evaluator(row.user, as_of=row.as_of_asked, unit=row.unit or None)


def targets_for(row: DashboardForecast) -> list[Target]:
    found = Target.objects.visible_to(row.user) if row.user is not None else Target.objects.all()
    return list(found.filter(plan_reference__in=row.plans).select_related("indicator"))


def compute(row_id: int) -> dict[str, Any]:
    """Compute one dashboard forecast now (the task), unless it is already up to date."""
    row = DashboardForecast.objects.filter(pk=row_id).select_related("user").first()
    if row is None:
        return {"skipped": "gone"}
    if row.user is not None and not row.user.is_active:
        row.delete()
        return {"skipped": "reader gone"}
    evaluator = evaluator_for(row)
    targets = targets_for(row)
    basis = fingerprint(evaluator, targets)
    if row.basis == basis and row.state == "done":
        return {"skipped": "fresh"}
    DashboardForecast.objects.filter(pk=row.pk).update(state="running", progress=1)
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        DashboardForecast.objects.filter(pk=row.pk).update(progress=max(1, 99 * done // total))

    try:
        result = compute_for_dashboard(evaluator, targets, progress=progress)
    except Exception as exc:
        logger.exception("Could not compute the dashboard's forecast %s", row.pk)
        DashboardForecast.objects.filter(pk=row.pk).update(state="failed", message=str(exc)[:500])
        raise
    seconds = time.perf_counter() - started
    with transaction.atomic():
        DashboardForecast.objects.filter(pk=row.pk).update(
            state="done", progress=100, basis=basis, result={str(k): v for k, v in result.items()},
            as_of=evaluator.as_of, computed_at=timezone.now(), seconds=seconds, message="",
        )  # fmt: skip
    return {"targets": len(result), "seconds": round(seconds, 3)}


def refresh_all(requested_at: str | None = None) -> dict[str, Any]:
    """Recompute the stale forecasts readers used in the last KEEP_DAYS days (after a
    change); forget the others."""
    since = timezone.now() - dt.timedelta(days=KEEP_DAYS)
    DashboardForecast.objects.filter(used_at__lt=since).delete()
    done = 0
    for row in DashboardForecast.objects.select_related("user").order_by("-used_at"):
        if requested_at and row.computed_at and row.computed_at.isoformat() >= requested_at:
            continue  # computed after this refresh was asked for
        if row.user is not None and not row.user.is_active:
            row.delete()
            continue
        evaluator = evaluator_for(row)
        wanted = fingerprint(evaluator, targets_for(row))
        if row.basis != wanted:
            DashboardForecast.objects.filter(pk=row.pk).update(wanted=wanted, state="queued",
                                                                requested_at=timezone.now())  # fmt: skip
            compute(row.pk)
            done += 1
    return {"recomputed": done}


def request_refresh(**_: Any) -> None:
    """Queue `refresh_all` once the current transaction commits. Never raises: a change
    that committed must not fail because of its aftermath."""

    def queue() -> None:
        try:
            refresh_dashboard_forecasts.enqueue(requested_at=timezone.now().isoformat())
        except Exception:  # noqa: BLE001
            logger.exception("Could not queue the refresh of the dashboard's forecasts")

    transaction.on_commit(queue)


@task()
def compute_dashboard_forecast(row_id: int) -> dict:
    return compute(row_id)


@task()
def refresh_dashboard_forecasts(requested_at: str | None = None) -> dict:
    return refresh_all(requested_at)
