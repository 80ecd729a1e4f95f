"""The home page answers each role's first question (issue 13): a registry manager's desk,
a coordinator's late reports, a reporter's dues, a leader's key figures and targets at
risk, an intellectual's own profile; small cells hidden for aggregate roles; the demo
notice wherever demo data are shown."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from conftest import good_row
from trithuc.codelists.services import university_or_higher_levels
from trithuc.indicators.tests.factories import Job, Spec, make_person
from trithuc.people.importing import import_people
from trithuc.people.models import ImportJob, Person
from trithuc.people.overview import _synthetic_provinces, forget_overview

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def province(db):
    """The demo province, small: people, its plan with past reports, every demo login."""
    from trithuc.demo.accounts import ensure_intellectual, name_demo_users
    from trithuc.demo.registry import build_demo, ensure_demo_users
    from trithuc.orgunits.services import create_usual_agencies
    from trithuc.plans.demo import build_demo_plans, ensure_plan_users

    create_usual_agencies("04")
    ensure_plan_users("04", password="Demo-Trithuc-2026")
    result = build_demo(count=400, today=TODAY)
    build_demo_plans("04", today=TODAY)
    ensure_demo_users("04", result.commune_code, password="Demo-Trithuc-2026")
    name_demo_users()
    ensure_intellectual("04", password="Demo-Trithuc-2026")
    forget_overview()
    return {u.username: u for u in get_user_model().objects.all()}


def home(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(("username", "shown", "not_shown"), [
    ("quanly", ['id="registry-desk"', "Yêu cầu chỉnh sửa đang chờ", "Năm bắt đầu công tác",
                'id="key-figures"', "Nông Thị Hồng"], []),
    ("phantich", ['id="key-figures"', "Trí thức", "Có trình độ đại học trở lên",
                  "Có trình độ sau đại học", "Lãnh đạo, quản lý dưới 40 tuổi",
                  "Mục tiêu của các kế hoạch"], ['id="registry-desk"', 'id="inbox"']),
    ("dieuphoi", ['id="inbox"', "báo cáo quá hạn hoặc còn thiếu", "15-KH/TU"],
     ['id="key-figures"', 'id="registry-desk"']),
    ("baocao", ['id="inbox"', "báo cáo cần nộp", "Lục Thị Mai"], ['id="key-figures"']),
    ("xa", ['id="registry-desk"', "Số liệu chính: Xã", "tính trên những người thuộc phạm vi"],
     ["Số liệu chính: Tỉnh"]),
    ("quanly", ["Số liệu chính: Tỉnh Cao Bằng"], ["tính trên những người thuộc phạm vi"]),
])  # fmt: skip
def test_each_role_sees_what_answers_its_first_question(client, province, username, shown,
                                                        not_shown):  # fmt: skip
    html = home(client, province[username])
    for text in shown:
        assert text in html, text
    for text in not_shown:
        assert text not in html, text
    assert "Dữ liệu mô phỏng" in html


def test_a_leader_sees_the_targets_most_at_risk_with_links(client, province):
    html = home(client, province["phantich"])
    statuses = re.findall(r'<li class="status-(on_track|at_risk|off_track)"><strong>(\d+)', html)
    assert [s for s, _ in statuses] == ["on_track", "at_risk", "off_track"]
    listed = re.search(r'<ol class="at-risk">(.*?)</ol>', html, re.S)
    if sum(int(n) for s, n in statuses if s != "on_track"):
        assert listed and 1 <= listed.group(1).count("<li>") <= 3
        assert "/chi-tieu/" in listed.group(1) and "kế hoạch 15-KH/TU" in listed.group(1)


def test_the_count_of_intellectuals_is_the_registrys(client, province):
    html = home(client, province["quanly"])
    card = re.search(r'Trí thức</span><strong class="kpi-value">([\d.]+)</strong>', html)
    expected = (Person.objects.filter(province_code="04", education_level__in=university_or_higher_levels())
                .exclude(employment_type="retired").count())  # fmt: skip
    assert card and int(card.group(1).replace(".", "")) == expected


def test_an_intellectual_goes_to_their_own_profile_and_request(client, province):
    user = province["hoso"]
    client.force_login(user)
    response = client.get(reverse("home"), follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("privacy:my_profile")
    assert "Năm bắt đầu công tác" in html and "Chờ xử lý" in html
    assert user.get_full_name() in html and "Dữ liệu mô phỏng" in html


@pytest.fixture
def two_people(make_xlsx):
    rows = [good_row(1), good_row(2, full_name="Lương Thị Bích", gender="Nữ")]
    import_people(make_xlsx(rows), today=TODAY)
    forget_overview()


def test_small_cells_are_hidden_from_aggregate_roles_only(client, two_people, analyst, manager):
    html = home(client, analyst)
    assert 'id="key-figures"' in html and "Nhóm dưới 5 người được ẩn" in html
    card = re.search(r'Trí thức</span><strong class="kpi-value">([^<]+)</strong>', html)
    assert card.group(1) == "ẩn"
    html = home(client, manager)
    card = re.search(r'Trí thức</span><strong class="kpi-value">([^<]+)</strong>', html)
    assert card.group(1) == "2"


def test_the_registry_desk_lists_imports_and_warnings(client, two_people, manager):
    ImportJob.objects.create(created_by=manager, original_name="danh-sach-so-y-te.xlsx",
                             status="previewed", report={"error_total": 3})  # fmt: skip
    html = home(client, manager)
    desk = re.search(r'id="registry-desk".*?</section>', html, re.S).group(0)
    assert "danh-sach-so-y-te.xlsx" in desk and "3 lỗi" in desk
    assert "hồ sơ chưa có năm bắt đầu công tác" in desk  # imported without one
    assert "Dữ liệu mô phỏng" not in html  # real (not synthetic) people


def test_no_demo_notice_for_another_province(client, province, sibling):
    html = home(client, sibling)
    assert "Dữ liệu mô phỏng" not in html


@pytest.mark.django_db
def test_the_provinces_holding_synthetic_people_are_each_found_once():
    assert _synthetic_provinces() == []
    for province, synthetic in [("04", True), ("04", True), ("20", False), ("08", True),
                                ("92", True), ("01", False)]:  # fmt: skip
        person = make_person(Spec(jobs=[Job(province)]))
        Person.objects.filter(pk=person.pk).update(is_synthetic=synthetic)
    assert _synthetic_provinces() == ["04", "08", "92"]
