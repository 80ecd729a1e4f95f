"""The scenario editor: a name, a note, and rows of rates per sector and level."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trithuc.codelists.services import choices
from trithuc.lib import forms as vn

ROWS = 8


def _rate(label: str) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=False, min_value=0, max_value=100, localize=True,
                              decimal_places=2, max_digits=5, error_messages={
                                  # The validators format these with their limits: %% is %.
                                  "min_value": _("Tỉ lệ phải từ 0 đến 100 (%%)."),
                                  "max_value": _("Tỉ lệ phải từ 0 đến 100 (%%)."),
                                  "invalid": _("Nhập một số, ví dụ 2,5."),
                              })  # fmt: skip


class ScenarioForm(vn.Form):
    name = forms.CharField(label=_("Tên kịch bản"), max_length=120,
                           error_messages={"required": _("Kịch bản cần có tên.")})  # fmt: skip
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RateRowForm(vn.Form):
    sector = forms.ChoiceField(label=_("Lĩnh vực"), required=False)
    education_level = forms.ChoiceField(label=_("Trình độ"), required=False)
    hire = _rate(_("Tuyển mới (%/năm, trên tổng số của lĩnh vực)"))
    leave = _rate(_("Nghỉ việc (%/năm)"))
    upgrade = _rate(_("Nâng lên trình độ kế tiếp (%/năm)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = [("", _("Mọi lĩnh vực")), *choices("sector")]
        self.fields["education_level"].choices = [("", _("Mọi trình độ")),
                                                  *choices("education_level")]  # fmt: skip

    def as_rate(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        values = {key: float(data[key]) for key in ("hire", "leave", "upgrade")
                  if data.get(key) is not None}  # fmt: skip
        if not values:
            return None
        return {
            "sector": data.get("sector") or "",
            "education_level": data.get("education_level") or "",
            **values,
        }


RateRows = forms.formset_factory(RateRowForm, extra=0, max_num=40)


def rate_rows(data: Any = None, initial: list[dict[str, Any]] | None = None) -> Any:
    rows = list(initial or [])
    rows += [{}] * max(ROWS - len(rows), 2)
    return (
        RateRows(data, initial=rows, prefix="rates")
        if data is not None
        else RateRows(initial=rows, prefix="rates")
    )
