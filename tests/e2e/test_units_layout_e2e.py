"""A clerk picks a unit by its old name from the suggestions, reads the summary as of a
date, on a wide screen and on a 360 px phone where nothing scrolls sideways (issue 13).
A failing step leaves a screenshot in the test's temporary folder."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

import pytest
from selenium.webdriver.common.by import By

from conftest import good_row
from tests.e2e.conftest import patient_wait, sign_in, submit_and_wait

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@contextmanager
def screenshot_on_failure(browser, folder, name: str):
    try:
        yield
    except Exception:
        path = folder / f"{name}.png"
        browser.save_screenshot(str(path))
        print(f"screenshot: {path}")  # noqa: T201 -- where to look, in the test's output
        raise


def test_unit_by_old_name_as_of_date_and_phone_layout(
    browser, live_server, make_xlsx, django_user_model, tmp_path
):
    from trithuc.accounts.models import Membership
    from trithuc.people.importing import import_people

    rows = [good_row(n, workplace_unit="01273", work_start_year=2010 + n) for n in range(1, 7)]
    import_people(make_xlsx(rows), today=dt.date(2026, 11, 22))
    user = django_user_model.objects.create_user(username="canbo", password="Mat-khau-2026")
    Membership.objects.create(user=user, role="registry_manager", unit_code="04")
    wait = patient_wait(browser)
    sign_in(browser, live_server.url, "canbo", "Mat-khau-2026")

    with screenshot_on_failure(browser, tmp_path, "summary-1400"):
        browser.set_window_size(1400, 1000)
        browser.get(f"{live_server.url}/nguoi/tong-hop/")
        box = browser.find_element(By.ID, "id_unit")
        box.send_keys("song hien")  # the ward's name before the 2025 merger
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#id_unit-options option"))
        option = browser.find_element(By.CSS_SELECTOR, "#id_unit-options option")
        assert option.get_attribute("value") == "Phường Thục Phán (01273)"
        assert "tên cũ: Phường Sông Hiến" in option.get_attribute("textContent")
        box.clear()
        box.send_keys(option.get_attribute("value"))
        browser.find_element(By.ID, "id_as_of").send_keys("31/12/2013")
        submit_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.filters button"))
        title = browser.find_element(By.TAG_NAME, "h1").text
        assert "Phường Thục Phán (01273)" in title and "31/12/2013" in title
        assert "Tổng số: 3 người" in browser.find_element(By.TAG_NAME, "main").text
        formats = browser.execute_script(
            "return [trithucCharts.format(1014), trithucCharts.format(12.5, '%')];"
        )
        assert formats == ["1.014", "12,5%"]

    with screenshot_on_failure(browser, tmp_path, "list-360"):
        browser.set_window_size(360, 800)
        browser.get(f"{live_server.url}/nguoi/")
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "table.stack tbody tr"))
        sizes = browser.execute_script(
            "return [document.documentElement.scrollWidth, window.innerWidth,"
            " document.querySelector('.topbar').getBoundingClientRect().height,"
            " window.innerHeight];"
        )
        scroll_width, width, header, height = sizes
        assert scroll_width <= width, "the list scrolls sideways on a phone"
        assert header < height / 4, "the header takes too much of a phone's screen"
