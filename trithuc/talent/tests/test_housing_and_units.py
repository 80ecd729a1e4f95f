"""Housing support as figures in the ledger, and typed unit codes checked against the
reference units with a message naming the code."""

import datetime as dt

import pytest
from django.urls import reverse

from trithuc.lib.vnwords import amount_in_words
from trithuc.orgunits.models import AdministrativeUnit
from trithuc.orgunits.services import get_current_unit
from trithuc.talent.forms import ApplicationForm
from trithuc.talent.models import Application, HousingGrant, TalentPolicy
from trithuc.talent.services import (
    TalentError,
    add_event,
    add_score,
    budget_committed,
    decide,
    pay_tranche,
)
from trithuc.talent.tests.conftest import make_application, make_policy

pytestmark = pytest.mark.django_db
DECISION = dt.date(2025, 7, 1)


def _decided(manager, **housing):
    policy = make_policy(manager, monthly_share_percent=0, monthly_years=0, **housing)
    app = make_application(policy, manager)
    add_score(app, member="Hội đồng", score=90, actor=manager)
    return policy, decide(app, number="1/QĐ", day=DECISION, actor=manager)


def test_rent_subsidy_is_planned_month_by_month_and_stops_when_the_person_leaves(client,
                                                                                manager):  # fmt: skip
    policy, commitment = _decided(manager, housing_kind="rent", housing_monthly_vnd=2_500_000,
                                  housing_months=24)  # fmt: skip
    rent = list(commitment.tranches.filter(kind="housing"))
    assert len(rent) == 24 and {t.amount_vnd for t in rent} == {2_500_000}
    assert (rent[0].due_on, rent[-1].due_on) == (dt.date(2025, 8, 1), dt.date(2027, 7, 1))
    assert budget_committed(policy) == 300_000_000 + 24 * 2_500_000
    grant = HousingGrant.objects.get(commitment=commitment)
    assert (grant.kind, grant.starts_on, grant.ends_on, grant.total_vnd) == (
        "rent", DECISION, dt.date(2027, 6, 30), 60_000_000)  # fmt: skip
    for tranche in commitment.tranches.filter(due_on__lte=dt.date(2026, 1, 1)):
        pay_tranche(tranche, paid_on=tranche.due_on, actor=manager)
    add_event(commitment, kind="left_early", on=dt.date(2026, 1, 15), exit_reason="resigned",
              actor=manager)  # fmt: skip
    grant.refresh_from_db()
    assert grant.ends_on == dt.date(2026, 1, 15)
    assert commitment.tranches.filter(kind="housing", cancelled=False).count() == 6
    client.force_login(manager)
    page = client.get(reverse("talent:decision_document", args=[commitment.application.uuid]))
    text = page.content.decode()
    assert "2.500.000 đồng/tháng (Hai triệu năm trăm nghìn đồng) trong 24 tháng" in text
    assert "tổng cộng 60.000.000 đồng (Sáu mươi triệu đồng)" in text


def test_official_housing_land_and_purchase_on_the_decision_annex(client, manager):
    _policy, commitment = _decided(manager, housing_kind="purchase",
                                   housing_one_time_vnd=150_000_000)  # fmt: skip
    assert commitment.tranches.get(kind="housing").amount_vnd == 150_000_000
    client.force_login(manager)
    url = reverse("talent:decision_document", args=[commitment.application.uuid])
    page = client.get(url).content.decode()
    assert "Hỗ trợ một lần để mua, xây nhà ở" in page and "150.000.000" in page
    assert amount_in_words(150_000_000) in page
    official = make_policy(manager, code="cong-vu", housing_kind="official", housing_months=60)
    app = make_application(official, manager, full_name="Bế Văn Lâm")
    add_score(app, member="Hội đồng", score=90, actor=manager)
    grant = decide(app, number="2/QĐ", day=DECISION, actor=manager).housing
    assert (grant.kind, grant.ends_on, grant.total_vnd) == ("official", dt.date(2030, 6, 30), 0)
    land = make_policy(manager, code="dat-o", housing_kind="land", housing_land_m2=100)
    app = make_application(land, manager, full_name="Nông Văn Tú")
    add_score(app, member="Hội đồng", score=90, actor=manager)
    commitment = decide(app, number="3/QĐ", day=DECISION, actor=manager)
    assert commitment.housing.land_m2 == 100 and commitment.housing.ends_on is None
    assert not commitment.tranches.filter(kind="housing").exists()
    page = client.get(reverse("talent:application_detail", args=[app.uuid])).content.decode()
    assert "Giao đất ở" in page and "100 m²" in page


@pytest.mark.parametrize(("housing", "message"), [
    ({"housing_kind": "rent", "housing_months": 12}, "ghi tiền thuê nhà hỗ trợ"),
    ({"housing_kind": "land"}, "ghi diện tích đất ở"),
    ({"housing_kind": "official", "housing_months": 60, "housing_one_time_vnd": 5},
     "không dùng hỗ trợ mua, xây nhà"),
    ({"housing_kind": "none", "housing_land_m2": 80}, "Chọn hình thức hỗ trợ nhà ở trước khi ghi diện tích đất ở"),
    ({"housing_kind": "villa"}, "không hợp lệ"),
])  # fmt: skip
def test_the_service_refuses_housing_figures_that_do_not_fit_the_kind(manager, housing, message):
    with pytest.raises(TalentError, match=message):
        make_policy(manager, **housing)
    assert not TalentPolicy.objects.exists()


def _legacy_commune_code() -> str:
    """A pre-2025 commune code of Cao Bằng that the current list no longer has."""
    for code in AdministrativeUnit.objects.filter(code_system="2004", level="commune",
                                                   province_code="04").values_list("code", flat=True):  # fmt: skip
        if get_current_unit(code) is None:
            return code
    pytest.skip("no pre-2025 commune code in the reference data")


def test_the_application_form_names_what_is_wrong_with_a_unit_code(policy):
    data = {"policy": policy.pk, "origin": "graduate", "full_name": "Hoàng Thị Mai",
            "birth_date": "01/07/1992", "gender": "female", "ethnicity": "02",
            "education_level": "doctor", "papers": 3, "patents": 0, "awards": 0,
            "field": "health", "employer": "Bệnh viện", "base_salary_vnd": 9_000_000}  # fmt: skip
    policies = TalentPolicy.objects.all()
    lang_son = AdministrativeUnit.objects.filter(
        code_system="2025", level="commune", province_code="20").values_list("code", flat=True)[0]  # fmt: skip
    for code, message in [("4", "Không tìm thấy đơn vị hành chính “4”"),
                          ("04a12", "Không tìm thấy đơn vị hành chính “04a12”"),
                          ("99999", "Không tìm thấy đơn vị hành chính “99999”"),
                          ("04", "Hãy chọn một xã, phường (không chọn cả tỉnh"),
                          (lang_son, "không thuộc tỉnh ban hành chính sách")]:  # fmt: skip
        form = ApplicationForm({**data, "workplace_unit": code}, policies=policies)
        assert not form.is_valid()
        assert message in " ".join(form.errors["workplace_unit"]), code
    # A pre-2025 code leads to the commune that took it over (or asks which, if several).
    legacy = _legacy_commune_code()
    form = ApplicationForm({**data, "workplace_unit": legacy}, policies=policies)
    if form.is_valid():
        assert form.cleaned_data["workplace_unit"] != legacy
    else:
        assert "ứng với nhiều đơn vị" in " ".join(form.errors["workplace_unit"])
    commune = next(c for c in AdministrativeUnit.objects.filter(
        code_system="2025", level="commune", province_code="04").values_list("code", flat=True))  # fmt: skip
    form = ApplicationForm({**data, "workplace_unit": f" {commune} "}, policies=policies)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["workplace_unit"] == commune


def test_pages_show_the_unit_name_beside_the_code(client, policy, manager):
    app = make_application(policy, manager)
    client.force_login(manager)
    page = client.get(reverse("talent:application_detail", args=[app.uuid])).content.decode()
    assert "Tỉnh Cao Bằng (04)" in page
    assert Application.objects.get().workplace_label == "Tỉnh Cao Bằng (04)"
