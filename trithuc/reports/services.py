"""Business rules of official reports: finding a plan's period, the draft with its
defaults, saving the narrative (versions and optimistic locking, as progress reports),
freezing the figures ("Chốt số liệu"), the documents (.docx, .xlsx, .pdf, JSON), an
organisation's template, and a frozen figure as the baseline of a later target.
Views, the command and the task all call these; every write is audited."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from trithuc.accounts.scope import Capability, OutOfScope, recheck, scope_of
from trithuc.audit.services import record_event
from trithuc.core import security
from trithuc.indicators.models import Target
from trithuc.indicators.snapshots import get_state
from trithuc.lib.letterhead import style_for
from trithuc.plans.models import Period, Plan
from trithuc.reports import narrative as texts
from trithuc.reports.assemble import (
    KIND_OF_PERIOD,
    PERIOD_OF_KIND,
    assemble,
    default_as_of,
    place_name,
)
from trithuc.reports.documents import editable_parts, issuer_of, report_data, set_pdf_progress
from trithuc.reports.models import OfficialReport, ReportKind, ReportTemplate
from trithuc.reports.querysets import reportable_plans
from trithuc.reports.tasks import make_pdf_task
from trithuc.reports.templating import check_template

EDITABLE = ["number", "place", "signed_on", "title", "style", "recipients", "signer_authority",
            "signer_title", "signer_name", "template"]  # fmt: skip
TEMPLATE_MAX_BYTES = 10 * 1024 * 1024


class ReportError(ValueError):
    """A rule of reports refused something; the message is for the user, in Vietnamese."""


class StaleDraft(ReportError):
    """Someone saved the report after this user opened it."""


def find_period(plan: Plan, kind: str, year: int | None = None) -> Period:
    """The plan's period for a kind of report: the yearly period whose cut-off falls in
    `year`, or the review (sơ kết, tổng kết), in `year` when given."""
    if kind not in ReportKind.values:
        raise ReportError(
            "Loại báo cáo phải là yearly (năm), review5 (sơ kết) hoặc review10 (tổng kết)."
        )
    periods = plan.periods.filter(kind=PERIOD_OF_KIND[kind])
    if year is not None:
        periods = periods.filter(ends_on__year=year)
    period = periods.order_by("ends_on").first()
    if period is None:
        what = dict(ReportKind.choices)[kind].lower()
        when = f" năm {year}" if year else ""
        raise ReportError(f"Kế hoạch {plan.reference} không có kỳ {what}{when}.")
    return period


def _check_plan(actor: Any, plan: Plan) -> None:
    """Commands acting as the system (no user) are not limited."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return
    if not scope_of(actor).can(Capability.MAKE_REPORTS):
        raise OutOfScope("Vai trò của bạn không lập báo cáo của kế hoạch.")
    recheck(reportable_plans(actor), plan, "Kế hoạch này nằm ngoài phạm vi bạn được lập báo cáo.")


def draft_for(
    plan: Plan, period: Period, unit: str = "", as_of: dt.date | None = None
) -> OfficialReport:
    """The saved report for this plan, period and unit, or a new unsaved one with its
    defaults (a page only looking at a report writes nothing)."""
    found = OfficialReport.objects.filter(plan=plan, period=period, unit_code=unit).first()
    if found is not None:
        return found
    style = style_for(issuer_of(plan))
    authority, title = texts.signer_default(style)
    return OfficialReport(
        plan=plan, period=period, unit_code=unit, kind=_kind(period),
        as_of=as_of or default_as_of(period), place=place_name(plan),
        recipients=texts.recipients_default(style, issuer_of(plan)),
        signer_authority=authority, signer_title=title, version=0,
    )  # fmt: skip


def _kind(period: Period) -> str:
    return KIND_OF_PERIOD.get(period.kind, ReportKind.YEARLY)


@dataclass
class DraftInput:
    narrative: dict[str, str]
    fields: dict[str, Any]


def _place(report: OfficialReport) -> dict[str, Any]:
    return {"province_code": report.plan.province_code,
            "unit_code": report.unit_code or report.plan.province_code,
            "agency_pk": report.plan.owner_agency_id}  # fmt: skip


def _stale(report: OfficialReport | None) -> StaleDraft:
    who = ""
    if report is not None and report.updated_by is not None:
        when = timezone.localtime(report.updated_at).strftime("%H:%M ngày %d/%m/%Y")
        who = f" ({report.updated_by.get_full_name() or report.updated_by.username}, lúc {when})"
    return StaleDraft(f"Báo cáo vừa được người khác lưu{who} sau khi bạn mở trang. Nội dung bạn "
                      "nhập chưa được lưu và vẫn còn trong biểu mẫu: hãy mở bản mới trong thẻ "
                      "khác, gộp nội dung rồi lưu lại.")  # fmt: skip


def save_draft(report: OfficialReport, data: DraftInput, *, expected_version: int, actor: Any,
               source: str = "web") -> OfficialReport:  # fmt: skip
    """Save the narrative and header parts; `expected_version` is the version the user
    opened (0 for a report never saved): a save in between raises StaleDraft."""
    unknown = set(data.narrative) - set(texts.SECTION_KEYS)
    if unknown:
        raise ReportError("Phần báo cáo không hợp lệ: " + ", ".join(sorted(unknown)) + ".")
    if set(data.fields) - set(EDITABLE):
        raise ReportError("Trường không sửa được trong báo cáo.")
    template = data.fields.get("template")
    if template is not None and template.plan_id != report.plan_id:
        raise ReportError("Mẫu không thuộc kế hoạch này.")
    user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        _check_plan(actor, report.plan)
        created = report.pk is None
        if created:
            if expected_version != 0:
                raise _stale(None)
            for name, value in data.fields.items():
                setattr(report, name, value)
            report.narrative, report.created_by, report.updated_by = data.narrative, user, user
            report.version = 1
            try:
                with transaction.atomic():
                    report.save()
            except IntegrityError:
                raise _stale(None) from None
            before: dict[str, Any] = {}
        else:
            current = OfficialReport.objects.select_related("updated_by").get(pk=report.pk)
            before = {
                "narrative": current.narrative,
                **{f: str(getattr(current, f)) for f in data.fields},
            }
            changed = OfficialReport.objects.filter(pk=report.pk, version=expected_version).update(
                narrative={**current.narrative, **data.narrative}, updated_by=user,
                updated_at=timezone.now(), version=F("version") + 1, **data.fields,
            )  # fmt: skip
            if changed == 0:
                raise _stale(current)
            report.refresh_from_db()
        recheck(OfficialReport.objects.editable_by(actor) if user else OfficialReport.objects.all(),
                report, "Báo cáo này nằm ngoài phạm vi bạn được sửa.")  # fmt: skip
        after = {"narrative": report.narrative, **{f: str(getattr(report, f)) for f in data.fields}}
        fields = [k for k in after if before.get(k) != after[k]]
        record_event("report_draft_create" if created else "report_draft_save", actor=actor,
                     source=source, obj=report, fields=fields, place=_place(report),
                     detail={"version": report.version})  # fmt: skip
    return report


def ensure_saved(report: OfficialReport, *, actor: Any, source: str = "web") -> OfficialReport:
    """A report row to freeze or make a PDF of: the defaults saved as version 1."""
    if report.pk is not None:
        return report
    data = report_data(report, actor)
    return save_draft(report, DraftInput(editable_parts(report, data)["narrative"], {}),
                      expected_version=0, actor=actor, source=source)  # fmt: skip


def freeze(report: OfficialReport, *, actor: Any, expected_version: int | None = None,
           source: str = "web", today: dt.date | None = None) -> OfficialReport:  # fmt: skip
    """ "Chốt số liệu": store the figures as they stand at the cut-off date; the report
    keeps them whatever the registry does later."""
    if report.frozen:
        raise ReportError("Báo cáo đã chốt số liệu.")
    report = ensure_saved(report, actor=actor, source=source)
    # Frozen figures are never those of a snapshot older than the registry.
    data = assemble(report.plan, report.period, unit=report.unit_code, as_of=report.as_of,
                    user=actor if getattr(actor, "is_authenticated", False) else None,
                    today=today, fresh=get_state().is_stale)  # fmt: skip
    user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        _check_plan(actor, report.plan)
        query = OfficialReport.objects.filter(pk=report.pk, frozen=False)
        if expected_version is not None and expected_version != 0:
            query = query.filter(version=expected_version)
        changed = query.update(frozen=True, frozen_at=timezone.now(), frozen_by=user, figures=data,
                               version=F("version") + 1, updated_by=user)  # fmt: skip
        if changed == 0:
            raise _stale(OfficialReport.objects.select_related("updated_by").get(pk=report.pk))
        report.refresh_from_db()
        record_event("report_freeze", actor=actor, source=source, obj=report,
                     place=_place(report), detail={"as_of": report.as_of.isoformat()})  # fmt: skip
    return report


def unfreeze(
    report: OfficialReport, *, actor: Any, reason: str, source: str = "web"
) -> OfficialReport:
    if not report.frozen:
        raise ReportError("Báo cáo chưa chốt số liệu.")
    if not reason.strip():
        raise ReportError("Cần ghi lý do mở chốt số liệu.")
    with transaction.atomic():
        _check_plan(actor, report.plan)
        OfficialReport.objects.filter(pk=report.pk).update(
            frozen=False,
            figures={},
            version=F("version") + 1,
            pdf_state="",
            updated_at=timezone.now(),
        )
        report.refresh_from_db()
        record_event("report_unfreeze", actor=actor, source=source, obj=report,
                     place=_place(report), detail={"reason": reason[:500]})  # fmt: skip
    return report


def request_pdf(report: OfficialReport, *, actor: Any, source: str = "web") -> OfficialReport:
    """Queue the PDF of the report as it now stands (a background task with a timeout)."""
    report = ensure_saved(report, actor=actor, source=source)
    with transaction.atomic():
        _check_plan(actor, report.plan)
        OfficialReport.objects.filter(pk=report.pk).update(pdf_state="queued", pdf_error="")
        record_event("report_pdf", actor=actor, source=source, obj=report, place=_place(report))
    set_pdf_progress(report, 5, "Đang chờ tạo PDF…")
    user_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    transaction.on_commit(lambda: make_pdf_task.enqueue(report.pk, user_id))
    report.refresh_from_db()
    return report


# ---- templates and baselines --------------------------------------------------------------


def upload_template(plan: Plan, upload: UploadedFile, *, name: str, actor: Any,
                    source: str = "web") -> ReportTemplate:  # fmt: skip

    if not (upload.name or "").lower().endswith(".docx"):
        raise ReportError("Mẫu báo cáo phải là tệp Word .docx.")
    if upload.size > TEMPLATE_MAX_BYTES:
        raise ReportError("Tệp mẫu lớn hơn 10 MB.")
    try:
        security.check_archive(upload, security.DOCUMENT_MAX_UNZIPPED_BYTES)
    except security.UploadRefused as exc:
        raise ReportError(str(exc)) from exc
    upload.seek(0)
    used = check_template(io.BytesIO(upload.read()))
    upload.seek(0)
    with transaction.atomic():
        _check_plan(actor, plan)
        template = ReportTemplate(plan=plan, name=name.strip()[:200] or upload.name, file=upload,
                                  placeholders=used,
                                  uploaded_by=actor if getattr(actor, "is_authenticated", False) else None)  # fmt: skip
        template.save()
        record_event("template_upload", actor=actor, source=source, obj=template,
                     place={"province_code": plan.province_code, "unit_code": plan.province_code},
                     detail={"placeholders": used})  # fmt: skip
    return template


def baseline_value(row: dict[str, Any], target: Target) -> float | None:
    """What a frozen figure gives a target as its baseline: its value, or for a ratio
    to a baseline year (the count of intellectuals against 2020) the count of people
    itself, which is what a later plan's ratio is a multiple of."""
    indicator = target.indicator
    if indicator is not None and indicator.kind == "ratio":
        return row.get("numerator")
    return row.get("value")


def use_as_baseline(target: Target, report: OfficialReport, figure_uuid: str, *, actor: Any,
                    source: str = "web") -> Target:  # fmt: skip
    """A frozen report's value of a target as the baseline of a later plan's target
    (as plan 140-KH/TU takes 17.178 from review report 246-BC/TU)."""
    if not report.frozen:
        raise ReportError("Chỉ lấy số liệu gốc từ báo cáo đã chốt số liệu.")
    row = next((t for t in report.figures.get("targets", []) if t.get("uuid") == figure_uuid), None)
    value = baseline_value(row, target) if row is not None else None
    if value is None:
        raise ReportError("Báo cáo không có số liệu này.")
    with transaction.atomic():
        _check_plan(actor, report.plan)
        if getattr(actor, "is_authenticated", False):
            recheck(
                Target.objects.editable_by(actor),
                target,
                "Mục tiêu này nằm ngoài phạm vi bạn được sửa.",
            )
        before = {"baseline_value": target.baseline_value, "baseline_year": target.baseline_year}
        target.baseline_value = value
        target.baseline_year = dt.date.fromisoformat(report.figures["as_of"]).year
        number = report.number.strip() or "…"
        target.baseline_source = (
            f"Báo cáo số {number} ({report.plan.reference}), số liệu đến {report.figures['as_of']}"[
                :300
            ]
        )
        target.save()
        record_event("target_baseline", actor=actor, source=source, obj=target,
                     before=before, after={"baseline_value": target.baseline_value,
                                           "baseline_year": target.baseline_year},
                     detail={"report": str(report.uuid)})  # fmt: skip
    return target
