"""Personal-data protection (Law 91/2025/QH15, Decree 356/2025): consent per purpose,
corrections asked by the person, and the right of access (everything held about them).

Every write is recorded in the audit trail with the person as its subject.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from trithuc.accounts.scope import scope_of
from trithuc.audit.models import AuditEvent
from trithuc.audit.services import record_event
from trithuc.lib.safe_export import SafeWorkbook
from trithuc.people.models import Person
from trithuc.people.presenters import display_value
from trithuc.people.template import DATA_FIELDS
from trithuc.privacy.models import Consent, ConsentPurpose, CorrectionRequest, CorrectionStatus

# ---- consent --------------------------------------------------------------------------------


def has_consent(person: Any, purpose: str, at: dt.datetime | None = None) -> bool:
    """Has `person` consented to `purpose` (and not withdrawn it) at `at` (now)?"""
    return Consent.objects.filter(person=person).in_force(purpose, at).exists()


def people_with_consent(people: QuerySet, purpose: str) -> QuerySet:
    """Narrow a queryset of people (already scoped) to those who consented to `purpose`."""
    return people.filter(pk__in=Consent.objects.in_force(purpose).values("person_id"))


def record_consent(person: Any, purpose: str, *, actor: Any, evidence: str,
                   given_at: dt.datetime | None = None, source: str = "web",
                   request: Any = None) -> Consent:  # fmt: skip
    """Record a consent; one already in force for the purpose is kept as it is."""
    if purpose not in ConsentPurpose.values:
        raise ValueError(f"unknown purpose {purpose!r}")
    with transaction.atomic():
        current = Consent.objects.filter(person=person).in_force(purpose).first()
        if current is not None:
            return current
        consent = Consent.objects.create(
            person=person, purpose=purpose, given_at=given_at or timezone.now(),
            evidence=evidence[:300], recorded_by=actor if actor and actor.pk else None,
        )  # fmt: skip
        record_event("create", actor=actor, source=source, request=request, obj=consent,
                     about=person, after={"purpose": purpose, "evidence": consent.evidence,
                                          "given_at": consent.given_at.isoformat()})  # fmt: skip
    return consent


def withdraw_consent(person: Any, purpose: str, *, actor: Any, source: str = "web",
                     request: Any = None) -> int:  # fmt: skip
    """Withdraw every consent in force for `purpose`; the rows are kept, dated."""
    now = timezone.now()
    withdrawn = 0
    with transaction.atomic():
        for consent in Consent.objects.filter(person=person).in_force(purpose, now):
            consent.withdrawn_at = now
            consent.save(update_fields=["withdrawn_at"])
            record_event("update", actor=actor, source=source, request=request, obj=consent,
                         about=person, fields=["withdrawn_at"],
                         after={"withdrawn_at": now.isoformat()})  # fmt: skip
            withdrawn += 1
    return withdrawn


# ---- the intellectual's own profile ---------------------------------------------------------


def own_people(user: Any) -> QuerySet:
    """The profiles linked to `user` by national ID, through the one gate."""

    ids = sorted(scope_of(user).national_ids())
    return Person.objects.visible_to(user).filter(national_id__in=ids)


def is_intellectual(user: Any) -> bool:
    """Does `user` hold a profile as their own (an intellectual's role)?"""
    return scope_of(user).keeps_own_profile


def request_correction(person: Any, *, actor: Any, field: str, requested_value: str,
                       reason: str = "", request: Any = None) -> CorrectionRequest:  # fmt: skip
    correction = CorrectionRequest.objects.create(
        person=person, requested_by=actor, field=field,
        current_value=display_value(person, field, sensitive=True)[:300],
        requested_value=requested_value[:300], reason=reason[:2000],
    )  # fmt: skip
    record_event("create", actor=actor, source="web", request=request, obj=correction,
                 about=person, fields=[field],
                 after={"field": field, "requested_value": correction.requested_value})  # fmt: skip
    return correction


def resolve_correction(correction: CorrectionRequest, *, actor: Any, status: str,
                       response: str = "", request: Any = None) -> None:  # fmt: skip
    if status not in (CorrectionStatus.DONE, CorrectionStatus.REJECTED):
        raise ValueError(f"bad status {status!r}")
    with transaction.atomic():
        before = correction.status
        correction.status = status
        correction.response = response[:2000]
        correction.handled_by = actor
        correction.handled_at = timezone.now()
        correction.save(update_fields=["status", "response", "handled_by", "handled_at"])
        record_event("update", actor=actor, source="web", request=request, obj=correction,
                     about=correction.person, fields=["status", "response"],
                     before={"status": before},
                     after={"status": status, "response": correction.response})  # fmt: skip


def corrections_for_manager(user: Any) -> QuerySet:
    """Requests about the people `user` may edit (the one gate decides)."""

    return CorrectionRequest.objects.filter(
        person__in=Person.objects.editable_by(user)
    ).select_related("person", "requested_by")


# ---- right of access ------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return (
            timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
        )
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _rows(queryset: QuerySet, fields: list[str]) -> list[dict[str, Any]]:
    return [{name: _plain(value) for name, value in zip(fields, row, strict=True)}
            for row in queryset.values_list(*fields)]  # fmt: skip


def personal_data(person: Any) -> dict[str, Any]:
    """Everything the registry holds about `person`, as plain JSON-safe data."""

    profile = {name: _plain(getattr(person, name)) for name in DATA_FIELDS}
    profile |= {"uuid": str(person.uuid), "birth_year_only": person.birth_year_only,
                "created_at": _plain(person.created_at), "updated_at": _plain(person.updated_at)}  # fmt: skip
    audit = AuditEvent.objects.filter(subject_id=str(person.uuid)).order_by("at", "id")
    return {
        "generated_at": _plain(timezone.now()),
        "profile": profile,
        "employments": _rows(person.employments.order_by("valid_from", "id"),
                             ["employer", "workplace_unit", "sector", "employment_type",
                              "position", "is_leader", "valid_from", "valid_to"]),
        "qualifications": _rows(person.qualifications.order_by("awarded_on", "id"),
                                ["level", "field", "year", "awarded_on"]),
        "changes": _rows(person.changes.order_by("changed_at", "id"),
                         ["changed_at", "source", "field", "old_value", "new_value"]),
        "consents": _rows(person.consents.order_by("given_at", "id"),
                          ["purpose", "given_at", "withdrawn_at", "evidence"]),
        "correction_requests": _rows(person.correction_requests.order_by("created_at", "id"),
                                     ["created_at", "field", "current_value", "requested_value",
                                      "reason", "status", "handled_at", "response"]),
        "audit_events": _rows(audit, ["at", "action", "source", "actor_name", "fields"]),
    }  # fmt: skip


def write_personal_data(person: Any, target: Path | IO[bytes], fmt: str) -> None:
    """Write `personal_data(person)` as JSON or XLSX (one sheet per section)."""
    data = personal_data(person)
    if fmt == "json":
        text = json.dumps(data, ensure_ascii=False, indent=2, default=str).encode()
        if isinstance(target, Path):
            target.write_bytes(text)
        else:
            target.write(text)
        return
    _write_personal_xlsx(data, target)


SHEETS = {"profile": "Hồ sơ", "employments": "Quá trình công tác",
          "qualifications": "Trình độ", "changes": "Lịch sử thay đổi", "consents": "Sự đồng ý",
          "correction_requests": "Yêu cầu chỉnh sửa", "audit_events": "Nhật ký"}  # fmt: skip


def _write_personal_xlsx(data: dict[str, Any], target: Path | IO[bytes]) -> None:

    workbook = SafeWorkbook(str(target) if isinstance(target, Path) else target)
    bold = workbook.add_format({"bold": True})
    for key, title in SHEETS.items():
        sheet = workbook.add_worksheet(title)
        rows = [{"field": k, "value": v} for k, v in data[key].items()] \
            if key == "profile" else data[key]  # fmt: skip
        headers = list(rows[0]) if rows else []
        for col, header in enumerate(headers):
            sheet.write_string(0, col, header, bold)
            sheet.set_column(col, col, 22)
        for r, row in enumerate(rows, start=1):
            for col, header in enumerate(headers):
                value = row[header]
                if isinstance(value, bool) or value is None:
                    sheet.write_string(
                        r, col, "" if value is None else ("có" if value else "không")
                    )
                elif isinstance(value, int | float):
                    sheet.write_number(r, col, value)
                else:
                    sheet.write_string(r, col, json.dumps(value, ensure_ascii=False)
                                       if isinstance(value, list | dict) else str(value))  # fmt: skip
    workbook.close()


def export_personal_data(person: Any, target: Path | IO[bytes], fmt: str, *, actor: Any,
                         source: str, request: Any = None) -> None:  # fmt: skip
    """The right of access: write the file and record who took it."""
    write_personal_data(person, target, fmt)
    record_event("export", actor=actor, source=source, request=request, obj=person,
                 detail={"kind": "right_of_access", "format": fmt})  # fmt: skip
