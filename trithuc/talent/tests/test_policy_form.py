"""The policy form: rules entered field by field become the JSON the system evaluates;
each bad value gets its own Vietnamese message and nothing is written."""

import datetime as dt

import pytest
from django.urls import reverse

from trithuc.talent.models import TalentPolicy
from trithuc.talent.tests.conftest import make_policy

pytestmark = pytest.mark.django_db

GOOD = {
    "code": "nq-05-2025", "name": "Thu hút bác sĩ về tuyến xã", "legal_basis": "NQ 05/2025/NQ-HĐND",
    "valid_from": "2025-01-01", "valid_to": "", "target_groups": "Bác sĩ", "age_max": "35",
    "education_level_min": "master", "papers_min": "2", "fields": ["health", "education"],
    "graduation_grades": ["excellent"], "amount_master": "100000000", "amount_doctor": "300000000",
    "monthly_share_percent": "150", "monthly_years": "5", "housing_kind": "", "research_fund_vnd": "0",
    "commitment_years": "5", "refund_rule": "pro_rata", "budget_vnd": "5000000000",
}  # fmt: skip


def test_manager_creates_a_policy_with_rules_field_by_field(client, manager):
    client.force_login(manager)
    assert client.get(reverse("talent:policy_create")).status_code == 200
    response = client.post(reverse("talent:policy_create"), GOOD)
    assert response.status_code == 302
    policy = TalentPolicy.objects.get(code="nq-05-2025")
    assert policy.province_code == "04"
    assert policy.rules == {"age__lte": 35, "education_level__gte": "master",
                            "graduation_grade__in": ["excellent"], "papers__gte": 2,
                            "field__in": ["health", "education"]}  # fmt: skip
    assert policy.one_time_amounts == {"master": 100_000_000, "doctor": 300_000_000}


@pytest.mark.parametrize(("field", "value", "message"), [
    ("age_max", "ba mươi", "Tuổi phải là số nguyên."),
    ("age_max", "12", "Tuổi tối đa không dưới 16."),
    ("papers_min", "-1", "Số bài báo không được âm."),
    ("amount_doctor", "300.000.000", "Số tiền ghi bằng số nguyên (đồng), không có dấu chấm."),
    ("amount_master", "-5", "Số tiền không được âm."),
    ("valid_to", "2024-01-01", "Ngày hết hiệu lực phải sau ngày hiệu lực."),
    ("monthly_years", "0", "Ghi số năm hưởng phụ cấp hằng tháng."),
    ("budget_vnd", "0", "Tổng kinh phí của chương trình phải lớn hơn 0."),
    ("commitment_years", "", "Ghi số năm cam kết công tác."),
    ("education_level_min", "phd", "Trình độ tối thiểu không có trong danh mục."),
    ("fields", ["health", "space"], "Lĩnh vực không có trong danh mục."),
    ("refund_rule", "half", "Quy định hoàn trả không hợp lệ."),
    ("housing_kind", "villa", "Hình thức hỗ trợ nhà ở không hợp lệ."),
    ("housing_months", "-3", "Số tháng không được âm."),
    ("housing_land_m2", "120", "Chọn hình thức hỗ trợ nhà ở, hoặc để trống ô này."),
])  # fmt: skip
def test_each_bad_value_gets_its_message_and_nothing_is_written(client, manager, field, value,
                                                                 message):  # fmt: skip
    client.force_login(manager)
    response = client.post(reverse("talent:policy_create"), {**GOOD, field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not TalentPolicy.objects.exists()


def test_housing_is_entered_as_figures_each_kind_needs(client, manager):
    client.force_login(manager)
    rent = {**GOOD, "housing_kind": "rent", "housing_monthly_vnd": "2000000"}
    page = client.post(reverse("talent:policy_create"), rent).content.decode()
    assert "Hỗ trợ tiền thuê nhà hằng tháng: ghi số tháng hỗ trợ thuê nhà, ở nhà công vụ." in page
    assert not TalentPolicy.objects.exists()
    response = client.post(reverse("talent:policy_create"), {**rent, "housing_months": "24"})
    assert response.status_code == 302
    policy = TalentPolicy.objects.get()
    assert (policy.housing_kind, policy.housing_monthly_vnd, policy.housing_months) == (
        "rent", 2_000_000, 24)  # fmt: skip
    assert policy.housing_one_time_vnd == 0 and policy.housing_land_m2 == 0


def test_edit_keeps_rules_the_form_does_not_show_and_refuses_a_taken_code(client, manager):
    policy = make_policy(manager, rules={"age__lte": 35, "any_of": [{"papers__gte": 2},
                                                                   {"patents__gte": 1}]})  # fmt: skip
    make_policy(manager, code="khac")
    client.force_login(manager)
    url = reverse("talent:policy_edit", args=[policy.uuid])
    page = client.get(url).content.decode()
    assert 'name="age_max" value="35"' in page and "any_of" in page
    data = {**GOOD, "code": policy.code, "age_max": "40", "valid_from": "2024-01-01"}
    assert client.post(url, data).status_code == 302
    policy.refresh_from_db()
    assert policy.rules["age__lte"] == 40 and policy.rules["any_of"][1] == {"patents__gte": 1}
    assert policy.valid_from == dt.date(2024, 1, 1)
    taken = client.post(url, {**data, "code": "khac"})
    assert "Tỉnh đã có chính sách mang mã này." in taken.content.decode()


def test_viewer_and_other_province_cannot_change_policies(client, manager, viewer, sibling):
    policy = make_policy(manager)
    client.force_login(viewer)
    assert client.get(reverse("talent:policy_create")).status_code == 403
    client.force_login(sibling)
    assert client.get(reverse("talent:policy_edit", args=[policy.uuid])).status_code == 404
