"""Forms of the report pages: the draft's narrative and header parts, and a template upload."""

from __future__ import annotations

from typing import Any

from django import forms

from trithuc.lib import forms as vn
from trithuc.reports.models import DocumentStyle
from trithuc.reports.narrative import SECTIONS


class DraftForm(vn.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    number = forms.CharField(label="Số báo cáo", max_length=60, required=False)
    place = forms.CharField(label="Địa danh", max_length=60, required=False)
    signed_on = forms.DateField(label="Ngày ký", required=False,
                                widget=vn.DateInput())  # fmt: skip
    style = forms.ChoiceField(label="Thể thức", choices=DocumentStyle.choices, required=False)
    template = forms.ChoiceField(label="Mẫu", required=False)
    title = forms.CharField(label="Trích yếu", max_length=500, required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    recipients = forms.CharField(label="Nơi nhận", required=False,
                                 widget=forms.Textarea(attrs={"rows": 4}))  # fmt: skip
    signer_authority = forms.CharField(
        label="Quyền hạn ký (T/M, KT.)", max_length=120, required=False
    )
    signer_title = forms.CharField(label="Chức vụ người ký", max_length=120, required=False)
    signer_name = forms.CharField(label="Họ tên người ký", max_length=120, required=False)

    def __init__(self, *args: Any, templates: list[tuple[str, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [("", "Mẫu chuẩn của hệ thống"), *templates]
        for key, heading in SECTIONS:
            self.fields[f"section_{key}"] = forms.CharField(
                label=heading, required=False, widget=forms.Textarea(attrs={"rows": 6}))  # fmt: skip

    def narrative(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(f"section_{key}", "") for key, _ in SECTIONS}


class TemplateForm(vn.Form):
    name = forms.CharField(label="Tên mẫu", max_length=200, required=False)
    file = forms.FileField(label="Tệp mẫu (.docx)")


class ReasonForm(vn.Form):
    reason = forms.CharField(label="Lý do", max_length=500)


class BaselineForm(vn.Form):
    """A frozen report's figure (by the uuid of its target row) and the later target."""

    figure = forms.UUIDField(widget=forms.HiddenInput)
    target = forms.UUIDField(label="Mục tiêu của kế hoạch sau")
