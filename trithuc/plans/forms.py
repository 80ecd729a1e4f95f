"""Forms of the plans pages; the rules they apply live in services and importing."""

from __future__ import annotations

from typing import Any

from django import forms

from trithuc.indicators.models import Comparator, Indicator
from trithuc.lib import forms as vn
from trithuc.orgunits.models import Agency
from trithuc.plans.importing import NEW, SKIP, Proposal, Review
from trithuc.plans.models import DocumentKind, Plan, ReportingFrequency, ReportStatus, Task
from trithuc.plans.services import PlanError, parse_figures

DATE_INPUT = vn.DateInput()


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Agency) -> str:
        return obj.name


class PlanForm(vn.ModelForm):
    implements = forms.ModelMultipleChoiceField(
        label="Thực hiện văn bản (có trong hệ thống)", queryset=Plan.objects.none(),
        required=False, widget=forms.SelectMultiple(attrs={"size": 5}),
    )  # fmt: skip
    implements_text = forms.CharField(
        label="Số hiệu văn bản cấp trên", required=False,
        help_text="Cách nhau bởi dấu phẩy, ví dụ: 45-NQ/TW, 42-CTr/TU",
    )  # fmt: skip
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Plan
        fields = ["kind", "number", "title", "issued_on", "issuer", "owner_agency",
                  "objectives", "reporting_frequency", "due_days_after_cutoff",
                  "remind_days_before", "mid_term_review_on", "final_review_on", "source_file"]  # fmt: skip
        widgets = {"issued_on": DATE_INPUT, "mid_term_review_on": DATE_INPUT,
                   "final_review_on": DATE_INPUT, "objectives": forms.Textarea(attrs={"rows": 4})}  # fmt: skip

    def __init__(self, *args: Any, province_code: str, plans: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_agency"].queryset = Agency.objects.filter(province_code=province_code)
        others = plans.exclude(pk=self.instance.pk) if self.instance.pk else plans
        self.fields["implements"].queryset = others
        if self.instance.pk:
            self.fields["implements"].initial = list(self.instance.implements.all())
            self.fields["implements_text"].initial = ", ".join(self.instance.implements_numbers)
            self.fields["version"].initial = self.instance.version

    def clean_implements_text(self) -> list[str]:
        text = self.cleaned_data.get("implements_text") or ""
        return [part.strip() for part in text.split(",") if part.strip()]


class TaskForm(vn.ModelForm):
    class Meta:
        model = Task
        fields = ["number", "title", "description", "parent", "lead_agency",
                  "coordinating_agencies", "deadline_kind", "due_on", "recurrence",
                  "deadline_text", "requires_plan", "linked_plan"]  # fmt: skip
        widgets = {"due_on": DATE_INPUT, "description": forms.Textarea(attrs={"rows": 3}),
                   "coordinating_agencies": forms.CheckboxSelectMultiple}  # fmt: skip

    def __init__(self, *args: Any, plan: Plan, plans: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.filter(province_code=plan.province_code)
        self.fields["lead_agency"].queryset = agencies
        self.fields["coordinating_agencies"].queryset = agencies
        tasks = plan.tasks.all()
        self.fields["parent"].queryset = (
            tasks.exclude(pk=self.instance.pk) if self.instance.pk else tasks
        )
        self.fields["linked_plan"].queryset = plans.exclude(pk=plan.pk)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("deadline_kind") == "fixed" and not data.get("due_on"):
            self.add_error("due_on", "Nhiệm vụ có thời hạn phải có ngày hạn.")
        if data.get("deadline_kind") == "recurring" and not data.get("recurrence"):
            self.add_error("recurrence", "Chọn tần suất báo cáo của nhiệm vụ định kỳ.")
        return data


class UploadForm(vn.Form):
    file = forms.FileField(label="Tệp văn bản (.docx, .pdf có lớp chữ, .txt)")
    province = forms.ChoiceField(label="Tỉnh, thành phố", required=False)

    def __init__(self, *args: Any, provinces: list[tuple[str, str]] | None = None,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        if provinces:
            self.fields["province"].choices = [("", "— chọn —"), *provinces]
            self.fields["province"].required = True
        else:
            del self.fields["province"]


class ReportForm(vn.Form):
    status = forms.ChoiceField(label="Tình hình thực hiện",
                               choices=[("", vn.EMPTY_LABEL), *ReportStatus.choices])  # fmt: skip
    achievements = forms.CharField(label="Kết quả đã làm", required=False,
                                   widget=forms.Textarea(attrs={"rows": 8}))  # fmt: skip
    figures = forms.CharField(
        label="Số liệu", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text='Mỗi dòng một số liệu, dạng "Tên: giá trị đơn vị", ví dụ "Số tiến sĩ được '
        'đào tạo: 12 người".',
    )  # fmt: skip
    difficulties = forms.CharField(label="Khó khăn, kiến nghị", required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def clean_figures(self) -> list[dict[str, Any]]:
        try:
            return parse_figures(self.cleaned_data.get("figures") or "")
        except PlanError as exc:
            raise forms.ValidationError(str(exc)) from None


class ReopenForm(vn.Form):
    reason = forms.CharField(label="Lý do mở lại (bắt buộc)", max_length=500,
                             error_messages={"required": "Cần ghi lý do mở lại báo cáo."})  # fmt: skip


# ---- the review screen ---------------------------------------------------------------------

HEADER_FIELDS = ["kind", "number", "title", "issued_on", "issuer", "owner", "implements_numbers",
                 "objectives", "reporting_frequency", "due_days_after_cutoff",
                 "mid_term_review_on", "final_review_on"]  # fmt: skip
TASK_FIELDS = ["number", "title", "deadline_kind", "due_on", "recurrence", "deadline_text"]
TARGET_FIELDS = ["indicator", "comparator", "value", "value_high", "unit", "year"]


def review_choices() -> dict[str, list[tuple[str, str]]]:
    return {
        "kind": list(DocumentKind.choices),
        "frequency": list(ReportingFrequency.choices),
        "indicator": [("", "— chưa gán chỉ tiêu —"),
                      *Indicator.objects.order_by("name").values_list("code", "name")],
        "comparator": list(Comparator.choices),
    }  # fmt: skip


def _float(value: str, label: str, errors: list[str], required: bool = True) -> float | None:
    text = (value or "").strip().replace(",", ".")
    if not text:
        if required:
            errors.append(f"{label}: cần nhập giá trị.")
        return None
    try:
        return float(text)
    except ValueError:
        errors.append(f'{label}: "{value}" không phải là số.')
        return None


def review_from_post(post: Any, proposal: Proposal, plans: Any) -> tuple[Review, list[str]]:
    """The review as the user left it on the screen, and what is wrong with it."""
    errors: list[str] = []
    header = {name: (post.get(f"h-{name}") or "").strip() for name in HEADER_FIELDS}
    if not header["title"]:
        errors.append("Cần nhập trích yếu của văn bản.")
    if not header["issued_on"]:
        errors.append("Cần nhập ngày ban hành.")
    if header["kind"] not in DocumentKind.values:
        errors.append("Loại văn bản không hợp lệ.")
    if not header["due_days_after_cutoff"].isdigit():
        errors.append("Hạn nộp sau ngày chốt số liệu phải là số ngày.")
    choices: dict[str, str] = {}
    for index, row in enumerate(proposal.agencies):
        choice = post.get(f"a-{index}", SKIP)
        if choice not in (NEW, SKIP) and not choice.isdigit():
            errors.append(f'Lựa chọn cơ quan cho "{row["name"]}" không hợp lệ.')
            choice = SKIP
        choices[row["name"]] = choice
    tasks = []
    for index, row in enumerate(proposal.tasks):
        values = {name: (post.get(f"t-{index}-{name}") or "").strip() for name in TASK_FIELDS}
        values.update(include=bool(post.get(f"t-{index}-include")), lead=row["lead"],
                      description=row.get("description", ""),
                      coordinating=row["coordinating"],
                      requires_plan=bool(post.get(f"t-{index}-requires_plan")))  # fmt: skip
        if values["include"] and values["deadline_kind"] == "fixed" and not values["due_on"]:
            errors.append(f"Nhiệm vụ {values['number'] or index + 1}: cần ngày hạn.")
        if values["deadline_kind"] != "fixed":
            values["due_on"] = ""
        tasks.append(values)
    targets = []
    for index, row in enumerate(proposal.targets):
        include = bool(post.get(f"g-{index}-include"))
        label = f"Chỉ tiêu {index + 1}"
        value = _float(post.get(f"g-{index}-value", ""), label, errors if include else [])
        high = _float(post.get(f"g-{index}-value_high", ""), label, [], required=False)
        year = (post.get(f"g-{index}-year") or "").strip()
        if include and not year.isdigit():
            errors.append(f"{label}: năm đạt phải là số năm.")
        # The baseline and source lines are not edited on the review screen: carried.
        targets.append({"text": row["text"], "sector": row["sector"], "include": include,
                        "baseline": row.get("baseline"), "lines": row.get("lines"),
                        "period_start": row.get("period_start"),
                        "indicator": post.get(f"g-{index}-indicator") or "",
                        "comparator": post.get(f"g-{index}-comparator") or ">=",
                        "value": value, "value_high": high,
                        "unit": (post.get(f"g-{index}-unit") or "").strip(),
                        "year": int(year) if year.isdigit() else None})  # fmt: skip
    implements = list(plans.filter(pk__in=[v for v in post.getlist("h-implements") if v.isdigit()]))
    review = Review(header=header, agency_choices=choices, targets=targets, tasks=tasks,
                    implements=implements)  # fmt: skip
    return review, errors
