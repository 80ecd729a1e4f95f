"""The demo province's experts (issue 17), all synthetic and marked so: a consultation
secretariat, a department that asks for a critique of a draft, experts from the registry
and from outside it (each with a recorded consent), and one critique run to the end — the
system ranks the experts, three are invited, one declines and an alternate steps in, the
secretariat issues the synthesis, the department answers every recommendation.

Everything goes through the same services as the pages; `build_demo_experts` is called by
`trithuc demo` after the plans."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from trithuc.accounts.models import Membership
from trithuc.experts import criteria, workflow
from trithuc.experts.matching import rank_candidates
from trithuc.experts.models import Consultation, Expert
from trithuc.experts.profiles import ProfileInput, register_outside_expert
from trithuc.lib.text import fold
from trithuc.orgunits.models import Agency
from trithuc.orgunits.services import create_usual_agencies
from trithuc.people.models import Person
from trithuc.privacy.services import record_consent

MARK = "Dữ liệu mô phỏng"
TITLE = "Dự thảo Quy định quản lý, vận hành công trình cấp nước sạch nông thôn (mô phỏng)"
REQUESTER = "Sở Nông nghiệp và Môi trường"
EVIDENCE = f"{MARK}: phiếu đồng ý giả lập"
DRAFT = """ỦY BAN NHÂN DÂN TỈNH (DỮ LIỆU MÔ PHỎNG)
DỰ THẢO QUY ĐỊNH
Quản lý, vận hành và khai thác công trình cấp nước sạch nông thôn
Điều 1. Phạm vi điều chỉnh
1. Quy định này áp dụng với công trình cấp nước sạch nông thôn tập trung trên địa bàn tỉnh.
2. Không áp dụng với công trình cấp nước hộ gia đình.
Điều 2. Giá nước sạch
1. Giá nước sạch do Ủy ban nhân dân tỉnh quyết định theo từng vùng.
2. Hộ nghèo, hộ đồng bào dân tộc thiểu số vùng cao được hỗ trợ tiền nước.
Điều 3. Chất lượng nước
1. Đơn vị vận hành xét nghiệm chất lượng nước mỗi quý.
"""
OUTSIDE = [
    ("Trần Minh Thủy", "male", "01", "doctor", "associate_professor",
     "nước sạch, cấp nước, chất lượng nước", "independent", "Chuyên gia độc lập, Hà Nội"),
    ("Nguyễn Thị Giang", "female", "01", "doctor", "", "giá nước, kinh tế tài nguyên",
     "overseas", "Đại học Melbourne (người Việt Nam ở nước ngoài)"),
    ("Hà Văn Lợi", "male", "02", "master", "", "thủy lợi, công trình nông thôn",
     "enterprise", "Công ty cổ phần nước sạch (mô phỏng)"),
    ("Lục Thị Hoa", "female", "02", "master", "", "nước sạch, y tế dự phòng",
     "independent", "Hội Y học tỉnh (mô phỏng)"),
]  # fmt: skip


@dataclass
class DemoExperts:
    consultation: Consultation | None = None
    users: list[tuple[str, str, str | None]] = field(default_factory=list)
    declined: str = ""
    alternate: str = ""
    invited: list[str] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)
    skipped: bool = False


def _user(username: str, role: str, password: str | None, *, unit: str = "",
          agency: Agency | None = None) -> tuple[Any, str | None]:  # fmt: skip
    model = get_user_model()
    user = model.objects.filter(username=username).first()
    chosen = None
    if user is None:
        chosen = password or secrets.token_urlsafe(9)
        user = model(username=username, email=f"{username}@example.vn")
        user.set_password(chosen)
        user.save()
    elif password:
        chosen = password
        user.set_password(password)
        user.save(update_fields=["password"])
    Membership.objects.get_or_create(user=user, role=role, unit_code=unit, agency=agency)
    return user, chosen


def _registry_experts(province: str, secretariat: Any, limit: int = 4) -> list[Expert]:
    """Synthetic agricultural scientists of the registry who (in this demo) consented."""
    people = Person.objects.filter(is_synthetic=True, province_code=province, sector="agriculture",
                                   education_level__in=["doctor", "master"]).order_by("national_id")[:limit]  # fmt: skip
    experts = []
    for n, person in enumerate(people):
        for purpose in ("expert_directory", "consultation"):
            record_consent(person, purpose, actor=secretariat, evidence=EVIDENCE, source="demo")
        expert, _created = Expert.objects.get_or_create(person=person, defaults={
            "full_name": person.full_name, "name_folded": fold(person.full_name)[:100],
            "province_code": person.province_code, "employer": person.employer,
            "agency_id": person.agency_id, "gender": person.gender,
            "ethnicity": person.ethnicity, "education_level": person.education_level,
            "academic_title": person.academic_title, "fields": ["agriculture"],
            "keywords": "nông thôn, nước sạch" if n % 2 == 0 else "nông thôn, thủy lợi",
            "keywords_folded": "nong thon\nnuoc sach" if n % 2 == 0 else "nong thon\nthuy loi",
            "projects_led": 1 + n, "publications": 4 + 2 * n, "is_synthetic": True})  # fmt: skip
        experts.append(expert)
    return experts


def build_demo_experts(
    province: str, *, today: dt.date, password: str | None = None
) -> DemoExperts:
    result = DemoExperts()
    create_usual_agencies(province)
    requester_agency = Agency.objects.filter(province_code=province, name=REQUESTER).first()
    if requester_agency is None:
        return result
    secretariat, secret1 = _user("thuky", "consult_secretariat", password, unit=province)
    requester, secret2 = _user("sonongnghiep", "agency_reporter", password, agency=requester_agency)
    result.users = [("thuky", "Thư ký tư vấn, phản biện (Liên hiệp các Hội KH&KT tỉnh)", secret1),
                    ("sonongnghiep", f"Cán bộ {REQUESTER}", secret2)]  # fmt: skip
    existing = Consultation.objects.filter(
        is_synthetic=True, province_code=province, title=TITLE
    ).first()
    if existing is not None:
        result.consultation, result.skipped = existing, True
        return result
    with transaction.atomic():
        _registry_experts(province, secretariat)
        for name, gender, ethnicity, level, title, keywords, origin, employer in OUTSIDE:
            register_outside_expert(
                ProfileInput(fields=["agriculture"] if "y tế" not in keywords else ["health", "agriculture"],
                             keywords=keywords, publications=8, projects_led=2,
                             email=f"{fold(name).replace(' ', '.')}@example.vn", phone="0900000000",
                             evidence=f"{MARK}: công trình, đề tài giả lập"),
                {"full_name": name, "gender": gender, "ethnicity": ethnicity, "employer": employer,
                 "origin": origin, "education_level": level, "academic_title": title},
                actor=secretariat, province_code=province, source="demo", is_synthetic=True,
                purposes=["expert_directory", "consultation"], evidence=EVIDENCE)  # fmt: skip
        c = workflow.request_consultation(workflow.RequestInput(
            kind="critique", title=TITLE, requester=requester_agency, draft_text=DRAFT,
            deadline=today + dt.timedelta(days=30), fields=["agriculture"],
            legal_basis="Quyết định 14/2014/QĐ-TTg về hoạt động tư vấn, phản biện và giám định xã hội",
            questions="Phạm vi điều chỉnh và cách định giá nước theo vùng có phù hợp không?",
            budget_line="Kinh phí tư vấn, phản biện năm (mô phỏng)"),
            actor=requester, source="demo", is_synthetic=True, today=today)  # fmt: skip
        workflow.accept_consultation(c, actor=secretariat, form="expert_group", experts_needed=3,
                                     silence_days=5, source="demo")  # fmt: skip
        ranked, _excluded = rank_candidates(c, workflow.candidate_pool(c))
        invitations = workflow.invite_experts(c, [cand.expert for cand in ranked[:3]],
                                              actor=secretariat, source="demo")  # fmt: skip
        result.invited = [inv.expert.full_name for inv in invitations]
        declining = invitations[1]
        workflow.decline_invitation(declining, actor=None, via_link=True,
                                    reason="Đang đi công tác nước ngoài đến hết tháng (mô phỏng)")  # fmt: skip
        alternate = c.invitations.get(replaces=declining)
        result.declined, result.alternate = declining.expert.full_name, alternate.expert.full_name
        answering = [invitations[0], invitations[2], alternate]
        opinions = [("Điều 1 khoản 2", "Nên áp dụng cả công trình liên xã do cộng đồng quản lý."),
                    ("Điều 2 khoản 2", "Cần nêu rõ mức hỗ trợ tiền nước và nguồn kinh phí."),
                    ("Điều 3 khoản 1", "Xét nghiệm mỗi tháng với công trình trên 500 hộ.")]  # fmt: skip
        for inv, (anchor, text) in zip(answering, opinions, strict=True):
            workflow.accept_invitation(inv, actor=None, via_link=True, no_conflict=True,
                                       conflict_statement="", confidentiality=True)  # fmt: skip
            workflow.submit_opinion(inv, workflow.OpinionInput(
                assessment="changes", general=f"{MARK}: đồng ý, cần chỉnh sửa.",
                comments=[(anchor, text)]), actor=None, via_link=True)  # fmt: skip
        ids = [inv.expert_id for inv in answering]
        workflow.issue_synthesis(c, [
            workflow.RecommendationInput(opinions[0][1], [ids[0]], opinions[0][0]),
            workflow.RecommendationInput(opinions[1][1], [ids[1], ids[2]], opinions[1][0]),
            workflow.RecommendationInput(opinions[2][1], [ids[2]], opinions[2][0]),
        ], actor=secretariat, answer_due=today + dt.timedelta(days=15), source="demo")  # fmt: skip
        recs = list(c.recommendations.order_by("number"))
        workflow.answer_recommendations(c, {
            str(recs[0].uuid): ("adopted", ""),
            str(recs[1].uuid): ("partly", "Mức hỗ trợ quy định tại nghị quyết riêng (mô phỏng)."),
            str(recs[2].uuid): ("not_adopted", "Chi phí xét nghiệm hằng tháng vượt khả năng (mô phỏng)."),
        }, actor=requester, source="demo")  # fmt: skip
        for inv in answering:
            inv.refresh_from_db()
            workflow.record_fee(inv, actor=secretariat, fee=1_500_000, paid_on=today)
        result.consultation = c
    result.figures = criteria.publish_figures(today)
    return result


CLOSING_NOTE = """Mỗi vai trò đã thấy gì trong đợt phản biện mô phỏng:
  - Thư ký tư vấn, phản biện (thuky): danh bạ kèm điện thoại, email; danh sách ứng viên xếp hạng với lý do và người bị loại; lời mời, lời từ chối, chuyên gia dự bị; ý kiến gắn với từng điều, khoản; biên bản; báo cáo tổng hợp (.docx); thù lao.
  - Cơ quan đề nghị (sonongnghiep): đề nghị của mình, trạng thái, các kiến nghị đánh số kèm tên chuyên gia đề xuất, và ô trả lời từng kiến nghị trước hạn; không thấy điện thoại, email của chuyên gia.
  - Chuyên gia: chỉ lời mời của mình (qua đường dẫn ký số dùng một lần hoặc "Hồ sơ của tôi"); thấy dự thảo chỉ sau khi cam đoan không xung đột lợi ích và cam kết bảo mật.
  - Các vai trò khác có quyền xem danh bạ: chỉ chuyên gia đã đồng ý công khai, không có thông tin liên hệ."""
