"""Business rules of plans and their follow-up: saving plans and tasks, keeping their
periods in step, writing, submitting and reopening progress reports. Views, commands
and tests all call these; each change is recorded in the audit trail."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from trithuc.audit.services import record_event
from trithuc.plans.access import check_plan_write, check_report_write
from trithuc.plans.due import is_due
from trithuc.plans.models import (
    Period,
    Plan,
    ProgressReport,
    ReportAttachment,
    ReportState,
    ReportStatus,
    Task,
)
from trithuc.plans.periods import default_reviews, plan_periods

ATTACHMENT_TYPES = {".pdf", ".doc", ".docx", ".odt", ".xls", ".xlsx", ".ods", ".jpg", ".jpeg",
                    ".png", ".txt", ".zip"}  # fmt: skip
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024


class PlanError(ValueError):
    """A rule of plans refused a change; the message is for the user, in Vietnamese."""


class StaleReport(PlanError):
    """Someone saved the report after this user opened it."""


class ReportLocked(PlanError):
    """The report was submitted; only the plan's owner may reopen it."""


PLAN_FIELDS = ["kind", "number", "title", "issued_on", "issuer", "owner_agency",
               "objectives", "reporting_frequency", "due_days_after_cutoff",
               "remind_days_before", "mid_term_review_on", "final_review_on"]  # fmt: skip


def _snapshot(obj: Any, fields: list[str]) -> dict[str, str]:
    return {name: str(getattr(obj, name) or "") for name in fields}


def fill_review_dates(plan: Plan) -> None:
    mid, final = default_reviews(plan.issued_on)
    plan.mid_term_review_on = plan.mid_term_review_on or mid
    plan.final_review_on = plan.final_review_on or final


def sync_periods(plan: Plan) -> None:
    """Create the plan's periods, move due dates that changed, and remove periods that
    no longer apply unless a report was written in them."""
    specs = plan_periods(plan.reporting_frequency, plan.issued_on, plan.due_days_after_cutoff,
                         plan.mid_term_review_on, plan.final_review_on)  # fmt: skip
    existing = {(p.kind, p.ends_on): p for p in plan.periods.all()}
    wanted = set()
    for spec in specs:
        key = (spec.kind, spec.ends_on)
        wanted.add(key)
        period = existing.get(key)
        if period is None:
            Period.objects.create(plan=plan, kind=spec.kind, starts_on=spec.starts_on,
                                  ends_on=spec.ends_on, due_on=spec.due_on)  # fmt: skip
        elif (period.starts_on, period.due_on) != (spec.starts_on, spec.due_on):
            period.starts_on, period.due_on = spec.starts_on, spec.due_on
            period.save(update_fields=["starts_on", "due_on"])
    for key, period in existing.items():
        if key not in wanted and not period.reports.exists():
            period.delete()


def save_plan(plan: Plan, *, actor: Any, expected_version: int | None = None,
              implements: list[Plan] | None = None, source: str = "web") -> Plan:  # fmt: skip
    """Create or change a plan (refusing a save over someone else's newer one)."""
    created = plan.pk is None
    fill_review_dates(plan)
    with transaction.atomic():
        if created:
            if getattr(actor, "is_authenticated", False):
                plan.created_by = actor
            plan.save()
            before: dict[str, str] = {}
        else:
            current = Plan.objects.select_for_update().get(pk=plan.pk)
            if expected_version is not None and current.version != expected_version:
                raise StaleReport(
                    "Kế hoạch vừa được người khác sửa sau khi bạn mở trang. Nội dung bạn nhập "
                    "vẫn còn trong biểu mẫu; hãy mở lại kế hoạch để xem bản mới rồi sửa tiếp."
                )  # fmt: skip
            before = _snapshot(current, PLAN_FIELDS)
            check_plan_write(actor, current)
            plan.version = current.version + 1
            plan.save()
        check_plan_write(actor, plan)
        if implements is not None:
            plan.implements.set([p for p in implements if p.pk != plan.pk])
        sync_periods(plan)
        after = _snapshot(plan, PLAN_FIELDS)
        changed = [name for name in PLAN_FIELDS if before.get(name) != after[name]]
        record_event("plan_create" if created else "plan_update", actor=actor, source=source,
                     obj=plan, fields=changed,
                     before={k: before[k] for k in changed if k in before},
                     after={k: after[k] for k in changed})  # fmt: skip
    return plan


TASK_FIELDS = ["number", "title", "description", "lead_agency", "deadline_kind", "due_on",
               "recurrence", "deadline_text", "requires_plan", "linked_plan", "parent"]  # fmt: skip


def save_task(task: Task, *, actor: Any, coordinating: list[Any] | None = None,
              source: str = "web") -> Task:  # fmt: skip
    """Create or change a task; check that its agencies belong to the plan's province."""
    province = task.plan.province_code
    agencies = [task.lead_agency, *(coordinating or [])]
    for agency in agencies:
        if agency is not None and agency.province_code != province:
            raise PlanError(f"Cơ quan {agency} không thuộc tỉnh của kế hoạch.")
    if task.deadline_kind == "fixed" and task.due_on is None:
        raise PlanError("Nhiệm vụ có thời hạn phải có ngày hạn.")
    if task.parent_id and task.parent.plan_id != task.plan_id:
        raise PlanError("Nhiệm vụ cha phải thuộc cùng kế hoạch.")
    ancestor = task.parent
    while ancestor is not None and task.pk is not None:
        if ancestor.pk == task.pk:
            raise PlanError("Nhiệm vụ không thể nằm dưới chính nó hay nhiệm vụ con của nó.")
        ancestor = ancestor.parent
    created = task.pk is None
    with transaction.atomic():
        check_plan_write(actor, task.plan)
        before = {} if created else _snapshot(Task.objects.get(pk=task.pk), TASK_FIELDS)
        if created and not task.position:
            task.position = task.plan.tasks.count() + 1
        task.save()
        if coordinating is not None:
            task.coordinating_agencies.set([a for a in coordinating if a.pk != task.lead_agency_id])
        after = _snapshot(task, TASK_FIELDS)
        after["coordinating"] = ", ".join(a.name for a in task.coordinating_agencies.all())
        changed = [k for k in after if before.get(k) != after[k]]
        record_event("task_create" if created else "task_update", actor=actor, source=source,
                     obj=task, fields=changed,
                     before={k: before[k] for k in changed if k in before},
                     after={k: after[k] for k in changed})  # fmt: skip
    return task


# ---- progress reports ----------------------------------------------------------------------


@dataclass
class ReportInput:
    status: str
    achievements: str
    figures: list[dict[str, Any]]
    difficulties: str


REPORT_FIELDS = ["status", "achievements", "figures", "difficulties", "state"]


def parse_figures(text: str) -> list[dict[str, Any]]:
    """Lines "Tên số liệu: giá trị [đơn vị]" into figures; a clear message for a bad line."""
    figures = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        label, sep, rest = line.rpartition(":")
        if not sep or not label.strip():
            raise PlanError(f'Dòng số liệu {number} ("{line[:40]}") cần dạng "Tên: giá trị".')
        value_text, _, unit = rest.strip().partition(" ")
        try:
            value = _number(value_text)
        except ValueError:
            raise PlanError(
                f'Dòng số liệu {number}: "{value_text}" không phải là số '
                "(viết 12 hoặc 12,5; phần sau số là đơn vị)."
            ) from None
        figures.append({"label": label.strip(), "value": value, "unit": unit.strip()})
    return figures


_THOUSANDS = re.compile(r"^-?\d{1,3}(?:\.\d{3})+$")


def _number(text: str) -> float:
    """A number as Vietnamese write it: 1.200 is twelve hundred, 12,5 is twelve and a half."""
    if "," in text or _THOUSANDS.match(text):
        return float(text.replace(".", "").replace(",", "."))
    return float(text)


def figures_text(figures: list[dict[str, Any]]) -> str:
    def show(value: float) -> str:
        return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")

    return "\n".join(
        f"{f['label']}: {show(f['value'])}{' ' + f['unit'] if f.get('unit') else ''}"
        for f in figures
    )


def check_attachment(upload: UploadedFile) -> None:
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in ATTACHMENT_TYPES:
        allowed = ", ".join(sorted(ATTACHMENT_TYPES))
        raise PlanError(f'Tệp "{upload.name}" không được nhận; chỉ nhận: {allowed}.')
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise PlanError(f'Tệp "{upload.name}" lớn hơn 20 MB.')


def save_report(
    *,
    plan: Plan,
    period: Period,
    task: Task | None,
    agency: Any,
    data: ReportInput,
    expected_version: int,
    actor: Any,
    submit: bool = False,
    files: list[UploadedFile] | None = None,
    source: str = "web",
) -> ProgressReport:
    """Save (and with `submit`, submit) one agency's report for one item.

    `expected_version` is the version the user opened (0 for a report not yet written):
    when someone saved in between, StaleReport is raised and nothing is written.
    """
    if data.status not in ReportStatus.values:
        raise PlanError("Tình hình thực hiện không hợp lệ.")
    _check_due(plan, period, task, agency)
    for upload in files or []:
        check_attachment(upload)
    if submit and (problems := submission_problems(data)):
        raise PlanError(next(iter(problems.values())))
    values = {"status": data.status, "achievements": data.achievements,
              "figures": data.figures, "difficulties": data.difficulties}  # fmt: skip
    now = timezone.now()
    user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        check_report_write(actor, plan, agency.pk)
        report = ProgressReport.objects.filter(period=period, task=task, agency=agency).first()
        if report is None:
            if expected_version != 0:
                raise StaleReport(_stale_message(None))
            report = ProgressReport(plan=plan, period=period, task=task, agency=agency,
                                    updated_by=user, **values)  # fmt: skip
            if submit:
                report.state, report.submitted_by, report.submitted_at = "submitted", user, now
            try:
                with transaction.atomic():
                    report.save()
            except IntegrityError:
                raise StaleReport(_stale_message(None)) from None
            before: dict[str, str] = {}
        else:
            if report.state == ReportState.SUBMITTED:
                raise ReportLocked(
                    "Báo cáo đã nộp nên bị khóa. Nếu cần sửa, đề nghị cơ quan theo dõi kế hoạch "
                    "mở lại báo cáo."
                )  # fmt: skip
            before = _snapshot(report, REPORT_FIELDS)
            update = {**values, "updated_by": user, "updated_at": now, "version": F("version") + 1}
            if submit:
                update.update(state="submitted", submitted_by=user, submitted_at=now)
            changed = ProgressReport.objects.filter(pk=report.pk, version=expected_version,
                                                    state=ReportState.DRAFT).update(**update)  # fmt: skip
            if changed == 0:
                raise StaleReport(_stale_message(report))
            report.refresh_from_db()
        for upload in files or []:
            ReportAttachment.objects.create(report=report, file=upload,
                                            original_name=Path(upload.name).name[:255],
                                            size=upload.size, uploaded_by=user)  # fmt: skip
        after = _snapshot(report, REPORT_FIELDS)
        changed_fields = [k for k in REPORT_FIELDS if before.get(k) != after[k]]
        record_event("report_submit" if submit else "report_save", actor=actor, source=source,
                     obj=report, fields=changed_fields,
                     before={k: before[k] for k in changed_fields if k in before},
                     after={k: after[k] for k in changed_fields},
                     detail={"attachments": [u.name for u in files or []]})  # fmt: skip
    return report


def submission_problems(data: ReportInput) -> dict[str, str]:
    """What a report must say before it is submitted and locked (a draft may be
    incomplete), by form field: what was done, or why nothing was started."""
    if data.status == ReportStatus.NOT_STARTED:
        if not data.difficulties.strip():
            return {"difficulties": "Báo cáo “Chưa triển khai” cần ghi lý do ở mục “Khó khăn, "
                                    "kiến nghị” trước khi nộp."}  # fmt: skip
    elif not data.achievements.strip():
        return {"achievements": "Cần ghi kết quả đã làm trước khi nộp báo cáo."}
    return {}


def _check_due(plan: Plan, period: Period, task: Task | None, agency: Any) -> None:
    """A report only for something the agency really owes in that period of that plan."""
    if period.plan_id != plan.pk or (task is not None and task.plan_id != plan.pk):
        raise PlanError("Kỳ báo cáo hoặc nhiệm vụ không thuộc kế hoạch này.")
    if not is_due(plan, period, task, agency.pk):
        raise PlanError(f"{agency} không phải báo cáo nội dung này trong {period.label.lower()}.")


def _stale_message(report: ProgressReport | None) -> str:
    who = ""
    if report is not None:
        fresh = ProgressReport.objects.select_related("updated_by").get(pk=report.pk)
        if fresh.state == ReportState.SUBMITTED:
            return ("Báo cáo vừa được nộp bởi người khác, nên bị khóa. Nội dung bạn nhập chưa "
                    "được lưu và vẫn còn trong biểu mẫu.")  # fmt: skip
        name = (
            fresh.updated_by.get_full_name() or fresh.updated_by.username
            if fresh.updated_by
            else ""
        )
        when = timezone.localtime(fresh.updated_at).strftime("%H:%M ngày %d/%m/%Y")
        who = f" ({name}, lúc {when})" if name else f" (lúc {when})"
    return (f"Báo cáo vừa được người khác lưu{who} sau khi bạn mở trang. Nội dung bạn nhập "
            "chưa được lưu và vẫn còn trong biểu mẫu: hãy mở bản mới trong thẻ khác, gộp nội "
            "dung rồi lưu lại.")  # fmt: skip


def reopen_report(report: ProgressReport, *, actor: Any, reason: str = "",
                  source: str = "web") -> ProgressReport:  # fmt: skip
    """The plan owner unlocks a submitted report so its agency can correct it."""
    if report.state != ReportState.SUBMITTED:
        raise PlanError("Báo cáo chưa nộp, không cần mở lại.")
    with transaction.atomic():
        check_plan_write(actor, report.plan)  # who may reopen is answered before why
        if not reason.strip():
            raise PlanError("Cần ghi lý do mở lại báo cáo để cơ quan biết phải sửa gì.")
        ProgressReport.objects.filter(pk=report.pk).update(
            state=ReportState.DRAFT, version=F("version") + 1,
            reopened_count=F("reopened_count") + 1, updated_at=timezone.now(),
        )  # fmt: skip
        report.refresh_from_db()
        record_event("report_reopen", actor=actor, source=source, obj=report,
                     fields=["state"], before={"state": "submitted"}, after={"state": "draft"},
                     detail={"reason": reason[:500]})  # fmt: skip
    return report


def report_due_label(period: Period, today: dt.date) -> str:
    days = (period.due_on - today).days
    if days > 0:
        return f"còn {days} ngày"
    if days == 0:
        return "hạn hôm nay"
    return f"quá hạn {-days} ngày"
