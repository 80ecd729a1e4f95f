"""Headless Chromium for end-to-end tests (Debian's chromium and chromium-driver)."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
# Where a failing test's last page is saved (PNG and HTML), to look at after the run.
SCREENSHOTS = Path(os.environ.get("TRITHUC_E2E_SCREENSHOTS")
                   or Path(tempfile.gettempdir()) / "trithuc-e2e-screenshots")  # fmt: skip


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.e2e_failed = report.failed
    return report


def save_screenshot(driver, name: str) -> Path:
    """The page as the browser shows it now, with its HTML beside it."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    stem = SCREENSHOTS / re.sub(r"[^\w.-]+", "_", name)
    driver.save_screenshot(str(stem.with_suffix(".png")))
    stem.with_suffix(".html").write_text(driver.page_source, encoding="utf-8")
    return stem.with_suffix(".png")


@pytest.fixture
def browser(request):
    if not (CHROMIUM and DRIVER):
        if os.environ.get("CI"):
            pytest.fail("CI needs chromium and chromium-driver for the end-to-end tests")
        pytest.skip("chromium and chromium-driver are not installed (apt-get install them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="trithuc-chromium-")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-dev-shm-usage", "--disable-component-update", "--disable-sync",
                 "--no-first-run", f"--user-data-dir={profile}", "--window-size=1400,1000"):  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.implicitly_wait(5)
    yield driver
    if getattr(request.node, "e2e_failed", False):
        try:
            path = save_screenshot(driver, request.node.nodeid)
            print(f"\nScreenshot of the failing page: {path}")
        except Exception as exc:  # noqa: BLE001 (a dead browser must not hide the failure)
            print(f"\nNo screenshot: {exc}")
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def submit_and_wait(browser, button, timeout: float = 15) -> None:
    """Click a submit button and wait until the browser shows the next document.

    A marker is set on the current window; a new document does not carry it. Selenium's
    staleness_of races Chromium's inspector ("Node with given id does not belong to the
    document") while the old page is torn down, so transient driver errors are retried.
    """
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    browser.execute_script("window.__trithucOldPage = true;")
    button.click()

    def loaded(driver) -> bool:
        try:
            return bool(driver.execute_script(
                "return !window.__trithucOldPage && document.readyState === 'complete';"
            ))  # fmt: skip
        except WebDriverException:
            return False

    WebDriverWait(browser, timeout).until(loaded)


def sign_in(browser, base: str, username: str, password: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{base}/dang-nhap/")
    browser.find_element(By.NAME, "username").send_keys(username)
    browser.find_element(By.NAME, "password").send_keys(password)
    submit_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))


def patient_wait(browser, timeout: float = 15):
    """A wait that retries driver errors: this Chromium reports a node replaced by htmx or by
    a new page as "Node with given id does not belong to the document", not as stale."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, timeout, ignored_exceptions=(WebDriverException,))


def text_of(browser, css: str, timeout: float = 15) -> str:
    """The text of the element `css` selects, read again if the page replaces it meanwhile."""
    from selenium.webdriver.common.by import By

    return patient_wait(browser, timeout).until(
        lambda driver: driver.find_element(By.CSS_SELECTOR, css).text or " "
    )
