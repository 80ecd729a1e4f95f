"""Forms of the account pages: second factor, users and roles, the person's own requests."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from trithuc.accounts.models import Role
from trithuc.accounts.querysets import agencies_q
from trithuc.lib import forms as vn
from trithuc.orgunits.forms import UnitField
from trithuc.orgunits.models import Agency
from trithuc.orgunits.services import get_current_unit, short_unit_name


class TokenForm(vn.Form):
    token = forms.RegexField(
        label="Mã xác thực (6 chữ số)",
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": "Mã gồm 6 chữ số."},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "size": 8,
            }
        ),  # fmt: skip
    )

    def clean_token(self) -> str:
        return self.cleaned_data["token"].strip()


def _agency_choices(user: Any) -> list[tuple[str, str]]:
    agencies = Agency.objects.order_by("province_code", "name")
    condition = agencies_q(user)
    if condition is not None:
        agencies = agencies.filter(condition)
    return [("", "(không giới hạn theo cơ quan)")] + [
        (str(a.pk), f"{a.name} – {_province_name(a.province_code)}")
        for a in agencies.distinct()[:2000]
    ]


def _province_name(code: str) -> str:
    """ "Cao Bằng" for "04": an agency's province by name (names are cached per process)."""
    unit = get_current_unit(code)
    return short_unit_name(unit) if unit is not None else code


class MembershipForm(vn.Form):
    role = forms.ChoiceField(label="Vai trò", choices=Role.choices)
    unit_code = UnitField(label=_("Đơn vị hành chính (tỉnh hoặc xã, phường)"), required=False)
    agency = forms.ChoiceField(label="Cơ quan", required=False)
    national_id = forms.RegexField(
        label="Số định danh cá nhân (chỉ cho vai trò trí thức)", regex=r"^\d{12}$",
        required=False, error_messages={"invalid": "Số định danh gồm 12 chữ số."},
    )  # fmt: skip

    def __init__(self, *args: Any, admin: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = _agency_choices(admin)  # type: ignore[attr-defined]

    def clean_agency(self) -> Any:
        value = self.cleaned_data.get("agency")
        return Agency.objects.filter(pk=value).first() if value else None


class UserCreateForm(MembershipForm):
    username = forms.RegexField(
        label="Tên đăng nhập", regex=r"^[\w.@+-]{3,150}$",
        error_messages={"invalid": "Từ 3 ký tự: chữ, số và . @ + - _"},
    )  # fmt: skip
    full_name = forms.CharField(label="Họ và tên", max_length=150, required=False)
    email = forms.EmailField(label="Email", required=False)
    password = forms.CharField(
        label="Mật khẩu ban đầu", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    field_order = ["username", "full_name", "email", "password", "role", "unit_code", "agency",
                   "national_id"]  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password"):
            from django.contrib.auth import get_user_model

            probe = get_user_model()(username=data.get("username", ""), email=data.get("email", ""))
            try:
                password_validation.validate_password(data["password"], probe)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data
