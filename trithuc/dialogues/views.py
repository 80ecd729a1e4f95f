"""Meetings and requests pages: thin views over `services`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from trithuc.accounts.scope import Capability, scope_of
from trithuc.dialogues import services
from trithuc.dialogues.forms import AnswerForm, CriteriaForm, MeetingForm, MinutesForm, RequestForm
from trithuc.dialogues.models import Meeting, MeetingKind, Reply, Request
from trithuc.lib.forms import say_errors
from trithuc.orgunits.forms import UnitInput
from trithuc.orgunits.models import Agency

C = Capability


def _require(user: Any) -> None:
    scope_of(user).require(C.MANAGE_HONOURS,
                           _("Vai trò của bạn không được quản lý gặp mặt, đối thoại."))  # fmt: skip


def get_meeting(user: Any, meeting_uuid: Any) -> Meeting:
    _require(user)
    return get_object_or_404(Meeting.objects.visible_to(user), uuid=meeting_uuid)


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
    province = scope_of(request.user).home_province(C.MANAGE_HONOURS) or ""
    form = MeetingForm(request.POST)
    if not province:
        raise PermissionDenied(_("Vai trò của bạn không gắn với một tỉnh."))
    if not form.is_valid():
        say_errors(request, form)
        return redirect("dialogues:meeting_list")
    meeting = Meeting(province_code=province, **form.cleaned_data)
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


@login_required
@require_POST
def invitations_build(request: HttpRequest, meeting_uuid: Any) -> HttpResponse:
    meeting = get_meeting(request.user, meeting_uuid)
    form = CriteriaForm(request.POST, province=meeting.province_code)
    if not form.is_valid():
        say_errors(request, form)
        return redirect("dialogues:meeting_detail", meeting.uuid)
    criteria = services.Criteria(per_sector=form.value("per_sector"),
                                 min_women_percent=form.value("women"),
                                 min_minority_percent=form.value("minority"),
                                 unit=form.value("unit") or "")  # fmt: skip
    n = services.build_invitation_list(meeting, criteria, actor=request.user)
    messages.success(request, _("Danh sách mời: %(n)s người.") % {"n": n})
    return redirect("dialogues:meeting_detail", meeting.uuid)


@login_required
@require_POST
def request_add(request: HttpRequest, meeting_uuid: Any) -> HttpResponse:
    meeting = get_meeting(request.user, meeting_uuid)
    form = RequestForm(request.POST, province=meeting.province_code)
    if not form.is_valid():
        say_errors(request, form)
        return redirect("dialogues:meeting_detail", meeting.uuid)
    try:
        services.add_request(meeting, **form.cleaned_data, actor=request.user)
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
    form = AnswerForm(request.POST)
    if not form.is_valid():
        say_errors(request, form)
        return redirect("dialogues:request_list")
    day = form.cleaned_data["answered_on"] or timezone.localdate()
    try:
        services.answer_request(item, answer=form.cleaned_data["answer"], answered_on=day,
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
    form = MinutesForm(request.POST)
    if not form.is_valid():
        say_errors(request, form)
        return redirect("dialogues:meeting_detail", meeting.uuid)
    try:
        services.save_minutes(meeting, minutes=form.cleaned_data["minutes"], actor=request.user)
        messages.success(request, _("Đã lưu biên bản."))
    except services.DialogueError as exc:
        messages.error(request, str(exc))
    return redirect("dialogues:meeting_detail", meeting.uuid)
