"""Reminder emails on the right days: a time machine passes `today` to send_reminders.

The plan is followed yearly (Decree 09): the period of reporting year 2026 runs
15/12/2025–14/12/2026 and is due 20/12/2026 (cut-off + 6 days); reminders start
7 days before the due date.
"""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from trithuc.accounts.models import Membership, Role
from trithuc.audit.models import AuditEvent
from trithuc.orgunits.models import Agency
from trithuc.plans import reminders, services
from trithuc.plans.models import Period, PeriodKind, Plan, Reminder, Task
from trithuc.plans.reminders import send_reminders

pytestmark = pytest.mark.django_db

DUE = dt.date(2026, 12, 20)
DAY = dt.timedelta(days=1)
LINK = "http://127.0.0.1:8000/ke-hoach/viec-can-bao-cao/"


def reporter(
    username: str,
    agency: Agency,
    email: str = "",
    *,
    active: bool = True,
    role: str = Role.AGENCY_REPORTER,
):
    user = get_user_model().objects.create_user(username, email=email, is_active=active)
    Membership.objects.create(user=user, role=role, agency=agency)
    return user


@pytest.fixture
def agencies() -> dict[str, Agency]:
    names = {
        "lead": "Sở Khoa học và Công nghệ",
        "partner": "Sở Nội vụ",
        "owner": "Ban Tuyên giáo và Dân vận Tỉnh ủy",
    }
    return {
        key: Agency.objects.create(province_code="04", name=name) for key, name in names.items()
    }


@pytest.fixture
def plan(agencies: dict[str, Agency]) -> Plan:
    plan = services.save_plan(
        Plan(
            number="140-KH/UBND",
            title="Kế hoạch phát triển đội ngũ trí thức",
            issued_on=dt.date(2025, 6, 1),
            issuer="UBND tỉnh Cao Bằng",
            province_code="04",
            owner_agency=agencies["owner"],
        ),
        actor=None,
    )
    services.save_task(
        Task(
            plan=plan,
            number="1",
            title="Rà soát, thống kê đội ngũ trí thức",
            lead_agency=agencies["lead"],
        ),
        actor=None,
        coordinating=[agencies["partner"]],
    )
    return plan


@pytest.fixture
def alice(agencies: dict[str, Agency]):
    return reporter("alice", agencies["lead"], "alice@khcn.caobang.gov.vn")


def yearly_2026(plan: Plan) -> Period:
    return plan.periods.get(kind=PeriodKind.YEARLY, ends_on=dt.date(2026, 12, 14))


def submit(plan: Plan, agency: Agency, period: Period | None = None) -> None:
    period = period or yearly_2026(plan)
    services.save_report(
        plan=plan,
        period=period,
        task=plan.tasks.get(),
        agency=agency,
        data=services.ReportInput(
            status="in_progress", achievements="Đã rà soát 12 xã.", figures=[], difficulties=""
        ),
        expected_version=0,
        actor=None,
        submit=True,
    )


def to(mailoutbox, address: str) -> list:
    return [m for m in mailoutbox if address in m.to]


def test_the_period_and_its_due_date_follow_decree_09(plan):
    period = yearly_2026(plan)
    assert (period.starts_on, period.due_on) == (dt.date(2025, 12, 15), DUE)
    assert plan.remind_days_before == 7


def test_nothing_before_the_reminder_window(plan, alice, mailoutbox):
    summary = send_reminders(DUE - 8 * DAY)
    assert mailoutbox == []
    assert summary.sent == 0 and summary.lines == []
    assert not Reminder.objects.exists()


def test_one_before_reminder_seven_days_ahead_and_none_the_next_days(
    plan, alice, agencies, mailoutbox
):
    summary = send_reminders(DUE - 7 * DAY)
    assert (summary.before, summary.late, summary.items) == (1, 0, 1)
    [mail] = mailoutbox
    assert mail.to == ["alice@khcn.caobang.gov.vn"]
    assert "Nhắc hạn" in mail.subject and "Quá hạn" not in mail.subject
    for text in (
        "Sở Khoa học và Công nghệ",
        "140-KH/UBND",
        "Năm 2026",
        "20/12/2026",
        "còn 7 ngày",
        "Nhiệm vụ 1: Rà soát, thống kê đội ngũ trí thức (chủ trì)",
        LINK,
    ):
        assert text in mail.body, text
    reminder = Reminder.objects.get()
    assert (reminder.kind, reminder.sent_on, reminder.agency) == (
        "before",
        DUE - 7 * DAY,
        agencies["lead"],
    )
    assert (reminder.recipients, reminder.items) == (["alice@khcn.caobang.gov.vn"], 1)

    for offset in range(6, -1, -1):  # already reminded: nothing more up to the due day
        assert send_reminders(DUE - offset * DAY).sent == 0
    assert len(mailoutbox) == 1


def test_the_number_of_days_ahead_is_the_plans_setting(plan, alice, mailoutbox):
    plan.remind_days_before = 3
    services.save_plan(plan, actor=None)
    send_reminders(DUE - 4 * DAY)
    assert mailoutbox == []
    send_reminders(DUE - 3 * DAY)
    [mail] = mailoutbox
    assert "còn 3 ngày" in mail.body


def test_no_reminder_once_the_agency_has_submitted(plan, alice, agencies, mailoutbox):
    submit(plan, agencies["lead"])
    for day in (DUE - 7 * DAY, DUE, DUE + DAY, DUE + 8 * DAY):
        send_reminders(day)
    assert to(mailoutbox, "alice@khcn.caobang.gov.vn") == []


def test_late_reminders_the_day_after_then_weekly_for_eight_weeks(plan, alice, mailoutbox):
    """Run the command every day from 1/12/2026 to 31/3/2027, as cron would."""
    sent: list[tuple[dt.date, str]] = []
    day = dt.date(2026, 12, 1)
    while day <= dt.date(2027, 3, 31):
        before = len(mailoutbox)
        send_reminders(day)
        sent += [(day, m.subject) for m in mailoutbox[before:]]
        day += DAY

    assert [d for d, subject in sent if "Nhắc hạn" in subject] == [DUE - 7 * DAY]
    late = [d for d, subject in sent if "Quá hạn" in subject]
    assert late == [DUE + (1 + 7 * week) * DAY for week in range(8)]
    assert late[0] == dt.date(2026, 12, 21) and late[-1] == dt.date(2027, 2, 8)
    assert len(sent) == 9
    assert "quá hạn 1 ngày" in mailoutbox[1].body


def test_late_days_one_by_one(plan, alice, mailoutbox):
    assert send_reminders(DUE + DAY).late == 1
    for offset in range(2, 8):
        assert send_reminders(DUE + offset * DAY).sent == 0, offset
    assert send_reminders(DUE + 8 * DAY).late == 1
    assert send_reminders(DUE + 57 * DAY).sent == 0
    assert send_reminders(DUE + 70 * DAY).sent == 0
    assert len(mailoutbox) == 2
    assert all("Quá hạn" in m.subject for m in mailoutbox)


def test_late_reminders_stop_when_the_report_is_submitted(plan, alice, agencies, mailoutbox):
    send_reminders(DUE + DAY)
    submit(plan, agencies["lead"])
    send_reminders(DUE + 8 * DAY)
    assert len(mailoutbox) == 1


def test_an_agency_without_reporters_is_reported_and_retried(plan, alice, agencies, mailoutbox):
    partner = agencies["partner"]
    # Neither a reporter without an email, an inactive one, nor a coordinator counts.
    reporter("noemail", partner)
    reporter("gone", partner, "gone@noivu.caobang.gov.vn", active=False)
    reporter("coord", partner, "coord@noivu.caobang.gov.vn", role=Role.PLAN_COORDINATOR)

    summary = send_reminders(DUE - 7 * DAY)
    assert [m.to for m in mailoutbox] == [["alice@khcn.caobang.gov.vn"]]
    assert summary.no_recipients == 1
    assert any(
        "Cơ quan Sở Nội vụ chưa có người báo cáo có địa chỉ email" in line for line in summary.lines
    )
    assert not Reminder.objects.filter(agency=partner).exists()

    reporter("bob", partner, "bob@noivu.caobang.gov.vn")
    summary = send_reminders(DUE - 6 * DAY)
    assert (summary.before, summary.no_recipients) == (1, 0)
    [mail] = to(mailoutbox, "bob@noivu.caobang.gov.vn")
    assert mail.to == ["bob@noivu.caobang.gov.vn"]
    assert "(phối hợp)" in mail.body and "còn 6 ngày" in mail.body
    assert Reminder.objects.get(agency=partner).sent_on == DUE - 6 * DAY


def test_all_reporters_of_an_agency_get_one_email(plan, alice, agencies, mailoutbox):
    reporter("an", agencies["lead"], "an@khcn.caobang.gov.vn")
    reporter("alice2", agencies["lead"], "ALICE@khcn.caobang.gov.vn")  # same address
    send_reminders(DUE - 7 * DAY)
    [mail] = mailoutbox
    assert sorted(a.lower() for a in mail.to) == [
        "alice@khcn.caobang.gov.vn",
        "an@khcn.caobang.gov.vn",
    ]


def test_dry_run_sends_and_records_nothing(plan, alice, mailoutbox):
    summary = send_reminders(DUE - 7 * DAY, dry_run=True)
    assert summary.before == 1 and summary.dry_run
    assert any(line.startswith("(thử)") for line in summary.lines)
    assert mailoutbox == []
    assert not Reminder.objects.exists()
    assert not AuditEvent.objects.filter(action="send_reminders").exists()
    # ... so the real run still sends.
    assert send_reminders(DUE - 7 * DAY).before == 1
    assert len(mailoutbox) == 1


def test_running_twice_on_a_day_sends_once(plan, alice, mailoutbox):
    for day in (DUE - 7 * DAY, DUE + DAY):
        first, second = send_reminders(day), send_reminders(day)
        assert (first.sent, second.sent) == (1, 0)
    assert len(mailoutbox) == 2
    assert Reminder.objects.count() == 2


def test_a_run_racing_another_one_does_not_send_twice(plan, alice, mailoutbox, monkeypatch):
    """Two runs at once both find nothing sent; the unique row stops the second."""
    send_reminders(DUE - 7 * DAY)
    monkeypatch.setattr(reminders, "already_sent", lambda *args: False)
    assert send_reminders(DUE - 7 * DAY).sent == 0
    assert len(mailoutbox) == 1 and Reminder.objects.count() == 1


def test_a_run_that_sent_something_is_in_the_audit_trail(plan, alice, mailoutbox):
    send_reminders(DUE - 8 * DAY)
    assert not AuditEvent.objects.filter(action="send_reminders").exists()
    send_reminders(DUE - 7 * DAY)
    event = AuditEvent.objects.get(action="send_reminders")
    assert event.source == "command"
    assert event.detail["before"] == 1 and event.detail["late"] == 0
    assert event.detail["date"] == "2026-12-13"


def test_a_failed_send_records_nothing_and_is_retried(plan, alice, mailoutbox, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("máy chủ thư không trả lời")

    monkeypatch.setattr(reminders, "send_mail", refuse)
    summary = send_reminders(DUE - 7 * DAY)
    assert (summary.sent, summary.failed) == (0, 1)
    assert not Reminder.objects.exists()
    monkeypatch.undo()
    assert send_reminders(DUE - 7 * DAY).before == 1
    assert len(mailoutbox) == 1


def test_review_periods_ask_for_the_plans_general_report(plan, alice, agencies, mailoutbox):
    plan.mid_term_review_on = dt.date(2026, 6, 30)
    services.save_plan(plan, actor=None)
    owner = reporter("owner", agencies["owner"], "tonghop@tinhuy.caobang.gov.vn")
    send_reminders(dt.date(2026, 6, 25))
    assert {m.to[0] for m in mailoutbox} == {owner.email, alice.email}
    for mail in mailoutbox:
        assert "Báo cáo chung" in mail.body and "30/06/2026" in mail.body


def test_the_link_follows_the_site_url_setting(plan, alice, mailoutbox, settings):
    settings.TRITHUC_SITE_URL = "https://trithuc.caobang.gov.vn/"
    send_reminders(DUE - 7 * DAY)
    assert "https://trithuc.caobang.gov.vn/ke-hoach/viec-can-bao-cao/" in mailoutbox[0].body


def test_command_with_a_date(plan, alice, mailoutbox):
    out = StringIO()
    call_command("send_reminders", "--date", "2026-12-13", "--dry-run", stdout=out)
    assert "Sẽ gửi 1 thư nhắc ngày 13/12/2026" in out.getvalue()
    assert mailoutbox == []

    out = StringIO()
    call_command("send_reminders", "--date", "2026-12-13", stdout=out)
    text = out.getvalue()
    assert "Nhắc trước hạn: Sở Khoa học và Công nghệ – 140-KH/UBND – Năm 2026" in text
    assert "Cơ quan Sở Nội vụ chưa có người báo cáo có địa chỉ email" in text
    assert "Đã gửi 1 thư nhắc ngày 13/12/2026" in text
    assert len(mailoutbox) == 1


def test_command_refuses_a_bad_date(db):
    with pytest.raises(CommandError, match="không hợp lệ.*NĂM-THÁNG-NGÀY"):
        call_command("send_reminders", "--date", "13/12/2026")
    with pytest.raises(CommandError, match="không hợp lệ"):
        call_command("send_reminders", "--date", "2026-02-30")


def test_command_without_a_date_uses_today(db, mailoutbox):
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert "Đã gửi 0 thư nhắc" in out.getvalue()
