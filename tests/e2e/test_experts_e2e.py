"""A department asks for a critique of a draft; the secretariat accepts it and invites the
experts the system ranks; one declines through the one-time link (an alternate is
invited), one accepts — declarations first, then the draft — and comments on an article;
the secretariat issues the synthesis; the department answers each recommendation. All in
headless Chromium, against the real pages."""

from __future__ import annotations

import datetime as dt

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.e2e.conftest import sign_in, submit_and_wait, text_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "Mat-khau-2026"
DRAFT = "Điều 1. Phạm vi\n1. Công trình cấp nước sạch tập trung.\nĐiều 2. Giá nước\n1. Theo vùng."


def _set(browser, element_id: str, value: str) -> None:
    element = browser.find_element(By.ID, element_id)
    browser.execute_script("arguments[0].value = arguments[1];", element, value)


def test_critique_from_request_to_answers(browser, live_server, django_user_model):
    from trithuc.accounts.models import Membership
    from trithuc.experts import links, workflow
    from trithuc.experts.models import Consultation, Invitation
    from trithuc.experts.tests.conftest import make_expert
    from trithuc.orgunits.models import Agency
    from trithuc.orgunits.services import create_usual_agencies

    create_usual_agencies("04")
    department = Agency.objects.get(province_code="04", name="Sở Nông nghiệp và Môi trường")
    secretariat = django_user_model.objects.create_user(username="thuky", password=PASSWORD)
    Membership.objects.create(user=secretariat, role="consult_secretariat", unit_code="04")
    requester = django_user_model.objects.create_user(username="sonn", password=PASSWORD)
    Membership.objects.create(user=requester, role="agency_reporter", agency=department)
    for name, keywords in (("Hoàng Văn Thủy", "nước sạch, giá nước"), ("Nông Thị Lan", "giá nước"),
                           ("Lý Văn Sơn", "cấp nước"), ("Bế Văn Hà", "thủy lợi")):  # fmt: skip
        make_expert(secretariat, name, keywords=keywords)
    base = live_server.url

    sign_in(browser, base, "sonn", PASSWORD)
    browser.get(f"{base}/chuyen-gia/de-nghi/moi/")
    Select(browser.find_element(By.ID, "id_kind")).select_by_value("critique")
    browser.find_element(By.ID, "id_title").send_keys("Dự thảo quy định nước sạch")
    browser.find_element(By.CSS_SELECTOR, "input[name=fields][value=agriculture]").click()
    browser.find_element(By.ID, "id_draft_text").send_keys(DRAFT)
    _set(browser, "id_deadline", (dt.date.today() + dt.timedelta(days=20)).isoformat())
    submit_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#request-form button"))
    assert "Đã gửi đề nghị" in text_of(browser, ".messages")
    c = Consultation.objects.get()

    browser.delete_all_cookies()
    sign_in(browser, base, "thuky", PASSWORD)
    browser.get(f"{base}/chuyen-gia/de-nghi/{c.uuid}/")
    _set(browser, "id_experts_needed", "2")
    submit_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#accept-form button"))
    assert "Hoàng Văn Thủy" in text_of(browser, "#candidates")  # ranked, first two ticked
    submit_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#invite-form button"))
    assert "Đã gửi 2 lời mời" in text_of(browser, ".messages")
    first, second = Invitation.objects.order_by("pk")

    browser.delete_all_cookies()
    browser.get(base + links.invitation_url(second))
    browser.find_element(By.CSS_SELECTOR, "#decline-form input[name=reason]").send_keys("Bận")
    submit_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#decline-form button"))
    assert "Đã ghi nhận lời từ chối" in text_of(browser, ".messages")
    alternate = Invitation.objects.get(replaces=second)

    browser.delete_all_cookies()
    browser.get(base + links.invitation_url(first))
    assert "Công trình cấp nước sạch" not in text_of(browser, "main")
    browser.find_element(By.ID, "id_no_conflict").click()
    browser.find_element(By.ID, "id_confidentiality").click()
    submit_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#declaration-form button"))
    assert "Điều 1" in text_of(browser, ".draft")
    Select(browser.find_element(By.ID, "id_assessment")).select_by_value("changes")
    Select(browser.find_element(By.NAME, "anchor_1")).select_by_value("Điều 2 khoản 1")
    browser.find_element(By.NAME, "comment_1").send_keys("Nêu rõ tiêu chí phân vùng")
    submit_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#opinion-form button"))
    assert "Đã gửi ý kiến" in text_of(browser, ".messages")
    workflow.accept_invitation(alternate, actor=None, via_link=True, no_conflict=True,
                               conflict_statement="", confidentiality=True)  # fmt: skip
    workflow.submit_opinion(alternate, workflow.OpinionInput(assessment="agree", general="Ổn"),
                            actor=None, via_link=True)  # fmt: skip

    sign_in(browser, base, "thuky", PASSWORD)
    browser.get(f"{base}/chuyen-gia/de-nghi/{c.uuid}/tong-hop/")
    browser.find_element(By.NAME, "text_1").send_keys("Bổ sung tiêu chí phân vùng giá nước")
    browser.find_element(
        By.CSS_SELECTOR, f'input[name=experts_1][value="{first.expert_id}"]'
    ).click()
    submit_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#synthesis-form button"))
    assert "Gửi báo cáo tổng hợp tới" in text_of(browser, "#confirm")  # asked first
    submit_and_wait(browser, browser.find_element(By.ID, "confirm-yes"))
    assert "Đã gửi báo cáo tổng hợp" in text_of(browser, ".messages")
    assert first.expert.full_name in text_of(browser, "#recommendations")

    browser.delete_all_cookies()
    sign_in(browser, base, "sonn", PASSWORD)
    browser.get(f"{base}/chuyen-gia/de-nghi/{c.uuid}/")
    rec = c.recommendations.get()
    Select(browser.find_element(By.NAME, f"response_{rec.uuid}")).select_by_value("partly")
    browser.find_element(By.NAME, f"reason_{rec.uuid}").send_keys("Áp dụng từ năm sau")
    submit_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#answer-form button"))
    assert "Cơ quan đã trả lời" in text_of(browser, "#status")
    c.refresh_from_db()
    assert c.status == "answered"
