"""The consultation workflow, every step a service that takes `actor=`, runs in one
transaction, re-checks the actor's right inside it and writes an audit event whose
`detail.step` names the step:

request → accept (form, experts needed) or refuse → invite → each expert accepts (with a
conflict-of-interest declaration and a confidentiality undertaking, before the draft is
shown) or declines with a reason → an alternate is invited on a decline, a declared
conflict, a withdrawn consent or N days of silence (`sweep_invitations`, daily) →
opinions anchored to the draft's articles (or, for a commission, the deliverable) →
minutes → synthesis of numbered recommendations, each naming its experts → the requester
answers each by a due date → fees recorded (and, for a commission, the deliverable
accepted).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trithuc.accounts.scope import Capability, recheck, scope_of
from trithuc.audit.services import record_event
from trithuc.codelists.services import codes
from trithuc.experts import links, profiles
from trithuc.experts.drafts import anchor_labels
from trithuc.experts.matching import rank_candidates
from trithuc.experts.models import (
    AnchoredComment,
    Consultation,
    ConsultationForm,
    ConsultationKind,
    ConsultationStatus,
    Expert,
    Invitation,
    InvitationState,
    Opinion,
    Recommendation,
    Response,
)
from trithuc.experts.profiles import has_expert_consent
from trithuc.privacy.models import ConsentPurpose

MAX_DRAFT_CHARS = 400_000


def _event(step: str, obj: Any, consultation: Consultation, *, actor: Any, action: str = "update",
           request: Any = None, source: str = "web", after: dict | None = None,
           actor_name: str = "") -> None:  # fmt: skip
    record_event(action, actor=actor, source=source, request=request, obj=obj,
                 actor_name=actor_name,
                 place={"province_code": consultation.province_code,
                        "agency_pk": consultation.requester_id},
                 after=after or {}, detail={"step": step, "consultation": str(consultation.uuid)})  # fmt: skip


# ---- request, acceptance -------------------------------------------------------------------


@dataclass
class RequestInput:
    kind: str
    title: str
    requester: Any  # Agency
    draft_text: str
    deadline: dt.date
    fields: list[str] = field(default_factory=list)
    draft_name: str = ""
    legal_basis: str = ""
    questions: str = ""
    deliverables: str = ""
    budget_line: str = ""


def request_consultation(data: RequestInput, *, actor: Any, request: Any = None,
                         source: str = "web", is_synthetic: bool = False,
                         today: dt.date | None = None) -> Consultation:  # fmt: skip
    scope_of(actor).require(Capability.REQUEST_CONSULTATIONS,
                            _("Vai trò của bạn không được đề nghị tư vấn, phản biện."))  # fmt: skip
    errors = []
    if data.kind not in ConsultationKind.values:
        errors.append(_("Hãy chọn hình thức (tư vấn, phản biện, giám định xã hội, đặt hàng)."))
    if not data.title.strip():
        errors.append(_("Hãy ghi tên văn bản, đề án hoặc nhiệm vụ."))
    if not data.draft_text.strip():
        errors.append(_("Hãy dán nội dung dự thảo hoặc tải tệp lên."))
    if len(data.draft_text) > MAX_DRAFT_CHARS:
        errors.append(_("Dự thảo quá dài (tối đa 400.000 ký tự)."))
    if data.deadline <= (today or timezone.localdate()):
        errors.append(_("Hạn gửi ý kiến phải sau hôm nay."))
    unknown = set(data.fields) - set(codes("sector"))
    if unknown:
        errors.append(_("Lĩnh vực không có trong danh mục: %s.") % ", ".join(sorted(unknown)))
    if data.kind == ConsultationKind.COMMISSION and not data.deliverables.strip():
        errors.append(_("Đặt hàng cần ghi rõ sản phẩm giao nộp."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        consultation = Consultation.objects.create(
            kind=data.kind, title=data.title.strip()[:300], requester=data.requester,
            province_code=data.requester.province_code, draft_text=data.draft_text,
            draft_name=data.draft_name[:255], fields=sorted(set(data.fields)),
            legal_basis=data.legal_basis[:300], questions=data.questions,
            deliverables=data.deliverables, deadline=data.deadline,
            budget_line=data.budget_line[:200], requested_by=actor, is_synthetic=is_synthetic,
        )  # fmt: skip
        recheck(Consultation.objects.requested_by(actor), consultation,
                _("Cơ quan đề nghị nằm ngoài phạm vi của bạn."))  # fmt: skip
        _event("request", consultation, consultation, actor=actor, action="create",
               request=request, source=source,
               after={"kind": data.kind, "title": consultation.title,
                      "deadline": data.deadline.isoformat()})  # fmt: skip
    return consultation


def _managed(consultation: Consultation, actor: Any) -> Consultation:
    """The consultation locked for the write, refused outside the secretariat's scope."""
    locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
    recheck(Consultation.objects.managed_by(actor), locked,
            _("Chỉ thư ký tư vấn, phản biện của tỉnh được làm việc này."))  # fmt: skip
    return locked


def accept_consultation(consultation: Consultation, *, actor: Any, form: str,
                        experts_needed: int, silence_days: int, request: Any = None,
                        source: str = "web") -> Consultation:  # fmt: skip
    if form not in ConsultationForm.values:
        raise ValidationError(_("Hãy chọn hình thức tổ chức."))
    if not 1 <= experts_needed <= 30 or not 1 <= silence_days <= 60:
        raise ValidationError(_("Số chuyên gia từ 1 đến 30; số ngày chờ từ 1 đến 60."))
    with transaction.atomic():
        c = _managed(consultation, actor)
        if c.status != ConsultationStatus.REQUESTED:
            raise ValidationError(_("Đề nghị này đã được xử lý."))
        c.form, c.experts_needed, c.silence_days = form, experts_needed, silence_days
        c.status, c.accepted_at = ConsultationStatus.ACCEPTED, timezone.now()
        c.save(update_fields=["form", "experts_needed", "silence_days", "status", "accepted_at"])
        _event("accept", c, c, actor=actor, request=request, source=source,
               after={"form": form, "experts_needed": experts_needed,
                      "silence_days": silence_days})  # fmt: skip
    return c


def refuse_consultation(consultation: Consultation, *, actor: Any, reason: str,
                        request: Any = None) -> Consultation:  # fmt: skip
    if not reason.strip():
        raise ValidationError(_("Hãy ghi lý do không tiếp nhận."))
    with transaction.atomic():
        c = _managed(consultation, actor)
        if c.status != ConsultationStatus.REQUESTED:
            raise ValidationError(_("Đề nghị này đã được xử lý."))
        c.status, c.refusal_reason = ConsultationStatus.REFUSED, reason.strip()
        c.save(update_fields=["status", "refusal_reason"])
        _event("refuse", c, c, actor=actor, request=request, after={"reason": c.refusal_reason})
    return c


# ---- invitations ---------------------------------------------------------------------------


def candidate_pool(consultation: Consultation) -> Any:
    """Experts who consented to be consulted, in the consultation's province (the pool of
    the secretariat that runs it, also when the daily command invites alternates)."""
    return Expert.objects.listed(ConsentPurpose.CONSULTATION).filter(
        province_code=consultation.province_code
    )


def _base_url(request: Any) -> str:
    if request is not None:
        return request.build_absolute_uri("/")[:-1]
    return settings.TRITHUC_SITE_URL.rstrip("/")


def _notify(invitation: Invitation, subject: str, body: str) -> None:
    if invitation.expert.email:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.expert.email],
                  fail_silently=True)  # fmt: skip


def _send_invitation(invitation: Invitation, base_url: str) -> None:
    c = invitation.consultation
    url = f"{base_url}{links.invitation_url(invitation)}"
    body = _(
        "Kính gửi %(name)s,\n\n%(requester)s đề nghị %(kind)s: %(title)s. Hạn gửi ý kiến: "
        "%(deadline)s.\nTrước khi xem dự thảo, chuyên gia khai báo xung đột lợi ích và cam "
        "kết bảo mật tại đường dẫn dùng một lần sau:\n%(url)s\n\nThư ký tư vấn, phản biện."
    ) % {"name": invitation.expert.full_name, "requester": c.requester.name,
         "kind": c.get_kind_display().lower(), "title": c.title,
         "deadline": c.deadline.strftime("%d/%m/%Y"), "url": url}  # fmt: skip
    _notify(invitation, _("Lời mời tham gia %s") % c.get_kind_display().lower(), body)


def _create_invitation(c: Consultation, expert: Expert, *, actor: Any, now: dt.datetime,
                       replaces: Invitation | None, source: str, request: Any,
                       base_url: str) -> Invitation:  # fmt: skip
    invitation = Invitation.objects.create(
        consultation=c, expert=expert, invited_at=now, is_alternate=replaces is not None,
        replaces=replaces, link_nonce=links.new_nonce(),
    )  # fmt: skip
    step = "invite_alternate" if replaces is not None else "invite"
    _event(step, invitation, c, actor=actor, action="create", request=request, source=source,
           actor_name="" if actor else "trithuc",
           after={"expert": expert.full_name,
                  "replaces": replaces.expert.full_name if replaces else ""})  # fmt: skip
    transaction.on_commit(lambda: _send_invitation(invitation, base_url))
    return invitation


def invite_experts(consultation: Consultation, experts: Sequence[Expert], *, actor: Any,
                   request: Any = None, source: str = "web",
                   now: dt.datetime | None = None) -> list[Invitation]:  # fmt: skip
    """Invite chosen candidates; each must have consented to be consulted, lie in the
    secretariat's scope and not be excluded (the reason is given)."""
    if not experts:
        raise ValidationError(_("Hãy chọn ít nhất một chuyên gia."))
    now = now or timezone.now()
    base_url = _base_url(request)
    with transaction.atomic():
        c = _managed(consultation, actor)
        if c.status != ConsultationStatus.ACCEPTED:
            raise ValidationError(_("Chỉ mời chuyên gia khi đề nghị đã được tiếp nhận."))
        pool = Expert.objects.candidates_for(actor).filter(province_code=c.province_code)
        ranked, excluded = rank_candidates(c, pool.filter(pk__in=[e.pk for e in experts]))
        refused = {cand.expert.pk: cand.excluded for cand in excluded}
        allowed = {cand.expert.pk for cand in ranked}
        made = []
        for expert in experts:
            if expert.pk in refused:
                raise ValidationError(_("Không mời được %(name)s: %(reason)s.")
                                      % {"name": expert.full_name, "reason": refused[expert.pk]})  # fmt: skip
            if expert.pk not in allowed:
                raise ValidationError(_("Không mời được %s: chuyên gia chưa đồng ý được liên hệ "
                                        "tham vấn.") % expert.full_name)  # fmt: skip
            made.append(_create_invitation(c, expert, actor=actor, now=now, replaces=None,
                                           source=source, request=request, base_url=base_url))  # fmt: skip
    return made


def invite_alternate(c: Consultation, replaces: Invitation, *, actor: Any, now: dt.datetime,
                     source: str, request: Any = None) -> Invitation | None:  # fmt: skip
    """The best-ranked candidate not yet invited, when the consultation still needs one."""
    active = c.invitations.filter(state__in=[InvitationState.INVITED, InvitationState.ACCEPTED,
                                             InvitationState.SUBMITTED]).count()  # fmt: skip
    if active >= c.experts_needed or c.status != ConsultationStatus.ACCEPTED:
        return None
    ranked, _excluded = rank_candidates(c, candidate_pool(c))
    if not ranked:
        return None
    base_url = _base_url(request)
    return _create_invitation(c, ranked[0].expert, actor=actor, now=now, replaces=replaces,
                              source=source, request=request, base_url=base_url)  # fmt: skip


def _own_invitation(invitation: Invitation, actor: Any, via_link: bool) -> Invitation:
    locked = Invitation.objects.select_for_update().select_related(
        "consultation", "expert").get(pk=invitation.pk)  # fmt: skip
    if not via_link:
        recheck(Invitation.objects.own(actor), locked,
                _("Chỉ chuyên gia được mời mới trả lời lời mời này."))  # fmt: skip
    if not has_expert_consent(locked.expert, ConsentPurpose.CONSULTATION):
        raise PermissionDenied(_("Bạn đã rút lại sự đồng ý được liên hệ tham vấn."))
    return locked


def accept_invitation(invitation: Invitation, *, actor: Any, no_conflict: bool,
                      conflict_statement: str, confidentiality: bool, via_link: bool = False,
                      request: Any = None) -> Invitation:  # fmt: skip
    """Accept with the two declarations; a declared conflict ends the invitation (an
    alternate is invited) and the draft is never shown."""
    statement = conflict_statement.strip()
    if not statement and not no_conflict:
        raise ValidationError(_("Hãy xác nhận không có xung đột lợi ích, hoặc khai báo xung đột."))
    if not statement and not confidentiality:
        raise ValidationError(_("Cần cam kết bảo mật nội dung dự thảo trước khi xem dự thảo."))
    now = timezone.now()
    name = invitation.expert.full_name
    with transaction.atomic():
        inv = _own_invitation(invitation, actor, via_link)
        if inv.state != InvitationState.INVITED:
            raise ValidationError(_("Lời mời này đã được trả lời hoặc đã hết hiệu lực."))
        inv.answered_at = now
        inv.conflict_statement = statement
        if statement:
            inv.state, inv.no_conflict = InvitationState.DECLINED, False
            inv.decline_reason = _("Xung đột lợi ích: %s") % statement
        else:
            inv.state, inv.no_conflict, inv.confidentiality_at = (
                InvitationState.ACCEPTED,
                True,
                now,
            )
        inv.save()
        _event("declare_conflict" if statement else "accept_invitation", inv, inv.consultation,
               actor=actor, request=request, source="link" if via_link else "web",
               actor_name=name,
               after={"state": inv.state, "no_conflict": inv.no_conflict,
                      "conflict_statement": statement,
                      "confidentiality": bool(inv.confidentiality_at)})  # fmt: skip
        if statement:
            invite_alternate(inv.consultation, inv, actor=None, now=now, source="system",
                             request=request)  # fmt: skip
    return inv


def decline_invitation(invitation: Invitation, *, actor: Any, reason: str,
                       via_link: bool = False, request: Any = None) -> Invitation:  # fmt: skip
    if not reason.strip():
        raise ValidationError(_("Hãy ghi lý do từ chối."))
    now = timezone.now()
    with transaction.atomic():
        inv = _own_invitation(invitation, actor, via_link)
        if inv.state != InvitationState.INVITED:
            raise ValidationError(_("Lời mời này đã được trả lời hoặc đã hết hiệu lực."))
        inv.state, inv.answered_at, inv.decline_reason = InvitationState.DECLINED, now, reason
        inv.save(update_fields=["state", "answered_at", "decline_reason"])
        _event("decline_invitation", inv, inv.consultation, actor=actor, request=request,
               source="link" if via_link else "web", actor_name=inv.expert.full_name,
               after={"reason": reason.strip()})  # fmt: skip
        invite_alternate(inv.consultation, inv, actor=None, now=now, source="system",
                         request=request)  # fmt: skip
    return inv


# ---- opinions ------------------------------------------------------------------------------


@dataclass
class OpinionInput:
    assessment: str = ""
    answers: str = ""
    general: str = ""
    comments: list[tuple[str, str]] = field(default_factory=list)  # (anchor, text)


def submit_opinion(invitation: Invitation, data: OpinionInput, *, actor: Any,
                   via_link: bool = False, request: Any = None) -> Opinion:  # fmt: skip
    now = timezone.now()
    with transaction.atomic():
        inv = _own_invitation(invitation, actor, via_link)
        if inv.state != InvitationState.ACCEPTED or not inv.may_read_draft:
            raise ValidationError(_("Chỉ gửi ý kiến sau khi đã nhận lời và cam kết."))
        c = inv.consultation
        labels = set(anchor_labels(c.draft_text))
        comments = [(a.strip(), t.strip()) for a, t in data.comments if t.strip()]
        wrong = sorted({a for a, _t in comments if a not in labels})
        if wrong:
            raise ValidationError(_("Không có điều, khoản, đoạn: %s.") % ", ".join(wrong))
        if not c.is_commission and data.assessment not in Opinion.Assessment.values:
            raise ValidationError(_("Hãy chọn đánh giá chung."))
        if not (data.general.strip() or data.answers.strip() or comments):
            raise ValidationError(_("Ý kiến đang trống."))
        opinion = Opinion.objects.create(invitation=inv, assessment=data.assessment,
                                         answers=data.answers, general=data.general,
                                         submitted_at=now)  # fmt: skip
        AnchoredComment.objects.bulk_create(
            [AnchoredComment(opinion=opinion, anchor=a, text=t) for a, t in comments]
        )
        inv.state, inv.submitted_at = InvitationState.SUBMITTED, now
        inv.save(update_fields=["state", "submitted_at"])
        _event("submit_deliverable" if c.is_commission else "submit_opinion", opinion, c,
               actor=actor, action="create", request=request,
               source="link" if via_link else "web", actor_name=inv.expert.full_name,
               after={"assessment": data.assessment, "comments": len(comments)})  # fmt: skip
    return opinion


# ---- synthesis, answers, fees ---------------------------------------------------------------


@dataclass
class RecommendationInput:
    text: str
    expert_ids: list[int]
    anchor: str = ""


def record_minutes(consultation: Consultation, *, actor: Any, meeting_on: dt.date | None,
                   minutes: str, request: Any = None) -> Consultation:  # fmt: skip
    with transaction.atomic():
        c = _managed(consultation, actor)
        c.meeting_on, c.minutes = meeting_on, minutes
        c.save(update_fields=["meeting_on", "minutes"])
        _event("minutes", c, c, actor=actor, request=request,
               after={"meeting_on": meeting_on.isoformat() if meeting_on else ""})  # fmt: skip
    return c


def issue_synthesis(consultation: Consultation, items: Sequence[RecommendationInput], *,
                    actor: Any, answer_due: dt.date, request: Any = None,
                    source: str = "web") -> Consultation:  # fmt: skip
    """Numbered recommendations, each traced to the experts who made it (experts who sent
    an opinion); the requester answers by `answer_due`."""
    items = [item for item in items if item.text.strip()]
    if not items:
        raise ValidationError(_("Báo cáo tổng hợp cần ít nhất một kiến nghị."))
    if answer_due <= timezone.localdate():
        raise ValidationError(_("Hạn trả lời phải sau hôm nay."))
    with transaction.atomic():
        c = _managed(consultation, actor)
        if c.status != ConsultationStatus.ACCEPTED:
            raise ValidationError(_("Báo cáo tổng hợp chỉ lập một lần, sau khi tiếp nhận."))
        authors = set(c.invitations.filter(state=InvitationState.SUBMITTED)
                      .values_list("expert_id", flat=True))  # fmt: skip
        for number, item in enumerate(items, start=1):
            if not item.expert_ids or not set(item.expert_ids) <= authors:
                raise ValidationError(_("Kiến nghị %d phải ghi chuyên gia đã gửi ý kiến đề xuất "
                                        "nó.") % number)  # fmt: skip
            recommendation = Recommendation.objects.create(consultation=c, number=number,
                                                           anchor=item.anchor[:60],
                                                           text=item.text.strip())  # fmt: skip
            recommendation.experts.set(item.expert_ids)
        c.status, c.issued_at, c.answer_due = ConsultationStatus.ISSUED, timezone.now(), answer_due
        c.save(update_fields=["status", "issued_at", "answer_due"])
        _event("issue_synthesis", c, c, actor=actor, request=request, source=source,
               after={"recommendations": len(items), "answer_due": answer_due.isoformat()})  # fmt: skip
    return c


def answer_recommendations(consultation: Consultation, answers: dict[str, tuple[str, str]], *,
                           actor: Any, request: Any = None,
                           source: str = "web") -> Consultation:  # fmt: skip
    """The requester answers each recommendation (adopted / partly / not, with reasons)."""
    now = timezone.now()
    with transaction.atomic():
        c = Consultation.objects.select_for_update().get(pk=consultation.pk)
        recheck(Consultation.objects.requested_by(actor), c,
                _("Chỉ cơ quan đề nghị được trả lời các kiến nghị."))  # fmt: skip
        if c.status not in (ConsultationStatus.ISSUED, ConsultationStatus.ANSWERED):
            raise ValidationError(_("Chưa có báo cáo tổng hợp để trả lời."))
        changed = []
        for rec in c.recommendations.all():
            response, reason = answers.get(str(rec.uuid), ("", ""))
            if not response:
                continue
            if response not in Response.values:
                raise ValidationError(_("Trả lời kiến nghị %d không hợp lệ.") % rec.number)
            if response != Response.ADOPTED and not reason.strip():
                raise ValidationError(_("Kiến nghị %d: hãy ghi lý do không tiếp thu hoặc chỉ "
                                        "tiếp thu một phần.") % rec.number)  # fmt: skip
            rec.response, rec.response_reason, rec.answered_at = response, reason.strip(), now
            rec.save(update_fields=["response", "response_reason", "answered_at"])
            changed.append({"number": rec.number, "response": response})
        if not changed:
            raise ValidationError(_("Hãy trả lời ít nhất một kiến nghị."))
        if not c.recommendations.filter(response="").exists():
            c.status, c.answered_at = ConsultationStatus.ANSWERED, now
            c.save(update_fields=["status", "answered_at"])
        _event("answer", c, c, actor=actor, request=request, source=source,
               after={"answers": changed, "status": c.status})  # fmt: skip
    return c


def record_fee(invitation: Invitation, *, actor: Any, fee: int | None, paid_on: dt.date | None,
               accept_deliverable: bool = False, request: Any = None) -> Invitation:  # fmt: skip
    if fee is not None and fee < 0:
        raise ValidationError(_("Thù lao không được âm."))
    with transaction.atomic():
        inv = Invitation.objects.select_for_update().get(pk=invitation.pk)
        recheck(Invitation.objects.filter(
            consultation__in=Consultation.objects.managed_by(actor)), inv,
            _("Chỉ thư ký tư vấn, phản biện được ghi thù lao."))  # fmt: skip
        if inv.state != InvitationState.SUBMITTED:
            raise ValidationError(_("Chỉ ghi thù lao cho chuyên gia đã gửi ý kiến, sản phẩm."))
        inv.fee, inv.fee_paid_on = fee, paid_on
        if accept_deliverable and inv.deliverable_accepted_at is None:
            inv.deliverable_accepted_at = timezone.now()
        inv.save(update_fields=["fee", "fee_paid_on", "deliverable_accepted_at"])
        _event("fee", inv, inv.consultation, actor=actor, request=request,
               after={"fee": fee, "paid_on": paid_on.isoformat() if paid_on else "",
                      "deliverable_accepted": bool(inv.deliverable_accepted_at)})  # fmt: skip
    return inv


def overdue_answer(c: Consultation, today: dt.date | None = None) -> bool:
    """Are the requester's answers late (due date passed, a recommendation unanswered)?"""
    today = today or timezone.localdate()
    return bool(c.status == ConsultationStatus.ISSUED and c.answer_due and c.answer_due < today)


# ---- the daily sweep -----------------------------------------------------------------------


@dataclass
class SweepSummary:
    expired: list[Invitation] = field(default_factory=list)
    withdrawn: list[Invitation] = field(default_factory=list)
    alternates: list[Invitation] = field(default_factory=list)
    reminded: list[Invitation] = field(default_factory=list)
    overdue: list[Consultation] = field(default_factory=list)


def _end(inv: Invitation, state: str, now: dt.datetime, summary: SweepSummary, step: str,
         source: str = "command") -> None:  # fmt: skip
    inv.state, inv.answered_at = state, now
    inv.save(update_fields=["state", "answered_at"])
    _event(step, inv, inv.consultation, actor=None, source=source, actor_name="trithuc",
           after={"state": state})  # fmt: skip
    alternate = invite_alternate(inv.consultation, inv, actor=None, now=now, source=source)
    if alternate is not None:
        summary.alternates.append(alternate)


def sweep_invitations(now: dt.datetime | None = None, *, dry_run: bool = False) -> SweepSummary:
    """Daily: end invitations left unanswered for the consultation's N days and those whose
    expert withdrew their consent (an alternate is invited for each), remind experts two
    days before the deadline, and list the requesters whose answers are late."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    summary = SweepSummary()
    consenting = set(
        Expert.objects.listed(ConsentPurpose.CONSULTATION).values_list("pk", flat=True)
    )
    open_ = Invitation.objects.filter(
        state__in=[InvitationState.INVITED, InvitationState.ACCEPTED],
        consultation__status=ConsultationStatus.ACCEPTED,
    ).select_related("consultation", "expert").order_by("invited_at", "pk")  # fmt: skip
    for inv in open_:
        with transaction.atomic():
            if inv.expert_id not in consenting:
                summary.withdrawn.append(inv)
                if not dry_run:
                    _end(inv, InvitationState.WITHDRAWN, now, summary, "consent_withdrawn")
            elif inv.state == InvitationState.INVITED and (
                inv.invited_at + dt.timedelta(days=inv.consultation.silence_days) <= now
            ):
                summary.expired.append(inv)
                if not dry_run:
                    _end(inv, InvitationState.EXPIRED, now, summary, "silence")
            elif (inv.state == InvitationState.ACCEPTED and inv.reminded_at is None
                  and inv.consultation.deadline - today <= dt.timedelta(days=2)):  # fmt: skip
                summary.reminded.append(inv)
                if not dry_run:
                    _remind(inv, now)
    summary.overdue = list(Consultation.objects.filter(status=ConsultationStatus.ISSUED,
                                                              answer_due__lt=today))  # fmt: skip
    return summary


def withdraw_and_end_invitations(expert: Expert, purpose: str, *, actor: Any,
                                 request: Any = None, evidence: str = "") -> list[Invitation]:  # fmt: skip
    """Withdraw a consent, and when the expert no longer consents to consultation, end
    their open invitations now (an alternate is invited for each) rather than at the
    next daily sweep. Returns the alternates invited."""
    now = timezone.now()
    summary = SweepSummary()
    with transaction.atomic():
        profiles.withdraw_consent(expert, purpose, actor=actor, request=request,
                                  evidence=evidence)  # fmt: skip
        if Expert.objects.listed(ConsentPurpose.CONSULTATION).filter(pk=expert.pk).exists():
            return []
        open_ = Invitation.objects.filter(
            expert=expert, state__in=[InvitationState.INVITED, InvitationState.ACCEPTED],
            consultation__status=ConsultationStatus.ACCEPTED,
        ).select_related("consultation", "expert").order_by("invited_at", "pk")  # fmt: skip
        for inv in open_:
            _end(inv, InvitationState.WITHDRAWN, now, summary, "consent_withdrawn", source="web")
    return summary.alternates


def _remind(inv: Invitation, now: dt.datetime) -> None:
    inv.reminded_at = now
    inv.save(update_fields=["reminded_at"])
    c = inv.consultation
    _notify(inv, _("Nhắc hạn gửi ý kiến: %s") % c.title,
            _("Kính gửi %(name)s,\nHạn gửi ý kiến về %(title)s là %(deadline)s.")
            % {"name": inv.expert.full_name, "title": c.title,
               "deadline": c.deadline.strftime("%d/%m/%Y")})  # fmt: skip
    _event("remind", inv, c, actor=None, source="command", actor_name="trithuc")


def experts_of(invitations: Iterable[Invitation]) -> list[Expert]:
    return [inv.expert for inv in invitations]
