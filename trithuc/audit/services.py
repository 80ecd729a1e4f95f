"""Writing the audit trail. Services call `record_event` explicitly, so that imports,
tasks and commands are logged as well as web requests.

`prune_events` is the only way rows ever leave the trail (`trithuc prune_audit`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import connections, transaction
from django.http import HttpRequest
from django.utils import timezone

from trithuc.audit.models import AuditEvent


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def _place(thing: Any) -> dict[str, Any]:
    """Where an event happened, from a person (or anything with the same attributes)."""
    if thing is None or not any(hasattr(thing, a) for a in ("workplace_unit", "unit_code")):
        return {}
    unit = str(getattr(thing, "workplace_unit", "") or getattr(thing, "unit_code", "") or "")
    province = str(getattr(thing, "province_code", "") or (unit if len(unit) == 2 else ""))
    return {"province_code": province if len(province) == 2 else "", "unit_code": unit,
            "agency_pk": getattr(thing, "agency_id", None)}  # fmt: skip


def _fitted(code: Any, length: int) -> str:
    """A code that fits its column, or blank: a longer one is not a unit code at all."""
    text = str(code or "")
    return text if len(text) <= length else ""


PERSON_LABEL = "people.Person"  # by its label: the audit trail sits below the registry


def _subject(obj: Any, about: Any) -> str:
    for thing in (about, obj):
        if getattr(getattr(thing, "_meta", None), "label", "") == PERSON_LABEL:
            return str(thing.uuid)
    return ""


def record_event(
    action: str,
    *,
    actor: Any = None,
    source: str = "",
    request: HttpRequest | None = None,
    obj: Any = None,
    about: Any = None,
    fields: list[str] | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    detail: dict[str, Any] | None = None,
    actor_name: str = "",
    place: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. `about` is the person an event on another object concerns (a
    consent, a correction request); `place` overrides where it happened (a membership's
    unit for a permission change)."""
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    where = place if place is not None else _place(about if about is not None else obj)
    return AuditEvent.objects.create(
        actor=actor_obj,
        actor_name=(getattr(actor_obj, "username", "") or actor_name or "")[:150],
        action=action,
        source=source,
        ip_address=client_ip(request),
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(getattr(obj, "uuid", None) or getattr(obj, "pk", "") or ""),
        object_repr=str(obj)[:200] if obj is not None else "",
        fields=fields or [],
        before=before or {},
        after=after or {},
        detail=detail or {},
        subject_id=_subject(obj, about),
        province_code=_fitted(where.get("province_code"), 2),
        unit_code=_fitted(where.get("unit_code"), 5),
        agency_pk=where.get("agency_pk"),
    )


def retention_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) - dt.timedelta(days=settings.TRITHUC_AUDIT_RETENTION_DAYS)


def prune_events(*, actor: Any = None, source: str = "command", dry_run: bool = False) -> int:
    """Delete events older than the retention period; the pruning is itself recorded."""
    cutoff = retention_cutoff()
    old = AuditEvent.objects.filter(at__lt=cutoff)
    if dry_run:
        return old.count()
    with transaction.atomic():
        # The queryset refuses delete(), and on PostgreSQL a trigger refuses DELETE unless
        # this transaction says it is pruning: the one deliberate exception.
        connection = connections[old.db]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL trithuc.audit_prune = 'on'")
        count = old._raw_delete(old.db)  # type: ignore[attr-defined]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL trithuc.audit_prune = 'off'")
        record_event(
            "prune", actor=actor, source=source,
            detail={"deleted": count, "before": cutoff.isoformat(),
                    "retention_days": settings.TRITHUC_AUDIT_RETENTION_DAYS},
        )  # fmt: skip
    return count
