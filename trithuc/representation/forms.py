"""Entry forms: Party development counts (a unit and year, then rows of sector, stage,
age, count) and one planning or election record; each bad value gets a Vietnamese
message, and the services write everything or nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trithuc.codelists.services import choices
from trithuc.lib import forms as vn
from trithuc.orgunits.forms import UnitField
from trithuc.representation.models import BodyKind, PartyStage
from trithuc.representation.services import CountRow

DATE = vn.DateInput()


class PartyCountsForm(vn.Form):
    unit_code = UnitField(label=_("Đơn vị (tỉnh hoặc xã, phường)"),
                          error_messages={"required": _("Chọn đơn vị.")})  # fmt: skip
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100, error_messages={
        "required": _("Ghi năm."), "invalid": _("Năm phải là số nguyên."),
        "min_value": _("Năm từ 2000 trở đi."), "max_value": _("Năm không quá 2100.")})  # fmt: skip


class PartyCountRowForm(vn.Form):
    sector = forms.ChoiceField(label=_("Lĩnh vực"), error_messages={
        "required": _("Chọn lĩnh vực."), "invalid_choice": _("Lĩnh vực không hợp lệ.")})  # fmt: skip
    stage = forms.ChoiceField(label=_("Giai đoạn"), choices=PartyStage.choices, error_messages={
        "required": _("Chọn giai đoạn."), "invalid_choice": _("Giai đoạn không hợp lệ.")})  # fmt: skip
    age = forms.IntegerField(label=_("Tuổi"), min_value=16, max_value=80, error_messages={
        "required": _("Ghi tuổi."), "invalid": _("Tuổi phải là số nguyên."),
        "min_value": _("Tuổi từ 16 trở lên."), "max_value": _("Tuổi không quá 80.")})  # fmt: skip
    count = forms.IntegerField(label=_("Số người"), min_value=0, max_value=100_000,
                               error_messages={
        "required": _("Ghi số người."), "invalid": _("Số người phải là số nguyên."),
        "min_value": _("Số người không được âm."), "max_value": _("Số người quá lớn.")})  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = [("", "—"), *choices("sector")]


PartyCountRows = forms.formset_factory(PartyCountRowForm, extra=6)


def count_rows(header: PartyCountsForm, rows: Any) -> list[CountRow]:
    """The filled rows of a valid formset (blank rows are skipped)."""
    unit, year = header.cleaned_data["unit_code"], header.cleaned_data["year"]
    return [CountRow(unit, year, f.cleaned_data["sector"], f.cleaned_data["stage"],
                     f.cleaned_data["age"], f.cleaned_data["count"])
            for f in rows.forms if f.has_changed() and f.cleaned_data]  # fmt: skip


class RecordForm(vn.Form):
    national_id = forms.CharField(label=_("Số định danh cá nhân"), max_length=12,
                                  error_messages={"required": _("Ghi số định danh cá nhân.")})  # fmt: skip
    kind = forms.ChoiceField(label=_("Loại"), choices=BodyKind.choices, error_messages={
        "required": _("Chọn loại."), "invalid_choice": _("Loại không hợp lệ.")})  # fmt: skip
    term = forms.RegexField(label=_("Nhiệm kỳ"), regex=r"^\d{4}-\d{4}$", max_length=9,
                            error_messages={"required": _("Ghi nhiệm kỳ."),
                                            "invalid": _("Nhiệm kỳ ghi dạng 2025-2030.")})  # fmt: skip
    body = forms.CharField(label=_("Cấp ủy, chức danh, HĐND"), max_length=200,
                           error_messages={"required": _("Ghi cấp ủy, chức danh hoặc HĐND.")})  # fmt: skip
    unit_code = UnitField(label=_("Đơn vị (tỉnh hoặc xã, phường)"),
                          error_messages={"required": _("Chọn đơn vị.")})  # fmt: skip
    decided_on = forms.DateField(label=_("Ngày quyết định, bầu cử"), widget=DATE,
                                 error_messages={"required": _("Ghi ngày quyết định, bầu cử."),
                                                 "invalid": _("Ngày không hợp lệ.")})  # fmt: skip

    def clean_term(self) -> str:
        term = self.cleaned_data["term"]
        start, end = (int(y) for y in term.split("-"))
        if end - start != 5:
            raise forms.ValidationError(_("Nhiệm kỳ 5 năm, ví dụ 2025-2030."))
        return term

    def clean_decided_on(self) -> dt.date:
        day = self.cleaned_data["decided_on"]
        if day.year < 1990:
            raise forms.ValidationError(_("Ngày quyết định, bầu cử không hợp lệ."))
        return day
