"""The plans pages as their users go through them: import a seed through the review
screen, assign agencies, report, follow; and who is refused what."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from trithuc.plans.models import Plan, PlanDraft, ProgressReport
from trithuc.plans.services import PlanError, reopen_report

from .conftest import agency, seed_path

pytestmark = pytest.mark.django_db
SNV, KHCN = "Sở Nội vụ", "Sở Khoa học và Công nghệ"


def upload(client, number: str):
    path = seed_path(number)
    response = client.post(reverse("plans:plan_import"),
                           {"file": SimpleUploadedFile(path.name, path.read_bytes())})  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    return PlanDraft.objects.get(uuid=response.url.rstrip("/").rsplit("/", 1)[-1])


def review_form(client, draft) -> dict[str, object]:
    """The review screen's form as the browser would post it untouched."""
    html = client.get(reverse("plans:plan_review", args=[draft.uuid])).content.decode()
    data: dict[str, object] = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if not name or name.group(1) == "csrfmiddlewaretoken":
            continue
        if 'type="checkbox"' in tag:
            if " checked" in tag:
                data[name.group(1)] = "on"
        else:
            data[name.group(1)] = value.group(1) if value else ""
    for name, body in re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        data[name] = body
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.findall(r'<option value="([^"]*)" selected>', body)
        if chosen:
            data[name] = chosen if name == "h-implements" else chosen[0]
        elif name != "h-implements":
            first = re.search(r'<option value="([^"]*)"', body)
            data[name] = first.group(1) if first else ""
    import html as html_lib

    return {k: html_lib.unescape(v) if isinstance(v, str) else v for k, v in data.items()}


def agency_field(client, draft, printed: str) -> str:
    """The review form's field for an agency name as printed in the document."""
    import html as html_lib

    page = client.get(reverse("plans:plan_review", args=[draft.uuid])).content.decode()
    for name, value in re.findall(r'<select name="(a-\d+)" data-agency-name="([^"]*)"', page):
        if html_lib.unescape(value) == printed:
            return name
    raise AssertionError(f"no field for {printed}")


def test_seed_001_imports_through_the_review_screen(client, coordinator):
    client.force_login(coordinator)
    draft = upload(client, "001")
    page = client.get(reverse("plans:plan_review", args=[draft.uuid])).content.decode()
    assert "Ban Tuyên giáo Thành ủy" in page and "140-KH/TU" in page
    assert "Chưa có gì được lưu" in page
    assert not Plan.objects.exists()  # nothing saved before the confirmation
    data = review_form(client, draft)
    # The catalogue is the province's: the city's Propaganda Commission is suggested as the
    # province's (merged) commission; the user creates the city body instead.
    field = agency_field(client, draft, "Ban Tuyên giáo Thành ủy")
    assert data[field] == str(agency("Ban Tuyên giáo và Dân vận Tỉnh ủy").pk)
    data[field] = "new"
    response = client.post(reverse("plans:plan_review", args=[draft.uuid]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = Plan.objects.get()
    assert (plan.number, plan.issued_on, plan.kind) == ("140-KH/TU", dt.date(2024, 4, 17), "KH")
    assert plan.owner_agency.name == "Ban Tuyên giáo Thành ủy"
    assert plan.tasks.count() == 9 and plan.targets.count() == 3
    assert plan.implements_numbers == ["45-NQ/TW", "42-CTr/TU"]
    sub_plans = plan.tasks.get(number="IV.2")
    assert sub_plans.requires_plan and sub_plans.due_on == dt.date(2024, 4, 30)
    assert plan.periods.filter(kind="final_review").get().due_on == dt.date(2034, 4, 17)


@pytest.mark.parametrize("number", ["002", "003"])
def test_seed_without_a_date_needs_the_user_to_enter_it(client, coordinator, number):
    client.force_login(coordinator)
    draft = upload(client, number)
    data = review_form(client, draft)
    assert data["h-issued_on"] == ""
    data["h-title"] = data["h-title"] or "x"
    response = client.post(reverse("plans:plan_review", args=[draft.uuid]), data)
    assert response.status_code == 200
    assert "Cần nhập ngày ban hành" in response.content.decode()
    assert not Plan.objects.exists()
    data["h-issued_on"] = "2024-03-01"
    data["h-number"] = f"{number}-KH/TEST"
    response = client.post(reverse("plans:plan_review", args=[draft.uuid]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = Plan.objects.get()
    assert plan.tasks.count() == {"002": 13, "003": 11}[number]
    if number == "003":  # the baseline in the footnote survives the review screen
        ratio = plan.targets.get(indicator__code="intellectuals_count_ratio")
        assert (ratio.baseline_year, ratio.baseline_value) == (2020, 17178)
        assert ratio.source_lines


def test_review_keeps_the_users_entries_after_an_error(client, coordinator):
    client.force_login(coordinator)
    draft = upload(client, "001")
    data = review_form(client, draft)
    data["h-issued_on"] = ""
    data["t-0-title"] = "Tên nhiệm vụ đã sửa tay"
    page = client.post(reverse("plans:plan_review", args=[draft.uuid]), data).content.decode()
    assert "Tên nhiệm vụ đã sửa tay" in page


def test_a_file_that_is_not_a_plan_gets_a_clear_message(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("plans:plan_import"),
                           {"file": SimpleUploadedFile("ghi-chu.txt", "Mua rau, mua thịt.".encode())})  # fmt: skip
    assert response.status_code == 200
    assert "không phải là một kế hoạch" in response.content.decode()
    response = client.post(reverse("plans:plan_import"),
                           {"file": SimpleUploadedFile("anh.png", b"\x89PNG")})  # fmt: skip
    assert ".docx" in response.content.decode()
    assert not PlanDraft.objects.exists()


@pytest.fixture
def plan_with_tasks(make_plan):
    return make_plan([("1", SNV, [KHCN], "recurring", None, "every_period")],
                     issued_on=dt.date(2025, 1, 10), owner_agency=agency("Ban Tổ chức Tỉnh ủy"))  # fmt: skip


def report_url(plan, agency_name, task=None, year=2026):
    period = plan.periods.get(kind="yearly", ends_on=dt.date(year, 12, 14))
    kwargs = {"plan_uuid": plan.uuid, "period_id": period.pk, "agency_id": agency(agency_name).pk}
    if task is None:
        return reverse("plans:plan_report", kwargs=kwargs)
    return reverse("plans:task_report", kwargs={**kwargs, "task_uuid": task.uuid})


def test_reporter_submits_and_the_owner_sees_it_in_the_matrix(client, plan_with_tasks, reporter,
                                                              coordinator):  # fmt: skip
    plan = plan_with_tasks
    task = plan.tasks.get()
    client.force_login(reporter)
    due_page = client.get(reverse("plans:my_due")).content.decode()
    assert "Nhiệm vụ 1" in due_page and "Năm 2026" in due_page
    url = report_url(plan, SNV, task)
    response = client.post(url, {"status": "done", "achievements": "Mở 3 lớp bồi dưỡng",
                                 "figures": "Số lớp: 3 lớp", "difficulties": "", "version": "0",
                                 "action": "submit", "confirmed": "1"})  # fmt: skip
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert report.state == "submitted" and report.figures[0]["value"] == 3
    client.force_login(coordinator)
    period = plan.periods.get(kind="yearly", ends_on=dt.date(2026, 12, 14))
    page = client.get(reverse("plans:plan_follow", args=[plan.uuid]) + f"?ky={period.pk}")
    html = page.content.decode()
    assert 'class="cell-done"' in html and "Chưa báo cáo" in html  # SNV done, KHCN missing
    late = re.search(r'id="late-list".*?</table>', html, re.S).group(0)
    assert "Năm 2025" in late and SNV in late  # last year's reports were never sent


def test_stale_save_in_the_browser_keeps_the_text(client, plan_with_tasks, reporter):
    plan = plan_with_tasks
    url = report_url(plan, SNV, plan.tasks.get())
    client.force_login(reporter)
    client.post(url, {"status": "in_progress", "achievements": "Bản đầu", "version": "0",
                      "action": "save"})  # fmt: skip
    response = client.post(url, {"status": "in_progress", "achievements": "Bản viết song song",
                                 "version": "0", "action": "save"})  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert "vẫn còn trong biểu mẫu" in html and "Bản viết song song" in html
    assert ProgressReport.objects.get().achievements == "Bản đầu"


def test_locked_report_and_reopen(client, plan_with_tasks, reporter, coordinator):
    plan = plan_with_tasks
    url = report_url(plan, SNV, plan.tasks.get())
    client.force_login(reporter)
    client.post(url, {"status": "done", "achievements": "Xong", "version": "0", "action": "submit",
                      "confirmed": "1"})  # fmt: skip
    page = client.get(url).content.decode()
    assert "bị khóa" in page and 'id="report-form"' not in page
    report = ProgressReport.objects.get()
    response = client.post(reverse("plans:report_reopen", args=[plan.uuid, report.uuid]),
                           {"reason": "x"})  # fmt: skip
    assert response.status_code == 403  # only the owner reopens
    client.force_login(coordinator)
    client.post(reverse("plans:report_reopen", args=[plan.uuid, report.uuid]), {"reason": "Thiếu"})
    report.refresh_from_db()
    assert report.state == "draft"


def test_submitting_asks_first_and_keeps_the_draft(client, plan_with_tasks, reporter):
    plan = plan_with_tasks
    url = report_url(plan, SNV, plan.tasks.get())
    client.force_login(reporter)
    response = client.post(url, {"status": "done", "achievements": "Mở 2 lớp bồi dưỡng",
                                 "figures": "", "difficulties": "", "version": "0",
                                 "action": "submit"})  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200 and 'id="confirm"' in html
    assert "Xác nhận nộp báo cáo" in html and "Mở 2 lớp bồi dưỡng" in html
    report = ProgressReport.objects.get()
    assert report.state == "draft"  # saved, not locked
    version = re.search(r'name="version" value="(\d+)"', html).group(1)
    assert version == str(report.version)
    client.post(url, {"status": "done", "achievements": "Mở 2 lớp bồi dưỡng", "figures": "",
                      "difficulties": "", "version": version, "action": "submit",
                      "confirmed": "1"})  # fmt: skip
    report.refresh_from_db()
    assert report.state == "submitted"


@pytest.mark.parametrize(("posted", "message"), [
    ({"status": "", "achievements": "Xong"}, "bắt buộc"),
    ({"status": "done", "achievements": "  "}, "Cần ghi kết quả đã làm"),
    ({"status": "not_started", "achievements": ""}, "cần ghi lý do"),
])  # fmt: skip
def test_an_incomplete_report_is_not_submitted(client, plan_with_tasks, reporter, posted, message):
    url = report_url(plan_with_tasks, SNV, plan_with_tasks.tasks.get())
    client.force_login(reporter)
    response = client.post(url, {"figures": "", "difficulties": "", "version": "0",
                                 "action": "submit", "confirmed": "1", **posted})  # fmt: skip
    assert response.status_code == 200 and message in response.content.decode()
    assert not ProgressReport.objects.filter(state="submitted").exists()


def test_reopening_needs_a_reason_and_says_so(client, plan_with_tasks, reporter, coordinator):
    plan = plan_with_tasks
    url = report_url(plan, SNV, plan.tasks.get())
    client.force_login(reporter)
    client.post(url, {"status": "done", "achievements": "Xong", "version": "0", "action": "submit",
                      "confirmed": "1"})  # fmt: skip
    report = ProgressReport.objects.get()
    client.force_login(coordinator)
    page = client.get(url).content.decode()
    assert re.search(r'<form[^>]*id="reopen-form"[^>]*novalidate', page)
    reopen = reverse("plans:report_reopen", args=[plan.uuid, report.uuid])
    response = client.post(reopen, {"reason": "   "}, follow=True)
    assert "Cần ghi lý do mở lại báo cáo" in response.content.decode()
    report.refresh_from_db()
    assert report.state == "submitted"
    with pytest.raises(PlanError, match="lý do"):
        reopen_report(report, actor=coordinator, reason="")


def test_reporter_sees_only_its_own_tasks(client, plan_with_tasks, make_plan, reporter,
                                          other_reporter):  # fmt: skip
    plan = plan_with_tasks
    elsewhere = make_plan([("9", "Sở Tài chính", [], "recurring", None, "every_period")],
                          number="2-KH/TU")  # fmt: skip
    client.force_login(reporter)
    assert client.get(reverse("plans:plan_detail", args=[elsewhere.uuid])).status_code == 404
    assert (
        client.get(report_url(elsewhere, "Sở Tài chính", elsewhere.tasks.get())).status_code == 404
    )
    # the other department's report on the same task: neither readable nor writable
    assert client.get(report_url(plan, KHCN, plan.tasks.get())).status_code == 404
    listed = client.get(reverse("plans:plan_list")).content.decode()
    assert plan.reference in listed and "2-KH/TU" not in listed
    client.force_login(other_reporter)
    page = client.get(reverse("plans:my_due")).content.decode()
    assert "Nhiệm vụ 1" in page and "Nhiệm vụ 9" not in page


def test_sibling_province_coordinator_gets_404(client, plan_with_tasks, sibling_coordinator):
    client.force_login(sibling_coordinator)
    plan = plan_with_tasks
    for name in ("plans:plan_detail", "plans:plan_follow", "plans:plan_edit"):
        assert client.get(reverse(name, args=[plan.uuid])).status_code == 404


def test_coordinator_assigns_agencies_to_a_task(client, plan_with_tasks, coordinator):
    plan = plan_with_tasks
    task = plan.tasks.get()
    client.force_login(coordinator)
    url = reverse("plans:task_edit", args=[plan.uuid, task.uuid])
    assert client.get(url).status_code == 200
    response = client.post(url, {"number": "1", "title": "Nhiệm vụ 1", "lead_agency": agency(KHCN).pk,
                                 "coordinating_agencies": [agency(SNV).pk],
                                 "deadline_kind": "fixed", "due_on": "", "recurrence": ""})  # fmt: skip
    assert "phải có ngày hạn" in response.content.decode()
    response = client.post(url, {"number": "1", "title": "Nhiệm vụ 1", "lead_agency": agency(KHCN).pk,
                                 "coordinating_agencies": [agency(SNV).pk],
                                 "deadline_kind": "fixed", "due_on": "2026-09-30",
                                 "recurrence": ""})  # fmt: skip
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.lead_agency.name == KHCN and [a.name for a in task.coordinating_agencies.all()] == [
        SNV
    ]


def test_home_inbox_shows_what_is_due(client, plan_with_tasks, reporter):
    client.force_login(reporter)
    html = client.get(reverse("home")).content.decode()
    assert 'id="inbox"' in html and "báo cáo cần nộp" in html


def test_manual_plan_and_chain(client, coordinator):
    client.force_login(coordinator)
    data = {"kind": "KH", "number": "5-KH/UBND", "title": "Kế hoạch thử", "issued_on": "2025-02-01",
            "issuer": "UBND tỉnh Cao Bằng", "reporting_frequency": "six_monthly",
            "due_days_after_cutoff": "6", "remind_days_before": "7", "implements_text": "45-NQ/TW"}  # fmt: skip
    assert client.post(reverse("plans:plan_create"), data).status_code == 302
    parent = Plan.objects.get()
    child = {**data, "number": "6-KH/SNV", "implements": [parent.pk], "implements_text": ""}
    assert client.post(reverse("plans:plan_create"), child).status_code == 302
    html = client.get(reverse("plans:plan_list")).content.decode()
    assert "— " in html and html.index("5-KH/UBND") < html.index("6-KH/SNV")
    stale = {**data, "version": "0", "title": "Sửa từ trang cũ"}
    response = client.post(reverse("plans:plan_edit", args=[parent.uuid]), stale)
    assert "vừa được người khác sửa" in response.content.decode()


def test_plan_page_links_to_its_dashboard_only_for_roles_that_read_aggregates(
    client, coordinator, plan_with_tasks, django_user_model
):
    from trithuc.accounts.models import Membership
    from trithuc.indicators.models import Indicator, Target

    plan = plan_with_tasks
    Target.objects.create(plan=plan, plan_reference=plan.reference, unit_code="04", year=2030,
                          indicator=Indicator.objects.get(code="share_masters"), value=25)  # fmt: skip
    client.force_login(coordinator)
    page = client.get(reverse("plans:plan_detail", args=[plan.uuid])).content.decode()
    assert "Chỉ tiêu (1)" in page and "Xem mức đạt" not in page  # no link to a 403
    reader = django_user_model.objects.create_user(username="doc", password="pw-Trithuc-2026")
    Membership.objects.create(user=reader, role="plan_coordinator", unit_code="04")
    Membership.objects.create(user=reader, role="analyst", unit_code="04")
    client.force_login(reader)
    page = client.get(reverse("plans:plan_detail", args=[plan.uuid])).content.decode()
    link = re.search(r'href="([^"]*)">Xem mức đạt', page).group(1)
    response = client.get(link.replace("&amp;", "&"))
    assert response.status_code == 200 and response.context["plan"] == plan.reference
