"""The coordinator of the demo province edits the 2025 yearly report's narrative, freezes
its figures, has the PDF made (progress bar) and downloads it; page 1 rendered with
pdftoppm carries ink where the letterhead and title are. Headless Chromium."""

from __future__ import annotations

import base64
import datetime as dt
import shutil
import subprocess

import pytest
from selenium.webdriver.common.by import By

from tests.e2e.conftest import patient_wait, sign_in, submit_and_wait, text_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
TODAY = dt.date(2026, 11, 22)


def _dark_share(pgm: bytes, top: float, bottom: float) -> float:
    """Share of dark pixels in a band of a binary PGM (P5) page image."""
    parts = pgm.split(b"\n", 3)
    width, height = map(int, parts[1].split())
    pixels = parts[3]
    start, end = int(height * top) * width, int(height * bottom) * width
    band = pixels[start:end]
    return sum(1 for value in band if value < 128) / max(1, len(band))


@pytest.mark.skipif(not shutil.which("soffice") or not shutil.which("pdftoppm"),
                    reason="LibreOffice (libreoffice-writer-nogui) and pdftoppm (poppler-utils) "
                    "are needed to make and look at the PDF")  # fmt: skip
def test_edit_freeze_and_download_the_pdf(browser, live_server, tmp_path, settings):
    from trithuc.demo.registry import build_demo
    from trithuc.orgunits.services import create_usual_agencies
    from trithuc.plans.demo import build_demo_plans, ensure_plan_users
    from trithuc.reports.models import OfficialReport

    settings.MEDIA_ROOT = tmp_path
    create_usual_agencies("04")
    ensure_plan_users("04", password="Mat-khau-2026")
    build_demo(count=300, today=TODAY)
    plan = build_demo_plans("04", today=TODAY)
    period = plan.periods.get(kind="yearly", ends_on=dt.date(2025, 12, 14))
    base, wait = live_server.url, patient_wait(browser, 60)

    sign_in(browser, base, "dieuphoi", "Mat-khau-2026")
    browser.get(f"{base}/ke-hoach/{plan.uuid}/")
    submit_and_wait(browser, browser.find_element(By.ID, "official-reports"))
    assert "Năm 2025" in text_of(browser, "#report-periods")
    browser.get(f"{base}/bao-cao/{plan.uuid}/ky/{period.pk}/")
    proposals = browser.find_element(By.ID, "id_section_proposals")
    proposals.clear()
    proposals.send_keys("- Đề nghị bổ sung kinh phí xây dựng cơ sở dữ liệu trí thức.")
    browser.find_element(By.ID, "id_number").send_keys("246")
    submit_and_wait(browser, browser.find_element(By.ID, "save-draft"))
    assert "Đã lưu bản thảo" in text_of(browser, ".messages")
    submit_and_wait(browser, browser.find_element(By.ID, "freeze"))
    assert "Chốt số liệu của báo cáo này?" in text_of(browser, "#confirm")  # asked first
    assert not OfficialReport.objects.get().frozen
    submit_and_wait(browser, browser.find_element(By.ID, "confirm-yes"))
    assert "Đã chốt số liệu" in text_of(browser, "#frozen-badge")
    report = OfficialReport.objects.get()
    assert report.frozen and report.figures["registry"]["total"] > 0

    browser.find_element(By.ID, "make-pdf").click()
    link = wait.until(lambda d: d.find_element(By.ID, "download-pdf"))
    url = link.get_attribute("href")
    encoded = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.arrayBuffer()).then(b => {"
        "  let s = ''; const a = new Uint8Array(b);"
        "  for (let i = 0; i < a.length; i++) s += String.fromCharCode(a[i]);"
        "  done(btoa(s)); });", url)  # fmt: skip
    pdf = tmp_path / "bao-cao.pdf"
    pdf.write_bytes(base64.b64decode(encoded))
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    assert "Số 246-BC/TU" in text and "Đề nghị bổ sung kinh phí" in " ".join(text.split())
    subprocess.run(["pdftoppm", "-r", "40", "-gray", "-f", "1", "-l", "1", str(pdf),
                    str(tmp_path / "page")], check=True)  # fmt: skip
    page = next(tmp_path.glob("page*.pgm")).read_bytes()
    assert _dark_share(page, 0.05, 0.2) > 0.01  # the letterhead is printed
    assert _dark_share(page, 0.0, 0.04) < 0.001  # the top margin is blank (no number on page 1)
