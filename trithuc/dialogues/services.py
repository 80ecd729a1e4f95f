"""Meetings, invitation lists built from the registry, attendance, minutes, and requests
(kiến nghị) followed until answered, with reminders for overdue ones."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, F
from django.utils.translation import gettext as _

from trithuc.accounts.scope import Capability, recheck, scope_of
from trithuc.audit.services import record_event
from trithuc.codelists.services import ethnic_minority_codes, postgraduate_levels, rank
from trithuc.dialogues.models import Invitation, Meeting, Reply, Request, RequestStatus
from trithuc.orgunits.models import Agency
from trithuc.people.models import Person
from trithuc.plans.reminders import reporter_emails, site_url

REMIND_EVERY = dt.timedelta(days=7)


class DialogueError(ValueError):
    pass


def _require(actor: Any) -> None:
    scope_of(actor).require(Capability.MANAGE_HONOURS,
                            _("Vai trò của bạn không được quản lý gặp mặt, đối thoại."))  # fmt: skip


def save_meeting(meeting: Meeting, *, actor: Any, source: str = "web") -> Meeting:
    _require(actor)
    if not meeting.title.strip():
        raise DialogueError(_("Ghi tên buổi gặp mặt, đối thoại."))
    created = meeting.pk is None
    with transaction.atomic():
        meeting.save()
        recheck(Meeting.objects.editable_by(actor), meeting, _("Buổi gặp mặt thuộc tỉnh khác."))
        record_event("create" if created else "update", actor=actor, source=source, obj=meeting,
                     place={"province_code": meeting.province_code},
                     detail={"what": "meeting"})  # fmt: skip
    return meeting


@dataclass(frozen=True)
class Criteria:
    """Who to invite: the most distinguished people (honours, academic title, degree) of
    each sector, then enough women and ethnic-minority people swapped in."""

    per_sector: int = 5
    sectors: tuple[str, ...] = ()
    min_women_percent: int = 30
    min_minority_percent: int = 30
    unit: str = ""  # a commune: only the people who work there ("" = the whole province)

    def as_json(self) -> dict[str, Any]:
        return {"per_sector": self.per_sector, "sectors": list(self.sectors),
                "min_women_percent": self.min_women_percent,
                "min_minority_percent": self.min_minority_percent, "unit": self.unit}  # fmt: skip


def _merit(person: Person) -> tuple:
    return (-person.n_honours, person.academic_title == "",
            -(rank("education_level", person.education_level) or 0), person.name_sort)  # fmt: skip


def choose_invitees(candidates: list[Person], criteria: Criteria) -> list[Person]:
    """Pure choice over `candidates` (each with `n_honours`)."""
    minorities = set(ethnic_minority_codes())
    by_sector: dict[str, list[Person]] = {}
    for person in sorted(candidates, key=_merit):
        if not criteria.sectors or person.sector in criteria.sectors:
            by_sector.setdefault(person.sector, []).append(person)
    chosen = [p for people in by_sector.values() for p in people[: criteria.per_sector]]
    waiting = [p for people in by_sector.values() for p in people[criteria.per_sector :]]
    tests = ((criteria.min_women_percent, lambda p: p.gender == "female"),
             (criteria.min_minority_percent, lambda p: p.ethnicity in minorities))  # fmt: skip
    for wanted, test in tests:
        while chosen and 100 * sum(map(test, chosen)) < wanted * len(chosen):
            incoming = next((p for p in waiting if test(p)), None)
            # the least distinguished invitee who brings neither quality makes room
            outgoing = next((p for p in reversed(chosen)
                             if not any(t(p) for _w, t in tests)), None)  # fmt: skip
            if incoming is None or outgoing is None:
                break
            chosen[chosen.index(outgoing)] = incoming
            waiting.remove(incoming)
    return chosen


def build_invitation_list(meeting: Meeting, criteria: Criteria, *, actor: Any,
                          source: str = "web") -> int:  # fmt: skip
    """Replace the meeting's unanswered invitations by the registry's choice."""
    _require(actor)
    candidates = list(
        Person.objects.profiles_for(actor).filter(province_code=meeting.province_code)
        .filter(education_level__in=postgraduate_levels(),
                **({"workplace_unit": criteria.unit} if criteria.unit else {}))
        .annotate(n_honours=Count("honours"))
        .only("id", "sector", "gender", "ethnicity", "academic_title", "education_level",
              "name_sort")
    )  # fmt: skip
    chosen = choose_invitees(candidates, criteria)
    with transaction.atomic():
        recheck(Meeting.objects.editable_by(actor), meeting, _("Buổi gặp mặt thuộc tỉnh khác."))
        meeting.invitations.filter(reply=Reply.PENDING).delete()
        kept = set(meeting.invitations.values_list("person_id", flat=True))
        Invitation.objects.bulk_create([
            Invitation(meeting=meeting, person=p, reason=_("Tiêu biểu lĩnh vực"))
            for p in chosen if p.pk not in kept])  # fmt: skip
        meeting.criteria = criteria.as_json()
        meeting.save(update_fields=["criteria"])
        record_event("update", actor=actor, source=source, obj=meeting,
                     place={"province_code": meeting.province_code},
                     detail={"what": "invitation_list", "invited": len(chosen)})  # fmt: skip
    return len(chosen)


def set_attendance(invitation: Invitation, *, reply: str, attended: bool, actor: Any,
                   source: str = "web") -> Invitation:  # fmt: skip
    _require(actor)
    if reply not in Reply.values:
        raise DialogueError(_("Trả lời không hợp lệ."))
    meeting = invitation.meeting
    with transaction.atomic():
        recheck(Meeting.objects.editable_by(actor), meeting, _("Buổi gặp mặt thuộc tỉnh khác."))
        invitation.reply, invitation.attended = reply, attended
        invitation.save(update_fields=["reply", "attended"])
        record_event("update", actor=actor, source=source, obj=meeting,
                     about=invitation.person, place={"province_code": meeting.province_code},
                     detail={"what": "attendance", "reply": reply, "attended": attended})  # fmt: skip
    return invitation


def record_replies(meeting: Meeting, replies: dict[int, tuple[str, bool]], *, actor: Any,
                   source: str = "web") -> int:  # fmt: skip
    """Replies and attendance of several invitations at once ({invitation id: (reply,
    attended)}): every value is checked before anything is written, then all are written
    in one transaction. Returns how many invitations changed."""
    _require(actor)
    invitations = {i.pk: i for i in meeting.invitations.select_related("person")}
    changed = []
    for pk, (reply, attended) in replies.items():
        invitation = invitations.get(pk)
        if invitation is None:
            raise DialogueError(_("Giấy mời không thuộc buổi gặp mặt này."))
        if reply not in Reply.values:
            raise DialogueError(
                _("%(p)s: trả lời không hợp lệ.") % {"p": invitation.person.full_name}
            )
        if attended and reply == Reply.DECLINED:
            raise DialogueError(_("%(p)s: đã từ chối nhưng được đánh dấu có mặt; sửa trả lời "
                                  "thành “Nhận lời”.") % {"p": invitation.person.full_name})  # fmt: skip
        if (invitation.reply, invitation.attended) != (reply, attended):
            changed.append((invitation, reply, attended))
    with transaction.atomic():
        for invitation, reply, attended in changed:
            set_attendance(invitation, reply=reply, attended=attended, actor=actor, source=source)
    return len(changed)


def save_minutes(meeting: Meeting, *, minutes: str, actor: Any, source: str = "web") -> Meeting:
    if not minutes.strip():
        raise DialogueError(_("Ghi nội dung biên bản."))
    meeting.minutes = minutes.strip()
    return save_meeting(meeting, actor=actor, source=source)


def add_request(meeting: Meeting, *, text: str, agency: Agency, due_on: dt.date, actor: Any,
                raised_by: str = "", source: str = "web") -> Request:  # fmt: skip
    _require(actor)
    if not text.strip():
        raise DialogueError(_("Ghi nội dung kiến nghị."))
    if due_on < meeting.held_on:
        raise DialogueError(_("Hạn trả lời phải sau ngày tổ chức."))
    if agency.province_code != meeting.province_code:
        raise DialogueError(_("Cơ quan giải quyết phải thuộc tỉnh tổ chức."))
    with transaction.atomic():
        recheck(Meeting.objects.editable_by(actor), meeting, _("Buổi gặp mặt thuộc tỉnh khác."))
        number = meeting.requests.count() + 1
        request = Request.objects.create(meeting=meeting, number=number, text=text.strip(),
                                         raised_by=raised_by, agency=agency, due_on=due_on)  # fmt: skip
        record_event("create", actor=actor, source=source, obj=request,
                     place={"province_code": meeting.province_code, "agency_pk": agency.pk},
                     detail={"what": "request", "due_on": due_on.isoformat()})  # fmt: skip
    return request


def answer_request(request: Request, *, answer: str, answered_on: dt.date, actor: Any,
                   source: str = "web") -> Request:  # fmt: skip
    """The agency's answer; a talent/honours manager records it, or the agency's reporter."""
    scope = scope_of(actor)
    if not (scope.can(Capability.MANAGE_HONOURS) or scope.can(Capability.REPORT_FOR_AGENCY)):
        raise DialogueError(_("Vai trò của bạn không được trả lời kiến nghị."))
    if not answer.strip():
        raise DialogueError(_("Ghi nội dung trả lời, kết quả giải quyết."))
    if answered_on < request.meeting.held_on:
        raise DialogueError(_("Ngày trả lời trước ngày tổ chức."))
    with transaction.atomic():
        recheck(Request.objects.editable_by(actor), request,
                _("Kiến nghị này không giao cho cơ quan của bạn."))  # fmt: skip
        request.answer, request.answered_on = answer.strip(), answered_on
        request.status = RequestStatus.ANSWERED
        request.save(update_fields=["answer", "answered_on", "status"])
        record_event("update", actor=actor, source=source, obj=request,
                     place={"province_code": request.meeting.province_code,
                            "agency_pk": request.agency_id},
                     detail={"what": "request_answer", "in_time": request.answered_in_time})  # fmt: skip
    return request


@dataclass
class RequestSummary:
    total: int = 0
    answered: int = 0
    in_time: int = 0
    overdue: int = 0

    @property
    def sentence(self) -> str:
        return _("%(n)s kiến nghị, %(m)s đã giải quyết (%(t)s đúng hạn), %(o)s quá hạn") % {
            "n": self.total, "m": self.answered, "t": self.in_time, "o": self.overdue}  # fmt: skip


def summarize(requests: Any, day: dt.date) -> RequestSummary:
    summary = RequestSummary()
    for request in requests:
        summary.total += 1
        summary.answered += request.status == RequestStatus.ANSWERED
        summary.in_time += request.answered_in_time
        summary.overdue += request.overdue_on(day)
    return summary


@dataclass
class ReminderRun:
    lines: list[str] = field(default_factory=list)
    sent: int = 0
    without_address: int = 0


def send_request_reminders(today: dt.date, *, dry_run: bool = False) -> ReminderRun:
    """Email each agency's reporters about its overdue requests, at most once a week."""
    run = ReminderRun()
    overdue = (Request.objects.filter(status=RequestStatus.OPEN, due_on__lt=today)
               .select_related("agency", "meeting").order_by("agency_id", "due_on"))  # fmt: skip
    by_agency: dict[int, list[Request]] = {}
    for request in overdue:
        if request.last_reminded_on and request.last_reminded_on > today - REMIND_EVERY:
            continue
        by_agency.setdefault(request.agency_id, []).append(request)
    for requests in by_agency.values():
        agency = requests[0].agency
        emails = reporter_emails(agency)
        run.lines.append(_("%(a)s: %(n)s kiến nghị quá hạn → %(to)s") % {
            "a": agency.name, "n": len(requests), "to": ", ".join(emails) or _("(chưa có địa chỉ)")})  # fmt: skip
        if dry_run:
            continue
        if not emails:
            run.without_address += 1
        else:
            body = "\n".join(
                _("- Kiến nghị %(n)s (%(m)s), hạn %(d)s: %(t)s") % {
                    "n": r.number, "m": r.meeting.title, "d": r.due_on.strftime("%d/%m/%Y"),
                    "t": r.text[:200]} for r in requests)  # fmt: skip
            send_mail(_("Nhắc trả lời kiến nghị của trí thức quá hạn"),
                      _("Cơ quan %(a)s còn các kiến nghị quá hạn trả lời:\n%(b)s\n\nTrả lời tại: %(u)s")
                      % {"a": agency.name, "b": body, "u": site_url("/gap-mat/kien-nghi/")},
                      settings.DEFAULT_FROM_EMAIL, emails)  # fmt: skip
            run.sent += 1
        Request.objects.filter(pk__in=[r.pk for r in requests]).update(
            last_reminded_on=today, reminders_sent=F("reminders_sent") + 1)  # fmt: skip
        record_event("update", source="command", obj=agency,
                     place={"province_code": agency.province_code, "agency_pk": agency.pk},
                     detail={"what": "request_reminder", "requests": len(requests)})  # fmt: skip
    return run
