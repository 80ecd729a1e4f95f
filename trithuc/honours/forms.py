"""The honours pages' forms: the person is found by national ID within the user's scope,
and every value is checked here, so a bad one gets a Vietnamese message, not a default."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trithuc.honours.models import HonourForm
from trithuc.lib.forms import Form, date_field
from trithuc.people.models import Person

YEAR_ERRORS = {"invalid": _("Năm xét không hợp lệ."), "required": _("Ghi năm xét."),
               "min_value": _("Năm xét không hợp lệ."), "max_value": _("Năm xét không hợp lệ.")}  # fmt: skip


class _PersonAndForm(Form):
    national_id = forms.CharField(max_length=12, error_messages={
        "required": _("Ghi số định danh cá nhân.")})  # fmt: skip
    form = forms.ModelChoiceField(queryset=HonourForm.objects.all(), to_field_name="code",
                                  error_messages={"required": _("Chọn hình thức khen thưởng."),
                                                  "invalid_choice": _("Chọn hình thức khen thưởng.")})  # fmt: skip

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "national_id" in data:
            data["person"] = Person.objects.editable_by(self.user).filter(
                national_id=data["national_id"].strip()).first()  # fmt: skip
            if data["person"] is None:
                self.add_error("national_id", _("Không tìm thấy người có số định danh này trong "
                                                "phạm vi của bạn."))  # fmt: skip
        return data


class NominationForm(_PersonAndForm):
    year = forms.IntegerField(min_value=1945, max_value=2100, error_messages=YEAR_ERRORS)


class AwardForm(_PersonAndForm):
    decision_number = forms.CharField(max_length=60, error_messages={
        "required": _("Ghi số quyết định khen thưởng.")})  # fmt: skip
    decision_date = date_field(error_messages={"required": _("Ghi ngày quyết định."),
                                               "invalid": _("Ngày quyết định không hợp lệ.")})  # fmt: skip
