"""Synthetic attraction, honours, meetings and Party figures for the demo province, called
by `trithuc demo` after the registry and the plans. Everything is marked synthetic.

Two policies, twenty applicants (some from the registry, some from outside), decisions
within budget over five years, the payments due since then, departures with a refund, a
yearly meeting whose requests are half answered, the honours of the year, Party
development counts and a planning list."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from trithuc.accounts.scope import Scope
from trithuc.dialogues.models import Meeting
from trithuc.dialogues.services import (
    Criteria,
    add_request,
    answer_request,
    build_invitation_list,
    save_meeting,
    summarize,
)
from trithuc.honours.models import HonourForm
from trithuc.honours.services import award
from trithuc.lib.retirement import add_months
from trithuc.orgunits.models import Agency
from trithuc.orgunits.services import create_usual_agencies
from trithuc.people.models import Person
from trithuc.representation.services import CountRow, record_party_counts, record_representation
from trithuc.talent import retention, services
from trithuc.talent.models import Application, Commitment, TalentPolicy

SYSTEM = Scope(superuser=True)  # the demo acts as the system, recorded without a user


@dataclass
class RecognitionDemo:
    skipped: bool = False
    policies: int = 0
    applicants: int = 0
    approved: int = 0
    refused_budget: int = 0
    ineligible: int = 0
    evidence_files: int = 0
    evidence_verified: int = 0
    evidence_refused: int = 0
    awaiting_evidence: int = 0
    paid_vnd: int = 0
    retention: list[str] = field(default_factory=list)
    refund: str = ""
    requests: str = ""
    honours: int = 0

    def lines(self) -> list[str]:
        if self.skipped:
            return ["Chính sách thu hút, khen thưởng, gặp mặt mô phỏng đã có: giữ nguyên."]
        paid = f"{self.paid_vnd:,}".replace(",", ".")
        return [
            f"Thu hút (mô phỏng): {self.policies} chính sách, {self.applicants} hồ sơ, "
            f"{self.approved} quyết định trong kinh phí, {self.refused_budget} bị từ chối vì "
            f"vượt kinh phí, {self.ineligible} không đủ điều kiện, {self.awaiting_evidence} chờ "
            f"minh chứng; đã chi {paid} đồng.",
            f"Minh chứng (tệp PDF mô phỏng): {self.evidence_files} tệp, "
            f"{self.evidence_verified} đã xác minh, {self.evidence_refused} không chấp nhận.",
            "Còn công tác: " + "; ".join(self.retention),
            f"Hoàn trả khi nghỉ trước hạn: {self.refund}",
            f"Gặp mặt trí thức năm nay: {self.requests}.",
            f"Khen thưởng trong năm: {self.honours}.",
        ]


def _policies(province: str, start: dt.date) -> list[TalentPolicy]:
    doctors = TalentPolicy(
        province_code=province, code="demo-bac-si-tien-si", is_synthetic=True,
        name="Thu hút bác sĩ, thạc sĩ, tiến sĩ về công tác tại tỉnh (mô phỏng)",
        legal_basis="Nghị quyết số 99/NQ-HĐND (mô phỏng)", valid_from=start,
        target_groups="Thạc sĩ, tiến sĩ, bác sĩ chuyên khoa; giáo sư, phó giáo sư",
        rules={"age__lte": 40, "education_level__gte": "master", "field__in": ["health",
               "education", "agriculture"]},
        one_time_amounts={"master": 100_000_000, "doctor": 300_000_000,
                          "associate_professor": 400_000_000, "professor": 500_000_000},
        housing_kind="official", housing_months=60, research_fund_vnd=50_000_000,
        commitment_years=5, refund_rule="pro_rata", budget_vnd=3_000_000_000,
    )  # fmt: skip
    graduates = TalentPolicy(
        province_code=province, code="demo-sinh-vien-xuat-sac", is_synthetic=True,
        name="Tuyển dụng sinh viên tốt nghiệp loại giỏi, xuất sắc (mô phỏng)",
        legal_basis="Nghị định 140/2017/NĐ-CP; Quyết định số 98/QĐ-UBND (mô phỏng)",
        valid_from=start, target_groups="Sinh viên tốt nghiệp đại học loại giỏi, xuất sắc",
        rules={"age__lte": 25, "education_level__gte": "bachelor",
               "graduation_grade__in": ["excellent", "very_good"]},
        one_time_amounts={"bachelor": 50_000_000, "master": 80_000_000},
        monthly_share_percent=50, monthly_years=3, commitment_years=5, refund_rule="full",
        housing_kind="rent", housing_monthly_vnd=1_500_000, housing_months=24,
        budget_vnd=900_000_000,
    )  # fmt: skip
    return [services.save_policy(p, actor=SYSTEM, source="demo") for p in (doctors, graduates)]


def _applicant(rng: random.Random, policy: TalentPolicy, i: int, day: dt.date,
               person: Person | None) -> Application:  # fmt: skip
    graduate = policy.code == "demo-sinh-vien-xuat-sac"
    age = rng.randint(22, 26) if graduate else rng.randint(28, 43)
    level = "bachelor" if graduate else rng.choice(["master", "master", "doctor", "doctor"])
    names = ["Nông Thị Lan", "Hoàng Văn Minh", "Lương Thu Hà", "Bế Đức Anh", "Đàm Thị Hạnh",
             "Lục Văn Khánh", "Mạc Thị Ngọc", "Vi Văn Phúc", "Triệu Thị Mai", "Nguyễn Văn Sơn"]  # fmt: skip
    return Application(
        policy=policy, person=person, origin="registry" if person else rng.choice(
            ["graduate", "overseas", "other"]),
        full_name=person.full_name if person else f"{names[i % len(names)]} (mô phỏng)",
        birth_date=add_months(day, -12 * age - rng.randint(0, 11)),
        gender=person.gender if person else rng.choice(["male", "female"]),
        ethnicity=person.ethnicity if person else rng.choice(["02", "07", "01"]),
        education_level=level, graduation_grade=rng.choice(["excellent", "very_good", "good"])
        if graduate else "", papers=rng.randint(0, 6), field=rng.choice(
            ["health", "education", "agriculture"]),
        workplace_unit=person.workplace_unit if person else policy.province_code,
        employer=person.employer if person else "Bệnh viện Đa khoa tỉnh",
        base_salary_vnd=rng.choice([4_680_000, 5_850_000, 7_020_000]), is_synthetic=True,
    )  # fmt: skip


def build_demo_recognition(province: str, *, today: dt.date, seed: int = 18) -> RecognitionDemo:
    result = RecognitionDemo()
    if TalentPolicy.objects.filter(province_code=province, is_synthetic=True).exists():
        result.skipped = True
        return result
    rng = random.Random(seed)
    start = dt.date(today.year - 6, 1, 1)
    people = list(Person.objects.filter(province_code=province, is_synthetic=True,
                                        education_level__in=["master", "doctor"])
                  .order_by("national_id")[:40])  # fmt: skip
    with transaction.atomic():
        policies = _policies(province, start)
        result.policies = len(policies)
        commitments = _applications(rng, policies, people, today, result)
        _payments_and_departures(rng, commitments, today, result)
        _meeting(rng, province, today, result)
        _honours(rng, people, today, result)
        _party(rng, province, people, today)
    table = retention.retention_table(Commitment.objects.filter(
        application__policy__in=policies), today)  # fmt: skip
    total = table[-1] if table else None
    if total:
        result.retention = [f"sau {p.years} năm {p.share} % ({p.retained}/{p.observed})"
                            for p in total.points if p.share is not None]  # fmt: skip
    return result


def _applications(rng: random.Random, policies: list[TalentPolicy], people: list[Person],
                  today: dt.date, result: RecognitionDemo) -> list[Commitment]:  # fmt: skip
    commitments = []
    for i in range(20):
        policy = policies[0] if i < 12 else policies[1]
        day = dt.date(today.year - 5 + i % 5, rng.randint(3, 10), rng.randint(1, 28))
        person = people[i] if i % 3 == 0 and i < len(people) else None
        application = services.submit_application(_applicant(rng, policy, i, day, person),
                                                  actor=SYSTEM, today=day, source="demo")  # fmt: skip
        result.applicants += 1
        if application.status != "eligible":
            result.ineligible += 1
            continue
        services.add_score(application, member="Hội đồng xét tuyển (mô phỏng)",
                           score=rng.randint(65, 95), actor=SYSTEM, source="demo")  # fmt: skip
        # the third eligible applicant's degree copy is refused: that decision waits
        _evidence(application, refuse=result.applicants - result.ineligible == 3, result=result)
        if services.unproven_rules(application):
            result.awaiting_evidence += 1
            continue
        try:
            commitments.append(services.decide(application, number=f"{100 + i}/QĐ-UBND",
                                               day=day, actor=SYSTEM, source="demo"))  # fmt: skip
            result.approved += 1
        except services.TalentError as exc:
            if "kinh phí" in str(exc):
                result.refused_budget += 1
            else:
                result.ineligible += 1
    return commitments


def synthetic_pdf(title: str) -> bytes:
    """A one-page PDF saying what it stands for (ASCII: the standard fonts need no file)."""
    text = title.encode("ascii", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 14 Tf 60 780 Td (" + text + b") Tj ET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]  # fmt: skip
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)  # fmt: skip
    return bytes(out)


def _evidence(application: Application, *, refuse: bool, result: RecognitionDemo) -> None:
    """Two synthetic files (identity; degree and papers) covering every rule, verified;
    for one applicant the degree copy is refused, so the decision waits."""
    rules = [key for key, _text in services.rule_choices(application)]
    identity = [r for r in rules if r.startswith("age")]
    files = [("identity", identity), ("degree", [r for r in rules if r not in identity])]
    for kind, covered in files:
        if not covered:
            continue
        upload = SimpleUploadedFile(f"{kind}-mo-phong.pdf", synthetic_pdf(
            f"Minh chung mo phong: {kind} - {application.uuid}"), "application/pdf")  # fmt: skip
        evidence = services.upload_evidence(application, upload, kind=kind, rules=covered,
                                            actor=SYSTEM, source="demo", synthetic=True)  # fmt: skip
        result.evidence_files += 1
        if refuse and kind == "degree":
            services.review_evidence(evidence, verdict="refused", actor=SYSTEM, source="demo",
                                     reason="Bản sao văn bằng chưa được chứng thực (mô phỏng).")  # fmt: skip
            result.evidence_refused += 1
        else:
            services.review_evidence(evidence, verdict="verified", actor=SYSTEM, source="demo")
            result.evidence_verified += 1


def _payments_and_departures(rng: random.Random, commitments: list[Commitment], today: dt.date,
                             result: RecognitionDemo) -> None:  # fmt: skip
    reasons = ["resigned", "resigned", "transferred", "health"]
    leaving = commitments[::3]
    for commitment in commitments:
        left = None
        if commitment in leaving:
            left = commitment.starts_on + dt.timedelta(days=rng.randint(200, 1300))
            left = left if left < today else None
        for tranche in commitment.tranches.filter(due_on__lte=left or today):
            services.pay_tranche(tranche, paid_on=tranche.due_on, actor=SYSTEM, source="demo")
            result.paid_vnd += tranche.amount_vnd
        if (
            commitment.starts_on < today - dt.timedelta(days=400)
            and not left
            and rng.random() < 0.2
        ):
            services.add_event(commitment, kind="study_leave", on=add_months(commitment.starts_on, 12),
                               note="Học thạc sĩ (mô phỏng)", actor=SYSTEM, source="demo")  # fmt: skip
            services.add_event(commitment, kind="returned", on=add_months(commitment.starts_on, 13),
                               actor=SYSTEM, source="demo")  # fmt: skip
        if left:
            reason = reasons[leaving.index(commitment) % len(reasons)]
            services.add_event(commitment, kind="left_early", on=left, exit_reason=reason,
                               actor=SYSTEM, source="demo")  # fmt: skip
            commitment.refresh_from_db()
            refund = services.refund_due(commitment)
            if refund.amount_vnd and not result.refund:
                amount = f"{refund.amount_vnd:,}".replace(",", ".")
                result.refund = (f"{commitment.application.full_name}: {amount} đồng "
                                 f"({refund.words}) — {refund.lines[-1]}")  # fmt: skip
    if not result.refund:
        result.refund = "không có người nghỉ trước hạn phải hoàn trả."


REQUESTS = [
    ("Tăng mức hỗ trợ nhà ở cho bác sĩ công tác ở xã vùng cao", "Sở Y tế"),
    ("Bố trí kinh phí cho đề tài khoa học cấp cơ sở của giáo viên", "Sở Khoa học và Công nghệ"),
    ("Rút ngắn thời gian xét chuyển ngạch cho người có bằng tiến sĩ", "Sở Nội vụ"),
    ("Mở lớp bồi dưỡng ngoại ngữ cho trí thức trẻ", "Sở Giáo dục và Đào tạo"),
    ("Công bố công khai kết quả giải quyết kiến nghị năm trước", "Sở Nội vụ"),
    ("Hỗ trợ đăng ký bảo hộ giống cây trồng do trí thức địa phương lai tạo", "Sở Nông nghiệp và Môi trường"),
]  # fmt: skip


def _meeting(rng: random.Random, province: str, today: dt.date, result: RecognitionDemo) -> None:
    create_usual_agencies(province)
    held = today - dt.timedelta(days=60)
    meeting = save_meeting(Meeting(
        province_code=province, kind="meeting", is_synthetic=True, held_on=held,
        title=f"Gặp mặt, biểu dương trí thức tiêu biểu năm {held.year} (mô phỏng)",
        chaired_by="Thường trực Tỉnh ủy", place="Hội trường Tỉnh ủy",
        minutes="Các đại biểu trao đổi về môi trường làm việc, chính sách thu hút và đãi ngộ; "
                "lãnh đạo tỉnh tiếp thu và giao các cơ quan trả lời (mô phỏng)."),
        actor=SYSTEM, source="demo")  # fmt: skip
    build_invitation_list(meeting, Criteria(per_sector=4), actor=SYSTEM, source="demo")
    for invitation in meeting.invitations.all():
        invitation.reply = "accepted" if rng.random() < 0.85 else "declined"
        invitation.attended = invitation.reply == "accepted" and rng.random() < 0.9
        invitation.save(update_fields=["reply", "attended"])
    for i, (text, agency_name) in enumerate(REQUESTS):
        agency = (Agency.objects.filter(province_code=province, name=agency_name).first()
                  or Agency.objects.filter(province_code=province).first())  # fmt: skip
        request = add_request(meeting, text=text, agency=agency,
                              due_on=held + dt.timedelta(days=30 + 10 * i),
                              raised_by="Đại biểu trí thức (mô phỏng)", actor=SYSTEM, source="demo")  # fmt: skip
        if i % 2 == 0:  # half answered
            answer_request(request, answer="Đã tiếp thu, đưa vào kế hoạch năm sau (mô phỏng).",
                           answered_on=held + dt.timedelta(days=20 + 10 * i), actor=SYSTEM,
                           source="demo")  # fmt: skip
    result.requests = summarize(meeting.requests.all(), today).sentence


def _honours(rng: random.Random, people: list[Person], today: dt.date,
             result: RecognitionDemo) -> None:  # fmt: skip
    forms = list(HonourForm.objects.filter(code__in=[
        "bang-khen-ubnd-tinh", "chien-si-thi-dua-tinh", "giai-thuong-khcn-tinh", "bang-khen-bo"]))  # fmt: skip
    for i, person in enumerate(people[20:30]):
        award(person, forms[i % len(forms)], decision_number=f"{500 + i}/QĐ-UBND (mô phỏng)",
              decision_date=dt.date(today.year, rng.randint(1, today.month), 1),
              actor=SYSTEM, source="demo", synthetic=True)  # fmt: skip
        result.honours += 1


def _party(rng: random.Random, province: str, people: list[Person], today: dt.date) -> None:
    rows = [CountRow(province, year, sector, stage, rng.randint(23, 40), rng.randint(0, 12))
            for year in (today.year - 1, today.year)
            for sector in ("health", "education", "agriculture")
            for stage in ("outstanding_mass", "awareness_class", "admitted", "probationary",
                          "full")]  # fmt: skip
    unique = {(r.year, r.sector, r.stage, r.age): r for r in rows}
    record_party_counts(unique.values(), actor=SYSTEM, source="demo", synthetic=True)
    for person in people[:24]:
        record_representation(person, kind="party_planning", term="2025-2030",
                              body="Ban Chấp hành Đảng bộ tỉnh (mô phỏng)", unit_code=province,
                              decided_on=dt.date(2025, 3, 1), actor=SYSTEM, source="demo",
                              synthetic=True)  # fmt: skip


def describe(result: RecognitionDemo) -> list[str]:
    return result.lines()
