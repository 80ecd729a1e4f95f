"""The search form of the audit trail, shared by the page and the export."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from trithuc.audit.models import AuditAction
from trithuc.lib import forms as vn

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class AuditFilterForm(vn.Form):
    user = forms.CharField(label="Người thực hiện", max_length=150, required=False)
    action = forms.ChoiceField(
        label="Hành động", choices=[("", "(tất cả)"), *AuditAction.choices], required=False
    )
    date_from = forms.DateField(label="Từ ngày", input_formats=DATE_FORMATS, required=False,
                                widget=vn.DateInput())  # fmt: skip
    date_to = forms.DateField(label="Đến ngày", input_formats=DATE_FORMATS, required=False,
                              widget=vn.DateInput())  # fmt: skip
    obj = forms.CharField(label="Đối tượng (mã hoặc tên)", max_length=200, required=False)

    def filter(self, events: QuerySet) -> QuerySet:
        if not self.is_valid():
            return events.none()
        data = self.cleaned_data
        if data["user"]:
            events = events.filter(actor_name__icontains=data["user"])
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["date_from"]:
            events = events.filter(at__gte=_start(data["date_from"]))
        if data["date_to"]:
            events = events.filter(at__lt=_start(data["date_to"] + dt.timedelta(days=1)))
        if data["obj"]:
            text = data["obj"].strip()
            events = events.filter(Q(object_id=text) | Q(subject_id=text)
                                   | Q(object_repr__icontains=text))  # fmt: skip
        return events


def _start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))
