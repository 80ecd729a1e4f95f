"""A clerk uploads a staff list, reads the preview and its errors, confirms, and finds a
person by typing the name without diacritics."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from conftest import good_row
from tests.e2e.conftest import patient_wait, sign_in, submit_and_wait, text_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_upload_preview_confirm_and_search(browser, live_server, make_xlsx, django_user_model):
    from trithuc.accounts.models import Membership
    from trithuc.people.models import Person

    user = django_user_model.objects.create_user(username="canbo", password="Mat-khau-2026")
    Membership.objects.create(user=user, role="registry_manager", unit_code="04")
    path = make_xlsx([
        good_row(1, full_name="Nguyễn Văn An"),
        good_row(2, full_name="Hoàng Thị Lan", gender="Không rõ"),
        good_row(3, full_name="Đàm Văn Dũng"),
    ])  # fmt: skip
    wait = patient_wait(browser)

    sign_in(browser, live_server.url, "canbo", "Mat-khau-2026")
    wait.until(lambda driver: driver.find_element(By.CSS_SELECTOR, ".tiles"))

    browser.get(f"{live_server.url}/nguoi/nhap/")
    browser.find_element(By.ID, "id_file").send_keys(str(path))
    submit_and_wait(browser, browser.find_element(By.ID, "upload-button"))
    counts = text_of(browser, "#import-counts")
    assert "Thêm mới: 2" in counts and "Dòng lỗi: 1" in counts
    errors = text_of(browser, "#error-table")
    assert "Giới tính" in errors and "Nam, Nữ" in errors
    assert Person.objects.count() == 0

    submit_and_wait(browser, browser.find_element(By.ID, "confirm-import"))
    wait.until(lambda driver: "Hoàn thành" in driver.find_element(By.ID, "job-status").text)
    assert Person.objects.count() == 2

    browser.get(f"{live_server.url}/nguoi/")
    browser.find_element(By.ID, "id_q").send_keys("nguyen van an")
    results = wait.until(lambda driver: (text := driver.find_element(By.ID, "results").text)
                         and "Tìm thấy 1 người" in text and text)  # fmt: skip
    assert "Nguyễn Văn An" in results and "Đàm Văn Dũng" not in results
    wait.until(lambda driver: driver.find_element(By.LINK_TEXT, "Nguyễn Văn An").click() or True)
    wait.until(lambda driver: "Nguyễn Văn An" in driver.title)
    assert "Quá trình công tác" in browser.page_source
