"""The plans of the demo province: Resolution 45-NQ/TW, the province's plan read from its
text (shipped in demo_plans/: written for the demo and marked as synthetic, not a real
province's document), a department's plan implementing it, agencies assigned, and the
reports of past years, each dated inside its reporting window (a few sent late, some left
missing, to show what is late).

Everything here goes through the same services as the web pages."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from trithuc.accounts.models import Membership
from trithuc.orgunits.models import Agency
from trithuc.orgunits.services import create_usual_agencies
from trithuc.plans.due import plan_due_items
from trithuc.plans.importing import accept_proposal, start_draft
from trithuc.plans.models import DocumentKind, Plan, ProgressReport, Task
from trithuc.plans.periods import reporting_year
from trithuc.plans.priorities import add_demo_priorities
from trithuc.plans.services import ReportInput, save_plan, save_report, save_task

DEMO_DIR = Path(__file__).resolve().parent / "demo_plans"
PROVINCE_PLAN = "KH-mo-phong-NQ45.txt"
PROVINCE_PLAN_NUMBER = "15-KH/TU"  # the text shipped has no number: one is given for the demo
# What each agency writes it did under a task of the demo plan (whole sentences; the
# number of conferences or courses is the report's figure).
ACTIVITIES = {
    "III.1": "tổ chức {n} hội nghị quán triệt Nghị quyết số 45-NQ/TW và đăng tin, bài trên "
    "cổng thông tin điện tử của tỉnh",
    "III.2": "cử công chức, viên chức đi đào tạo sau đại học và mở {n} lớp bồi dưỡng theo tiêu "
    "chuẩn chức danh",
    "III.3": "rà soát các chính sách thu hút trí thức, cập nhật hồ sơ vào cơ sở dữ liệu trí thức "
    "và tổ chức {n} buổi hướng dẫn nhập liệu",
    "III.4": "bố trí kinh phí đào tạo, thu hút trí thức trong dự toán năm và tổ chức {n} buổi "
    "làm việc với các sở liên quan",
    "III.5": "tổ chức {n} hội thảo để trí thức góp ý, phản biện các đề án của tỉnh",
}
DEFAULT_ACTIVITY = "tổ chức {n} hội nghị, lớp triển khai nhiệm vụ được giao"
# Who leads the tasks the provincial plan lists without naming an agency.
LEADS = {
    "III.1": ("Ban Tuyên giáo và Dân vận Tỉnh ủy", ["Sở Văn hóa, Thể thao và Du lịch"]),
    "III.2": ("Ban Tổ chức Tỉnh ủy", ["Sở Nội vụ", "Sở Giáo dục và Đào tạo"]),
    "III.3": ("Sở Nội vụ", ["Sở Khoa học và Công nghệ", "Sở Tài chính"]),
    "III.4": ("Sở Tài chính", ["Sở Khoa học và Công nghệ"]),
    "III.5": ("Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh", ["Sở Khoa học và Công nghệ"]),
}
DEMO_PLAN_USERS = (
    ("dieuphoi", "plan_coordinator", None),
    ("baocao", "agency_reporter", "Sở Nội vụ"),
    ("baocao2", "agency_reporter", "Sở Khoa học và Công nghệ"),
)


@dataclass
class DemoPlanUser:
    username: str
    role: str
    scope: str
    password: str | None


def _agency(province: str, name: str) -> Agency | None:
    return Agency.objects.filter(province_code=province, name=name).first()


def ensure_plan_users(province: str, password: str | None = None) -> list[DemoPlanUser]:
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    made = []
    for username, role, agency_name in DEMO_PLAN_USERS:
        agency = _agency(province, agency_name) if agency_name else None
        user = user_model.objects.filter(username=username).first()
        chosen: str | None = None
        if user is None:
            chosen = password or secrets.token_urlsafe(9)
            user = user_model(username=username, email=f"{username}@example.vn")
            user.set_password(chosen)
            user.save()
        elif password:
            chosen = password
            user.set_password(password)
            user.save(update_fields=["password"])
        Membership.objects.get_or_create(user=user, role=role, agency=agency,
                                         unit_code="" if agency else province)  # fmt: skip
        made.append(DemoPlanUser(username, role, agency.name if agency else province, chosen))
    return made


def build_demo_plans(province: str, *, today: dt.date, actor: Any = None) -> Plan | None:
    """Create the demo plans once (None when they are already there)."""
    if Plan.objects.filter(province_code=province, number=PROVINCE_PLAN_NUMBER).exists():
        return None
    create_usual_agencies(province)
    if actor is None:
        from django.contrib.auth import get_user_model

        actor = get_user_model().objects.get(username="dieuphoi")
    with transaction.atomic():
        resolution = Plan.objects.filter(number="45-NQ/TW", province_code="").first()
        if resolution is None:
            resolution = save_plan(Plan(
                kind=DocumentKind.RESOLUTION, number="45-NQ/TW", issued_on=dt.date(2023, 11, 24),
                title="Nghị quyết Hội nghị lần thứ tám Ban Chấp hành Trung ương Đảng khóa XIII về "
                "tiếp tục xây dựng và phát huy vai trò của đội ngũ trí thức đáp ứng yêu cầu phát "
                "triển đất nước nhanh và bền vững trong giai đoạn mới",
                issuer="Ban Chấp hành Trung ương Đảng", province_code=""),
                actor=None)  # a national document: the system records it, no coordinator may  # fmt: skip
        path = DEMO_DIR / PROVINCE_PLAN
        upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/plain")
        draft = start_draft(upload, actor=actor, province_code=province)
        plan = accept_proposal(draft, actor=actor, overrides={
            "number": PROVINCE_PLAN_NUMBER, "issued_on": "2024-03-15", "kind": DocumentKind.PLAN,
        })  # fmt: skip
        plan.implements.add(resolution)
        for task in plan.tasks.filter(number__in=LEADS):
            lead, others = LEADS[task.number]
            task.lead_agency = _agency(province, lead)
            save_task(task, actor=actor,
                      coordinating=[a for n in others if (a := _agency(province, n))])  # fmt: skip
        _department_plan(plan, province, actor)
        _past_reports(plan, today)
        add_demo_priorities(plan, actor=actor)
    return plan


def _department_plan(parent: Plan, province: str, actor: Any) -> None:
    """Sở Nội vụ's own plan, the evidence for its duty to issue one."""
    child = Plan(kind=DocumentKind.PLAN, number="42-KH/SNV", issued_on=dt.date(2024, 5, 10),
                 title="Kế hoạch của Sở Nội vụ thực hiện Kế hoạch của Tỉnh ủy về xây dựng đội ngũ "
                 "trí thức", issuer="Sở Nội vụ", province_code=province,
                 owner_agency=_agency(province, "Sở Nội vụ"))  # fmt: skip
    save_plan(child, actor=actor, implements=[parent])
    duty = Task(plan=parent, number="IV.5", title="Các sở, ngành xây dựng kế hoạch thực hiện",
                deadline_kind="fixed", due_on=dt.date(2024, 6, 30), requires_plan=True,
                lead_agency=_agency(province, "Sở Nội vụ"), linked_plan=child)  # fmt: skip
    save_task(duty, actor=actor, coordinating=[])


def _past_reports(plan: Plan, today: dt.date) -> None:
    """Reports of the reporting years before `today`'s: most agencies reported in the two
    weeks before the due date, every seventh a few weeks late, every fifth not at all."""
    past = [p for p in plan.periods.all() if not p.is_review and p.due_on < today
            and reporting_year(p.ends_on) < reporting_year(today)]  # fmt: skip
    for index, item in enumerate(plan_due_items(plan, past)):
        if index % 5 == 4:
            continue  # left missing: the owner's list of late reports is not empty
        status = "done" if item.task and item.task.deadline_kind == "fixed" else "in_progress"
        report = save_report(plan=plan, period=item.period, task=item.task, agency=item.agency,
                             data=ReportInput(status, _achievement(item, 2 + index % 4), [
                                 {"label": "Số hội nghị, lớp đã tổ chức",
                                  "value": 2 + index % 4, "unit": "lớp"}], ""),
                             expected_version=0, actor=None, submit=True, source="demo")  # fmt: skip
        sent = _sent_on(item.period.due_on, index)
        ProgressReport.objects.filter(pk=report.pk).update(submitted_at=sent, updated_at=sent)


def _achievement(item: Any, count: int) -> str:
    """What the agency did, in whole sentences (never a title cut mid-word)."""
    number = item.task.number if item.task else ""
    activity = ACTIVITIES.get(number, DEFAULT_ACTIVITY).format(n=count)
    what = f"nhiệm vụ {number} “{item.task.title.rstrip('.')}”" if item.task else "kế hoạch"
    return (f"Trong {item.period.label.lower()}, {item.agency.name} đã triển khai {what}: "
            f"{activity}. (Dữ liệu mô phỏng.)")  # fmt: skip


def _sent_on(due_on: dt.date, index: int) -> dt.datetime:
    """When a past report was sent: within two weeks before its due date, or (every
    seventh) three weeks after it, at office hours."""
    day = (
        due_on + dt.timedelta(days=21) if index % 7 == 6 else due_on - dt.timedelta(days=index % 14)
    )
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9 + index % 7, 15)))
