"""Reading the talent pages' forms: bad input becomes a Vietnamese message, never a
half-written row."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trithuc.codelists.services import choices
from trithuc.lib import forms as vn
from trithuc.orgunits.forms import UnitField
from trithuc.orgunits.services import get_current_unit
from trithuc.talent.models import (
    Application,
    EventKind,
    EvidenceKind,
    EvidenceStatus,
    ExitReason,
    Origin,
    TalentPolicy,
)
from trithuc.talent.uploads import MAX_BYTES

GRADES = [("", "—"), ("excellent", _("Xuất sắc")), ("very_good", _("Giỏi")), ("good", _("Khá"))]


class ApplicationForm(vn.ModelForm):
    class Meta:
        model = Application
        fields = ["policy", "origin", "full_name", "birth_date", "gender", "ethnicity",
                  "education_level", "academic_title", "graduation_grade", "papers", "patents",
                  "awards", "field", "training_field", "evidence", "workplace_unit", "employer",
                  "base_salary_vnd"]  # fmt: skip
        widgets = {"birth_date": vn.DateInput(),
                   "evidence": forms.Textarea(attrs={"rows": 3})}  # fmt: skip

    def __init__(self, *args: Any, policies: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["policy"].queryset = (
            policies if policies is not None else TalentPolicy.objects.none()
        )
        self.fields["policy"].label = _("Chính sách")
        self.fields["origin"] = forms.ChoiceField(label=_("Nguồn"), choices=Origin.choices)
        self.fields["gender"] = forms.ChoiceField(label=_("Giới tính"), choices=choices("gender"))
        self.fields["ethnicity"] = forms.ChoiceField(
            label=_("Dân tộc"), choices=choices("ethnicity")
        )
        self.fields["education_level"] = forms.ChoiceField(label=_("Trình độ"),
                                                           choices=choices("education_level"))  # fmt: skip
        self.fields["academic_title"] = forms.ChoiceField(
            label=_("Học hàm"), choices=[("", "—"), *choices("academic_title")], required=False)  # fmt: skip
        self.fields["graduation_grade"] = forms.ChoiceField(label=_("Xếp loại tốt nghiệp"),
                                                            choices=GRADES, required=False)  # fmt: skip
        self.fields["field"] = forms.ChoiceField(label=_("Lĩnh vực"), choices=choices("sector"))
        self.fields["workplace_unit"] = UnitField(label=_("Xã, phường nơi bố trí"),
                                                  communes_only=True)  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        policy, unit = data.get("policy"), data.get("workplace_unit")
        if policy and unit:
            place = get_current_unit(unit)
            if place is not None and place.province_code != policy.province_code:
                self.add_error("workplace_unit", _(
                    "%(u)s không thuộc tỉnh ban hành chính sách «%(p)s»."
                ) % {"u": str(place), "p": policy.name})  # fmt: skip
        return data


class ScoreForm(vn.Form):
    member = forms.CharField(label=_("Thành viên hội đồng"), max_length=100)
    score = forms.FloatField(label=_("Điểm"), min_value=0, max_value=100)
    note = forms.CharField(label=_("Nhận xét"), max_length=300, required=False)


class DecisionForm(vn.Form):
    number = forms.CharField(label=_("Số quyết định"), max_length=60)
    day = forms.DateField(label=_("Ngày quyết định"), widget=vn.DateInput())


class PayForm(vn.Form):
    paid_on = forms.DateField(label=_("Ngày chi"), widget=vn.DateInput(),
                              initial=dt.date.today)  # fmt: skip


class EventForm(vn.Form):
    kind = forms.ChoiceField(label=_("Sự kiện"), choices=[c for c in EventKind.choices
                                                          if c[0] != "posted"] + [("posted", EventKind.POSTED.label)])  # fmt: skip
    on = forms.DateField(label=_("Ngày"), widget=vn.DateInput())
    exit_reason = forms.ChoiceField(label=_("Lý do thôi công tác"),
                                    choices=[("", "—"), *ExitReason.choices], required=False)  # fmt: skip
    employer = forms.CharField(label=_("Cơ quan mới"), max_length=200, required=False)
    workplace_unit = UnitField(label=_("Xã, phường nơi công tác mới"), required=False,
                               communes_only=True)  # fmt: skip
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)


class EvidenceForm(vn.Form):
    """One file and the rules of the policy it proves."""

    kind = forms.ChoiceField(label=_("Loại minh chứng"), choices=EvidenceKind.choices,
                             error_messages={"required": _("Chọn loại minh chứng."),
                                             "invalid_choice": _("Loại minh chứng không hợp lệ.")})  # fmt: skip
    file = forms.FileField(
        label=_("Tệp (PDF, JPG, PNG, Word .docx; tối đa %(mb)s MB)") % {"mb": MAX_BYTES // 2**20},
        error_messages={"required": _("Chọn tệp minh chứng."),
                        "empty": _("Tệp đã chọn rỗng."),
                        "invalid": _("Không đọc được tệp đã gửi.")})  # fmt: skip
    rules = forms.MultipleChoiceField(
        label=_("Chứng minh cho điều kiện"), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Chọn ít nhất một điều kiện mà tệp này chứng minh."),
                        "invalid_choice": _("Điều kiện không có trong chính sách.")})  # fmt: skip

    def __init__(self, *args: Any, rules: list[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rules"].choices = list(rules)


class ReviewForm(vn.Form):
    verdict = forms.ChoiceField(label=_("Kết quả"), choices=[
        (EvidenceStatus.VERIFIED, _("Xác minh: đúng bản gốc, chứng minh được điều kiện")),
        (EvidenceStatus.REFUSED, _("Không chấp nhận"))],
        error_messages={"required": _("Chọn kết quả xác minh."),
                        "invalid_choice": _("Kết quả xác minh không hợp lệ.")})  # fmt: skip
    reason = forms.CharField(label=_("Lý do, nhận xét"), max_length=500, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("verdict") == EvidenceStatus.REFUSED and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Ghi lý do không chấp nhận minh chứng."))
        return data
