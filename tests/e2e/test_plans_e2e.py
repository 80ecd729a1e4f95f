"""A coordinator imports seed 001 through the review screen, assigns a task to a
department; the department's reporter submits its report; the coordinator sees it in the
matrix. All in headless Chromium, against the real pages."""

from __future__ import annotations

import datetime as dt

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.e2e.conftest import patient_wait, sign_in, submit_and_wait, text_of
from trithuc.lib.plan_parser.tests.seeds import SEEDS_DIR

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_import_seed_001_assign_report_and_follow(browser, live_server, django_user_model):
    from trithuc.accounts.models import Membership
    from trithuc.orgunits.models import Agency
    from trithuc.orgunits.services import create_usual_agencies
    from trithuc.plans.models import Plan, ProgressReport

    seed = next(iter(sorted(SEEDS_DIR.glob("001_*.txt"))), None)
    if seed is None:
        pytest.skip("seed 001 is not beside the repository (../shared/seeds)")
    create_usual_agencies("04")
    home_affairs = Agency.objects.get(province_code="04", name="Sở Nội vụ")
    coordinator = django_user_model.objects.create_user(
        username="dieuphoi", password="Mat-khau-2026"
    )
    Membership.objects.create(user=coordinator, role="plan_coordinator", unit_code="04")
    reporter = django_user_model.objects.create_user(username="baocao", password="Mat-khau-2026")
    Membership.objects.create(user=reporter, role="agency_reporter", agency=home_affairs)
    base, wait = live_server.url, patient_wait(browser)

    sign_in(browser, base, "dieuphoi", "Mat-khau-2026")
    browser.get(f"{base}/ke-hoach/nhap/")
    browser.find_element(By.ID, "id_file").send_keys(str(seed))
    submit_and_wait(browser, browser.find_element(By.ID, "upload-plan"))
    assert "Chưa có gì được lưu" in text_of(browser, "main")
    assert "140-KH/TU" in browser.find_element(By.NAME, "h-number").get_attribute("value")
    assert "Ban Tuyên giáo Thành ủy" in text_of(browser, ".review-text")
    assert not Plan.objects.exists()
    # The city's Propaganda Commission is not the province's: the clerk creates it.
    select = browser.find_element(
        By.CSS_SELECTOR, 'select[data-agency-name="Ban Tuyên giáo Thành ủy"]'
    )
    Select(select).select_by_value("new")
    submit_and_wait(browser, browser.find_element(By.ID, "save-plan"))
    assert "Đã lưu kế hoạch 140-KH/TU" in text_of(browser, ".messages")
    plan = Plan.objects.get()
    assert plan.owner_agency.name == "Ban Tuyên giáo Thành ủy" and plan.tasks.count() == 9

    task = plan.tasks.get(number="III.3")
    browser.get(f"{base}/ke-hoach/{plan.uuid}/nhiem-vu/{task.uuid}/")
    Select(browser.find_element(By.ID, "id_lead_agency")).select_by_visible_text("Sở Nội vụ")
    submit_and_wait(
        browser, browser.find_element(By.CSS_SELECTOR, "#task-form button[type=submit]")
    )
    assert "Sở Nội vụ" in text_of(browser, "#task-list")

    browser.delete_all_cookies()
    sign_in(browser, base, "baocao", "Mat-khau-2026")
    browser.get(f"{base}/ke-hoach/viec-can-bao-cao/")
    year = dt.date.today().year
    due_list = text_of(browser, "#due-list")
    assert "140-KH/TU" in due_list and "III.3" in due_list
    link = wait.until(lambda d: d.find_element(By.PARTIAL_LINK_TEXT, "III.3"))
    submit_and_wait(browser, link)
    Select(browser.find_element(By.ID, "id_status")).select_by_value("in_progress")
    browser.find_element(By.ID, "id_achievements").send_keys("Rà soát chính sách thu hút trí thức.")
    browser.find_element(By.ID, "id_figures").send_keys("Số văn bản ban hành: 2 văn bản")
    submit_and_wait(browser, browser.find_element(By.ID, "submit-report"))
    assert "Sau khi nộp, báo cáo bị khóa" in text_of(browser, "#confirm")  # asked first
    assert ProgressReport.objects.get().state == "draft"
    submit_and_wait(browser, browser.find_element(By.ID, "confirm-yes"))
    assert "Đã nộp báo cáo" in text_of(browser, ".messages")
    report = ProgressReport.objects.get()
    assert report.state == "submitted" and report.figures[0]["value"] == 2

    browser.delete_all_cookies()
    sign_in(browser, base, "dieuphoi", "Mat-khau-2026")
    browser.get(f"{base}/ke-hoach/{plan.uuid}/theo-doi/?ky={report.period.pk}")
    matrix = text_of(browser, "#matrix")
    assert "Sở Nội vụ" in matrix and "Đang thực hiện" in matrix
    assert browser.find_elements(By.CSS_SELECTOR, "#matrix td.cell-progress")
    assert str(year) in text_of(browser, "#period-tabs")
