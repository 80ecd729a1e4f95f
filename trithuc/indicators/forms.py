"""Forms: a target by hand, a reported figure, an indicator definition (admin)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trithuc.codelists.services import choices
from trithuc.indicators.areas import CURRENT, AreaError, resolve_area
from trithuc.indicators.definitions import check_indicator
from trithuc.indicators.models import Indicator, ReportedFigure, Target
from trithuc.indicators.querysets import Scope
from trithuc.lib import forms as vn
from trithuc.orgunits.forms import UnitField, UnitInput
from trithuc.orgunits.models import Agency
from trithuc.orgunits.services import UnknownUnit, resolve_unit


class DashboardForm(vn.Form):
    """Where and when the dashboard reads its figures: a unit by name, a past date."""

    unit = UnitField(label=_("Xem riêng đơn vị (để trống: cả đơn vị của mục tiêu)"), required=False)
    as_of = vn.date_field(label=_("Tính đến ngày (để trống: hôm nay)"), required=False)

    def __init__(self, *args: Any, within: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].keep_within(within)  # type: ignore[attr-defined]

    def clean_as_of(self) -> Any:
        from django.utils import timezone

        day = self.cleaned_data.get("as_of")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("Chỉ tính được đến hôm nay, không tính cho ngày sau."))
        return day


def sector_choices() -> list[tuple[str, str]]:
    return [("", "Chung (mọi lĩnh vực)"), *choices("sector")]


def _check_unit(
    form: forms.Form, code: str, system: str, scope: Scope, *, agencies_ok: bool = False
) -> None:
    """The unit exists and lies in the user's scope. With `agencies_ok`, a role bound to
    an agency may name any unit of the agency's province: a department reports the
    province's figure for its field (it does not manage those people's records)."""
    try:
        area = resolve_area(code, system)
    except AreaError as exc:
        form.add_error("unit_code", str(exc))
        return
    if scope.everything:
        return
    if system == CURRENT and code in scope.communes:
        return
    provinces = set(scope.provinces) | (set(scope.gated_provinces) if agencies_ok else set())
    if not area.all_provinces() <= provinces:
        form.add_error("unit_code", "Đơn vị này nằm ngoài phạm vi bạn được quản lý.")


def _unit_by_name(form: forms.Form, data: dict[str, Any]) -> bool:
    """The 2025 unit the form's words name, as its code; False with the message when none."""
    try:
        data["unit_code"] = resolve_unit(data["unit_code"]).code
    except UnknownUnit as exc:
        form.add_error("unit_code", str(exc))
        return False
    return True


class TargetForm(vn.ModelForm):
    sector = forms.ChoiceField(label="Lĩnh vực", required=False)

    class Meta:
        model = Target
        fields = [
            "plan_reference", "plan_title", "plan_date", "indicator", "unit_code",
            "unit_code_system", "agency", "sector", "year", "comparator", "value", "value_high",
            "value_unit", "baseline_year", "baseline_value", "baseline_source", "period_start",
            "source_text",
        ]  # fmt: skip
        widgets = {
            "plan_date": vn.DateInput(),
            "period_start": vn.DateInput(),
            "source_text": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scope = scope
        self.fields["sector"].choices = sector_choices()
        self.fields["indicator"].queryset = Indicator.objects.filter(is_active=True)
        # By name in the 2025 list; a code as printed in a pre-2025 plan stays a code.
        self.fields["unit_code"] = forms.CharField(
            label=_("Đơn vị (tên, hoặc mã theo hệ mã đã chọn)"), required=False, max_length=160,
            widget=UnitInput())  # fmt: skip
        agencies = Agency.objects.order_by("province_code", "name")
        if not scope.everything:
            agencies = agencies.filter(province_code__in=sorted(scope.provinces))
        self.fields["agency"].queryset = agencies

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("agency"):
            data["unit_code"], data["unit_code_system"] = data["agency"].province_code, CURRENT
        elif not data.get("unit_code"):
            self.add_error("unit_code", _("Cần chọn đơn vị hoặc một cơ quan."))
        elif (data.get("unit_code_system") or CURRENT) == CURRENT:
            if not _unit_by_name(self, data):
                return data
        elif not data["unit_code"].isdigit():
            self.add_error("unit_code", _("Theo danh mục 2004, hãy ghi mã đơn vị (tỉnh 2 số, "
                                          "huyện 3 số, xã 5 số)."))  # fmt: skip
            return data
        if data.get("comparator") == "range":
            low, high = data.get("value"), data.get("value_high")
            if high is None or (low is not None and high < low):
                self.add_error("value_high", "Khoảng cần cận trên không nhỏ hơn cận dưới.")
        if data.get("unit_code"):
            _check_unit(self, data["unit_code"], data.get("unit_code_system") or CURRENT,
                        self.scope)  # fmt: skip
        return data


class ReportedFigureForm(vn.ModelForm):
    sector = forms.ChoiceField(label="Lĩnh vực", required=False)

    class Meta:
        model = ReportedFigure
        fields = ["indicator", "unit_code", "sector", "year", "value", "numerator",
                  "denominator", "source", "note"]  # fmt: skip
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scope = scope
        self.fields["sector"].choices = sector_choices()
        self.fields["indicator"].queryset = Indicator.objects.filter(is_active=True)
        self.fields["unit_code"] = UnitField(label=_("Đơn vị (tỉnh hoặc xã, phường)"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("unit_code"):
            _check_unit(self, data["unit_code"], CURRENT, self.scope, agencies_ok=True)
        numerator, denominator = data.get("numerator"), data.get("denominator")
        if numerator is not None and denominator is not None and numerator > denominator:
            self.add_error("numerator", "Tử số không lớn hơn mẫu số.")
        return data


class IndicatorAdminForm(vn.ModelForm):
    class Meta:
        model = Indicator
        fields = ["code", "name", "kind", "population", "numerator", "event_filter", "unit",
                  "noun", "tolerance", "description", "is_active"]  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        errors = check_indicator(
            data.get("kind", ""), data.get("population"), data.get("numerator"),
            data.get("event_filter"),
        )  # fmt: skip
        for name, message in errors.items():
            self.add_error(name, message)
        return data
