"""What the API's endpoints read and write: the same services, querysets and presenters the
web pages use, with the caller's scope (the token's user)."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from trithuc.accounts.scope import scope_of
from trithuc.accounts.services import can_edit_people, can_see_sensitive, can_view_aggregates
from trithuc.api.models import ApiImport
from trithuc.api.tasks import run_api_import_task
from trithuc.audit.services import record_event
from trithuc.core.replica import analytics_reads
from trithuc.core.security import UploadRefused, check_archive
from trithuc.indicators.models import Target
from trithuc.indicators.services import evaluate_targets
from trithuc.indicators.snapshots import get_state, refresh_snapshot
from trithuc.indicators.views import can_view_dashboard
from trithuc.orgunits.models import Agency
from trithuc.people.access import get_person_for_user
from trithuc.people.management.commands.people_stats import must_protect, protected_rows
from trithuc.people.models import Person
from trithuc.people.presenters import SENSITIVE_FIELDS, profile_sections
from trithuc.people.services import LAYOUTS
from trithuc.people.stats import people_stats
from trithuc.plans.models import Plan, ProgressReport, Task
from trithuc.plans.services import ReportInput, save_report


class ApiRefused(ValueError):
    """Bad input, answered 400 with this Vietnamese message."""


def person_detail(user: Any, person_uuid: Any, request: Any) -> dict[str, Any]:
    person = get_person_for_user(user, person_uuid)
    sensitive = can_see_sensitive(user)
    if sensitive:
        record_event("view_sensitive", actor=user, source="api", request=request,
                     obj=person, fields=sorted(SENSITIVE_FIELDS))  # fmt: skip
    return {"uuid": str(person.uuid), "is_synthetic": person.is_synthetic,
            "sections": profile_sections(person, sensitive=sensitive)}  # fmt: skip


def counts(user: Any, by: list[str], unit: str | None, as_of: dt.date | None) -> dict[str, Any]:
    """As `trithuc people_stats --user`: the caller's people, small cells hidden for the
    roles the web hides them from."""
    if not can_view_aggregates(user):
        raise PermissionDenied
    protect = must_protect(user, by)
    if protect and len(by) > 2:
        raise ApiRefused(_("Với vai trò và các trường này, chỉ nhóm theo tối đa hai trường."))
    with analytics_reads(user):
        rows = people_stats(Person.objects.visible_to(user), by, unit=unit, as_of=as_of)
    return {"rows": protected_rows(rows, by) if protect else rows, "suppressed": protect}


def indicators(user: Any, plan: str | None, unit: str | None, as_of: dt.date | None) -> list:
    if not can_view_dashboard(user):
        raise PermissionDenied
    targets = Target.objects.visible_to(user).select_related("indicator").for_plan(plan)
    if get_state().as_of is None:
        refresh_snapshot()
    with analytics_reads(user):
        rows = evaluate_targets(list(targets.order_by("plan_reference", "position", "id")),
                                user=user, as_of=as_of, unit=unit)  # fmt: skip
        return [row.as_json() for row in rows]


def plan_for(user: Any, plan_uuid: Any) -> Plan:
    plan = Plan.objects.visible_to(user).filter(uuid=plan_uuid).first()
    if plan is None:
        raise Http404
    return plan


def plan_json(plan: Plan) -> dict[str, Any]:
    return {"uuid": str(plan.uuid), "kind": plan.kind, "number": plan.number,
            "title": plan.title, "issued_on": plan.issued_on, "issuer": plan.issuer,
            "province_code": plan.province_code,
            "reporting_frequency": plan.reporting_frequency, "version": plan.version,
            "periods": [{"id": p.pk, "kind": p.kind, "starts_on": p.starts_on,
                         "ends_on": p.ends_on, "due_on": p.due_on}
                        for p in plan.periods.order_by("ends_on", "pk")]}  # fmt: skip


def task_json(task: Task) -> dict[str, Any]:
    return {"uuid": str(task.uuid), "number": task.number, "title": task.title,
            "parent": str(task.parent.uuid) if task.parent_id else None,
            "lead_agency": task.lead_agency_id,
            "lead_agency_name": task.lead_agency.name if task.lead_agency_id else None,
            "deadline_kind": task.deadline_kind, "due_on": task.due_on,
            "recurrence": task.recurrence, "requires_plan": task.requires_plan}  # fmt: skip


def report_json(report: ProgressReport) -> dict[str, Any]:
    return {"uuid": str(report.uuid), "plan": str(report.plan.uuid), "period": report.period_id,
            "task": str(report.task.uuid) if report.task_id else None,
            "agency": report.agency_id, "agency_name": report.agency.name,
            "status": report.status, "state": report.state,
            "achievements": report.achievements, "figures": report.figures,
            "difficulties": report.difficulties, "version": report.version,
            "submitted_at": report.submitted_at}  # fmt: skip


def reports(user: Any, plan_uuid: Any | None, period: int | None) -> list[dict[str, Any]]:
    found = ProgressReport.objects.visible_to(user).select_related("plan", "task", "agency")
    if plan_uuid:
        found = found.filter(plan__uuid=plan_uuid)
    if period:
        found = found.filter(period_id=period)
    return [report_json(r) for r in found.order_by("period__ends_on", "pk")[:5000]]


def write_report(user: Any, data: Any) -> ProgressReport:
    """`data`: plan, period, task, agency, status, achievements, figures, difficulties,
    expected_version, submit — the fields of the web form."""
    plan = plan_for(user, data.plan)
    period = plan.periods.filter(pk=data.period).first()
    task = plan.tasks.filter(uuid=data.task).first() if data.task else None
    agency = Agency.objects.filter(pk=data.agency).first()
    if period is None or agency is None or (data.task and task is None):
        raise Http404
    figures = [item.dict() for item in data.figures]
    return save_report(plan=plan, period=period, task=task, agency=agency,
                       data=ReportInput(data.status, data.achievements, figures, data.difficulties),
                       expected_version=data.expected_version, actor=user, submit=data.submit,
                       source="api")  # fmt: skip


def start_import(
    user: Any, upload: UploadedFile, *, strict: bool, dry_run: bool, layout: str = "template"
) -> ApiImport:
    """Check and store a posted file, and queue its import (`import_jobs.run_import`):
    the same run and report as `trithuc import_people --user … --format json`. A file
    refused here (type, size, a zip bomb) is answered at once and never stored."""
    if not can_edit_people(user):
        raise PermissionDenied
    if layout not in LAYOUTS:
        raise ApiRefused(_("Bố cục tệp phải là 'template' (mẫu nhập) hoặc 'cbccvc' (tệp xuất "
                           "từ CSDL CBCCVC)."))  # fmt: skip
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in {".xlsx", ".xls", ".ods", ".csv"}:
        raise ApiRefused(_("Chỉ nhận tệp XLSX, XLS, ODS hoặc CSV."))
    if upload.size > settings.TRITHUC_UPLOAD_MAX_BYTES:
        raise ApiRefused(_("Tệp tải lên quá lớn."))
    key = uuid.uuid4()
    folder = Path(settings.MEDIA_ROOT) / "api-imports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{key}{suffix}"
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    try:
        with path.open("rb") as handle:
            check_archive(handle, settings.TRITHUC_UPLOAD_MAX_UNZIPPED_BYTES)
    except UploadRefused as exc:
        path.unlink(missing_ok=True)
        raise ApiRefused(str(exc)) from None
    job = ApiImport.objects.create(uuid=key, user=user, stored_path=str(path),
                                   original_name=Path(upload.name or "").name[:255],
                                   strict=strict, dry_run=dry_run)  # fmt: skip
    # The layout travels with the task (the job row keeps no layout).
    transaction.on_commit(lambda: run_api_import_task.enqueue(str(job.uuid), layout))
    return job


def import_for(user: Any, job_uuid: Any) -> ApiImport:
    """An import job its own user (or a superuser) started; 404 for anyone else's."""
    jobs = ApiImport.objects.filter(uuid=job_uuid)
    if not scope_of(user).superuser:
        jobs = jobs.filter(user_id=user.pk)
    job = jobs.first()
    if job is None:
        raise Http404
    return job
