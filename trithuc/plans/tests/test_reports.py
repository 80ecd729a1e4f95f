"""No lost work: a second save over a newer report is refused, a submitted report is
locked until the owner reopens it, and every change is in the audit trail."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from trithuc.audit.models import AuditEvent
from trithuc.plans.models import ProgressReport
from trithuc.plans.services import (
    PlanError,
    ReportInput,
    ReportLocked,
    StaleReport,
    figures_text,
    parse_figures,
    reopen_report,
    save_report,
)

from .conftest import agency

D = dt.date
SNV = "Sở Nội vụ"


@pytest.fixture
def item(make_plan):
    plan = make_plan([("1", SNV, [], "recurring", None, "every_period")])
    period = plan.periods.get(kind="yearly", ends_on=D(2026, 12, 14))
    return {"plan": plan, "period": period, "task": plan.tasks.get(), "agency": agency(SNV)}


def write(item, actor, text, version, submit=False, **kwargs):
    return save_report(**item, actor=actor, data=ReportInput("in_progress", text, [], ""),
                       expected_version=version, submit=submit, **kwargs)  # fmt: skip


@pytest.mark.django_db
def test_second_save_over_a_newer_version_is_refused(item, reporter, django_user_model):
    first = write(item, reporter, "Bản của chị Lan", 0)
    assert first.version == 1
    write(item, reporter, "Chị Lan sửa tiếp", 1)
    with pytest.raises(StaleReport, match="vẫn còn trong biểu mẫu"):
        write(item, reporter, "Anh Minh mở trang từ trước", 1)
    report = ProgressReport.objects.get()
    assert (report.achievements, report.version) == ("Chị Lan sửa tiếp", 2)


@pytest.mark.django_db
def test_creating_a_report_someone_else_created_is_refused(item, reporter):
    write(item, reporter, "Bản đầu", 0)
    with pytest.raises(StaleReport):
        write(item, reporter, "Cũng nghĩ là bản đầu", 0)
    assert ProgressReport.objects.get().achievements == "Bản đầu"


@pytest.mark.django_db
def test_submitted_report_is_locked_until_the_owner_reopens_it(item, reporter, coordinator):
    report = write(item, reporter, "Đã hoàn thành 3 lớp bồi dưỡng", 0, submit=True)
    assert report.state == "submitted" and report.submitted_by == reporter
    with pytest.raises(ReportLocked, match="mở lại"):
        write(item, reporter, "Sửa sau khi nộp", report.version)
    report = reopen_report(report, actor=coordinator, reason="Thiếu số liệu")
    assert report.state == "draft" and report.reopened_count == 1
    write(item, reporter, "Bổ sung số liệu", report.version, submit=True)
    actions = list(AuditEvent.objects.filter(object_type="plans.progressreport")
                   .order_by("pk").values_list("action", flat=True))  # fmt: skip
    assert actions == ["report_submit", "report_reopen", "report_submit"]
    event = AuditEvent.objects.filter(action="report_submit").order_by("pk").last()
    assert event.before["achievements"] == "Đã hoàn thành 3 lớp bồi dưỡng"
    assert event.after["achievements"] == "Bổ sung số liệu"


@pytest.mark.django_db
def test_submitting_an_empty_report_is_refused(item, reporter):
    with pytest.raises(PlanError, match="kết quả"):
        write(item, reporter, "   ", 0, submit=True)
    assert not ProgressReport.objects.exists()


@pytest.mark.django_db
def test_attachments_are_checked_before_anything_is_written(item, reporter):
    bad = SimpleUploadedFile("virus.exe", b"MZ")
    with pytest.raises(PlanError, match="không được nhận"):
        write(item, reporter, "Có tệp", 0, files=[bad])
    assert not ProgressReport.objects.exists()
    good = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 ...")
    report = write(item, reporter, "Có tệp", 0, files=[good])
    assert [a.original_name for a in report.attachments.all()] == ["bao-cao.pdf"]


def test_figures_are_read_as_vietnamese_numbers():
    figures = parse_figures(
        "Số tiến sĩ được đào tạo: 12 người\nTỷ lệ: 12,5 %\nKinh phí: 1.200 triệu"
    )
    assert [f["value"] for f in figures] == [12, 12.5, 1200]
    assert figures[0] == {"label": "Số tiến sĩ được đào tạo", "value": 12, "unit": "người"}
    assert figures_text(figures).splitlines()[1] == "Tỷ lệ: 12,5 %"
    with pytest.raises(PlanError, match="không phải là số"):
        parse_figures("Số lớp: mười hai")
    with pytest.raises(PlanError, match="Tên: giá trị"):
        parse_figures("12")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_people_saving_at_the_same_moment_one_wins(item, reporter, django_user_model):
    """Two connections read version 1 and save together: exactly one save lands, the other
    is refused (on PostgreSQL a real race between two sessions; SQLite serialises them)."""
    write(item, reporter, "Bản gốc", 0)
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memory"):
        pytest.skip("an in-memory SQLite database is not shared between threads")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(text: str) -> None:
        from django.db import connections

        try:
            barrier.wait()
            write(item, reporter, text, 1)
            outcomes.append("saved")
        except StaleReport:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(t,)) for t in ("Bản A", "Bản B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "saved"]
    report = ProgressReport.objects.get()
    assert report.version == 2 and report.achievements in {"Bản A", "Bản B"}
