"""Every demo login's home page in headless Chromium, on a 360 px phone and a 1,400 px
screen: it answers the role's first question, says "Dữ liệu mô phỏng", carries no English
default of Django, and nothing in the page's body is wider than the window. A failing
check saves the page (tests/e2e/conftest.py, TRITHUC_E2E_SCREENSHOTS)."""

from __future__ import annotations

import datetime as dt

import pytest
from selenium.webdriver.common.by import By

from tests.e2e.conftest import save_screenshot, sign_in, submit_and_wait, text_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
TODAY = dt.date(2026, 11, 22)
PASSWORD = "Mat-khau-2026"
WIDTHS = (360, 1400)
ENGLISH = ("Forbidden", "Not Found", "---------", "Server Error")
# What each login's home must show (a CSS id, then words inside it).
EXPECTED = {
    "quanly": ("#registry-desk", "Yêu cầu chỉnh sửa đang chờ"),
    "xem": ("#key-figures", "Trí thức"),
    "phantich": ("#key-figures", "Mục tiêu của các kế hoạch"),
    "xa": ("#registry-desk", "Cảnh báo chất lượng dữ liệu"),
    "dieuphoi": ("#inbox", "báo cáo quá hạn hoặc còn thiếu"),
    "baocao": ("#inbox", "báo cáo cần nộp"),
    "baocao2": ("#inbox", "Việc cần làm"),
    "hoso": ("main h1", "Hồ sơ của tôi"),
}


def _province() -> None:
    from trithuc.demo.accounts import ensure_intellectual, name_demo_users
    from trithuc.demo.registry import build_demo, ensure_demo_users
    from trithuc.orgunits.services import create_usual_agencies
    from trithuc.people.overview import forget_overview
    from trithuc.plans.demo import build_demo_plans, ensure_plan_users

    create_usual_agencies("04")
    ensure_plan_users("04", password=PASSWORD)
    result = build_demo(count=400, today=TODAY)
    build_demo_plans("04", today=TODAY)
    ensure_demo_users("04", result.commune_code, password=PASSWORD)
    name_demo_users()
    ensure_intellectual("04", password=PASSWORD)
    forget_overview()


def _check_home(browser, username: str, width: int) -> None:
    where, words = EXPECTED[username]
    assert words in text_of(browser, where), f"{username} at {width} px"
    assert "Dữ liệu mô phỏng" in text_of(browser, "#demo-notice")
    body = browser.find_element(By.TAG_NAME, "main").text
    assert not [w for w in ENGLISH if w in browser.page_source], f"{username}: English default"
    assert body.strip()
    overflow = browser.execute_script(
        "var m = document.querySelector('main');"
        "return Array.from(m.querySelectorAll('*')).filter(function (e) {"
        "  var r = e.getBoundingClientRect(); return r.right > window.innerWidth + 1; })"
        ".map(function (e) { return e.tagName + '.' + e.className; }).slice(0, 5);"
    )
    assert not overflow, f"{username} at {width} px: wider than the window: {overflow}"


def test_every_role_home_at_phone_and_wide_screen(browser, live_server):
    _province()
    base = live_server.url
    for username in EXPECTED:
        browser.delete_all_cookies()
        browser.set_window_size(1400, 1000)
        sign_in(browser, base, username, PASSWORD)
        for width in WIDTHS:
            browser.set_window_size(width, 1000)
            browser.get(f"{base}/")
            try:
                _check_home(browser, username, width)
            except AssertionError:
                save_screenshot(browser, f"home-{username}-{width}")
                raise


def test_the_leaders_target_links_open_the_figures(browser, live_server):
    _province()
    base = live_server.url
    sign_in(browser, base, "phantich", PASSWORD)
    links = browser.find_elements(By.CSS_SELECTOR, "ol.at-risk a")
    if not links:  # no target at risk: the page says so
        assert "Không có mục tiêu nào có nguy cơ" in text_of(browser, "#key-figures")
        return
    submit_and_wait(browser, links[0])
    assert "/chi-tieu/" in browser.current_url
    assert "Dữ liệu mô phỏng" in text_of(browser, "#demo-notice")
