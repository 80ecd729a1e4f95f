"""Pages of official reports: the list per plan, the draft editor, the preview, the
downloads and the PDF's progress. Plans and reports are fetched through
`trithuc.reports.access`; the rules are in services."""

from __future__ import annotations

import io
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trithuc.accounts.scope import OutOfScope
from trithuc.core.downloads import progress_for
from trithuc.indicators.models import Target
from trithuc.lib.confirm import confirm_page, is_confirmed
from trithuc.plans.models import Period, Plan
from trithuc.reports import access, presenters
from trithuc.reports.documents import (
    DocumentError,
    editable_parts,
    file_stem,
    letterhead_of,
    pdf_progress,
    report_data,
)
from trithuc.reports.documents import (
    render as render_document,
)
from trithuc.reports.forms import BaselineForm, DraftForm, ReasonForm, TemplateForm
from trithuc.reports.models import OfficialReport, ReportTemplate
from trithuc.reports.narrative import SECTIONS
from trithuc.reports.pdf import PdfError
from trithuc.reports.services import (
    DraftInput,
    ReportError,
    draft_for,
    freeze,
    request_pdf,
    save_draft,
    unfreeze,
    upload_template,
    use_as_baseline,
)
from trithuc.reports.templating import PLACEHOLDERS, TemplateRefused


def _report(user: Any, plan_uuid: Any, period_id: int) -> tuple[Plan, OfficialReport]:
    plan = access.get_reporting_plan(user, plan_uuid)
    period = Period.objects.filter(plan=plan, pk=period_id).exclude(kind="six_monthly").first()
    if period is None:
        raise Http404
    return plan, draft_for(plan, period)


def _edit_url(report: OfficialReport) -> str:
    return reverse("reports:report_edit", args=[report.plan.uuid, report.period_id])


@login_required
@require_GET
def plan_reports(request: HttpRequest, plan_uuid: uuid.UUID) -> HttpResponse:
    plan = access.get_reporting_plan(request.user, plan_uuid)
    return render(request, "reports/plan_reports.html", {
        "plan": plan, "rows": presenters.period_rows(plan),
        "units": presenters.unit_reports(plan, request.user),
        "templates": ReportTemplate.objects.visible_to(request.user).filter(plan=plan),
        "template_form": TemplateForm(), "placeholders": PLACEHOLDERS.items(),
    })  # fmt: skip


@login_required
@require_POST
def template_upload(request: HttpRequest, plan_uuid: uuid.UUID) -> HttpResponse:
    plan = access.get_reporting_plan(request.user, plan_uuid)
    form = TemplateForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Cần chọn tệp mẫu .docx.")
    else:
        try:
            upload_template(plan, form.cleaned_data["file"], name=form.cleaned_data["name"],
                            actor=request.user)  # fmt: skip
        except (ReportError, TemplateRefused) as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Đã nhận mẫu báo cáo; chọn mẫu này trong trang soạn báo cáo.")
    return redirect("reports:plan_reports", plan_uuid=plan.uuid)


def _templates(user: Any, plan: Plan) -> list[tuple[str, str]]:
    return [
        (str(t.uuid), t.name) for t in ReportTemplate.objects.visible_to(user).filter(plan=plan)
    ]


def _initial(report: OfficialReport, parts: dict[str, Any]) -> dict[str, Any]:
    initial = {"version": report.version, "number": report.number, "place": report.place,
               "signed_on": report.signed_on, "style": report.style, "title": parts["title"],
               "recipients": parts["recipients"], "signer_authority": parts["signer_authority"],
               "signer_title": parts["signer_title"], "signer_name": parts["signer_name"],
               "template": str(report.template.uuid) if report.template_id else ""}  # fmt: skip
    initial.update({f"section_{key}": parts["narrative"][key] for key, _ in SECTIONS})
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, plan_uuid: uuid.UUID, period_id: int) -> HttpResponse:
    plan, report = _report(request.user, plan_uuid, period_id)
    data = report_data(report, request.user)
    parts = editable_parts(report, data)
    templates = _templates(request.user, plan)
    form = DraftForm(request.POST if request.method == "POST" else None,
                     initial=_initial(report, parts), templates=templates)  # fmt: skip
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        chosen = cleaned.get("template") or ""
        template = (ReportTemplate.objects.visible_to(request.user).filter(plan=plan, uuid=chosen).first()
                    if chosen else None)  # fmt: skip
        fields = {name: cleaned[name] for name in ("number", "place", "signed_on", "title", "style",
                  "recipients", "signer_authority", "signer_title", "signer_name")}  # fmt: skip
        fields["template"] = template
        try:
            save_draft(report, DraftInput(form.narrative(), fields),
                       expected_version=cleaned["version"], actor=request.user)  # fmt: skip
        except ReportError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Đã lưu bản thảo báo cáo.")
            return redirect(_edit_url(report))
    return render(request, "reports/report_edit.html", {
        "plan": plan, "report": report, "form": form, "data": data,
        "sections": [(key, heading, form[f"section_{key}"]) for key, heading in SECTIONS],
        "view": presenters.figures_view(data), "progress": pdf_progress(report) if report.pk else None,
        "pdf_running": report.pdf_state in ("queued", "running"),
        "reason_form": ReasonForm(), "head": letterhead_of(report),
        "sets_baselines": access.sets_baselines(request.user),
    })  # fmt: skip


@login_required
@require_GET
def report_preview(request: HttpRequest, plan_uuid: uuid.UUID, period_id: int) -> HttpResponse:
    plan, report = _report(request.user, plan_uuid, period_id)
    data = report_data(report, request.user)
    return render(request, "reports/report_preview.html", {
        "plan": plan, "report": report, "data": data, "parts": editable_parts(report, data),
        "head": letterhead_of(report), "view": presenters.figures_view(data),
        "sections": presenters.preview_sections(editable_parts(report, data)),
    })  # fmt: skip


@login_required
@require_POST
def report_freeze(request: HttpRequest, plan_uuid: uuid.UUID, period_id: int) -> HttpResponse:
    _, report = _report(request.user, plan_uuid, period_id)
    version = request.POST.get("version", "")
    if not is_confirmed(request):
        return confirm_page(
            request, title="Xác nhận chốt số liệu",
            question="Chốt số liệu của báo cáo này? Từ lúc chốt, báo cáo và mọi tệp tải về giữ "
                     "nguyên các số liệu hiện tại, kể cả khi cơ sở dữ liệu thay đổi sau đó.",
            details=[f"Kế hoạch {report.plan.reference}, {report.period.label}",
                     "Muốn tính lại phải mở chốt và ghi lý do."],
            confirm_label="Chốt số liệu", cancel_url=_edit_url(report),
        )  # fmt: skip
    try:
        freeze(
            report, actor=request.user, expected_version=int(version) if version.isdigit() else None
        )
    except ReportError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Đã chốt số liệu: báo cáo giữ nguyên các số liệu này.")
    return redirect(_edit_url(report))


@login_required
@require_POST
def report_unfreeze(request: HttpRequest, plan_uuid: uuid.UUID, period_id: int) -> HttpResponse:
    _, report = _report(request.user, plan_uuid, period_id)
    form = ReasonForm(request.POST)
    if not form.is_valid() or report.pk is None:
        messages.error(request, "Cần ghi lý do mở chốt số liệu.")
    else:
        try:
            unfreeze(report, actor=request.user, reason=form.cleaned_data["reason"])
        except ReportError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Đã mở chốt: số liệu sẽ được tính lại từ dữ liệu.")
    return redirect(_edit_url(report))


@login_required
@require_http_methods(["GET", "POST"])
def report_baseline(request: HttpRequest, plan_uuid: uuid.UUID, period_id: int) -> HttpResponse:
    """A frozen report's figure as the baseline of a later plan's target: choose, confirm
    (what changes is shown first), then the service writes it. For those who make the
    plan's reports and may edit targets."""
    plan, report = _report(request.user, plan_uuid, period_id)
    access.check_sets_baselines(request.user)
    frozen = report.pk is not None and report.frozen
    form = BaselineForm(request.POST if request.method == "POST" else request.GET or None)
    confirm = None
    if frozen and form.is_bound and form.is_valid():
        figure, target_uuid = str(form.cleaned_data["figure"]), str(form.cleaned_data["target"])
        confirm = presenters.baseline_confirmation(report, request.user, figure, target_uuid)
        if confirm is None:
            messages.error(request, _("Không lấy được số liệu này cho mục tiêu đã chọn."))
            return redirect("reports:report_baseline", plan_uuid=plan.uuid, period_id=period_id)
        if request.method == "POST":
            target = Target.objects.editable_by(request.user).get(uuid=target_uuid)
            try:
                use_as_baseline(target, report, figure, actor=request.user)
            except (ReportError, OutOfScope) as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Đã lấy số liệu của báo cáo làm giá trị năm gốc "
                                            "của mục tiêu.") + f" ({confirm['target']['label']})")  # fmt: skip
            return redirect("reports:report_baseline", plan_uuid=plan.uuid, period_id=period_id)
    elif form.is_bound and request.method == "POST":
        messages.error(request, _("Cần chọn một số liệu và một mục tiêu."))
    return render(request, "reports/report_baseline.html", {
        "plan": plan, "report": report, "frozen": frozen, "confirm": confirm,
        "rows": presenters.baseline_rows(report, request.user) if frozen else [],
    })  # fmt: skip


def _download(request: HttpRequest, report: OfficialReport, fmt: str) -> HttpResponse:
    progress = progress_for(request)  # a yearly .docx takes seconds: the page shows it
    progress.update("running", "Đang tổng hợp số liệu và tạo tệp…")
    try:
        content, name, content_type = render_document(report, fmt, user=request.user)
    except (DocumentError, PdfError) as exc:
        progress.update("failed", str(exc))
        messages.error(request, str(exc))
        return redirect(_edit_url(report))
    progress.update("done", "Đã tạo xong tệp; trình duyệt đang tải về.")
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=name,
                        content_type=content_type)  # fmt: skip


@login_required
@require_GET
def report_docx(request: HttpRequest, plan_uuid: uuid.UUID, period_id: int) -> HttpResponse:
    return _download(request, _report(request.user, plan_uuid, period_id)[1], "docx")


@login_required
@require_GET
def report_xlsx(request: HttpRequest, plan_uuid: uuid.UUID, period_id: int) -> HttpResponse:
    return _download(request, _report(request.user, plan_uuid, period_id)[1], "xlsx")


@login_required
@require_GET
def report_json(request: HttpRequest, plan_uuid: uuid.UUID, period_id: int) -> HttpResponse:
    return _download(request, _report(request.user, plan_uuid, period_id)[1], "json")


@login_required
@require_GET
def report_pdf(request: HttpRequest, plan_uuid: uuid.UUID, period_id: int) -> HttpResponse:
    """The PDF made last by the background task (the page asks for a new one)."""
    _, report = _report(request.user, plan_uuid, period_id)
    if report.pk is None or report.pdf_state != "done" or not report.pdf_file:
        messages.info(request, "Chưa có bản PDF: bấm “Tạo PDF” rồi chờ thanh tiến độ chạy xong.")
        return redirect(_edit_url(report))
    return FileResponse(report.pdf_file.open("rb"), as_attachment=True,
                        filename=f"{file_stem(report)}.pdf", content_type="application/pdf")  # fmt: skip


@login_required
@require_POST
def report_pdf_start(request: HttpRequest, plan_uuid: uuid.UUID, period_id: int) -> HttpResponse:
    _, report = _report(request.user, plan_uuid, period_id)
    try:
        report = request_pdf(report, actor=request.user)
    except ReportError as exc:
        messages.error(request, str(exc))
    if request.headers.get("HX-Request"):
        return _progress(request, report)
    return redirect(_edit_url(report))


def _progress(request: HttpRequest, report: OfficialReport) -> HttpResponse:
    if report.pk is not None:
        report.refresh_from_db()
    return render(request, "reports/report_edit.html#pdf", {
        "report": report, "plan": report.plan,
        "progress": pdf_progress(report) if report.pk else None,
        "pdf_running": report.pdf_state in ("queued", "running"),
    })  # fmt: skip


@login_required
@require_GET
def report_pdf_progress(request: HttpRequest, plan_uuid: uuid.UUID, period_id: int) -> HttpResponse:
    _, report = _report(request.user, plan_uuid, period_id)
    return _progress(request, report)


@login_required
@require_GET
def unit_report_docx(request: HttpRequest, official_uuid: uuid.UUID) -> HttpResponse:
    """A unit's frozen report, offered upward to the owner of the plan it implements."""
    report = access.get_visible_report(request.user, official_uuid)
    if not (report.frozen or access.can_edit(request.user, report)):
        raise PermissionDenied
    return _download(request, report, "docx")
