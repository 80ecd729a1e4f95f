"""The demo's people behind the logins: a full Vietnamese name for every demo user, and
an intellectual's account linked to one synthetic profile, with a correction request
waiting, so "Hồ sơ của tôi" and the registry manager's home page can be tried."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from trithuc.accounts.models import Membership, Role
from trithuc.people.models import Person
from trithuc.privacy.models import CorrectionRequest
from trithuc.privacy.services import request_correction

# Synthetic names (family name, middle name, given name), in the province's common styles.
FULL_NAMES = {
    "admin": "Hoàng Minh Tuấn",
    "quanly": "Nông Thị Hồng",
    "xem": "Lương Văn Đức",
    "phantich": "Bế Thu Trang",
    "xa": "Hà Văn Sơn",
    "dieuphoi": "Đàm Quang Huy",
    "baocao": "Lục Thị Mai",
    "baocao2": "Triệu Văn Bình",
    "thuky": "Nguyễn Thị Lan Anh",
    "sonongnghiep": "Vi Văn Thắng",
    "toanquoc": "Phạm Đức Long",
}
INTELLECTUAL = "hoso"
CORRECTION = {
    "field": "work_start_year",
    "requested_value": "1995",
    "reason": "Tôi được tuyển dụng từ tháng 9 năm 1995 (quyết định tuyển dụng kèm theo); hồ sơ "
    "chưa ghi năm bắt đầu công tác.",
}


@dataclass
class IntellectualLogin:
    username: str
    full_name: str
    password: str | None  # None: the user existed and keeps its password


def name_demo_users() -> int:
    """Give each demo login its full name (family name first, as `create_user` splits it)."""
    named = 0
    for user in get_user_model().objects.filter(username__in=FULL_NAMES):
        first, _, last = FULL_NAMES[user.username].rpartition(" ")
        if (user.first_name, user.last_name) != (first, last):
            user.first_name, user.last_name = first, last
            user.save(update_fields=["first_name", "last_name"])
            named += 1
    return named


def ensure_intellectual(province: str, password: str | None = None) -> IntellectualLogin | None:
    """The intellectual's login over one synthetic master's graduate at work in the
    province (None when the province has none), with one correction request waiting."""
    person = (Person.objects.filter(province_code=province, is_synthetic=True,
                                    education_level="master")
              .exclude(employment_type="retired").order_by("national_id").first())  # fmt: skip
    if person is None:
        return None
    model = get_user_model()
    user = model.objects.filter(username=INTELLECTUAL).first()
    chosen: str | None = None
    with transaction.atomic():
        if user is None:
            chosen = password or secrets.token_urlsafe(9)
            user = model(username=INTELLECTUAL, email=f"{INTELLECTUAL}@example.vn")
            user.set_password(chosen)
        elif password:
            chosen = password
            user.set_password(password)
        user.first_name, _, user.last_name = person.full_name.rpartition(" ")
        user.save()
        Membership.objects.get_or_create(user=user, role=Role.INTELLECTUAL,
                                         national_id=person.national_id)  # fmt: skip
        if not CorrectionRequest.objects.filter(person=person, requested_by=user).exists():
            request_correction(person, actor=user, **CORRECTION)
    return IntellectualLogin(INTELLECTUAL, person.full_name, chosen)
