"""The consultation workflow from request to answers: declarations before the draft,
alternates on decline and silence, audit events, the synthesis document."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from docx import Document

from trithuc.audit.models import AuditEvent
from trithuc.experts import criteria, links, workflow
from trithuc.experts.matching import rank_candidates
from trithuc.experts.models import ConsultationStatus, Invitation, InvitationState
from trithuc.experts.profiles import declare_conflict
from trithuc.experts.synthesis import synthesis_docx
from trithuc.experts.tests.conftest import DRAFT, make_consultation, make_expert

pytestmark = pytest.mark.django_db


def _invite_top(consultation, secretariat, n=2):
    ranked, _ = rank_candidates(consultation, workflow.candidate_pool(consultation))
    return workflow.invite_experts(consultation, [c.expert for c in ranked[:n]], actor=secretariat)


def _accept(inv):
    return workflow.accept_invitation(inv, actor=None, via_link=True, no_conflict=True,
                                      conflict_statement="", confidentiality=True)  # fmt: skip


def _steps(consultation) -> list[str]:
    return list(AuditEvent.objects.filter(detail__consultation=str(consultation.uuid))
                .order_by("id").values_list("detail__step", flat=True))  # fmt: skip


def test_ranking_by_field_keyword_level_and_balance(consultation, experts):
    ranked, excluded = rank_candidates(consultation, workflow.candidate_pool(consultation))
    names = [c.expert.full_name for c in ranked]
    assert names[0] == "Hoàng Văn Thủy"  # field, two keywords in the draft, doctor, PGS
    assert any("nuoc sach" in r for r in ranked[0].reasons)  # diacritic-insensitive
    lan = next(c for c in ranked if c.expert.full_name == "Nông Thị Lan")
    assert "Cân bằng giới (+0.5)" in lan.reasons and "Cân bằng dân tộc (+0.5)" in lan.reasons
    assert names[-1] == "Bế Thị Hà"  # another field
    assert not excluded


def test_requester_staff_and_declared_conflicts_are_excluded_with_reason(
    consultation, experts, agencies, secretariat
):
    staff = make_expert(secretariat, "Đàm Văn Nội")
    staff.agency = agencies["water"]
    staff.save()
    declare_conflict(experts[1], agencies["water"], "Đang làm tư vấn cho dự án của Sở",
                     actor=secretariat)  # fmt: skip
    ranked, excluded = rank_candidates(consultation, workflow.candidate_pool(consultation))
    reasons = {c.expert.full_name: c.excluded for c in excluded}
    assert "cơ quan đề nghị" in reasons["Đàm Văn Nội"]
    assert "Đang làm tư vấn cho dự án của Sở" in reasons["Nông Thị Lan"]
    assert "Nông Thị Lan" not in [c.expert.full_name for c in ranked]
    with pytest.raises(ValidationError, match="xung đột lợi ích"):
        workflow.invite_experts(consultation, [experts[1]], actor=secretariat)


def test_conflict_and_confidentiality_declared_before_the_draft(client, consultation, secretariat):
    inv = _invite_top(consultation, secretariat, 1)[0]
    session_link = reverse("experts:invitation_link", kwargs={"token": links.invitation_token(inv)})
    page = client.get(session_link, follow=True)
    assert "Phạm vi điều chỉnh" not in page.content.decode()  # the draft is not shown yet
    with pytest.raises(ValidationError):
        workflow.accept_invitation(inv, actor=None, via_link=True, no_conflict=True,
                                   conflict_statement="", confidentiality=False)  # fmt: skip
    with pytest.raises(ValidationError):
        workflow.submit_opinion(inv, workflow.OpinionInput(assessment="agree", general="x"),
                                actor=None, via_link=True)  # fmt: skip
    client.post(reverse("experts:invitation", args=[inv.uuid]),
                {"action": "accept", "no_conflict": "on", "confidentiality": "on"})  # fmt: skip
    inv.refresh_from_db()
    assert inv.may_read_draft and inv.confidentiality_at is not None
    assert (
        "Phạm vi điều chỉnh"
        in client.get(reverse("experts:invitation", args=[inv.uuid])).content.decode()
    )


def test_declared_conflict_ends_the_invitation_and_calls_an_alternate(consultation, secretariat):
    inv = _invite_top(consultation, secretariat, 2)[0]
    workflow.accept_invitation(inv, actor=None, via_link=True, no_conflict=False,
                               conflict_statement="Vợ tôi làm ở Sở", confidentiality=True)  # fmt: skip
    inv.refresh_from_db()
    assert inv.state == InvitationState.DECLINED and not inv.may_read_draft
    alternate = Invitation.objects.get(replaces=inv)
    assert alternate.is_alternate and alternate.state == InvitationState.INVITED


def test_alternate_invited_on_decline(consultation, secretariat):
    first, second = _invite_top(consultation, secretariat, 2)
    mail.outbox.clear()
    workflow.decline_invitation(first, actor=None, via_link=True, reason="Đang đi công tác")
    alternate = Invitation.objects.get(replaces=first)
    assert alternate.expert not in (first.expert, second.expert)
    assert alternate.is_alternate
    with pytest.raises(ValidationError):
        workflow.decline_invitation(first, actor=None, via_link=True, reason="lần hai")


def test_alternate_invited_after_silence(consultation, secretariat):
    start = timezone.now() + dt.timedelta(hours=1)
    with time_machine.travel(start, tick=False):
        first, second = _invite_top(consultation, secretariat, 2)
        _accept(second)
    with time_machine.travel(start + dt.timedelta(days=4, hours=23), tick=False):
        assert not workflow.sweep_invitations().expired  # not yet 5 days: still waiting
    with time_machine.travel(start + dt.timedelta(days=5, hours=1), tick=False):
        summary = workflow.sweep_invitations()
    assert [i.pk for i in summary.expired] == [first.pk]
    first.refresh_from_db()
    assert first.state == InvitationState.EXPIRED
    assert summary.alternates[0].replaces_id == first.pk
    assert "silence" in _steps(consultation) and "invite_alternate" in _steps(consultation)


def test_the_whole_workflow_is_audited_and_the_synthesis_holds_every_recommendation(
    consultation, secretariat, requester
):
    first, second = _invite_top(consultation, secretariat, 2)
    _accept(first)
    with pytest.raises(ValidationError, match="Điều 9"):
        workflow.submit_opinion(first, workflow.OpinionInput(comments=[("Điều 9", "x")]),
                                actor=None, via_link=True)  # fmt: skip
    _accept(second)
    for inv, text in ((first, "Bổ sung giếng khoan tập trung"), (second, "Giá nước theo vùng")):
        workflow.submit_opinion(inv, workflow.OpinionInput(
            assessment="changes", general="Cần sửa", comments=[("Điều 1 khoản 2", text)]),
            actor=None, via_link=True)  # fmt: skip
    workflow.record_minutes(consultation, actor=secretariat, meeting_on=dt.date(2026, 3, 10),
                            minutes="Họp tổ chuyên gia, thống nhất hai kiến nghị.")  # fmt: skip
    due = dt.date.today() + dt.timedelta(days=10)
    workflow.issue_synthesis(consultation, [
        workflow.RecommendationInput("Bổ sung giếng khoan tập trung vào phạm vi",
                                     [first.expert_id], "Điều 1 khoản 2"),
        workflow.RecommendationInput("Quy định giá nước theo vùng", [first.expert_id,
                                                                     second.expert_id]),
    ], actor=secretariat, answer_due=due)  # fmt: skip
    consultation.refresh_from_db()
    document = Document(io.BytesIO(synthesis_docx(consultation)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Kiến nghị 1 (Điều 1 khoản 2): Bổ sung giếng khoan tập trung vào phạm vi" in text
    assert f"Chuyên gia đề xuất: {first.expert.full_name}" in text
    assert "Kiến nghị 2: Quy định giá nước theo vùng" in text
    both = ", ".join(sorted([first.expert.full_name, second.expert.full_name]))
    assert f"Chuyên gia đề xuất: {both}" in text
    assert "Họp tổ chuyên gia" in text
    _check_state_format(document, consultation)
    recs = {r.number: r for r in consultation.recommendations.all()}
    with pytest.raises(ValidationError, match="lý do"):
        workflow.answer_recommendations(consultation, {str(recs[2].uuid): ("partly", "")},
                                        actor=requester)  # fmt: skip
    with pytest.raises(PermissionDenied):
        workflow.answer_recommendations(consultation, {str(recs[1].uuid): ("adopted", "")},
                                        actor=secretariat)  # fmt: skip
    workflow.answer_recommendations(consultation, {
        str(recs[1].uuid): ("adopted", ""), str(recs[2].uuid): ("partly", "Chỉ vùng cao")},
        actor=requester)  # fmt: skip
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.ANSWERED
    workflow.record_fee(first, actor=secretariat, fee=2_000_000, paid_on=dt.date(2026, 4, 1))
    assert _steps(consultation) == [
        "request",
        "accept",
        "invite",
        "invite",
        "accept_invitation",
        "accept_invitation",
        "submit_opinion",
        "submit_opinion",
        "minutes",
        "issue_synthesis",
        "answer",
        "fee",
    ]
    assert criteria.adoption(type(consultation).objects.all()) == (2, 2)
    figures = criteria.publish_figures()
    assert figures["04"]["adoption"] == (2, 2)


def _check_state_format(document, consultation) -> None:
    """Decree 30/2020/NĐ-CP: A4, margins, Times New Roman, the issuer and national blocks,
    number line, place and date, title, "Nơi nhận:" and the signature block."""
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.top_margin.mm), round(section.bottom_margin.mm),
            round(section.left_margin.mm), round(section.right_margin.mm)) == (20, 20, 30, 15)  # fmt: skip
    assert document.styles["Normal"].font.name == "Times New Roman"
    runs = [r for p in document.paragraphs for r in p.runs if r.text.strip()]
    assert runs and all(r.font.name == "Times New Roman" for r in runs)
    left, right = (cell.text for cell in document.tables[0].rows[0].cells)
    assert "UBND TỈNH CAO BẰNG" in left
    assert "LIÊN HIỆP CÁC HỘI KHOA HỌC VÀ KỸ THUẬT TỈNH CAO BẰNG" in left
    assert "Số:" in left and "/BC-LHH" in left
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right
    assert "Độc lập - Tự do - Hạnh phúc" in right
    issued = timezone.localtime(consultation.issued_at).date()
    assert f"Cao Bằng, ngày {issued.day:02d} tháng {issued.month:02d} năm {issued.year}" in right
    titles = [p.text for p in document.paragraphs if p.runs and p.runs[0].bold]
    assert "BÁO CÁO" in titles
    assert any(consultation.title in t and "phản biện" in t for t in titles)
    signature = next(t for t in document.tables if "Nơi nhận:" in t.rows[0].cells[0].text)
    recipients, signer = (cell.text for cell in signature.rows[0].cells)
    assert consultation.requester.name in recipients and "Lưu: VT." in recipients
    assert "TM. BAN THƯỜNG TRỰC" in signer and "CHỦ TỊCH" in signer


def test_overdue_answers_are_flagged(consultation, secretariat):
    first = _invite_top(consultation, secretariat, 1)[0]
    _accept(first)
    workflow.submit_opinion(first, workflow.OpinionInput(assessment="agree", general="Tốt"),
                            actor=None, via_link=True)  # fmt: skip
    workflow.issue_synthesis(consultation, [workflow.RecommendationInput("Giữ nguyên",
                                                                         [first.expert_id])],
                             actor=secretariat, answer_due=dt.date.today() + dt.timedelta(days=1))  # fmt: skip
    consultation.refresh_from_db()
    assert not workflow.overdue_answer(consultation)
    later = dt.date.today() + dt.timedelta(days=2)
    assert workflow.overdue_answer(consultation, later)


def test_one_time_link(client, consultation, secretariat):
    inv = _invite_top(consultation, secretariat, 1)[0]
    url = reverse("experts:invitation_link", kwargs={"token": links.invitation_token(inv)})
    assert client.get(url).status_code == 302
    other = client.__class__()
    assert other.get(url).status_code == 403  # used once
    assert other.get(url.replace("/moi/", "/moi/x")).status_code == 403
    assert other.get(reverse("experts:invitation", args=[inv.uuid])).status_code == 302  # login


def test_commission_uses_deliverables_acceptance_and_payment(requester, agencies, secretariat,
                                                             experts):  # fmt: skip
    c = make_consultation(requester, agencies["water"], kind="commission",
                          deliverables="Báo cáo đánh giá chất lượng nước 10 xã")  # fmt: skip
    workflow.accept_consultation(c, actor=secretariat, form="independent", experts_needed=1,
                                 silence_days=5)  # fmt: skip
    inv = _invite_top(c, secretariat, 1)[0]
    _accept(inv)
    workflow.submit_opinion(inv, workflow.OpinionInput(general="Báo cáo đính kèm: 10 xã đạt"),
                            actor=None, via_link=True)  # fmt: skip
    workflow.record_fee(inv, actor=secretariat, fee=15_000_000, paid_on=dt.date(2026, 5, 1),
                        accept_deliverable=True)  # fmt: skip
    inv.refresh_from_db()
    assert inv.deliverable_accepted_at and inv.fee == 15_000_000
    assert "submit_deliverable" in _steps(c)


def test_request_refuses_bad_input_without_writing(requester, agencies):
    from trithuc.experts.models import Consultation

    with pytest.raises(ValidationError) as info:
        make_consultation(requester, agencies["water"], title="", draft_text=" ",
                          deadline=dt.date(2020, 1, 1))  # fmt: skip
    assert len(info.value.messages) == 3
    assert not Consultation.objects.exists()


def test_sibling_secretariat_cannot_run_it(consultation, sibling_secretariat, experts):
    with pytest.raises(PermissionDenied):
        workflow.invite_experts(consultation, experts[:1], actor=sibling_secretariat)
    assert DRAFT


def test_a_withdrawal_recorded_on_the_page_ends_open_invitations_at_once(
    client, consultation, secretariat
):
    first, _second = _invite_top(consultation, secretariat, 2)
    client.force_login(secretariat)
    url = reverse("experts:expert_withdraw", kwargs={"expert_uuid": first.expert.uuid})
    client.post(url, {"purposes": ["expert_directory"], "evidence": "Email ngày 05/03/2026"})
    first.refresh_from_db()
    assert first.state == InvitationState.INVITED  # still consents to consultation
    client.post(url, {"purposes": ["consultation"], "evidence": "Email ngày 06/03/2026"})
    first.refresh_from_db()
    assert first.state == InvitationState.WITHDRAWN  # now, not at the next daily sweep
    alternate = Invitation.objects.get(replaces=first)
    assert alternate.is_alternate and alternate.state == InvitationState.INVITED
    assert "consent_withdrawn" in _steps(consultation)
    assert not workflow.sweep_invitations().withdrawn  # nothing left for the sweep
