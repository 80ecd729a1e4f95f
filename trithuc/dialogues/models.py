"""Meetings and dialogues with intellectuals, their invitation lists, and every request
(kiến nghị) raised, tracked until an agency answers it."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trithuc.accounts.scope import Capability, area_q, scope_of

C = Capability


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, subject: Any) -> models.QuerySet:
        condition = area_q(scope_of(subject).areas(C.MANAGE_HONOURS), province="province_code")
        return self if condition is None else self.filter(condition)

    def editable_by(self, subject: Any) -> models.QuerySet:
        return self.visible_to(subject)


class RequestQuerySet(models.QuerySet):
    """Requests: managed with their meeting; an agency's reporters see and answer the
    ones assigned to their agency."""

    def visible_to(self, subject: Any) -> models.QuerySet:
        scope = scope_of(subject)
        condition = area_q(scope.areas(C.MANAGE_HONOURS), province="meeting__province_code")
        if condition is None:
            return self
        agencies = scope.agencies(C.REPORT_FOR_AGENCY)
        if agencies:
            condition |= Q(agency_id__in=sorted(agencies))
        return self.filter(condition)

    def editable_by(self, subject: Any) -> models.QuerySet:
        return self.visible_to(subject)


class MeetingKind(models.TextChoices):
    MEETING = "meeting", _("Gặp mặt, biểu dương trí thức")
    DIALOGUE = "dialogue", _("Đối thoại của lãnh đạo với trí thức")


class Meeting(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    province_code = models.CharField(_("mã tỉnh"), max_length=2, db_index=True)
    kind = models.CharField(_("loại"), max_length=10, choices=MeetingKind.choices)
    title = models.CharField(_("tên"), max_length=300)
    held_on = models.DateField(_("ngày tổ chức"))
    place = models.CharField(_("địa điểm"), max_length=200, blank=True)
    chaired_by = models.CharField(_("chủ trì"), max_length=200, blank=True)
    criteria = models.JSONField(_("tiêu chí mời"), default=dict, blank=True)
    minutes = models.TextField(_("biên bản"), blank=True)
    is_synthetic = models.BooleanField(_("dữ liệu mô phỏng"), default=False)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d/%m/%Y})"


class Reply(models.TextChoices):
    PENDING = "pending", _("Chưa trả lời")
    ACCEPTED = "accepted", _("Nhận lời")
    DECLINED = "declined", _("Từ chối")


class Invitation(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("lý do mời"), max_length=200, blank=True)
    reply = models.CharField(_("trả lời"), max_length=10, choices=Reply.choices, default="pending")
    attended = models.BooleanField(_("có mặt"), default=False)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="invitation_once")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.meeting_id}"


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Đang xử lý")
    ANSWERED = "answered", _("Đã trả lời, giải quyết")


class Request(models.Model):
    """A kiến nghị: raised at a meeting, assigned to an agency, answered by a due date."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="requests")
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    text = models.TextField(_("nội dung kiến nghị"))
    raised_by = models.CharField(_("người, nhóm kiến nghị"), max_length=200, blank=True)
    agency = models.ForeignKey("orgunits.Agency", verbose_name=_("cơ quan giải quyết"),
                               on_delete=models.PROTECT, related_name="+")  # fmt: skip
    due_on = models.DateField(_("hạn trả lời"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=RequestStatus.choices,
                              default="open")  # fmt: skip
    answer = models.TextField(_("trả lời, kết quả giải quyết"), blank=True)
    answered_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    last_reminded_on = models.DateField(_("nhắc lần cuối"), null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("số lần nhắc"), default=0)

    objects = RequestQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "number"]
        indexes = [models.Index(fields=["status", "due_on"], name="request_status_due")]

    def __str__(self) -> str:
        return f"Kiến nghị {self.number}: {self.text[:60]}"

    def overdue_on(self, day: dt.date) -> bool:
        return self.status == RequestStatus.OPEN and self.due_on < day

    @property
    def answered_in_time(self) -> bool:
        return bool(self.answered_on and self.answered_on <= self.due_on)
