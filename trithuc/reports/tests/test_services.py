"""Saving drafts (versions, optimistic locking), who sees and edits which report, the
upward report, templates with their placeholder check, a frozen figure as a baseline,
the PDF (skipped without LibreOffice)."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from trithuc.accounts.scope import OutOfScope
from trithuc.reports.documents import render
from trithuc.reports.models import OfficialReport
from trithuc.reports.services import (
    DraftInput,
    ReportError,
    StaleDraft,
    draft_for,
    find_period,
    freeze,
    save_draft,
    upload_template,
    use_as_baseline,
)

pytestmark = pytest.mark.django_db


def test_drafts_are_versioned_and_a_stale_save_is_refused(yearly, demo):
    actor = demo["coordinator"]
    report = save_draft(
        yearly, DraftInput({"limitations": "Một"}, {}), expected_version=0, actor=actor
    )
    assert report.version == 1
    save_draft(report, DraftInput({"limitations": "Hai"}, {}), expected_version=1, actor=actor)
    with pytest.raises(StaleDraft, match="vừa được người khác lưu"):
        save_draft(report, DraftInput({"limitations": "Ba"}, {}), expected_version=1, actor=actor)
    report.refresh_from_db()
    assert report.narrative["limitations"] == "Hai" and report.version == 2


def test_only_those_who_manage_the_plan_write_its_reports(yearly, demo, django_user_model):
    from trithuc.accounts.models import Membership

    with pytest.raises(OutOfScope):
        save_draft(yearly, DraftInput({}, {}), expected_version=0, actor=demo["reporter"])
    sibling = django_user_model.objects.create_user(username="ls", password="pw-Trithuc-2026")
    Membership.objects.create(user=sibling, role="plan_coordinator", unit_code="20")
    with pytest.raises(OutOfScope):
        freeze(yearly, actor=sibling)
    assert not OfficialReport.objects.exists()
    report = save_draft(yearly, DraftInput({}, {}), expected_version=0, actor=demo["coordinator"])
    assert list(OfficialReport.objects.visible_to(sibling)) == []
    assert list(OfficialReport.objects.visible_to(demo["reporter"])) == []
    assert list(OfficialReport.objects.editable_by(demo["coordinator"])) == [report]


def test_a_units_frozen_report_goes_up_to_the_parent_side_by_side(demo, client, django_user_model):
    from trithuc.accounts.models import Membership
    from trithuc.orgunits.models import Agency
    from trithuc.plans.models import Plan

    child = Plan.objects.get(number="42-KH/SNV")
    snv = django_user_model.objects.create_user(username="dp-snv", password="pw-Trithuc-2026")
    Membership.objects.create(user=snv, role="plan_coordinator",
                              agency=Agency.objects.get(province_code="04", name="Sở Nội vụ"))  # fmt: skip
    child_report = draft_for(child, find_period(child, "yearly", 2025))
    save_draft(child_report, DraftInput({"results": "Sở Nội vụ đã rà soát đội ngũ."}, {}),
               expected_version=0, actor=snv)  # fmt: skip
    parent = demo["plan"]
    period = find_period(parent, "yearly", 2025)
    client.force_login(demo["coordinator"])
    url = reverse("reports:report_edit", args=[parent.uuid, period.pk])
    assert "Sở Nội vụ đã rà soát" not in client.get(url).content.decode()  # not frozen yet
    freeze(child_report, actor=snv)
    html = client.get(url).content.decode()
    assert 'id="unit-reports"' in html and "Sở Nội vụ đã rà soát đội ngũ." in html
    listing = client.get(reverse("reports:plan_reports", args=[parent.uuid])).content.decode()
    assert "42-KH/SNV" in listing
    child_report.refresh_from_db()
    download = client.get(reverse("reports:unit_report_docx", args=[child_report.uuid]))
    assert download.status_code == 200
    # The department's coordinator does not see the province's report.
    client.force_login(snv)
    assert client.get(url).status_code == 403  # sees the plan (a task), not its report


def _docx_with(text: str) -> SimpleUploadedFile:
    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile("mau.docx", buffer.getvalue())


def test_an_organisations_template_is_checked_and_used(yearly, demo):
    plan, actor = demo["plan"], demo["coordinator"]
    with pytest.raises(ValueError, match="Trường «{{ so_cong_van }}» không có trong danh sách"):
        upload_template(
            plan, _docx_with("{{ so_cong_van }} {{ trich_yeu }}"), name="Sai", actor=actor
        )
    template = upload_template(plan, _docx_with("{{ so_ky_hieu }} | {{ trich_yeu }} | "
                               "{% for ct in chi_tieu %}[{{ ct.gia_tri }}]{% endfor %}"),
                               name="Mẫu của Ban", actor=actor)  # fmt: skip
    assert template.placeholders == ["chi_tieu", "so_ky_hieu", "trich_yeu"]
    report = save_draft(yearly, DraftInput({}, {"template": template, "number": "7"}),
                        expected_version=0, actor=actor)  # fmt: skip
    text = Document(io.BytesIO(render(report, "docx")[0])).paragraphs[0].text
    data = __import__("json").loads(render(report, "json")[0])
    assert text.startswith("Số 7-BC/TU | Kết quả năm 2025")
    assert f"[{data['targets'][0]['value_text']}]" in text
    with pytest.raises(ReportError, match="phải là tệp Word"):
        upload_template(plan, SimpleUploadedFile("a.txt", b"x"), name="", actor=actor)


def test_a_frozen_figure_becomes_a_later_targets_baseline(yearly, demo):
    from trithuc.indicators.models import Target

    report = freeze(yearly, actor=None)
    row = next(t for t in report.figures["targets"] if t["value"] is not None)
    later = Target.objects.exclude(plan=demo["plan"]).first() or Target.objects.get(
        uuid=row["uuid"]
    )
    use_as_baseline(later, report, row["uuid"], actor=demo["coordinator"])
    later.refresh_from_db()
    # A ratio to a baseline year takes the count of people, what a later ratio multiplies.
    expected = row["numerator"] if later.indicator.kind == "ratio" else row["value"]
    assert later.baseline_value == expected and later.baseline_year == 2025
    assert "15-KH/TU" in later.baseline_source
    with pytest.raises(ReportError):
        use_as_baseline(later, report, "khong-co", actor=demo["coordinator"])


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed: "
                    "apt-get install libreoffice-writer-nogui fonts-liberation2")  # fmt: skip
def test_the_pdf_task_makes_a_pdf_holding_the_same_figures(
    yearly, demo, client, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(demo["coordinator"])
    period = yearly.period
    start = reverse("reports:report_pdf_start", args=[demo["plan"].uuid, period.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(start).status_code == 302  # the immediate backend ran the task
    report = OfficialReport.objects.get()
    assert report.pdf_state == "done", report.pdf_error
    response = client.get(reverse("reports:report_pdf", args=[demo["plan"].uuid, period.pk]))
    pdf = tmp_path / "bc.pdf"
    content = b"".join(response.streaming_content)
    pdf.write_bytes(content)
    assert content.startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout if shutil.which("pdftotext") else _pypdf_text(pdf)  # fmt: skip
    data = __import__("json").loads(render(report, "json", user=demo["coordinator"])[0])
    flat = " ".join(text.split())
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in flat and "BÁO CÁO" in flat and "Nơi nhận:" in flat
    for row in data["targets"][:5]:
        assert row["value_text"] in flat
    assert f"{data['registry']['total']}" in flat.replace(".", "")


def _pypdf_text(path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def test_freezing_asks_first_and_unfreezing_needs_a_reason(yearly, demo, client):
    actor = demo["coordinator"]
    report = save_draft(yearly, DraftInput({"limitations": "Một"}, {}), expected_version=0,
                        actor=actor)  # fmt: skip
    client.force_login(actor)
    url = reverse("reports:report_freeze", args=[report.plan.uuid, report.period_id])
    page = client.post(url, {"version": str(report.version)})
    html = page.content.decode()
    assert page.status_code == 200 and 'id="confirm"' in html and "Chốt số liệu" in html
    assert f'name="version" value="{report.version}"' in html
    report.refresh_from_db()
    assert not report.frozen  # nothing locked before the answer
    client.post(url, {"version": str(report.version), "confirmed": "1"})
    report.refresh_from_db()
    assert report.frozen
    unfreeze = reverse("reports:report_unfreeze", args=[report.plan.uuid, report.period_id])
    edit = client.get(reverse("reports:report_edit", args=[report.plan.uuid, report.period_id]))
    assert "novalidate" in edit.content.decode()
    answer = client.post(unfreeze, {"reason": " "}, follow=True)
    assert "Cần ghi lý do mở chốt số liệu" in answer.content.decode()
    report.refresh_from_db()
    assert report.frozen
