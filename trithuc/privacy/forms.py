"""Forms of a person's rights: asking a correction, giving or withdrawing a consent."""

from __future__ import annotations

from typing import Any

from django import forms

from trithuc.lib import forms as vn
from trithuc.people.template import COLUMN_BY_FIELD, DATA_FIELDS
from trithuc.privacy.models import ConsentPurpose, CorrectionStatus


class CorrectionForm(vn.Form):
    field = forms.ChoiceField(label="Thông tin cần sửa")
    requested_value = forms.CharField(label="Thông tin đúng", max_length=300)
    reason = forms.CharField(label="Lý do, giấy tờ làm căn cứ", max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [  # type: ignore[attr-defined]
            (name, COLUMN_BY_FIELD[name].header) for name in DATA_FIELDS
        ]


class ConsentForm(vn.Form):
    purpose = forms.ChoiceField(label="Mục đích", choices=ConsentPurpose.choices)
    action = forms.ChoiceField(choices=[("give", "Đồng ý"), ("withdraw", "Rút lại")])


class ConsentRecordForm(vn.Form):
    purpose = forms.ChoiceField(label="Mục đích", choices=ConsentPurpose.choices)
    evidence = forms.CharField(label="Căn cứ (số phiếu, văn bản đồng ý)", max_length=300)
    given_on = forms.DateField(label="Ngày đồng ý", input_formats=["%d/%m/%Y", "%Y-%m-%d"],
                               widget=vn.DateInput())  # fmt: skip


class ResolveForm(vn.Form):
    status = forms.ChoiceField(
        label="Kết quả",
        choices=[(CorrectionStatus.DONE.value, CorrectionStatus.DONE.label),
                 (CorrectionStatus.REJECTED.value, CorrectionStatus.REJECTED.label)],
    )  # fmt: skip
    response = forms.CharField(label="Trả lời", max_length=2000, required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
