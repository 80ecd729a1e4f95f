"""Pages of plans and their follow-up. Plans are always fetched through
`trithuc.plans.access.plans_for`; the rules are in services and importing."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trithuc.accounts.services import can_view_aggregates
from trithuc.core import security
from trithuc.indicators.presenters import plan_target_table
from trithuc.lib.confirm import confirm_page, is_confirmed
from trithuc.orgunits.models import Agency
from trithuc.orgunits.services import unit_choices
from trithuc.plans import access, due, presenters
from trithuc.plans.forms import (
    PlanForm,
    ReopenForm,
    ReportForm,
    TaskForm,
    UploadForm,
    review_choices,
    review_from_post,
)
from trithuc.plans.importing import (
    NEW,
    SKIP,
    confirm_draft,
    correct_draft_text,
    get_progress,
    ocr_review_pages,
    review_proposal,
    start_draft,
)
from trithuc.plans.models import (
    DraftStatus,
    Period,
    Plan,
    PlanDraft,
    ProgressReport,
    ReportAttachment,
    Task,
)
from trithuc.plans.services import (
    PlanError,
    ReportInput,
    figures_text,
    reopen_report,
    report_due_label,
    save_plan,
    save_report,
    save_task,
    submission_problems,
)
from trithuc.plans.tasks import start_reading


def _uuid(value: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError as exc:
        raise Http404 from exc


def get_plan(user: Any, plan_uuid: Any) -> Plan:
    plan = (
        access.plans_for(user).select_related("owner_agency").filter(uuid=_uuid(plan_uuid)).first()
    )
    if plan is None:
        raise Http404
    return plan


def get_managed_plan(user: Any, plan_uuid: Any) -> Plan:
    plan = get_plan(user, plan_uuid)
    if not access.can_manage(user, plan):
        raise PermissionDenied
    return plan


def _require_follower(user: Any) -> None:
    if not access.can_follow_plans(user):
        raise PermissionDenied


@login_required
@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    _require_follower(request.user)
    plans = list(access.plans_for(request.user).prefetch_related("implements")
                 .select_related("owner_agency"))  # fmt: skip
    return render(request, "plans/plan_list.html", {
        "rows": presenters.plan_tree(plans),
        "can_create": access.can_create_plans(request.user),
        "is_reporter": bool(access.reporter_agency_ids(request.user)),
    })  # fmt: skip


def _province_for_new_plan(user: Any) -> str:
    province = access.home_province(user)
    if province is None and not access.can_create_plans(user):
        raise PermissionDenied
    return province or ""


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    if not access.can_create_plans(request.user):
        raise PermissionDenied
    province = _province_for_new_plan(request.user)
    plans = access.plans_for(request.user)
    form = PlanForm(request.POST or None, request.FILES or None, province_code=province,
                    plans=plans)  # fmt: skip
    if request.method == "POST" and form.is_valid():
        plan = form.save(commit=False)
        plan.province_code = province
        plan.implements_numbers = form.cleaned_data["implements_text"]
        if plan.source_file:
            plan.source_name = plan.source_file.name
        try:
            save_plan(plan, actor=request.user, implements=list(form.cleaned_data["implements"]))
        except PlanError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Đã tạo kế hoạch {plan.reference}.")
            return redirect("plans:plan_detail", plan_uuid=plan.uuid)
    return render(request, "plans/plan_form.html", {"form": form, "plan": None})


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, plan_uuid: uuid.UUID) -> HttpResponse:
    plan = get_managed_plan(request.user, plan_uuid)
    form = PlanForm(request.POST or None, request.FILES or None, instance=plan,
                    province_code=plan.province_code, plans=access.plans_for(request.user))  # fmt: skip
    if request.method == "POST" and form.is_valid():
        changed = form.save(commit=False)
        changed.implements_numbers = form.cleaned_data["implements_text"]
        try:
            save_plan(changed, actor=request.user, expected_version=form.cleaned_data["version"],
                      implements=list(form.cleaned_data["implements"]))  # fmt: skip
        except PlanError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Đã lưu kế hoạch.")
            return redirect("plans:plan_detail", plan_uuid=plan.uuid)
    return render(request, "plans/plan_form.html", {"form": form, "plan": plan})


@login_required
@require_GET
def plan_detail(request: HttpRequest, plan_uuid: uuid.UUID) -> HttpResponse:
    plan = get_plan(request.user, plan_uuid)
    visible = access.plans_for(request.user)
    targets = list(plan.targets.select_related("indicator").order_by("position"))
    return render(request, "plans/plan_detail.html", {
        "plan": plan,
        "can_manage": access.can_manage(request.user, plan),
        "parents": plan.implements.filter(pk__in=visible.values("pk")),
        "children": plan.implemented_by.filter(pk__in=visible.values("pk")),
        "missing_parents": _missing_parents(plan),
        "tasks": presenters.task_rows(plan),
        "targets": targets,
        "target_table": plan_target_table(targets),
        "periods": plan.periods.all(),
        "evidence_for": plan.evidence_for.filter(plan__in=visible).select_related("plan"),
        # Only for roles that read aggregates: a coordinator sets targets without them.
        "dashboard_url": _dashboard_url(request.user, plan),
    })  # fmt: skip


def _dashboard_url(user: Any, plan: Plan) -> str:
    if not can_view_aggregates(user):
        return ""
    return f"{reverse('indicators:dashboard')}?{urlencode({'plan': plan.reference})}"


def _missing_parents(plan: Plan) -> list[str]:
    """Parent documents named in the plan but not (yet) in the system."""
    known = set(plan.implements.values_list("number", flat=True))
    return [number for number in plan.implements_numbers if number not in known]


# ---- import from a document ----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def plan_import(request: HttpRequest) -> HttpResponse:
    if not access.can_create_plans(request.user):
        raise PermissionDenied
    province = access.home_province(request.user)
    provinces = None if province else unit_choices()
    form = UploadForm(request.POST or None, request.FILES or None, provinces=provinces)
    if request.method == "POST" and form.is_valid():
        try:
            # A .docx is a zip archive: refuse bombs before python-docx opens it.
            security.check_archive(form.cleaned_data["file"], security.DOCUMENT_MAX_UNZIPPED_BYTES)
            draft = start_draft(form.cleaned_data["file"], actor=request.user,
                                province_code=province or form.cleaned_data["province"])  # fmt: skip
        except (PlanError, security.UploadRefused) as exc:
            form.add_error("file", str(exc))
        else:
            start_reading(draft)
            return redirect("plans:plan_review", draft_uuid=draft.uuid)
    return render(request, "plans/plan_import.html", {"form": form})


def _get_draft(user: Any, draft_uuid: Any) -> PlanDraft:
    draft = PlanDraft.objects.filter(uuid=_uuid(draft_uuid), created_by=user).first()
    if draft is None or not access.can_create_plans(user):
        raise Http404
    return draft


@login_required
@require_http_methods(["GET", "POST"])
def plan_review(request: HttpRequest, draft_uuid: uuid.UUID) -> HttpResponse:
    draft = _get_draft(request.user, draft_uuid)
    if draft.plan_id:
        messages.info(request, "Văn bản này đã được lưu thành kế hoạch.")
        return redirect("plans:plan_detail", plan_uuid=draft.plan.uuid)
    if draft.status != DraftStatus.READY or request.headers.get("HX-Request"):
        # htmx only polls the reading's progress.
        return _reading(request, draft)
    errors: list[str] = []
    ocr_texts: dict[int, str] = {}
    if request.method == "POST" and "ocr-correct" in request.POST:
        ocr_texts = _ocr_texts(request.POST)
        try:
            draft = correct_draft_text(draft, ocr_texts, actor=request.user)
        except PlanError as exc:
            errors.append(str(exc))
        else:
            messages.success(request, _("Đã đọc lại văn bản theo nội dung bạn sửa."))
            return redirect("plans:plan_review", draft_uuid=draft.uuid)
    proposal = review_proposal(draft)
    plans = access.plans_for(request.user)
    if request.method == "POST" and "ocr-correct" not in request.POST:
        review, errors = review_from_post(request.POST, proposal, plans)
        if not errors:
            try:
                plan = confirm_draft(draft, review, actor=request.user)
            except PlanError as exc:
                errors.append(str(exc))
            else:
                messages.success(request, f"Đã lưu kế hoạch {plan.reference} với "
                                          f"{plan.tasks.count()} nhiệm vụ.")  # fmt: skip
                return redirect("plans:plan_detail", plan_uuid=plan.uuid)
        _keep_review(proposal, review)
    agencies = list(Agency.objects.filter(province_code=draft.province_code).order_by("name"))
    return render(request, "plans/plan_review.html", {
        "draft": draft, "proposal": proposal, "errors": errors, "agencies": agencies,
        "choices": review_choices(), "plans": plans, "lines": draft.text.splitlines(),
        "NEW": NEW, "SKIP": SKIP, "ocr_pages": _with_entered(ocr_review_pages(draft), ocr_texts),
    })  # fmt: skip


def _reading(request: HttpRequest, draft: PlanDraft) -> HttpResponse:
    """The draft's reading in progress (polled by htmx) or why it failed."""
    progress = get_progress(draft)
    percent = round(100 * progress["done"] / progress["total"]) if progress["total"] else 0
    context = {"draft": draft, "progress": progress, "percent": percent,
               "running": draft.status == DraftStatus.READING}  # fmt: skip
    if request.headers.get("HX-Request"):
        if not context["running"]:
            # Read (or failed): the whole page replaces the progress.
            response = HttpResponse()
            response["HX-Redirect"] = reverse("plans:plan_review", args=[draft.uuid])
            return response
        return render(request, "plans/plan_reading.html#status", context)
    return render(request, "plans/plan_reading.html", context)


def _ocr_texts(post: Any) -> dict[int, str]:
    texts = {}
    for key, value in post.items():
        if key.startswith("ocr-page-") and key[9:].isdigit():
            texts[int(key[9:])] = value
    return texts


def _with_entered(pages: list[dict[str, Any]], texts: dict[int, str]) -> list[dict[str, Any]]:
    """Show the user's corrections again after an error, not the recognised text."""
    for page in pages:
        if page["number"] in texts:
            page["text"] = texts[page["number"]]
    return pages


@login_required
@require_GET
def plan_draft_page(request: HttpRequest, draft_uuid: uuid.UUID) -> HttpResponse:
    """The image of a scanned page (`?so=N`), shown beside its recognised text."""
    draft = _get_draft(request.user, draft_uuid)
    number = request.GET.get("so", "")
    page = next((p for p in draft.pages if str(p["number"]) == number and p.get("image")), None)
    if page is None:
        return redirect("plans:plan_review", draft_uuid=draft.uuid)
    try:
        handle = default_storage.open(page["image"], "rb")
    except OSError:
        raise Http404 from None
    return FileResponse(handle, content_type="image/png")


def _keep_review(proposal: Any, review: Any) -> None:
    """Show the user's entries again after an error, not the parser's."""
    proposal.header.update({k: v for k, v in review.header.items() if k in proposal.header
                            or v})  # fmt: skip
    proposal.header["implements"] = [p.pk for p in review.implements]
    for row in proposal.agencies:
        row["choice"] = review.agency_choices.get(row["name"], row["choice"])
    for row, entered in zip(proposal.tasks, review.tasks, strict=True):
        row.update(entered)
    for row, entered in zip(proposal.targets, review.targets, strict=True):
        row.update(entered)


# ---- tasks ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request: HttpRequest, plan_uuid: uuid.UUID,
              task_uuid: uuid.UUID | None = None) -> HttpResponse:  # fmt: skip
    plan = get_managed_plan(request.user, plan_uuid)
    task = None
    if task_uuid is not None:
        task = plan.tasks.filter(uuid=_uuid(task_uuid)).first()
        if task is None:
            raise Http404
    form = TaskForm(request.POST or None, instance=task or Task(plan=plan), plan=plan,
                    plans=access.plans_for(request.user))  # fmt: skip
    if request.method == "POST" and form.is_valid():
        changed = form.save(commit=False)
        try:
            save_task(changed, actor=request.user,
                      coordinating=list(form.cleaned_data["coordinating_agencies"]))  # fmt: skip
        except PlanError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Đã lưu nhiệm vụ.")
            return redirect("plans:plan_detail", plan_uuid=plan.uuid)
    return render(request, "plans/task_form.html", {"form": form, "plan": plan, "task": task})


# ---- follow-up -----------------------------------------------------------------------------


@login_required
@require_GET
def plan_follow(request: HttpRequest, plan_uuid: uuid.UUID) -> HttpResponse:
    """The owner's picture: task × agency for a period, and what is late or missing."""
    plan = get_managed_plan(request.user, plan_uuid)
    today = timezone.localdate()
    periods, current = presenters.period_choices(plan, today)
    wanted = request.GET.get("ky", "")
    if wanted.isdigit():
        current = next((p for p in periods if p.pk == int(wanted)), current)
    matrix = due.plan_matrix(plan, current) if current else None
    return render(request, "plans/plan_follow.html", {
        "plan": plan, "periods": periods, "current": current, "today": today,
        "matrix": matrix, "rows": presenters.matrix_rows(matrix, today) if matrix else [],
        "late": presenters.due_rows(due.late_and_missing(plan, today), today),
    })  # fmt: skip


@login_required
@require_GET
def my_due(request: HttpRequest) -> HttpResponse:
    """An agency reporter's list: what their agency owes, this reporting year and late."""
    agencies = access.reporter_agency_ids(request.user)
    if not agencies:
        raise PermissionDenied
    today = timezone.localdate()
    plans = access.plans_for(request.user).select_related("owner_agency")
    items = due.current_cycle_items(
        due.agency_due_items(plans, agencies, today, include_submitted=True), today
    )
    return render(request, "plans/my_due.html", {
        "pending": presenters.due_rows([i for i in items if not i.submitted], today),
        "done": presenters.due_rows([i for i in items if i.submitted], today),
        "agencies": Agency.objects.filter(pk__in=agencies),
    })  # fmt: skip


def _due_item(user: Any, plan_uuid: Any, period_id: int, agency_id: int,
              task_uuid: Any = None) -> tuple[due.DueItem, bool, bool]:  # fmt: skip
    """The due item a report page is about, whether the user may write it, and whether
    they manage the plan; 404 unless the agency really owes it and the user may see it."""
    plan = get_plan(user, plan_uuid)
    manages = access.can_manage(user, plan)
    writes = access.can_write_for(user, agency_id)
    if not (manages or writes):
        raise Http404
    period = Period.objects.filter(plan=plan, pk=period_id).first()
    if period is None:
        raise Http404
    items = due.plan_due_items(plan, [period])
    task_key = _uuid(task_uuid) if task_uuid is not None else None
    for item in items:
        same_task = (item.task is None and task_key is None) or (
            item.task is not None and item.task.uuid == task_key)  # fmt: skip
        if same_task and item.agency.pk == agency_id:
            return item, writes, manages
    raise Http404


def _report_form(item: due.DueItem, data: Any = None) -> ReportForm:
    report = item.report
    initial = {"status": "", "version": 0}  # chosen, not assumed: an empty report is not sent
    if report is not None:
        initial = {"status": report.status, "achievements": report.achievements,
                   "figures": figures_text(report.figures), "difficulties": report.difficulties,
                   "version": report.version}  # fmt: skip
    return ReportForm(data, initial=initial)


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, plan_uuid: uuid.UUID, period_id: int, agency_id: int,
                task_uuid: uuid.UUID | None = None) -> HttpResponse:  # fmt: skip
    item, writes, manages = _due_item(request.user, plan_uuid, period_id, agency_id, task_uuid)
    locked = presenters.locked(item.report)
    form = _report_form(item, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not writes:
            raise PermissionDenied
        if form.is_valid() and (answer := _save_posted_report(request, item, form)):
            return answer
    others = []
    if item.is_lead:  # the lead (or the owner, for a review) consolidates the others
        others = [i for i in due.plan_due_items(item.plan, [item.period])
                  if i.task == item.task and i.agency.pk != item.agency.pk]  # fmt: skip
    return render(request, "plans/report_form.html", {
        "item": item, "form": form, "writes": writes and not locked, "manages": manages,
        "locked": locked, "others": others, "today": timezone.localdate(),
        "due_label": "" if item.submitted else report_due_label(item.period, timezone.localdate()),
        "state_label": due.STATE_LABELS[item.state(timezone.localdate())],
        "attachments": item.report.attachments.all() if item.report else [],
        "reopen_form": ReopenForm() if manages and locked else None,
    })  # fmt: skip


def _save_posted_report(request: HttpRequest, item: due.DueItem,
                        form: ReportForm) -> HttpResponse | None:  # fmt: skip
    """Save the posted report. "Nộp báo cáo" locks it, so it is confirmed first: the draft
    is saved (attachments included) and a confirmation page repeats the POST. None: the
    form carries errors to show."""
    data = form.cleaned_data
    entry = ReportInput(data["status"], data["achievements"], data["figures"],
                        data["difficulties"])  # fmt: skip
    submit = request.POST.get("action") == "submit"
    if submit:
        for field, message in submission_problems(entry).items():
            form.add_error(field, message)
        if form.errors:
            return None
    confirmed = submit and is_confirmed(request)
    try:
        report = save_report(plan=item.plan, period=item.period, task=item.task,
                             agency=item.agency, data=entry, expected_version=data["version"],
                             actor=request.user, submit=confirmed,
                             files=request.FILES.getlist("files"))  # fmt: skip
    except PlanError as exc:
        form.add_error(None, str(exc))
        return None
    if submit and not confirmed:
        return _confirm_submission(request, item, report)
    messages.success(request, "Đã nộp báo cáo." if confirmed else "Đã lưu bản nháp.")
    return redirect(request.path)


def _confirm_submission(request: HttpRequest, item: due.DueItem,
                        report: ProgressReport) -> HttpResponse:  # fmt: skip
    post = request.POST
    what = f"{item.task.number} {item.task.title}" if item.task else "Báo cáo chung kế hoạch"
    return confirm_page(
        request, title="Xác nhận nộp báo cáo",
        question="Nộp báo cáo này? Sau khi nộp, báo cáo bị khóa: muốn sửa phải đề nghị cơ "
                 "quan theo dõi kế hoạch mở lại.",
        details=[f"Kế hoạch {item.plan.reference}, {item.period.label}: {what}",
                 f"Cơ quan: {item.agency.name}",
                 f"Tình hình thực hiện: {report.get_status_display()}",
                 f"Kết quả đã làm: {report.achievements or '—'}",
                 "Bản nháp đã được lưu (kể cả tệp đính kèm)."],
        confirm_label="Xác nhận nộp báo cáo", cancel_url=request.path,
        fields={"status": post.get("status", ""), "achievements": post.get("achievements", ""),
                "figures": post.get("figures", ""), "difficulties": post.get("difficulties", ""),
                "version": report.version, "action": "submit"},
    )  # fmt: skip


@login_required
@require_POST
def report_reopen(
    request: HttpRequest, plan_uuid: uuid.UUID, report_uuid: uuid.UUID
) -> HttpResponse:
    plan = get_managed_plan(request.user, plan_uuid)
    report = ProgressReport.objects.filter(plan=plan, uuid=_uuid(report_uuid)).first()
    if report is None:
        raise Http404
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Cần ghi lý do mở lại báo cáo.")
    else:
        try:
            reopen_report(report, actor=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, "Đã mở lại báo cáo; cơ quan có thể sửa và nộp lại.")
        except PlanError as exc:
            messages.error(request, str(exc))
    item = due.DueItem(plan, report.period, report.task, report.agency, False, report)
    return redirect(presenters.report_url(item))


@login_required
@require_GET
def attachment_download(request: HttpRequest, attachment_uuid: uuid.UUID) -> FileResponse:
    attachment = (ReportAttachment.objects.select_related("report__plan")
                  .filter(uuid=_uuid(attachment_uuid)).first())  # fmt: skip
    if attachment is None:
        raise Http404
    report = attachment.report
    plan = access.plans_for(request.user).filter(pk=report.plan_id).first()
    if plan is None or not (access.can_manage(request.user, plan)
                            or access.can_write_for(request.user, report.agency_id)):  # fmt: skip
        raise Http404
    return FileResponse(attachment.file.open("rb"), as_attachment=True,
                        filename=attachment.original_name)  # fmt: skip


@login_required
@require_GET
def plan_source(request: HttpRequest, plan_uuid: uuid.UUID) -> FileResponse:
    plan = get_plan(request.user, plan_uuid)
    if not plan.source_file:
        raise Http404
    return FileResponse(plan.source_file.open("rb"), as_attachment=True,
                        filename=plan.source_name or "van-ban")  # fmt: skip
