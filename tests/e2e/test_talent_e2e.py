"""A talent manager receives an application from outside the registry (a mistyped unit
code is refused first, naming the code), uploads the degree copy as evidence of the
policy's rules, the council scores it, the decision is refused while the evidence is not
verified, the file is verified, the decision is recorded within the programme's budget
and the first payment (the one-time support) is paid, with its amount in words. Headless
Chromium, real pages."""

from __future__ import annotations

import datetime as dt

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.e2e.conftest import sign_in, submit_and_wait, text_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _type(browser, element_id: str, value: str) -> None:
    field = browser.find_element(By.ID, element_id)
    if field.get_attribute("type") == "date":  # locale-free
        browser.execute_script("arguments[0].value = arguments[1];", field, value)
    else:
        field.clear()
        field.send_keys(value)


def test_application_to_decision_to_first_payment(browser, live_server, django_user_model,
                                                  tmp_path):  # fmt: skip
    from trithuc.accounts.models import Membership
    from trithuc.talent.models import Application, Evidence, TalentPolicy, Tranche
    from trithuc.talent.services import save_policy

    manager = django_user_model.objects.create_user(username="thuhut", password="Mat-khau-2026")
    Membership.objects.create(user=manager, role="registry_manager", unit_code="04")
    save_policy(TalentPolicy(
        province_code="04", code="nq-thu-hut", name="Thu hút bác sĩ, tiến sĩ",
        legal_basis="Nghị quyết 10/2024/NQ-HĐND", valid_from=dt.date(2024, 1, 1),
        rules={"age__lte": 40, "education_level__gte": "master"},
        one_time_amounts={"master": 150_000_000, "doctor": 300_000_000},
        monthly_share_percent=150, monthly_years=5, commitment_years=5,
        budget_vnd=5_000_000_000), actor=manager)  # fmt: skip
    base = live_server.url
    today = dt.date.today()

    sign_in(browser, base, "thuhut", "Mat-khau-2026")
    browser.get(f"{base}/thu-hut/ho-so/them/")
    Select(browser.find_element(By.ID, "id_policy")).select_by_visible_text(
        "Thu hút bác sĩ, tiến sĩ"
    )
    Select(browser.find_element(By.ID, "id_origin")).select_by_value("overseas")
    _type(browser, "id_full_name", "Hoàng Minh Đức")
    _type(browser, "id_birth_date", "1990-05-20")
    Select(browser.find_element(By.ID, "id_education_level")).select_by_value("doctor")
    Select(browser.find_element(By.ID, "id_field")).select_by_value("health")
    _type(browser, "id_papers", "4")
    _type(browser, "id_workplace_unit", "99999")
    _type(browser, "id_employer", "Bệnh viện Đa khoa tỉnh Cao Bằng")
    _type(browser, "id_base_salary_vnd", "9000000")
    submit_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#application-form button"))
    assert "Không tìm thấy đơn vị hành chính “99999”" in text_of(browser, "#application-form")
    assert not Application.objects.exists()
    _type(browser, "id_birth_date", "20/05/1990")
    _type(browser, "id_workplace_unit", "Phường Thục Phán")
    submit_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#application-form button"))
    assert text_of(browser, "#status") == "Đủ điều kiện"
    assert "Tuổi vào ngày" in text_of(browser, "#eligibility")
    assert "Phường Thục Phán (" in text_of(browser, "main")

    degree = tmp_path / "Bằng tiến sĩ.pdf"
    degree.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
    Select(browser.find_element(By.ID, "id_kind")).select_by_value("degree")
    for box in browser.find_elements(By.CSS_SELECTOR, "#evidence-form input[name=rules]"):
        box.click()  # the degree copy supports every rule here (age, level, papers)
    browser.find_element(By.ID, "id_file").send_keys(str(degree))
    submit_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#evidence-form button"))
    assert "Đã tải lên minh chứng" in text_of(browser, ".messages")
    assert "Bằng tiến sĩ.pdf" in text_of(browser, "#evidence")
    assert "chưa có minh chứng đã xác minh" in text_of(browser, "#eligibility")

    _type(browser, "id_member", "PGS.TS Nông Thị Hoa")
    _type(browser, "id_score", "86")
    submit_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#score-form button"))
    assert "Đã ghi điểm" in text_of(browser, ".messages")

    _type(browser, "id_number", "125/QĐ-UBND")
    _type(browser, "id_day", today.strftime("%d/%m/%Y"))
    submit_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#decision-form button"))
    assert "chưa có minh chứng đã xác minh" in text_of(browser, ".messages")
    assert text_of(browser, "#status") == "Đủ điều kiện"

    Select(browser.find_element(By.CSS_SELECTOR, ".review-form select")).select_by_value(
        "verified")  # fmt: skip
    field = browser.find_element(By.CSS_SELECTOR, ".review-form input[name=reason]")
    field.send_keys("Đối chiếu bản gốc: khớp")
    submit_and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".review-form button"))
    assert "Đã xác minh: Đối chiếu bản gốc: khớp" in text_of(browser, "#evidence")
    assert "chưa có minh chứng đã xác minh" not in text_of(browser, "#eligibility")

    _type(browser, "id_number", "125/QĐ-UBND")
    _type(browser, "id_day", today.strftime("%d/%m/%Y"))
    submit_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#decision-form button"))
    assert "125/QĐ-UBND" in text_of(browser, "#confirm")  # asked before the budget is committed
    submit_and_wait(browser, browser.find_element(By.ID, "confirm-yes"))
    assert text_of(browser, "#status") == "Đã có quyết định"
    assert "Hỗ trợ một lần, 300.000.000" in text_of(browser, "#pay-form")

    submit_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#pay-form button"))
    assert "Ba trăm triệu đồng" in text_of(browser, "#confirm")  # asked first
    submit_and_wait(browser, browser.find_element(By.ID, "confirm-yes"))
    assert "Ba trăm triệu đồng" in text_of(browser, ".messages")
    application = Application.objects.get()
    first = Tranche.objects.get(commitment__application=application, kind="one_time")
    assert first.paid_on == today and first.paid_by == manager
    assert "Phụ cấp hằng tháng" in text_of(browser, "#pay-form")  # the next one: 13.5 m/month
    evidence = Evidence.objects.get(application=application)
    assert (evidence.status, evidence.reviewed_by) == ("verified", manager)
