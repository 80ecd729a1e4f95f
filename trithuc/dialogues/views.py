"""Meetings and requests pages: thin views over `services`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from trithuc.accounts.scope import Capability, scope_of
from trithuc.dialogues import services
from trithuc.dialogues.models import Meeting, MeetingKind, Reply, Request
from trithuc.lib.forms import parse_date
from trithuc.orgunits.forms import UnitField, UnitInput
from trithuc.orgunits.models import Agency

C = Capability


def _require(user: Any) -> None:
    scope_of(user).require(C.MANAGE_HONOURS,
                           _("Vai trò của bạn không được quản lý gặp mặt, đối thoại."))  # fmt: skip


def get_meeting(user: Any, meeting_uuid: Any) -> Meeting:
    _require(user)
    return get_object_or_404(Meeting.objects.visible_to(user), uuid=meeting_uuid)


def _date(text: str) -> dt.date | None:
    """A date typed dd/mm/yyyy (or ISO); None when blank or not a date."""
    try:
        return parse_date(text)
    except ValueError:
        return None


@login_required
@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    _require(request.user)
    meetings = Meeting.objects.visible_to(request.user)
    today = timezone.localdate()
    rows = [(m, services.summarize(m.requests.all(), today)) for m in meetings]
    return render(request, "dialogues/meeting_list.html", {
        "rows": rows, "kinds": MeetingKind.choices,
        "province": scope_of(request.user).home_province(C.MANAGE_HONOURS) or ""})  # fmt: skip


@login_required
@require_POST
def meeting_create(request: HttpRequest) -> HttpResponse:
    _require(request.user)
    day = _date(request.POST.get("held_on", ""))
    province = scope_of(request.user).home_province(C.MANAGE_HONOURS) or ""
    if day is None or not province:
        messages.error(request, _("Ghi ngày tổ chức hợp lệ."))
        return redirect("dialogues:meeting_list")
    meeting = Meeting(province_code=province, kind=request.POST.get("kind") or "meeting",
                      title=request.POST.get("title", ""), held_on=day,
                      chaired_by=request.POST.get("chaired_by", ""))  # fmt: skip
    try:
        services.save_meeting(meeting, actor=request.user)
    except services.DialogueError as exc:
        messages.error(request, str(exc))
        return redirect("dialogues:meeting_list")
    return redirect("dialogues:meeting_detail", meeting.uuid)


@login_required
@require_GET
def meeting_detail(request: HttpRequest, meeting_uuid: Any) -> HttpResponse:
    meeting = get_meeting(request.user, meeting_uuid)
    today = timezone.localdate()
    requests = list(meeting.requests.select_related("agency"))
    return render(request, "dialogues/meeting_detail.html", {
        "meeting": meeting, "today": today,
        "invitations": meeting.invitations.select_related("person"), "replies": Reply.choices,
        "requests": [(r, r.overdue_on(today)) for r in requests],
        "summary": services.summarize(requests, today),
        "agencies": Agency.objects.filter(province_code=meeting.province_code).order_by("name"),
        "unit_box": UnitInput(within=meeting.province_code).render(
            "unit", meeting.criteria.get("unit", ""), attrs={"id": "id_unit"}),
    })  # fmt: skip


def _int(text: str, default: int) -> int:
    try:
        return max(0, min(100, int(text)))
    except (TypeError, ValueError):
        return default


@login_required
@require_POST
def invitations_build(request: HttpRequest, meeting_uuid: Any) -> HttpResponse:
    meeting = get_meeting(request.user, meeting_uuid)
    place = UnitField(required=False, communes_only=True, within=meeting.province_code)
    try:
        unit = place.clean(request.POST.get("unit", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("dialogues:meeting_detail", meeting.uuid)
    criteria = services.Criteria(per_sector=_int(request.POST.get("per_sector"), 5),
                                 min_women_percent=_int(request.POST.get("women"), 30),
                                 min_minority_percent=_int(request.POST.get("minority"), 30),
                                 unit=unit)  # fmt: skip
    n = services.build_invitation_list(meeting, criteria, actor=request.user)
    messages.success(request, _("Danh sách mời: %(n)s người.") % {"n": n})
    return redirect("dialogues:meeting_detail", meeting.uuid)


@login_required
@require_POST
def request_add(request: HttpRequest, meeting_uuid: Any) -> HttpResponse:
    meeting = get_meeting(request.user, meeting_uuid)
    agency = Agency.objects.filter(pk=_int(request.POST.get("agency"), 0) or None,
                                   province_code=meeting.province_code).first()  # fmt: skip
    due = _date(request.POST.get("due_on", ""))
    if agency is None or due is None:
        messages.error(request, _("Chọn cơ quan giải quyết và ghi hạn trả lời."))
    else:
        try:
            services.add_request(meeting, text=request.POST.get("text", ""), agency=agency,
                                 due_on=due, raised_by=request.POST.get("raised_by", ""),
                                 actor=request.user)  # fmt: skip
            messages.success(request, _("Đã ghi kiến nghị."))
        except services.DialogueError as exc:
            messages.error(request, str(exc))
    return redirect("dialogues:meeting_detail", meeting.uuid)


@login_required
@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    """Every request the user follows or must answer, overdue ones flagged."""
    scope = scope_of(request.user)
    if not (scope.can(C.MANAGE_HONOURS) or scope.agencies(C.REPORT_FOR_AGENCY)):
        raise PermissionDenied(_("Vai trò của bạn không xem được kiến nghị."))
    today = timezone.localdate()
    requests = list(Request.objects.visible_to(request.user).select_related("agency", "meeting"))
    return render(request, "dialogues/request_list.html", {
        "requests": [(r, r.overdue_on(today)) for r in requests],
        "summary": services.summarize(requests, today), "today": today})  # fmt: skip


@login_required
@require_POST
def request_answer(request: HttpRequest, request_uuid: Any) -> HttpResponse:
    scope = scope_of(request.user)
    if not (scope.can(C.MANAGE_HONOURS) or scope.agencies(C.REPORT_FOR_AGENCY)):
        raise PermissionDenied(_("Vai trò của bạn không được trả lời kiến nghị."))
    item = get_object_or_404(Request.objects.visible_to(request.user).select_related("meeting"),
                             uuid=request_uuid)  # fmt: skip
    day = _date(request.POST.get("answered_on", "")) or timezone.localdate()
    try:
        services.answer_request(item, answer=request.POST.get("answer", ""), answered_on=day,
                                actor=request.user)  # fmt: skip
        messages.success(request, _("Đã ghi trả lời."))
    except services.DialogueError as exc:
        messages.error(request, str(exc))
    return redirect("dialogues:request_list")


@login_required
@require_POST
def replies_save(request: HttpRequest, meeting_uuid: Any) -> HttpResponse:
    """The invitation table's replies and attendance, all or nothing."""
    meeting = get_meeting(request.user, meeting_uuid)
    replies = {
        invitation.pk: (request.POST.get(f"reply-{invitation.pk}", invitation.reply),
                        request.POST.get(f"attended-{invitation.pk}") == "on")
        for invitation in meeting.invitations.all()
        if f"reply-{invitation.pk}" in request.POST
    }  # fmt: skip
    try:
        n = services.record_replies(meeting, replies, actor=request.user)
        messages.success(request, _("Đã ghi trả lời, điểm danh: %(n)s người thay đổi.") % {"n": n})
    except services.DialogueError as exc:
        messages.error(request, str(exc))
    return redirect("dialogues:meeting_detail", meeting.uuid)


@login_required
@require_POST
def minutes_save(request: HttpRequest, meeting_uuid: Any) -> HttpResponse:
    meeting = get_meeting(request.user, meeting_uuid)
    try:
        services.save_minutes(meeting, minutes=request.POST.get("minutes", ""), actor=request.user)
        messages.success(request, _("Đã lưu biên bản."))
    except services.DialogueError as exc:
        messages.error(request, str(exc))
    return redirect("dialogues:meeting_detail", meeting.uuid)
