"""The policy form: eligibility rules and one-time amounts entered field by field, turned
into the JSON `eligibility.py` evaluates; every bad value gets its own Vietnamese message.

Rules the form cannot show (an `any_of` group, another lookup) are kept as they are and
listed above the form, so saving never drops a condition."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trithuc.codelists.services import choices, codes_at_or_above
from trithuc.lib import forms as vn
from trithuc.talent.forms import GRADES
from trithuc.talent.models import HousingKind, TalentPolicy
from trithuc.talent.services import HOUSING_FIELDS, HOUSING_NEEDS

DATE = vn.DateInput()
# rule key -> form field name, for the rules the form edits
RULE_FIELDS = {"age__gte": "age_min", "age__lte": "age_max",
               "education_level__gte": "education_level_min",
               "academic_title__in": "academic_titles", "graduation_grade__in": "graduation_grades",
               "papers__gte": "papers_min", "patents__gte": "patents_min",
               "awards__gte": "awards_min", "field__in": "fields"}  # fmt: skip


HOUSING = ["housing_kind", "housing_monthly_vnd", "housing_months", "housing_one_time_vnd",
           "housing_land_m2", "housing_note"]  # fmt: skip
DOCUMENT_FIELDS = ("code", "name", "legal_basis", "valid_from", "valid_to", "target_groups")


def _count(label: Any, what: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=False, min_value=0, max_value=1000,
                              error_messages={
                                  "invalid": _("%(w)s phải là số nguyên.") % {"w": what},
                                  "min_value": _("%(w)s không được âm.") % {"w": what},
                                  "max_value": _("%(w)s quá lớn (tối đa 1.000).") % {"w": what}})  # fmt: skip


def _vnd(label: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=False, min_value=0, max_value=10**13,
                              error_messages={
                                  "invalid": _("Số tiền ghi bằng số nguyên (đồng), không có dấu chấm."),
                                  "min_value": _("Số tiền không được âm."),
                                  "max_value": _("Số tiền quá lớn.")})  # fmt: skip


def amount_levels() -> list[tuple[str, str]]:
    """Levels a one-time amount can be set for: university degrees and up, then titles."""
    degrees = set(codes_at_or_above("education_level", "bachelor"))
    return [(c, t) for c, t in choices("education_level") if c in degrees] + [
        (c, t) for c, t in choices("academic_title")]  # fmt: skip


class PolicyForm(vn.ModelForm):
    age_min = forms.IntegerField(label=_("Tuổi từ (ngày quyết định)"), required=False,
                                 min_value=16, max_value=80, error_messages={
        "invalid": _("Tuổi phải là số nguyên."),
        "min_value": _("Tuổi tối thiểu không dưới 16."),
        "max_value": _("Tuổi tối thiểu không quá 80.")})  # fmt: skip
    age_max = forms.IntegerField(label=_("Tuổi đến (ngày quyết định)"), required=False,
                                 min_value=16, max_value=80, error_messages={
        "invalid": _("Tuổi phải là số nguyên."),
        "min_value": _("Tuổi tối đa không dưới 16."),
        "max_value": _("Tuổi tối đa không quá 80.")})  # fmt: skip
    education_level_min = forms.ChoiceField(label=_("Trình độ tối thiểu"), required=False,
                                            error_messages={"invalid_choice": _(
                                                "Trình độ tối thiểu không có trong danh mục.")})  # fmt: skip
    academic_titles = forms.MultipleChoiceField(label=_("Học hàm (một trong)"), required=False,
                                                widget=forms.CheckboxSelectMultiple,
                                                error_messages={"invalid_choice": _(
                                                    "Học hàm không có trong danh mục.")})  # fmt: skip
    graduation_grades = forms.MultipleChoiceField(
        label=_("Xếp loại tốt nghiệp (một trong)"), required=False,
        choices=GRADES[1:], widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Xếp loại tốt nghiệp không hợp lệ.")})  # fmt: skip
    papers_min = _count(_("Số bài báo khoa học tối thiểu"), _("Số bài báo"))
    patents_min = _count(_("Số bằng sáng chế tối thiểu"), _("Số bằng sáng chế"))
    awards_min = _count(_("Số giải thưởng tối thiểu"), _("Số giải thưởng"))
    fields = forms.MultipleChoiceField(label=_("Lĩnh vực (một trong; để trống: mọi lĩnh vực)"),
                                       required=False, widget=forms.CheckboxSelectMultiple,
                                       error_messages={"invalid_choice": _(
                                           "Lĩnh vực không có trong danh mục.")})  # fmt: skip

    class Meta:
        model = TalentPolicy
        fields = ["code", "name", "legal_basis", "valid_from", "valid_to", "target_groups",
                  "monthly_share_percent", "monthly_years", "research_fund_vnd",
                  "commitment_years", "refund_rule", "budget_vnd", *HOUSING]  # fmt: skip
        widgets = {"valid_from": DATE, "valid_to": DATE,
                   "target_groups": forms.Textarea(attrs={"rows": 2})}  # fmt: skip
        error_messages = {
            "code": {"required": _("Ghi mã chính sách."),
                     "invalid": _("Mã chỉ gồm chữ không dấu, số và dấu gạch ngang.")},
            "name": {"required": _("Ghi tên chính sách.")},
            "legal_basis": {"required": _("Ghi căn cứ (số, ngày văn bản).")},
            "valid_from": {"required": _("Ghi ngày hiệu lực."),
                           "invalid": _("Ngày hiệu lực không hợp lệ.")},
            "valid_to": {"invalid": _("Ngày hết hiệu lực không hợp lệ.")},
            "commitment_years": {"required": _("Ghi số năm cam kết công tác."),
                                 "invalid": _("Số năm cam kết phải là số nguyên."),
                                 "min_value": _("Số năm cam kết không được âm."),
                                 "max_value": _("Số năm cam kết quá lớn.")},
            "monthly_share_percent": {"invalid": _("Phụ cấp hằng tháng ghi bằng số nguyên (%)."),
                                      "min_value": _("Phụ cấp hằng tháng không được âm."),
                                      "max_value": _("Phụ cấp hằng tháng quá lớn.")},
            "monthly_years": {"invalid": _("Số năm hưởng phụ cấp phải là số nguyên."),
                              "min_value": _("Số năm hưởng phụ cấp không được âm."),
                              "max_value": _("Số năm hưởng phụ cấp quá lớn.")},
            "research_fund_vnd": {"invalid": _("Kinh phí nghiên cứu ghi bằng số nguyên (đồng).")},
            "refund_rule": {"invalid_choice": _("Quy định hoàn trả không hợp lệ.")},
            "housing_kind": {"invalid_choice": _("Hình thức hỗ trợ nhà ở không hợp lệ.")},
            "housing_monthly_vnd": {"invalid": _("Tiền thuê nhà ghi bằng số nguyên (đồng).")},
            "housing_months": {"invalid": _("Số tháng phải là số nguyên."),
                               "min_value": _("Số tháng không được âm."),
                               "max_value": _("Số tháng quá lớn.")},
            "housing_one_time_vnd": {"invalid": _("Số tiền ghi bằng số nguyên (đồng).")},
            "housing_land_m2": {"invalid": _("Diện tích ghi bằng số nguyên (m²)."),
                                "min_value": _("Diện tích không được âm."),
                                "max_value": _("Diện tích quá lớn.")},
            "budget_vnd": {"required": _("Ghi tổng kinh phí của chương trình."),
                           "invalid": _("Tổng kinh phí ghi bằng số nguyên (đồng).")},
        }  # fmt: skip

    def __init__(self, *args: Any, province: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.province = province
        self.fields["education_level_min"].choices = [("", "—"), *choices("education_level")]
        self.fields["academic_titles"].choices = choices("academic_title")
        self.fields["fields"].choices = choices("sector")
        for name in HOUSING:  # left empty: no housing support, nothing to count
            self.fields[name].required = False
        self.levels = amount_levels()
        for code, text in self.levels:
            self.fields[f"amount_{code}"] = _vnd(_("Hỗ trợ một lần — %(l)s (đồng)") % {"l": text})
        rules = dict(self.instance.rules or {})
        self.kept_rules = {k: v for k, v in rules.items() if k not in RULE_FIELDS}
        if not self.is_bound:
            for key, name in RULE_FIELDS.items():
                if key in rules:
                    self.initial[name] = rules[key]
            for code, amount in (self.instance.one_time_amounts or {}).items():
                self.initial[f"amount_{code}"] = amount

    def document_fields(self) -> list[Any]:
        return [self[name] for name in DOCUMENT_FIELDS]

    def benefit_fields(self) -> list[Any]:
        return [self[name] for name in self.Meta.fields
                if name not in DOCUMENT_FIELDS and name not in HOUSING]  # fmt: skip

    def housing_fields(self) -> list[Any]:
        return [self[name] for name in HOUSING]

    def amount_fields(self) -> list[Any]:
        return [self[f"amount_{code}"] for code, _text in self.levels]

    def rule_fields(self) -> list[Any]:
        return [self[name] for name in RULE_FIELDS.values()]

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        taken = TalentPolicy.objects.filter(province_code=self.province, code=code)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Tỉnh đã có chính sách mang mã này."))
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("Ngày hết hiệu lực phải sau ngày hiệu lực."))
        low, high = data.get("age_min"), data.get("age_max")
        if low is not None and high is not None and low > high:
            self.add_error("age_max", _("Tuổi đến phải từ tuổi từ trở lên."))
        share, years = data.get("monthly_share_percent") or 0, data.get("monthly_years") or 0
        if share and not years:
            self.add_error("monthly_years", _("Ghi số năm hưởng phụ cấp hằng tháng."))
        if years and not share:
            self.add_error("monthly_share_percent", _("Ghi mức phụ cấp hằng tháng (% lương)."))
        if data.get("commitment_years") == 0:
            self.add_error("commitment_years", _("Số năm cam kết phải từ 1 trở lên."))
        if (data.get("research_fund_vnd") or 0) < 0:
            self.add_error("research_fund_vnd", _("Kinh phí nghiên cứu không được âm."))
        if data.get("budget_vnd") is not None and data["budget_vnd"] <= 0:
            self.add_error("budget_vnd", _("Tổng kinh phí của chương trình phải lớn hơn 0."))
        self._clean_housing(data)
        return data

    def _clean_housing(self, data: dict[str, Any]) -> None:
        """The figures the chosen kind of housing support needs, and none other."""
        if "housing_kind" in data and not data["housing_kind"]:
            data["housing_kind"] = HousingKind.NONE.value
        for name in HOUSING_FIELDS:
            if name in data and data[name] is None:
                data[name] = 0
        kind = data.get("housing_kind")
        if kind not in HousingKind.values:
            return
        needs = HOUSING_NEEDS[HousingKind(kind)]
        for name in HOUSING_FIELDS:
            value = data.get(name) or 0
            label = self.fields[name].label
            if value < 0:
                self.add_error(name, _("%(f)s không được âm.") % {"f": label})
            elif name in needs and not value:
                self.add_error(
                    name,
                    _("%(k)s: ghi %(f)s.")
                    % {"k": HousingKind(kind).label, "f": str(label).lower()},
                )
            elif name not in needs and value and kind == HousingKind.NONE:
                self.add_error(name, _("Chọn hình thức hỗ trợ nhà ở, hoặc để trống ô này."))
            elif name not in needs and value:
                self.add_error(name, _("%(k)s không dùng ô này; để trống.")
                               % {"k": HousingKind(kind).label})  # fmt: skip

    def rules(self) -> dict[str, Any]:
        data = self.cleaned_data
        rules: dict[str, Any] = {}
        for key, name in RULE_FIELDS.items():
            value = data.get(name)
            if value not in (None, "", []):
                rules[key] = value
        rules.update(self.kept_rules)
        return rules

    def one_time_amounts(self) -> dict[str, int]:
        return {code: self.cleaned_data[f"amount_{code}"] for code, _text in self.levels
                if self.cleaned_data.get(f"amount_{code}")}  # fmt: skip

    def policy(self) -> TalentPolicy:
        """The unsaved policy with its rules and amounts (the service saves it)."""
        policy = self.save(commit=False)
        if not policy.province_code:
            policy.province_code = self.province
        policy.rules, policy.one_time_amounts = self.rules(), self.one_time_amounts()
        return policy
