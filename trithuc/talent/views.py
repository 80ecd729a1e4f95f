"""Pages of attraction policies: thin views over `services` and `retention`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trithuc.accounts.scope import Capability, scope_of
from trithuc.lib.confirm import confirm_page, is_confirmed
from trithuc.lib.disclosure import threshold
from trithuc.lib.vnwords import amount_in_words
from trithuc.talent import eligibility, retention, services
from trithuc.talent.forms import (
    ApplicationForm,
    DecisionForm,
    EventForm,
    EvidenceForm,
    PayForm,
    ReviewForm,
    ScoreForm,
)
from trithuc.talent.models import (
    Application,
    Commitment,
    Evidence,
    HousingGrant,
    TalentPolicy,
    Tranche,
)
from trithuc.talent.policy_form import PolicyForm

C = Capability


def _manager(request: HttpRequest) -> None:
    scope_of(request.user).require(C.MANAGE_TALENT,
                                   _("Vai trò của bạn không được quản lý chính sách thu hút."))  # fmt: skip


def get_application(user: Any, application_uuid: Any) -> Application:
    """404 outside the user's scope, 403 without the capability."""
    scope_of(user).require(C.MANAGE_TALENT, _("Vai trò của bạn không được xem hồ sơ thu hút."))
    return get_object_or_404(Application.objects.visible_to(user).select_related("policy"),
                             uuid=application_uuid)  # fmt: skip


@login_required
@require_GET
def policy_list(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    if not (scope.can(C.MANAGE_TALENT) or scope.can(C.READ_AGGREGATES)):
        raise PermissionDenied(_("Vai trò của bạn không xem được chính sách thu hút."))
    policies = list(TalentPolicy.objects.visible_to(request.user))
    by = request.GET.get("theo", "policy")
    by = by if by in retention.GROUPINGS else "policy"
    commitments = Commitment.objects.filter(application__policy__in=policies)
    today = timezone.localdate()
    table = retention.retention_table(commitments, today, by=by)
    if not scope.can(C.READ_PEOPLE):
        # roles that see aggregates only: groups too small to hide a person are left out
        table = [row for row in table if row.people >= threshold()]
    budgets = [(p, services.budget_committed(p)) for p in policies]
    applications = (Application.objects.visible_to(request.user).select_related("policy")[:200]
                    if scope.can(C.MANAGE_TALENT) else [])  # fmt: skip
    return render(request, "talent/policy_list.html", {
        "budgets": budgets, "table": table, "by": by, "groupings": retention.GROUPINGS,
        "horizons": retention.HORIZONS, "applications": applications,
        "can_manage": scope.can(C.MANAGE_TALENT), "today": today})  # fmt: skip


def _policy_page(request: HttpRequest, policy: TalentPolicy, province: str) -> HttpResponse:
    form = PolicyForm(request.POST or None, instance=policy, province=province)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_policy(form.policy(), actor=request.user)
        except (services.TalentError, eligibility.RuleError) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã lưu chính sách thu hút."))
            return redirect("talent:policy_list")
    return render(request, "talent/policy_form.html", {"form": form, "policy": policy})


@login_required
@require_http_methods(["GET", "POST"])
def policy_create(request: HttpRequest) -> HttpResponse:
    _manager(request)
    province = scope_of(request.user).home_province(C.MANAGE_TALENT) or ""
    if not province:
        raise PermissionDenied(_("Chính sách thu hút do cấp tỉnh ban hành."))
    return _policy_page(request, TalentPolicy(province_code=province), province)


@login_required
@require_http_methods(["GET", "POST"])
def policy_edit(request: HttpRequest, policy_uuid: Any) -> HttpResponse:
    """404 outside the user's scope, 403 for who may see but not change the policy."""
    _manager(request)
    policy = get_object_or_404(TalentPolicy.objects.visible_to(request.user), uuid=policy_uuid)
    if not TalentPolicy.objects.editable_by(request.user).filter(pk=policy.pk).exists():
        raise PermissionDenied(_("Chỉ cán bộ cấp tỉnh sửa được chính sách thu hút."))
    return _policy_page(request, policy, policy.province_code)


@login_required
@require_http_methods(["GET", "POST"])
def application_create(request: HttpRequest) -> HttpResponse:
    _manager(request)
    policies = TalentPolicy.objects.editable_by(request.user)
    form = ApplicationForm(request.POST or None, policies=policies)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.submit_application(form.save(commit=False), actor=request.user,
                                                      today=timezone.localdate())  # fmt: skip
        except (services.TalentError, ValueError) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã lưu hồ sơ và xét điều kiện."))
            return redirect("talent:application_detail", application.uuid)
    return render(request, "talent/application_form.html", {"form": form})


@login_required
@require_GET
def application_detail(request: HttpRequest, application_uuid: Any) -> HttpResponse:
    application = get_application(request.user, application_uuid)
    commitment = Commitment.objects.filter(application=application).first()
    context: dict[str, Any] = {"application": application, "scores": application.scores.all(),
                               "score_form": ScoreForm(), "decision_form": DecisionForm(),
                               "commitment": commitment, **_evidence_context(application)}  # fmt: skip
    if commitment:
        tranches = list(commitment.tranches.all())
        context.update({
            "tranches": tranches, "events": commitment.events.all(),
            "pay_form": PayForm(initial={"paid_on": timezone.localdate()}),
            "event_form": EventForm(), "refund": services.refund_due(commitment),
            "paid_total": services.paid_total(commitment),
            "next_tranche": next((t for t in tranches if not t.paid_on and not t.cancelled), None),
        })  # fmt: skip
    return render(request, "talent/application_detail.html", context)


def _evidence_context(application: Application) -> dict[str, Any]:
    """Each rule of the check beside the files that support it, and which still rest on
    no verified file."""
    files = list(application.evidence_files.select_related("uploaded_by", "reviewed_by"))
    unproven = {r["rule"] for r in services.unproven_rules(application)}
    rules = [(r, [f for f in files if r["rule"] in f.rules], r["rule"] in unproven)
             for r in application.eligibility]  # fmt: skip
    # one review form per file, each with its own element ids
    return {"rules": rules, "unproven": unproven,
            "evidence_rows": [(f, ReviewForm(auto_id=f"id_review_{f.uuid.hex[:8]}_%s"))
                              for f in files],
            "evidence_open": application.status in services.OPEN_STATUSES,
            "evidence_form": EvidenceForm(rules=services.rule_choices(application))}  # fmt: skip


def _back(application: Application) -> HttpResponse:
    return redirect("talent:application_detail", application.uuid)


def _form_errors(request: HttpRequest, form: Any) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def _post_action(request: HttpRequest, application: Any, form: Any,
                 write: Callable[[dict[str, Any]], object],
                 success: Callable[[], str]) -> HttpResponse:  # fmt: skip
    """Check the form, call the service, say how it went, and go back to the application."""
    if not form.is_valid():
        _form_errors(request, form)
        return _back(application)
    try:
        write(form.cleaned_data)
        messages.success(request, success())
    except services.TalentError as exc:
        messages.error(request, str(exc))
    return _back(application)


@login_required
@require_POST
def application_score(request: HttpRequest, application_uuid: Any) -> HttpResponse:
    application = get_application(request.user, application_uuid)
    return _post_action(
        request, application, ScoreForm(request.POST),
        lambda data: services.add_score(application, actor=request.user, **data),
        lambda: _("Đã ghi điểm của hội đồng."),
    )  # fmt: skip


@login_required
@require_POST
def application_decide(request: HttpRequest, application_uuid: Any) -> HttpResponse:
    """A decision commits the budget and plans the payments: asked once more first."""
    application = get_application(request.user, application_uuid)
    form = DecisionForm(request.POST)
    if form.is_valid() and not is_confirmed(request):
        unproven = services.unproven_message(application)
        if unproven:  # said now rather than after the user confirmed
            messages.error(request, unproven)
            return _back(application)
        return confirm_page(
            request, title=_("Xác nhận ghi quyết định"),
            question=_("Ghi quyết định số %(n)s ngày %(d)s cho %(who)s?") % {
                "n": form.cleaned_data["number"], "d": f"{form.cleaned_data['day']:%d/%m/%Y}",
                "who": application.full_name},
            details=[_("Quyết định dùng ngân sách của chính sách và lập kế hoạch chi các khoản "
                       "hỗ trợ; sau khi ghi không sửa được trên trang này.")],
            confirm_label=_("Ghi quyết định"),
            cancel_url=reverse("talent:application_detail", args=[application.uuid]),
        )  # fmt: skip
    return _post_action(
        request, application, form,
        lambda data: services.decide(application, actor=request.user, **data),
        lambda: _("Đã ghi quyết định; các khoản hỗ trợ đã được lập kế hoạch chi."),
    )  # fmt: skip


@login_required
@require_POST
def tranche_pay(request: HttpRequest, tranche_uuid: Any) -> HttpResponse:
    _manager(request)
    tranche = get_object_or_404(Tranche.objects.visible_to(request.user)
                                .select_related("commitment__application"), uuid=tranche_uuid)  # fmt: skip
    form = PayForm(request.POST)
    if form.is_valid() and not is_confirmed(request):  # a payment goes into the ledger for good
        application = tranche.commitment.application
        return confirm_page(
            request, title=_("Xác nhận ghi đã chi"),
            question=_("Ghi đã chi %(a)s đồng (%(w)s) cho %(who)s ngày %(d)s?") % {
                "a": f"{tranche.amount_vnd:,}".replace(",", "."),
                "w": amount_in_words(tranche.amount_vnd), "who": application.full_name,
                "d": f"{form.cleaned_data['paid_on']:%d/%m/%Y}"},
            confirm_label=_("Ghi đã chi"),
            cancel_url=reverse("talent:application_detail", args=[application.uuid]),
        )  # fmt: skip
    return _post_action(
        request, tranche.commitment.application, form,
        lambda data: services.pay_tranche(tranche, paid_on=data["paid_on"], actor=request.user),
        lambda: _("Đã ghi chi %(a)s (%(w)s).") % {
            "a": f"{tranche.amount_vnd:,}".replace(",", "."),
            "w": amount_in_words(tranche.amount_vnd)},
    )  # fmt: skip


@login_required
@require_POST
def event_add(request: HttpRequest, application_uuid: Any) -> HttpResponse:
    application = get_application(request.user, application_uuid)
    commitment = Commitment.objects.filter(application=application).first()
    form = EventForm(request.POST)
    if commitment is None:
        messages.error(request, _("Hồ sơ chưa có quyết định."))
        return _back(application)
    return _post_action(
        request, application, form,
        lambda data: services.add_event(commitment, actor=request.user, **data),
        lambda: _("Đã ghi sự kiện."),
    )  # fmt: skip


@login_required
@require_GET
def decision_document(request: HttpRequest, application_uuid: Any) -> HttpResponse:
    """The decision's printable annex: benefits and refund in figures and words."""
    application = get_application(request.user, application_uuid)
    commitment = Commitment.objects.filter(application=application).first()
    if commitment is None:
        messages.error(request, _("Hồ sơ chưa có quyết định."))
        return _back(application)
    lines = [(t.get_kind_display(), t.due_on, t.amount_vnd, amount_in_words(t.amount_vnd))
             for t in commitment.tranches.exclude(kind__in=["monthly", "housing"])]  # fmt: skip
    monthly = commitment.tranches.filter(kind="monthly").first()
    refund = services.refund_due(commitment)
    housing = HousingGrant.objects.filter(commitment=commitment).first()
    return render(request, "talent/decision_document.html", {
        "application": application, "commitment": commitment, "lines": lines,
        "monthly": monthly, "monthly_words": amount_in_words(monthly.amount_vnd) if monthly else "",
        "refund": refund, "housing": housing,
        "housing_monthly_words": amount_in_words(housing.monthly_vnd) if housing else "",
        "housing_one_time_words": amount_in_words(housing.one_time_vnd) if housing else "",
        "housing_total_words": amount_in_words(housing.total_vnd) if housing else ""})  # fmt: skip


def get_evidence(user: Any, evidence_uuid: Any) -> Evidence:
    """404 outside the user's scope, 403 without the capability."""
    scope_of(user).require(C.MANAGE_TALENT, _("Vai trò của bạn không được xem hồ sơ thu hút."))
    return get_object_or_404(Evidence.objects.visible_to(user)
                             .select_related("application__policy", "application__person"),
                             uuid=evidence_uuid)  # fmt: skip


@login_required
@require_POST
def evidence_upload(request: HttpRequest, application_uuid: Any) -> HttpResponse:
    application = get_application(request.user, application_uuid)
    form = EvidenceForm(request.POST, request.FILES, rules=services.rule_choices(application))
    return _post_action(
        request, application, form,
        lambda data: services.upload_evidence(application, data["file"], kind=data["kind"],
                                              rules=data["rules"], actor=request.user),
        lambda: _("Đã tải lên minh chứng; chờ xác minh."),
    )  # fmt: skip


@login_required
@require_POST
def evidence_review(request: HttpRequest, evidence_uuid: Any) -> HttpResponse:
    evidence = get_evidence(request.user, evidence_uuid)
    return _post_action(
        request, evidence.application, ReviewForm(request.POST),
        lambda data: services.review_evidence(evidence, actor=request.user, **data),
        lambda: _("Đã ghi kết quả xác minh minh chứng."),
    )  # fmt: skip


@login_required
@require_GET
def evidence_file(request: HttpRequest, evidence_uuid: Any) -> FileResponse:
    """The one way to a stored file: the scope decides, the reading is recorded, and the
    file always downloads (never rendered by the browser as a page of this site)."""
    evidence = get_evidence(request.user, evidence_uuid)
    services.record_evidence_read(evidence, actor=request.user)
    response = FileResponse(evidence.file.open("rb"), as_attachment=True,
                            filename=evidence.original_name,
                            content_type=evidence.content_type)  # fmt: skip
    response["Cache-Control"] = "private, no-store"
    return response
