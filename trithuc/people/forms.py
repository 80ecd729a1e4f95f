"""Forms for profiles and imports. A profile form checks the same rules as the import."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trithuc.codelists.services import choices
from trithuc.lib import forms as vn
from trithuc.lib.spreadsheet import SPREADSHEET_SUFFIXES
from trithuc.orgunits.forms import UnitField
from trithuc.people.template import COLUMN_BY_FIELD, DATA_FIELDS, validate_record

CODED_FIELDS = {
    "gender": False, "ethnicity": False, "employment_type": False, "sector": False,
    "education_level": False, "academic_title": True, "political_theory_level": True,
    "in_training": True,
}  # fmt: skip
FLAG_FIELDS = ("is_leader", "party_member", "upskilled_to_standard", "continuing_education")


def _code_choices(list_name: str, optional: bool) -> list[tuple[str, str]]:
    first = [("", "(không)")] if optional else [("", "— chọn —")]
    return [*first, *choices(list_name)]


class PersonForm(vn.Form):
    """All template fields; `clean` delegates every rule to `validate_record`."""

    def __init__(self, *args: object, person: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        for name in DATA_FIELDS:
            column = COLUMN_BY_FIELD[name]
            label = column.header
            if name in CODED_FIELDS:
                field: forms.Field = forms.ChoiceField(
                    label=label, choices=_code_choices(name, CODED_FIELDS[name]),
                    required=False,
                )  # fmt: skip
            elif name in FLAG_FIELDS:
                field = forms.BooleanField(label=label, required=False)
            elif name == "workplace_unit":
                # Chosen by name; the import's rules then read the code it cleans to.
                field = UnitField(label=_("Xã/phường nơi công tác"), required=False)
            elif name == "birth_date":
                field = forms.CharField(
                    label=label, required=False, help_text="dd/mm/yyyy hoặc chỉ năm (yyyy)"
                )
            else:
                field = forms.CharField(label=label, required=False)
            # The template's star: it cannot read a hyphenated attribute name.
            field.marked_required = column.required  # type: ignore[attr-defined]
            self.fields[name] = field
        if person is not None:
            self.fields["national_id"].disabled = True
            self.initial.update(_initial(person))

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        raw = {name: data.get(name) for name in DATA_FIELDS}
        if self.person is not None:
            raw["national_id"] = self.person.national_id  # type: ignore[attr-defined]
        for name in FLAG_FIELDS:
            raw[name] = "x" if data.get(name) else ""
        result = validate_record(raw, dt.date.today())  # noqa: DTZ011
        for name, message in result.errors:
            if name not in self.errors:  # a unit the picker could not find says so once
                self.add_error(name, message)
        self.validated = result
        return data


def _initial(person: object) -> dict[str, object]:
    initial: dict[str, object] = {name: getattr(person, name) for name in DATA_FIELDS}
    birth = initial["birth_date"]
    if isinstance(birth, dt.date):
        initial["birth_date"] = (
            str(birth.year) if person.birth_year_only else birth.strftime("%d/%m/%Y")  # type: ignore[attr-defined]
        )
    for name in ("education_year", "in_training_until"):
        initial[name] = initial[name] or ""
    return initial


class UploadForm(vn.Form):
    file = forms.FileField(label="Tệp danh sách (XLSX, XLS, ODS hoặc CSV)")
    layout = forms.ChoiceField(
        label=_("Bố cục tệp"),
        choices=[
            ("template", _("Mẫu nhập dữ liệu trí thức")),
            (
                "cbccvc",
                _(
                    "Tệp xuất từ CSDL CBCCVC (cơ sở dữ liệu quốc gia về cán bộ, công "
                    "chức, viên chức)"
                ),
            ),
        ],  # fmt: skip
        initial="template",
        required=False,
        widget=forms.RadioSelect,
    )
    strict = forms.BooleanField(label="Chỉ nhập khi toàn bộ tệp không có lỗi", required=False)

    def clean_layout(self) -> str:
        return self.cleaned_data.get("layout") or "template"

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not any(name.endswith(suffix) for suffix in SPREADSHEET_SUFFIXES):
            raise forms.ValidationError("Chỉ nhận tệp XLSX, XLS, ODS hoặc CSV.")
        if upload.size > settings.TRITHUC_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                f"Tệp quá lớn; giới hạn {settings.TRITHUC_UPLOAD_MAX_BYTES // 1024 // 1024} MB."
            )
        return upload


class MappingForm(vn.Form):
    """One choice per unmatched header: a template field, or ignore the column."""

    def __init__(self, *args: object, headers: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        options = [("", "(bỏ qua cột này)")] + [
            (name, COLUMN_BY_FIELD[name].header) for name in DATA_FIELDS
        ]
        self.headers = headers
        for index, header in enumerate(headers):
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=header, choices=options, required=False
            )

    def mapping(self) -> dict[str, str]:
        return {
            header: self.cleaned_data.get(f"col_{index}", "")
            for index, header in enumerate(self.headers)
        }


class SummaryForm(vn.Form):
    """Where and when the summary page counts: a unit chosen by name, a past date."""

    unit = UnitField(label=_("Đơn vị (để trống: cả phạm vi của bạn)"), required=False)
    as_of = vn.date_field(label=_("Tính đến ngày (để trống: hôm nay)"), required=False)

    def __init__(self, *args: object, within: str | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].keep_within(within)  # type: ignore[attr-defined]

    def clean_as_of(self) -> dt.date | None:
        day = self.cleaned_data.get("as_of")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("Chỉ tính được đến hôm nay, không tính cho ngày sau."))
        return day
