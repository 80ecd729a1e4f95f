"""The meeting pages' forms. Each value is checked here, so a bad one gets a Vietnamese
message instead of a silent default (a mistyped answer date used to become today)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trithuc.dialogues.models import MeetingKind
from trithuc.lib.forms import Form, date_field
from trithuc.orgunits.forms import UnitField
from trithuc.orgunits.models import Agency


def _percent(label: str, initial: int) -> forms.IntegerField:
    message = _("%(label)s: ghi một số từ 0 đến 100.") % {"label": label}
    return forms.IntegerField(required=False, initial=initial, min_value=0, max_value=100,
                              error_messages={"invalid": message, "min_value": message,
                                              "max_value": message})  # fmt: skip


class MeetingForm(Form):
    kind = forms.ChoiceField(choices=MeetingKind.choices, error_messages={
        "required": _("Chọn loại buổi gặp."), "invalid_choice": _("Chọn loại buổi gặp.")})  # fmt: skip
    title = forms.CharField(max_length=300, error_messages={
        "required": _("Ghi tên buổi gặp mặt, đối thoại."),
        "max_length": _("Tên buổi gặp dài quá 300 ký tự.")})  # fmt: skip
    held_on = date_field(error_messages={"required": _("Ghi ngày tổ chức hợp lệ."),
                                         "invalid": _("Ghi ngày tổ chức hợp lệ.")})  # fmt: skip
    chaired_by = forms.CharField(max_length=200, required=False, error_messages={
        "max_length": _("Tên người chủ trì dài quá 200 ký tự.")})  # fmt: skip


class CriteriaForm(Form):
    per_sector = forms.IntegerField(required=False, initial=5, min_value=1, max_value=100,
                                    error_messages={
                                        "invalid": _("Số người mỗi lĩnh vực: ghi một số từ 1 đến 100."),
                                        "min_value": _("Số người mỗi lĩnh vực: ghi một số từ 1 đến 100."),
                                        "max_value": _("Số người mỗi lĩnh vực: ghi một số từ 1 đến 100.")})  # fmt: skip
    women = _percent(_("Nữ tối thiểu"), 30)
    minority = _percent(_("Dân tộc thiểu số tối thiểu"), 30)

    def __init__(self, *args: Any, province: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"] = UnitField(required=False, communes_only=True, within=province)

    def value(self, name: str) -> Any:
        """The cleaned value, or the field's initial one when left blank."""
        value = self.cleaned_data.get(name)
        return self.fields[name].initial if value in (None, "") else value


class RequestForm(Form):
    text = forms.CharField(error_messages={"required": _("Ghi nội dung kiến nghị.")})
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), error_messages={
        "required": _("Chọn cơ quan giải quyết."),
        "invalid_choice": _("Chọn cơ quan giải quyết.")})  # fmt: skip
    due_on = date_field(error_messages={"required": _("Ghi hạn trả lời."),
                                        "invalid": _("Hạn trả lời không hợp lệ.")})  # fmt: skip
    raised_by = forms.CharField(max_length=200, required=False, error_messages={
        "max_length": _("Người, nhóm kiến nghị dài quá 200 ký tự.")})  # fmt: skip

    def __init__(self, *args: Any, province: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(province_code=province)


class AnswerForm(Form):
    answer = forms.CharField(error_messages={
        "required": _("Ghi nội dung trả lời, kết quả giải quyết.")})  # fmt: skip
    answered_on = date_field(required=False, error_messages={
        "invalid": _("Ngày trả lời không hợp lệ.")})  # fmt: skip


class MinutesForm(Form):
    minutes = forms.CharField(error_messages={"required": _("Ghi nội dung biên bản.")})
