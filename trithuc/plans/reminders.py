"""Reminder emails to agencies about their due reports, sent by the daily command
`trithuc send_reminders` (run by cron or a systemd timer).

For each period of each plan and each agency with items not yet submitted:

- "before": one email when the due date is `plan.remind_days_before` days away or
  closer (sent once per period and agency);
- "late": one email the day after the due date, then one a week for eight weeks.

Every email sent is kept as a `Reminder` row, created in the same transaction as the
send; its unique constraint (period, agency, kind, sent_on) makes a second run on the
same day (or two runs at once) send nothing twice. When the send fails, the row is
rolled back and the next run tries again.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max

from trithuc.accounts.scope import reporters_of
from trithuc.audit.services import record_event
from trithuc.orgunits.models import Agency
from trithuc.plans.due import DueItem, plan_due_items
from trithuc.plans.models import Period, Reminder, ReminderKind
from trithuc.plans.services import report_due_label

logger = logging.getLogger(__name__)

# The agency's list of due reports (URL name `plans:my_due`); written out so that this
# module does not depend on the URL configuration.
DUE_LIST_PATH = "/ke-hoach/viec-can-bao-cao/"
# Late reminders go out weekly for eight weeks after the due date. After that the email
# stops: the plan owner's list of late and missing reports is the place where a report
# still missing is followed up, not an ever-growing pile of automatic emails.
LATE_INTERVAL = dt.timedelta(days=7)
LATE_WINDOW = dt.timedelta(days=56)
SUBJECT_PREFIX = "[Trí thức]"


@dataclass
class ReminderSummary:
    today: dt.date
    dry_run: bool = False
    before: int = 0  # "before" emails sent (or, in a dry run, that would be sent)
    late: int = 0  # "late" emails sent (or that would be sent)
    items: int = 0  # due items listed in those emails
    no_recipients: int = 0  # emails not sent: the agency has no reporter with an email
    failed: int = 0  # emails the mail server refused; retried on the next run
    lines: list[str] = field(default_factory=list)

    @property
    def sent(self) -> int:
        return self.before + self.late

    def counts(self) -> dict[str, int]:
        return {"before": self.before, "late": self.late, "items": self.items,
                "no_recipients": self.no_recipients, "failed": self.failed}  # fmt: skip

    def totals_line(self) -> str:
        verb = "Sẽ gửi" if self.dry_run else "Đã gửi"
        text = (
            f"{verb} {self.sent} thư nhắc ngày {self.today:%d/%m/%Y}: {self.before} nhắc trước "
            f"hạn, {self.late} quá hạn ({self.items} nội dung)"
        )
        if self.no_recipients:
            text += f"; {self.no_recipients} thư chưa gửi được vì cơ quan chưa có người nhận"
        if self.failed:
            text += f"; {self.failed} thư gửi lỗi (sẽ thử lại lần chạy sau)"
        return text + "."


def site_url(path: str) -> str:
    return settings.TRITHUC_SITE_URL.rstrip("/") + path


def reminder_kind(period: Period, today: dt.date) -> str | None:
    """Which reminder `period` may call for on `today`, if any."""
    due = period.due_on
    if due - dt.timedelta(days=period.plan.remind_days_before) <= today <= due:
        return ReminderKind.BEFORE
    if due < today <= due + LATE_WINDOW:
        return ReminderKind.LATE
    return None


def already_sent(period: Period, agency: Agency, kind: str, today: dt.date) -> bool:
    sent = Reminder.objects.filter(period=period, agency=agency, kind=kind)
    if kind == ReminderKind.LATE:
        sent = sent.filter(sent_on__gt=today - LATE_INTERVAL)
    return sent.exists()


def reporter_emails(agency: Agency) -> list[str]:
    """Addresses of the active users who write the reports of `agency`."""
    users = get_user_model().objects.filter(reporters_of(agency.pk), is_active=True)
    seen: dict[str, str] = {}
    for email in users.values_list("email", flat=True).order_by("email"):
        email = (email or "").strip()
        if email:
            seen.setdefault(email.lower(), email)
    return list(seen.values())


def _candidate_periods(today: dt.date) -> list[Period]:
    """Periods whose due date is near enough to `today` for some reminder."""
    longest = Period.objects.aggregate(days=Max("plan__remind_days_before"))["days"] or 0
    return list(
        Period.objects.filter(
            due_on__gte=today - LATE_WINDOW, due_on__lte=today + dt.timedelta(days=longest)
        )
        .select_related("plan")
        .order_by("due_on", "plan_id", "ends_on", "kind")
    )


def _item_line(item: DueItem) -> str:
    if item.task is None:
        return f"- Báo cáo chung ({item.period.get_kind_display().lower()} kế hoạch)"
    role = "chủ trì" if item.is_lead else "phối hợp"
    number = item.task.number.strip().rstrip(".:")
    label = f"Nhiệm vụ {number}: " if number else "Nhiệm vụ: "
    return f"- {label}{item.task.title} ({role})"


def compose(period: Period, agency: Agency, items: list[DueItem], kind: str,
            today: dt.date) -> tuple[str, str]:  # fmt: skip
    """Subject and plain-text body of one reminder."""
    plan = period.plan
    due = f"{period.due_on:%d/%m/%Y}"
    when = report_due_label(period, today)
    if kind == ReminderKind.LATE:
        subject = f"{SUBJECT_PREFIX} Quá hạn báo cáo {period.label} – {plan.reference}"
        opening = (
            f"Đã quá hạn nộp báo cáo kỳ {period.label} của {plan.reference} "
            f"(hạn {due}, {when}). Cơ quan còn {len(items)} nội dung chưa nộp:"
        )
    else:
        subject = (f"{SUBJECT_PREFIX} Nhắc hạn báo cáo {period.label} – {plan.reference} "
                   f"(hạn {due})")  # fmt: skip
        opening = (
            f"Sắp đến hạn nộp báo cáo kỳ {period.label} của {plan.reference} "
            f"(hạn {due}, {when}). Cơ quan còn {len(items)} nội dung chưa nộp:"
        )
    lines = [
        f"Kính gửi: {agency.name}",
        "",
        opening,
        "",
        f"Kế hoạch: {plan.reference} – {plan.title}",
        f"Kỳ báo cáo: {period.label} (số liệu từ {period.starts_on:%d/%m/%Y} "
        f"đến {period.ends_on:%d/%m/%Y})",
        f"Hạn nộp: {due} ({when})",
        "",
        "Nội dung cần báo cáo:",
        *(_item_line(item) for item in items),
        "",
        f"Xem và nộp báo cáo tại: {site_url(DUE_LIST_PATH)}",
        "",
    ]
    if kind == ReminderKind.LATE:
        lines += ["Thư nhắc quá hạn được gửi mỗi tuần một lần trong tám tuần sau hạn nộp.", ""]
    lines.append(
        "Thư này do hệ thống Trí thức gửi tự động tới người được phân công báo cáo của "
        "cơ quan; xin không trả lời thư này."
    )
    # A header may not contain a line break; a title pasted from a document might.
    return " ".join(subject.split()), "\n".join(lines) + "\n"


def _pending_by_agency(period: Period) -> list[tuple[Agency, list[DueItem]]]:
    """The items of `period` not yet submitted, by agency (agencies by name)."""
    agencies: dict[int, Agency] = {}
    pending: dict[int, list[DueItem]] = defaultdict(list)
    for item in plan_due_items(period.plan, [period]):
        if not item.submitted:
            agencies.setdefault(item.agency.pk, item.agency)
            pending[item.agency.pk].append(item)
    return [
        (agencies[pk], pending[pk]) for pk in sorted(agencies, key=lambda pk: agencies[pk].name)
    ]


def send_reminders(today: dt.date, *, dry_run: bool = False,
                   source: str = "command") -> ReminderSummary:  # fmt: skip
    """Send the reminders due on `today` (a dry run sends and records nothing)."""
    summary = ReminderSummary(today=today, dry_run=dry_run)
    emails_of: dict[int, list[str]] = {}
    for period in _candidate_periods(today):
        kind = reminder_kind(period, today)
        if kind is None:
            continue
        kind_label = "Quá hạn" if kind == ReminderKind.LATE else "Nhắc trước hạn"
        for agency, items in _pending_by_agency(period):
            if already_sent(period, agency, kind, today):
                continue
            where = f"{period.plan.reference} – {period.label}"
            if agency.pk not in emails_of:
                emails_of[agency.pk] = reporter_emails(agency)
            recipients = emails_of[agency.pk]
            if not recipients:
                # No Reminder row: the reminder goes out once a reporter is added.
                summary.no_recipients += 1
                summary.lines.append(
                    f"Cơ quan {agency.name} chưa có người báo cáo có địa chỉ email "
                    f"({kind_label.lower()}: {where}, {len(items)} nội dung)."
                )
                continue
            subject, body = compose(period, agency, items, kind, today)
            described = (
                f"{kind_label}: {agency.name} – {where} – {len(items)} nội dung – "
                f"{len(recipients)} người nhận"
            )
            if dry_run:
                summary.lines.append(f"(thử) {described}")
            else:
                try:
                    with transaction.atomic():
                        Reminder.objects.create(period=period, agency=agency, kind=kind,
                                                sent_on=today, recipients=recipients,
                                                items=len(items))  # fmt: skip
                        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
                except IntegrityError:
                    # Another run recorded this reminder between our check and insert.
                    continue
                except OSError as exc:  # the mail server refused or did not answer
                    logger.exception("reminder to %s failed", agency.name)
                    summary.failed += 1
                    summary.lines.append(f"Lỗi gửi thư ({described}): {exc}")
                    continue
                summary.lines.append(described)
            summary.items += len(items)
            if kind == ReminderKind.LATE:
                summary.late += 1
            else:
                summary.before += 1
    if summary.sent and not dry_run:
        record_event("send_reminders", source=source,
                     detail={"date": today.isoformat(), **summary.counts()})  # fmt: skip
    return summary
