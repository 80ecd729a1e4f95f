"""In headless Chromium, under the real content security policy: pages raise no violation
from trithuc's own templates or scripts, and an administrator sets up two factors by
scanning nothing but the page (QR code and key drawn by the server)."""

# ruff: noqa: F811 -- the browser fixture is imported from tests/e2e/conftest.py

from __future__ import annotations

import base64
import time

import pytest

from conftest import good_row
from tests.e2e.conftest import browser, sign_in, submit_and_wait  # noqa: F401 (fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
# Vendored libraries that still set inline styles (reported; cosmetic only): htmx injects
# its indicator <style> unless htmx-config disables it in base.html, and ECharts styles its
# tooltip markers inline.
KNOWN_VENDOR = ("/static/vendor/htmx-", "/static/vendor/echarts-")


def violations(browser) -> list[str]:
    return [entry["message"] for entry in browser.get_log("browser")
            if "Content Security Policy" in entry["message"]
            and not any(vendor in entry["message"] for vendor in KNOWN_VENDOR)]  # fmt: skip


def visit(browser, base: str, paths: list[str]) -> dict[str, list[str]]:
    found = {}
    for path in paths:
        browser.get(base + path)
        time.sleep(0.8)
        found[path] = violations(browser)
    return found


def test_pages_raise_no_csp_violation(browser, live_server, make_xlsx, django_user_model):
    from selenium.webdriver.common.by import By

    from trithuc.accounts.models import Membership
    from trithuc.people.importing import import_people
    from trithuc.people.models import Person

    user = django_user_model.objects.create_user(username="canbo", password="Mat-khau-2026")
    Membership.objects.create(user=user, role="registry_manager", unit_code="04")
    import_people(make_xlsx([good_row(i) for i in range(1, 8)]))
    person = Person.objects.first()
    base = live_server.url
    sign_in(browser, base, "canbo", "Mat-khau-2026")
    found = visit(browser, base, [
        "/", "/nguoi/", f"/nguoi/{person.uuid}/", f"/nguoi/{person.uuid}/sua/",
        "/nguoi/tong-hop/", "/nguoi/nhap/", "/tai-khoan/", "/tai-khoan/yeu-cau-sua/",
        f"/tai-khoan/dong-y/{person.uuid}/", "/tai-khoan/mat-khau/",
    ])  # fmt: skip
    browser.get(f"{base}/nguoi/")
    browser.find_element(By.CSS_SELECTOR, "input[type=search]").send_keys("an")
    time.sleep(1.5)
    found["/nguoi/ (htmx)"] = violations(browser)
    assert not any(found.values()), found


def test_administrator_sets_up_two_factors_in_the_browser(browser, live_server,
                                                          django_user_model):  # fmt: skip
    from django_otp.oath import totp
    from selenium.webdriver.common.by import By

    from trithuc.accounts.models import Membership

    admin = django_user_model.objects.create_user(username="quantri", password="Mat-khau-2026")
    Membership.objects.create(user=admin, role="system_admin", unit_code="04")
    base = live_server.url
    sign_in(browser, base, "quantri", "Mat-khau-2026")
    assert "/tai-khoan/xac-thuc-hai-buoc/" in browser.current_url
    image = browser.find_element(By.CSS_SELECTOR, "img.qr")
    assert image.get_attribute("src").startswith("data:image/svg+xml;base64,")
    assert browser.execute_script("return arguments[0].naturalWidth", image) > 0  # CSP allowed it
    secret = browser.find_element(By.CSS_SELECTOR, "main code").text.replace(" ", "")
    key = base64.b32decode(secret)
    browser.find_element(By.NAME, "token").send_keys(f"{totp(key):06d}")
    submit_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    found = visit(browser, base, ["/nhat-ky/", "/tai-khoan/nguoi-dung/",
                                  "/tai-khoan/nguoi-dung/them/", "/tai-khoan/"])  # fmt: skip
    browser.get(f"{base}/nhat-ky/")
    assert "Nhật ký hệ thống" in browser.find_element(By.TAG_NAME, "h1").text
    assert not any(found.values()), found
