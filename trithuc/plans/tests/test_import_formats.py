"""Plans uploaded as .doc and as scans: read in a background task with its progress, the
recognised pages corrected beside their images before anything is saved."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from trithuc.audit.models import AuditEvent
from trithuc.lib.plan_parser.tests.corpus import VARIANTS
from trithuc.lib.plan_parser.tests.samples import STATE_PLAN_WEB_LAYOUT
from trithuc.lib.plan_parser.tests.scans import tools_missing, write_doc, write_scan
from trithuc.plans.importing import correct_draft_text, ocr_review_pages, set_progress
from trithuc.plans.models import DraftStatus, Plan, PlanDraft
from trithuc.plans.services import PlanError

pytestmark = pytest.mark.django_db
_no_office = tools_missing()
_no_ocr = tools_missing(scan=True, ocr=True)


def _upload(client, path: Path, django_capture_on_commit_callbacks) -> PlanDraft:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("plans:plan_import"), {"file": SimpleUploadedFile(path.name, path.read_bytes())}
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    return PlanDraft.objects.get(uuid=response.url.rstrip("/").rsplit("/", 1)[-1])


@pytest.mark.skipif(bool(_no_office), reason=_no_office or "")
def test_old_word_file_is_read_in_the_background(
    client, coordinator, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    path = write_doc(STATE_PLAN_WEB_LAYOUT.splitlines(), tmp_path, "ke-hoach")
    draft = _upload(client, path, django_capture_on_commit_callbacks)
    assert draft.status == DraftStatus.READY and draft.pages == []
    assert draft.parsed["number"] == "15/KH-UBND"
    page = client.get(reverse("plans:plan_review", args=[draft.uuid])).content.decode()
    assert "15/KH-UBND" in page and 'id="ocr-review"' not in page


@pytest.mark.skipif(bool(_no_ocr), reason=_no_ocr or "")
def test_scan_is_recognised_and_corrected_beside_its_image(
    client, coordinator, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    _, text, want = next(v for v in VARIANTS if v[0] == "preamble_with_a_department_proposal")
    path = tmp_path / "scan.pdf"
    write_scan(text.splitlines(), path)
    draft = _upload(client, path, django_capture_on_commit_callbacks)
    assert draft.status == DraftStatus.READY, draft.message
    assert draft.parsed["number"] == want["number"]
    (page,) = draft.pages
    assert page["confidence"] > 85 and page["lines"]
    review = client.get(reverse("plans:plan_review", args=[draft.uuid])).content.decode()
    assert 'id="ocr-review"' in review and 'name="ocr-page-1"' in review
    image = client.get(reverse("plans:plan_draft_page", args=[draft.uuid]) + "?so=1")
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert b"".join(image.streaming_content)[:4] == b"\x89PNG"
    # The user corrects the number on the page: the document is read again, not saved.
    corrected = draft.pages[0]["text"].replace("310/KH-UBND", "311/KH-UBND")
    response = client.post(
        reverse("plans:plan_review", args=[draft.uuid]),
        {"ocr-correct": "1", "ocr-page-1": corrected},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.parsed["number"] == "311/KH-UBND" and draft.pages[0]["corrected"]
    assert not Plan.objects.exists()


def _scanned_draft(coordinator, pages: list[dict]) -> PlanDraft:
    text = "\n".join(p["text"] for p in pages)
    from trithuc.lib.plan_parser import parse_plan_text

    draft = PlanDraft(province_code="04", source_name="scan.pdf", text=text,
                      parsed=parse_plan_text(text), created_by=coordinator, pages=pages)  # fmt: skip
    draft.source_file.save("scan.pdf", ContentFile(b"%PDF-1.7"), save=False)
    draft.save()
    return draft


_PAGE = {
    "number": 1,
    "confidence": 91.4,
    "image": "",
    "corrected": False,
    "seconds": 6.0,
    "text": "Số: 35/KH-UBND\nKẾ HOẠCH\nThục hiện Nghị quyết số 45-NQ/TW",
    "lines": [["Số: 35/KH-UBND", 95.0], ["KẾ HOẠCH", 96.0], ["Thục hiện Nghị quyết", 61.5]],
}


def test_low_confidence_lines_are_marked_for_the_reviewer(client, coordinator):
    draft = _scanned_draft(coordinator, [_PAGE])
    (page,) = ocr_review_pages(draft)
    assert [line["low"] for line in page["lines"]] == [False, False, True]
    assert page["low_count"] == 1
    client.force_login(coordinator)
    html = client.get(reverse("plans:plan_review", args=[draft.uuid])).content.decode()
    assert 'class="ocr-low"' in html and "91,4%" in html or "91.4%" in html


def test_a_correction_that_is_not_a_plan_changes_nothing(client, coordinator):
    draft = _scanned_draft(coordinator, [_PAGE])
    client.force_login(coordinator)
    response = client.post(
        reverse("plans:plan_review", args=[draft.uuid]),
        {"ocr-correct": "1", "ocr-page-1": "Mua rau, mua thịt."},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "không phải là một kế hoạch" in html and "Mua rau, mua thịt." in html
    draft.refresh_from_db()
    assert draft.text == "\n".join([_PAGE["text"]]) and not draft.pages[0]["corrected"]


def test_only_the_uploader_corrects_a_draft(coordinator, sibling_coordinator):
    draft = _scanned_draft(coordinator, [_PAGE])
    with pytest.raises(PlanError):
        correct_draft_text(draft, {1: "x"}, actor=sibling_coordinator)
    corrected = correct_draft_text(
        draft, {1: _PAGE["text"].replace("Thục", "Thực")}, actor=coordinator
    )
    assert corrected.pages[0]["corrected"] and "Thực hiện" in corrected.text
    assert AuditEvent.objects.filter(action="plan_draft_corrected").count() == 1


def test_reading_shows_its_progress_and_then_the_review(client, coordinator):
    draft = _scanned_draft(coordinator, [_PAGE])
    draft.status = DraftStatus.READING
    draft.save()
    set_progress(draft, 3, 20)
    client.force_login(coordinator)
    url = reverse("plans:plan_review", args=[draft.uuid])
    page = client.get(url).content.decode()
    assert 'id="reading-progress"' in page and "3 / 20" in page and 'hx-trigger="every 1s"' in page
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<div id="reading-status"')
    draft.status = DraftStatus.READY
    draft.save()
    done = client.get(url, headers={"HX-Request": "true"})
    assert done["HX-Redirect"] == url


def test_a_file_that_cannot_be_read_says_why(client, coordinator):
    draft = _scanned_draft(coordinator, [_PAGE])
    draft.status, draft.message = DraftStatus.FAILED, "Không chuyển đổi được tệp"
    draft.save()
    client.force_login(coordinator)
    page = client.get(reverse("plans:plan_review", args=[draft.uuid])).content.decode()
    assert "Không chuyển đổi được tệp" in page and "hx-trigger" not in page


def test_page_image_of_another_users_draft_is_not_found(client, coordinator, sibling_coordinator):
    draft = _scanned_draft(coordinator, [_PAGE])
    client.force_login(sibling_coordinator)
    response = client.get(reverse("plans:plan_draft_page", args=[draft.uuid]) + "?so=1")
    assert response.status_code == 404
