"""Fixtures: Cao Bằng's agencies, a secretariat, a requesting department, and experts."""

from __future__ import annotations

import datetime as dt

import pytest

from trithuc.experts.profiles import ProfileInput, register_outside_expert
from trithuc.experts.workflow import RequestInput, accept_consultation, request_consultation

DRAFT = """DỰ THẢO
QUY ĐỊNH về cấp nước sạch nông thôn
Điều 1. Phạm vi điều chỉnh
1. Quy định này áp dụng cho các công trình cấp nước sạch tập trung.
2. Không áp dụng cho giếng khoan hộ gia đình.
Điều 2. Giá nước
1. Giá nước do Ủy ban nhân dân tỉnh quyết định.
"""


def _user(django_user_model, username, role, unit="", agency=None, national_id=""):
    from trithuc.accounts.models import Membership

    user = django_user_model.objects.create_user(username=username, password="pw-Trithuc-2026",
                                                 email=f"{username}@example.vn")  # fmt: skip
    Membership.objects.create(user=user, role=role, unit_code=unit, agency=agency,
                              national_id=national_id)  # fmt: skip
    return user


@pytest.fixture
def agencies(db):
    from trithuc.orgunits.models import Agency
    from trithuc.orgunits.services import create_usual_agencies

    create_usual_agencies("04")
    create_usual_agencies("20")
    return {
        "home": Agency.objects.get(province_code="04", name="Sở Nội vụ"),
        "water": Agency.objects.get(province_code="04", name="Sở Nông nghiệp và Môi trường"),
        "sibling": Agency.objects.get(province_code="20", name="Sở Nội vụ"),
    }


@pytest.fixture
def secretariat(django_user_model):
    return _user(django_user_model, "thuky", "consult_secretariat", "04")


@pytest.fixture
def sibling_secretariat(django_user_model):
    return _user(django_user_model, "thuky-ls", "consult_secretariat", "20")


@pytest.fixture
def requester(django_user_model, agencies):
    return _user(django_user_model, "sonongnghiep", "agency_reporter", agency=agencies["water"])


def make_expert(
    secretariat,
    name,
    *,
    fields=("agriculture",),
    keywords="nước sạch",
    purposes=("expert_directory", "consultation"),
    **facts,
):
    data = ProfileInput(fields=list(fields), keywords=keywords, email=f"{len(name)}@example.vn",
                        phone="0912000000")  # fmt: skip
    return register_outside_expert(
        data, {"full_name": name, **facts}, actor=secretariat, province_code="04",
        purposes=list(purposes), evidence="Phiếu đồng ý ký ngày 01/03/2026",
    )  # fmt: skip


@pytest.fixture
def experts(secretariat):
    return [
        make_expert(secretariat, "Hoàng Văn Thủy", education_level="doctor",
                    academic_title="associate_professor", keywords="nước sạch, cấp nước"),
        make_expert(secretariat, "Nông Thị Lan", gender="female", ethnicity="02",
                    education_level="master", keywords="giá nước"),
        make_expert(secretariat, "Lý Văn Sơn", education_level="doctor", keywords="thủy lợi"),
        make_expert(secretariat, "Bế Thị Hà", gender="female", keywords="môi trường",
                    fields=("health",)),
    ]  # fmt: skip


def make_consultation(requester, agency, **overrides):
    data = RequestInput(kind="critique", title="Dự thảo quy định cấp nước sạch", requester=agency,
                        draft_text=DRAFT, deadline=dt.date.today() + dt.timedelta(days=20),
                        fields=["agriculture"], legal_basis="Quyết định 14/2014/QĐ-TTg",
                        questions="Giá nước có hợp lý không?")  # fmt: skip
    for key, value in overrides.items():
        setattr(data, key, value)
    return request_consultation(data, actor=requester)


@pytest.fixture
def consultation(requester, agencies, secretariat, experts):
    c = make_consultation(requester, agencies["water"])
    return accept_consultation(c, actor=secretariat, form="expert_group", experts_needed=2,
                               silence_days=5)  # fmt: skip
