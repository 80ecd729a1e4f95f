"""Pages of the expert directory and the consultation workflow (thin: access helpers,
then a service, then a template)."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trithuc.accounts.scope import Capability, scope_of
from trithuc.audit.services import record_event
from trithuc.codelists.services import choices
from trithuc.experts import access, criteria, links, workflow
from trithuc.experts.drafts import anchors
from trithuc.experts.forms import (
    AcceptForm,
    ConflictForm,
    CriterionForm,
    DeclarationForm,
    LinkedExpertForm,
    OpinionForm,
    OutsideExpertForm,
    ProfileForm,
    RequestForm,
    WithdrawForm,
)
from trithuc.experts.matching import rank_candidates
from trithuc.experts.models import (
    Consultation,
    ConsultationStatus,
    Expert,
    ExpertCriterion,
    Invitation,
    InvitationState,
    Response,
)
from trithuc.experts.presenters import (
    consenting_ids,
    expert_row,
    export_rows,
    fields_text,
    shown_name,
)
from trithuc.experts.profiles import (
    CONSENT_SHOWS,
    create_linked_expert,
    declare_conflict,
    end_conflict,
    give_consent,
    has_expert_consent,
    register_outside_expert,
    save_own_profile,
)
from trithuc.experts.querysets import linkable_people
from trithuc.experts.synthesis import recommendation_lines, synthesis_docx
from trithuc.lib.confirm import confirm_page, is_confirmed
from trithuc.lib.forms import parse_date
from trithuc.lib.plan_parser.errors import PlanParseError
from trithuc.lib.plan_parser.readers import read_plan_file
from trithuc.lib.safe_export import write_csv
from trithuc.lib.text import fold
from trithuc.orgunits.models import Agency
from trithuc.privacy.access import get_own_person
from trithuc.privacy.models import ConsentPurpose

COMMENT_ROWS = 8
RECOMMENDATION_ROWS = 10


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# ---- the directory -------------------------------------------------------------------------


def _directory(request: HttpRequest) -> tuple:
    experts = Expert.objects.visible_to(request.user).listed(ConsentPurpose.EXPERT_DIRECTORY)
    q = request.GET.get("q", "").strip()[:100]
    field = request.GET.get("field", "")
    if q:
        folded = fold(q)
        experts = experts.filter(
            Q(name_folded__contains=folded) | Q(keywords_folded__contains=folded)
        )
    if field:
        experts = experts.filter(pk__in=[e.pk for e in experts if field in e.fields])
    return experts.order_by("name_folded", "pk"), q, field


@login_required
@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    access.require_directory(request.user)
    experts, q, field = _directory(request)
    contacts = access.sees_contacts(request.user)
    rows = [expert_row(e, contacts=contacts) for e in experts[:500]]
    return render(request, "experts/directory.html", {
        "rows": rows, "q": q, "field": field, "sectors": choices("sector"), "contacts": contacts,
        "secretariat": contacts,
    })  # fmt: skip


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    access.require_directory(request.user)
    experts, q, field = _directory(request)
    contacts = access.sees_contacts(request.user)
    handle = io.StringIO()
    count = write_csv(handle, export_rows(experts, contacts=contacts)) - 1
    record_event("export", actor=request.user, source="web", request=request,
                 detail={"kind": "expert_directory", "rows": count, "contacts": contacts,
                         "q": q, "field": field})  # fmt: skip
    data = ("\ufeff" + handle.getvalue()).encode()
    return FileResponse(
        io.BytesIO(data),
        as_attachment=True,
        filename="danh-ba-chuyen-gia.csv",
        content_type="text/csv; charset=utf-8",
    )


@login_required
@require_GET
def expert_detail(request: HttpRequest, expert_uuid: str) -> HttpResponse:
    expert = access.get_expert(request.user, expert_uuid)
    contacts = access.sees_contacts(request.user)
    invitations = expert.invitations.filter(
        consultation__in=Consultation.objects.visible_to(request.user)
    ).select_related("consultation")  # fmt: skip
    return render(request, "experts/expert_detail.html", {
        "row": expert_row(expert, contacts=contacts), "expert": expert, "contacts": contacts,
        "invitations": invitations,
        "withdraw_form": WithdrawForm() if contacts and expert.is_outside else None,
    })  # fmt: skip


@login_required
@require_POST
def expert_withdraw(request: HttpRequest, expert_uuid: str) -> HttpResponse:
    """The secretariat records an outside expert's withdrawal, with its evidence; the
    expert leaves every list at once."""
    expert = access.get_managed_expert(request.user, expert_uuid)
    if not expert.is_outside:
        messages.error(request, _("Người trong cơ sở dữ liệu tự rút lại trong “Hồ sơ của tôi”, "
                                  "hoặc cán bộ quản lý hồ sơ ghi nhận giúp."))  # fmt: skip
        return redirect("experts:directory")
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn sự đồng ý cần rút lại và ghi căn cứ."))
        return redirect("experts:expert_detail", expert_uuid=expert.uuid)
    try:
        with transaction.atomic():
            for purpose in form.cleaned_data["purposes"]:
                workflow.withdraw_and_end_invitations(expert, purpose, actor=request.user,
                                             request=request,
                                             evidence=form.cleaned_data["evidence"])  # fmt: skip
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("experts:expert_detail", expert_uuid=expert.uuid)
    messages.success(request, _("Đã ghi nhận %s rút lại sự đồng ý.") % expert.full_name)
    if Expert.objects.visible_to(request.user).filter(pk=expert.pk).exists():
        return redirect("experts:expert_detail", expert_uuid=expert.uuid)
    return redirect("experts:directory")


@login_required
@require_http_methods(["GET", "POST"])
def expert_link(request: HttpRequest) -> HttpResponse:
    """The secretariat opens the expert profile of a registry person who consented."""
    access.require_secretariat(request.user)
    people = linkable_people(request.user).order_by("name_sort", "pk")
    chosen = request.POST.get("person") or request.GET.get("person", "")
    person = people.filter(uuid=chosen).first() if _is_uuid(chosen) else None
    form = LinkedExpertForm(request.POST or None,
                            initial={"person": person.uuid} if person else None)  # fmt: skip
    if request.method == "POST":
        if person is None:
            messages.error(request, _("Người này không còn trong danh sách đã đồng ý."))
        elif form.is_valid():
            try:
                expert = create_linked_expert(person, form.to_input(), actor=request.user,
                                              request=request)  # fmt: skip
            except ValidationError as exc:
                _errors(request, exc)
            else:
                messages.success(request, _("Đã lập hồ sơ chuyên gia %s.") % expert.full_name)
                return redirect("experts:expert_detail", expert_uuid=expert.uuid)
        else:
            messages.error(request, _("Thông tin chưa hợp lệ: xem các ô được đánh dấu."))
    return render(request, "experts/expert_link.html", {
        "people": people[:200], "person": person, "form": form})  # fmt: skip


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(str(text))
    except ValueError:
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def expert_register(request: HttpRequest) -> HttpResponse:
    access.require_secretariat(request.user)
    form = OutsideExpertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        province = scope_of(request.user).home_province(Capability.MANAGE_CONSULTATIONS)
        try:
            expert = register_outside_expert(
                form.to_input(), form.facts(), actor=request.user, request=request,
                province_code=province or "", purposes=form.purposes(),
                evidence=form.cleaned_data["consent_evidence"],
            )  # fmt: skip
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Đã đăng ký chuyên gia %s.") % expert.full_name)
            return redirect("experts:expert_detail", expert_uuid=expert.uuid)
    elif request.method == "POST":
        messages.error(request, _("Thông tin chưa hợp lệ: xem các ô được đánh dấu."))
    return render(request, "experts/expert_register.html", {"form": form})


@login_required
@require_GET
def criteria_page(request: HttpRequest) -> HttpResponse:
    """Each active criterion (data, kept in the admin) and the experts meeting it by field."""
    access.require_directory(request.user)
    experts = criteria.consenting_experts().filter(
        pk__in=Expert.objects.visible_to(request.user).values("pk"))  # fmt: skip
    rows = []
    for criterion in ExpertCriterion.objects.filter(is_active=True):
        meeting = criteria.meeting(criterion, experts)
        by_field = criteria.counts_by_field(meeting)
        rows.append({"criterion": criterion, "total": meeting.count(),
                     "by_field": sorted((fields_text([k]), v) for k, v in by_field.items())})  # fmt: skip
    return render(request, "experts/criteria.html", {
        "rows": rows, "secretariat": access.sees_contacts(request.user)})  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def criteria_edit(request: HttpRequest) -> HttpResponse:
    """The secretariat keeps the expert criteria (data) here rather than in the admin."""
    access.require_secretariat(request.user)
    code = request.GET.get("code", "")
    current = ExpertCriterion.objects.filter(code=code).first() if code else None
    fields = ["code", *criteria.CRITERION_FIELDS]
    initial = {name: getattr(current, name) for name in fields} if current else None
    form = CriterionForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = criteria.save_criterion(form.to_input(), actor=request.user,
                                                request=request)  # fmt: skip
            except ValidationError as exc:
                _errors(request, exc)
            else:
                messages.success(request, _("Đã lưu tiêu chí “%s”.") % saved.name)
                return redirect("experts:criteria_edit")
        else:
            messages.error(request, _("Thông tin chưa hợp lệ: xem các ô được đánh dấu."))
    return render(request, "experts/criteria_edit.html", {
        "form": form, "current": current, "criteria": ExpertCriterion.objects.all()})  # fmt: skip


# ---- consultations -------------------------------------------------------------------------


@login_required
@require_GET
def consultation_list(request: HttpRequest) -> HttpResponse:
    access.require_consultations(request.user)
    consultations = Consultation.objects.visible_to(request.user).select_related("requester")
    today = timezone.localdate()
    rows = [{"c": c, "overdue": workflow.overdue_answer(c, today)} for c in consultations[:300]]
    return render(request, "experts/consultation_list.html", {
        "rows": rows, "can_request": scope_of(request.user).can(Capability.REQUEST_CONSULTATIONS)})  # fmt: skip


def _draft_text(form: RequestForm) -> tuple[str, str]:
    upload = form.cleaned_data.get("draft_file")
    if not upload:
        return form.cleaned_data["draft_text"], ""
    suffix = Path(upload.name).suffix.lower()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"draft{suffix}"
        path.write_bytes(upload.read())
        try:
            return read_plan_file(path), upload.name
        except PlanParseError as exc:
            raise ValidationError(str(exc)) from None


@login_required
@require_http_methods(["GET", "POST"])
def consultation_create(request: HttpRequest) -> HttpResponse:
    access.require(request.user, Capability.REQUEST_CONSULTATIONS,
                   _("Vai trò của bạn không được đề nghị tư vấn, phản biện."))  # fmt: skip
    agencies = access.requestable_agencies(request.user)
    form = RequestForm(request.POST or None, request.FILES or None,
                       agencies=[(a.pk, a.name) for a in agencies])  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            text, name = _draft_text(form)
            consultation = workflow.request_consultation(workflow.RequestInput(
                kind=data["kind"], title=data["title"],
                requester=get_object_or_404(agencies, pk=data["requester"]), draft_text=text,
                draft_name=name, deadline=data["deadline"], fields=data["fields"],
                legal_basis=data["legal_basis"], questions=data["questions"],
                deliverables=data["deliverables"], budget_line=data["budget_line"],
            ), actor=request.user, request=request)  # fmt: skip
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Đã gửi đề nghị tới thư ký tư vấn, phản biện."))
            return redirect("experts:consultation_detail", consultation_uuid=consultation.uuid)
    elif request.method == "POST":
        messages.error(request, _("Thông tin chưa hợp lệ: xem các ô được đánh dấu."))
    return render(request, "experts/consultation_form.html", {"form": form})


@login_required
@require_GET
def consultation_detail(request: HttpRequest, consultation_uuid: str) -> HttpResponse:
    c = access.get_consultation(request.user, consultation_uuid)
    managed = Consultation.objects.managed_by(request.user).filter(pk=c.pk).exists()
    requester = Consultation.objects.requested_by(request.user).filter(pk=c.pk).exists()
    invitations = list(c.invitations.select_related("expert"))
    consenting = consenting_ids(inv.expert_id for inv in invitations)
    return render(request, "experts/consultation_detail.html", {
        "c": c, "managed": managed, "requester": requester,
        "invitations": [{"inv": inv, "name": shown_name(inv.expert, consenting)}
                        for inv in invitations],
        "accept_form": AcceptForm(), "recommendations": recommendation_lines(c),
        "responses": Response.choices, "overdue": workflow.overdue_answer(c),
        "answerable": requester and c.status in (ConsultationStatus.ISSUED,
                                                 ConsultationStatus.ANSWERED),
    })  # fmt: skip


@login_required
@require_POST
def consultation_accept(request: HttpRequest, consultation_uuid: str) -> HttpResponse:
    c = access.get_managed_consultation(request.user, consultation_uuid)
    try:
        if request.POST.get("action") == "refuse":
            workflow.refuse_consultation(c, actor=request.user, request=request,
                                         reason=request.POST.get("reason", ""))  # fmt: skip
            messages.success(request, _("Đã trả lời không tiếp nhận đề nghị."))
        else:
            form = AcceptForm(request.POST)
            if not form.is_valid():
                raise ValidationError(
                    _("Hãy chọn hình thức tổ chức, số chuyên gia và số ngày chờ.")
                )
            workflow.accept_consultation(c, actor=request.user, request=request,
                                         **form.cleaned_data)  # fmt: skip
            messages.success(request, _("Đã tiếp nhận; hãy chọn chuyên gia để mời."))
            return redirect("experts:consultation_candidates", consultation_uuid=c.uuid)
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("experts:consultation_detail", consultation_uuid=c.uuid)


@login_required
@require_http_methods(["GET", "POST"])
def consultation_candidates(request: HttpRequest, consultation_uuid: str) -> HttpResponse:
    c = access.get_managed_consultation(request.user, consultation_uuid)
    pool = Expert.objects.candidates_for(request.user).filter(province_code=c.province_code)
    if request.method == "POST":
        chosen = list(pool.filter(uuid__in=request.POST.getlist("expert")[:30]))
        try:
            made = workflow.invite_experts(c, chosen, actor=request.user, request=request)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Đã gửi %d lời mời.") % len(made))
            return redirect("experts:consultation_detail", consultation_uuid=c.uuid)
    ranked, excluded = rank_candidates(c, pool)
    return render(request, "experts/candidates.html", {
        "c": c, "ranked": ranked[:50], "excluded": excluded,
        "can_invite": c.status == ConsultationStatus.ACCEPTED,
    })  # fmt: skip


def _recommendation_items(request: HttpRequest) -> list[workflow.RecommendationInput]:
    items = []
    for n in range(1, RECOMMENDATION_ROWS + 1):
        text = request.POST.get(f"text_{n}", "").strip()
        if text:
            ids = [int(v) for v in request.POST.getlist(f"experts_{n}") if v.isdigit()]
            items.append(workflow.RecommendationInput(text=text, expert_ids=ids,
                                                      anchor=request.POST.get(f"anchor_{n}", "")))  # fmt: skip
    return items


@login_required
@require_http_methods(["GET", "POST"])
def consultation_synthesis(request: HttpRequest, consultation_uuid: str) -> HttpResponse:
    c = access.get_managed_consultation(request.user, consultation_uuid)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "minutes":
                meeting = request.POST.get("meeting_on", "")
                workflow.record_minutes(c, actor=request.user, request=request,
                                        meeting_on=parse_date(meeting),
                                        minutes=request.POST.get("minutes", ""))  # fmt: skip
                messages.success(request, _("Đã lưu biên bản."))
            else:
                due = request.POST.get("answer_due", "")
                if not due:
                    raise ValidationError(_("Hãy ghi hạn cơ quan trả lời."))
                if not is_confirmed(request):  # sent is sent: asked once more first
                    return _confirm_synthesis(request, c, parse_date(due))
                workflow.issue_synthesis(c, _recommendation_items(request), actor=request.user,
                                         request=request, answer_due=parse_date(due))  # fmt: skip
                messages.success(request, _("Đã gửi báo cáo tổng hợp tới cơ quan đề nghị."))
                return redirect("experts:consultation_detail", consultation_uuid=c.uuid)
        except ValueError:
            messages.error(request, _("Ngày không hợp lệ."))
        except ValidationError as exc:
            _errors(request, exc)
    consenting = consenting_ids(c.invitations.values_list("expert_id", flat=True))
    authors = list(c.invitations.filter(state=InvitationState.SUBMITTED)
               .select_related("expert", "opinion").prefetch_related("opinion__comments"))  # fmt: skip
    authors = [inv for inv in authors if inv.expert_id in consenting]
    return render(request, "experts/synthesis.html", {
        "c": c, "authors": authors, "rows": range(1, RECOMMENDATION_ROWS + 1),
        "anchors": anchors(c.draft_text), "issued": c.status != ConsultationStatus.ACCEPTED,
        "default_due": timezone.localdate() + dt.timedelta(days=15),
    })  # fmt: skip


def _confirm_synthesis(request: HttpRequest, c: Consultation, due: dt.date) -> HttpResponse:
    return confirm_page(
        request, title=_("Xác nhận gửi báo cáo tổng hợp"),
        question=_("Gửi báo cáo tổng hợp tới %(who)s? Sau khi gửi, các kiến nghị được đánh số "
                   "và cơ quan trả lời từng kiến nghị trước ngày %(due)s.") % {
            "who": c.requester.name, "due": f"{due:%d/%m/%Y}"},
        confirm_label=_("Gửi báo cáo tổng hợp"),
        cancel_url=reverse("experts:consultation_synthesis", args=[c.uuid]),
    )  # fmt: skip


@login_required
@require_GET
def synthesis_download(request: HttpRequest, consultation_uuid: str) -> HttpResponse:
    c = access.get_consultation(request.user, consultation_uuid)
    if not c.recommendations.exists():
        messages.error(request, _("Chưa có báo cáo tổng hợp."))
        return redirect("experts:consultation_detail", consultation_uuid=c.uuid)
    record_event("export", actor=request.user, source="web", request=request, obj=c,
                 place={"province_code": c.province_code},
                 detail={"kind": "synthesis_docx"})  # fmt: skip
    return FileResponse(
        io.BytesIO(synthesis_docx(c)), as_attachment=True, filename="bao-cao-tong-hop.docx"
    )


@login_required
@require_POST
def consultation_answer(request: HttpRequest, consultation_uuid: str) -> HttpResponse:
    c = access.get_requested_consultation(request.user, consultation_uuid)
    answers = {str(rec.uuid): (request.POST.get(f"response_{rec.uuid}", ""),
                               request.POST.get(f"reason_{rec.uuid}", ""))
               for rec in c.recommendations.all()}  # fmt: skip
    try:
        workflow.answer_recommendations(c, answers, actor=request.user, request=request)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Đã ghi trả lời của cơ quan."))
    return redirect("experts:consultation_detail", consultation_uuid=c.uuid)


@login_required
@require_POST
def invitation_fee(request: HttpRequest, invitation_uuid: str) -> HttpResponse:
    inv = access.get_managed_invitation(request.user, invitation_uuid)
    try:
        fee_text = request.POST.get("fee", "").replace(".", "").strip()
        paid = request.POST.get("paid_on", "")
        workflow.record_fee(inv, actor=request.user, request=request,
                            fee=int(fee_text) if fee_text else None,
                            paid_on=parse_date(paid),
                            accept_deliverable=bool(request.POST.get("accept")))  # fmt: skip
        messages.success(request, _("Đã ghi thù lao."))
    except ValueError:
        messages.error(request, _("Số tiền hoặc ngày không hợp lệ."))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("experts:consultation_detail", consultation_uuid=inv.consultation.uuid)


# ---- the expert's side ---------------------------------------------------------------------


@require_GET
def invitation_link(request: HttpRequest, token: str) -> HttpResponse:
    """The signed one-time link an outside expert receives (no account needed)."""
    try:
        invitation = links.redeem(token, request.session, request=request)
    except links.LinkError as exc:
        return render(request, "experts/link_error.html", {"message": str(exc)}, status=403)
    return redirect("experts:invitation", invitation_uuid=invitation.uuid)


def _comments(request: HttpRequest) -> list[tuple[str, str]]:
    return [(request.POST.get(f"anchor_{n}", ""), request.POST.get(f"comment_{n}", ""))
            for n in range(1, COMMENT_ROWS + 1)]  # fmt: skip


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, invitation_uuid: str) -> HttpResponse:
    if not request.user.is_authenticated and not links.granted(request.session, invitation_uuid):
        return redirect(f"{_login_url()}?next={request.path}")
    inv, via_link = access.get_own_invitation(request, invitation_uuid)
    actor = request.user if request.user.is_authenticated else None
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "decline":
                workflow.decline_invitation(inv, actor=actor, via_link=via_link, request=request,
                                            reason=request.POST.get("reason", ""))  # fmt: skip
                messages.success(request, _("Đã ghi nhận lời từ chối. Cảm ơn ông/bà."))
            elif action == "accept":
                form = DeclarationForm(request.POST)
                form.is_valid()
                workflow.accept_invitation(inv, actor=actor, via_link=via_link, request=request,
                                           **form.cleaned_data)  # fmt: skip
                messages.success(request, _("Đã ghi nhận khai báo và cam kết."))
            elif action == "opinion":
                form = OpinionForm(request.POST)
                form.is_valid()
                workflow.submit_opinion(inv, workflow.OpinionInput(
                    comments=_comments(request), **form.cleaned_data), actor=actor,
                    via_link=via_link, request=request)  # fmt: skip
                messages.success(request, _("Đã gửi ý kiến. Cảm ơn ông/bà."))
            else:
                messages.error(request, _("Thao tác không hợp lệ."))
        except ValidationError as exc:
            _errors(request, exc)
        return redirect("experts:invitation", invitation_uuid=inv.uuid)
    inv.refresh_from_db()
    context = {"inv": inv, "c": inv.consultation, "declaration": DeclarationForm(),
               "opinion_form": OpinionForm(), "rows": range(1, COMMENT_ROWS + 1)}  # fmt: skip
    if inv.may_read_draft:
        context |= {"anchors": anchors(inv.consultation.draft_text),
                    "opinion": getattr(inv, "opinion", None)}  # fmt: skip
    return render(request, "experts/invitation.html", context)


def _login_url() -> str:
    return resolve_url(settings.LOGIN_URL)


@login_required
@require_http_methods(["GET", "POST"])
def my_expertise(request: HttpRequest) -> HttpResponse:
    """The intellectual's own expert profile ("Hồ sơ của tôi"): expertise, availability,
    consents and invitations."""
    person = get_own_person(request.user)
    expert = Expert.objects.filter(person=person).first() if person else None
    if request.method == "POST" and person is not None:
        action = request.POST.get("action", "profile")
        try:
            if action == "conflict":
                _declare_conflict(request, expert)
            elif action == "end_conflict":
                _end_conflict(request, expert)
            elif action in {"give", "withdraw"}:
                purpose = request.POST.get("purpose", "")
                if expert is None or purpose not in ConsentPurpose.values:
                    raise ValidationError(_("Hãy lưu hồ sơ chuyên gia trước."))
                if action == "give":
                    give_consent(expert, purpose, actor=request.user, request=request,
                                 evidence=_("Tự xác nhận trên hệ thống (tài khoản %s)")
                                 % request.user.get_username())  # fmt: skip
                else:
                    workflow.withdraw_and_end_invitations(expert, purpose, actor=request.user,
                                                 request=request)  # fmt: skip
                messages.success(request, _("Đã ghi nhận."))
            else:
                form = ProfileForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(_("Hồ sơ chưa hợp lệ: hãy chọn lĩnh vực, ghi số đúng."))
                save_own_profile(person, form.to_input(), actor=request.user, request=request)
                messages.success(request, _("Đã lưu hồ sơ chuyên gia."))
        except ValidationError as exc:
            _errors(request, exc)
        return redirect("experts:my_expertise")
    initial = {name: getattr(expert, name) for name in ProfileForm.base_fields} if expert else {}
    purposes = [(value, label, CONSENT_SHOWS[value],
                 expert is not None and has_expert_consent(expert, value))
                for value, label in ConsentPurpose.choices]  # fmt: skip
    invitations = Invitation.objects.own(request.user).filter(
        expert__in=Expert.objects.listed(ConsentPurpose.CONSULTATION)
    ).select_related("consultation", "consultation__requester")  # fmt: skip
    return render(request, "experts/my_expertise.html", {
        "person": person, "expert": expert, "form": ProfileForm(initial=initial),
        "purposes": purposes, "invitations": invitations,
        "conflicts": expert.conflicts.select_related("agency") if expert else [],
        "conflict_form": ConflictForm(agencies=_agencies(expert)) if expert else None,
    })  # fmt: skip


def _agencies(expert: Expert) -> list[tuple[int, str]]:
    # The agencies of the expert's province: those whose consultations they may be asked to.
    return list(Agency.objects.filter(province_code=expert.province_code)
                .order_by("name").values_list("pk", "name"))  # fmt: skip


def _end_conflict(request: HttpRequest, expert: Expert | None) -> None:
    conflict = expert.conflicts.filter(pk=request.POST.get("conflict") or None).first() \
        if expert else None  # fmt: skip
    if conflict is None:
        raise ValidationError(_("Không tìm thấy khai báo xung đột lợi ích này."))
    end_conflict(conflict, actor=request.user, request=request)
    messages.success(request, _("Đã bỏ khai báo xung đột lợi ích; lịch sử vẫn được lưu."))


def _declare_conflict(request: HttpRequest, expert: Expert | None) -> None:
    if expert is None:
        raise ValidationError(_("Hãy lưu hồ sơ chuyên gia trước."))
    form = ConflictForm(request.POST, agencies=_agencies(expert))
    if not form.is_valid():
        raise ValidationError(_("Hãy ghi lý do và chọn cơ quan hoặc ghi tên tổ chức, cá nhân."))
    agency_pk = form.cleaned_data["agency"]
    agency = Agency.objects.get(pk=agency_pk) if agency_pk else None
    declare_conflict(expert, agency, form.cleaned_data["reason"], actor=request.user,
                     counterpart=form.cleaned_data["counterpart"], request=request)  # fmt: skip
    messages.success(request, _("Đã ghi khai báo xung đột lợi ích."))
