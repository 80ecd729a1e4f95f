"""Evidence as uploaded files: checked on the way in, stored under random names, read only
through the access-checked view, verified or refused with a reason, every step audited;
no decision while a rule the applicant meets rests on no verified file."""

import datetime as dt
import io
import re
import tarfile
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from trithuc.audit.models import AuditEvent
from trithuc.core.backup import MEDIA_ARCHIVE, backup
from trithuc.talent import uploads
from trithuc.talent.models import Evidence, Tranche
from trithuc.talent.services import (
    TalentError,
    add_score,
    decide,
    review_evidence,
    unproven_rules,
    upload_evidence,
)
from trithuc.talent.tests.conftest import PDF, make_application, pdf

pytestmark = pytest.mark.django_db
DECISION = dt.date(2025, 7, 1)
RULES = ["age__lte", "education_level__gte", "papers__gte"]


@pytest.fixture
def application(policy, manager):
    app = make_application(policy, manager, proven=False)
    add_score(app, member="Hội đồng", score=90, actor=manager)
    return app


def _docx(body: bytes = b"<w:document/>") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", body)
    return buffer.getvalue()


def _stored_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT) / "talent-evidence"
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


@pytest.mark.parametrize(("name", "content", "message"), [
    ("virus.exe", b"MZ\x90\x00", "chỉ nhận PDF, ảnh JPG, PNG hoặc Word (.docx)"),
    ("bang.pdf", b"<html><script>alert(1)</script></html>", "không phải PDF như phần đuôi"),
    ("anh.png", b"\xff\xd8\xff\xe0JFIF", "không phải PNG như phần đuôi"),
    ("bang.docx", b"PK\x03\x04not a zip", "không phải Word (.docx) như phần đuôi"),
    ("rong.pdf", b"", "rỗng"),
])  # fmt: skip
def test_a_file_that_is_not_what_it_says_is_refused_and_nothing_kept(application, manager, name,
                                                                     content, message):  # fmt: skip
    before = _stored_files()
    with pytest.raises(TalentError, match=re.escape(message)):
        upload_evidence(application, SimpleUploadedFile(name, content), kind="degree",
                        rules=RULES, actor=manager)  # fmt: skip
    assert not Evidence.objects.exists()
    assert _stored_files() == before


def test_a_file_over_the_limit_is_refused_with_its_size(application, manager, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_BYTES", 1024 * 1024)
    big = pdf(content=PDF + b"0" * (3 * 1024 * 1024 // 2))
    with pytest.raises(TalentError, match=r"nặng 1,5 MB, quá giới hạn 1 MB"):
        upload_evidence(application, big, kind="degree", rules=RULES, actor=manager)
    assert not Evidence.objects.exists()


def test_accepted_types_are_stored_under_random_names(application, manager):
    png = SimpleUploadedFile("anh.PNG", b"\x89PNG\r\n\x1a\n" + b"\0" * 20)
    docx = SimpleUploadedFile("Danh muc bai bao.docx", _docx())
    stored = [upload_evidence(application, f, kind="papers", rules=["papers__gte"], actor=manager)
              for f in (pdf("Bằng tiến sĩ.pdf"), png, docx)]  # fmt: skip
    names = [e.file.name for e in stored]
    assert [e.content_type for e in stored] == ["application/pdf", "image/png", uploads.DOCX]
    assert len(set(names)) == 3
    for evidence in stored:
        base = Path(evidence.file.name).name
        assert len(base) == 40 and "." not in base  # no name, no extension, no UUID
        assert evidence.uuid.hex not in evidence.file.name
        assert (Path(settings.MEDIA_ROOT) / evidence.file.name).is_file()
    assert stored[0].original_name == "Bằng tiến sĩ.pdf" and stored[0].sha256


def test_a_rule_must_be_named_and_belong_to_the_policy(application, manager):
    with pytest.raises(TalentError, match="Chọn ít nhất một điều kiện"):
        upload_evidence(application, pdf(), kind="degree", rules=[], actor=manager)
    with pytest.raises(TalentError, match="Chính sách không có điều kiện: height__gte"):
        upload_evidence(application, pdf(), kind="degree", rules=["height__gte"], actor=manager)


def test_no_decision_while_a_met_rule_rests_on_unverified_evidence(application, manager):
    with pytest.raises(TalentError, match="chưa có minh chứng đã xác minh: Tuổi"):
        decide(application, number="1/QĐ", day=DECISION, actor=manager)
    degree = upload_evidence(application, pdf(), kind="degree",
                             rules=["education_level__gte", "papers__gte"], actor=manager)  # fmt: skip
    identity = upload_evidence(application, pdf("cccd.pdf"), kind="identity", rules=["age__lte"],
                               actor=manager)  # fmt: skip
    # pending files prove nothing
    assert [r["rule"] for r in unproven_rules(application)] == RULES
    review_evidence(degree, verdict="verified", actor=manager)
    review_evidence(identity, verdict="refused", reason="Ảnh mờ, không đọc được ngày sinh",
                    actor=manager)  # fmt: skip
    with pytest.raises(TalentError) as refused:
        decide(application, number="1/QĐ", day=DECISION, actor=manager)
    assert "Tuổi" in str(refused.value) and "Trình độ" not in str(refused.value)
    assert not Tranche.objects.exists()
    application.refresh_from_db()
    assert application.status == "eligible"
    again = upload_evidence(application, pdf("cccd-ro.pdf"), kind="identity", rules=["age__lte"],
                            actor=manager)  # fmt: skip
    review_evidence(again, verdict="verified", reason="Khớp bản gốc", actor=manager)
    decide(application, number="1/QĐ", day=DECISION, actor=manager)
    application.refresh_from_db()
    assert application.status == "approved"
    # decided: the evidence is closed
    with pytest.raises(TalentError, match="không thay đổi minh chứng"):
        upload_evidence(application, pdf(), kind="other", rules=["age__lte"], actor=manager)
    with pytest.raises(TalentError, match="không thay đổi minh chứng"):
        review_evidence(identity, verdict="verified", actor=manager)


def test_refusal_needs_a_reason_and_every_step_is_audited(application, manager):
    evidence = upload_evidence(application, pdf(), kind="degree", rules=RULES, actor=manager)
    with pytest.raises(TalentError, match="Ghi lý do không chấp nhận"):
        review_evidence(evidence, verdict="refused", reason="  ", actor=manager)
    review_evidence(evidence, verdict="refused", reason="Không có dấu chứng thực", actor=manager)
    details = [e.detail for e in AuditEvent.objects.filter(actor=manager).order_by("id")
               if e.detail.get("what", "").startswith("talent_evidence")]  # fmt: skip
    assert details[0]["what"] == "talent_evidence" and details[0]["rules"] == RULES
    assert details[0]["sha256"] == evidence.sha256 and details[0]["name"] == "bang-tien-si.pdf"
    assert details[1] == {"what": "talent_evidence_review", "evidence": str(evidence.uuid),
                          "from": "pending", "to": "refused",
                          "reason": "Không có dấu chứng thực"}  # fmt: skip


def test_the_file_is_read_only_through_the_checked_view(client, application, manager, viewer,
                                                       sibling):  # fmt: skip
    evidence = upload_evidence(application, pdf("Bằng.pdf"), kind="degree", rules=RULES,
                               actor=manager)  # fmt: skip
    url = reverse("talent:evidence_file", args=[evidence.uuid])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(sibling)
    assert client.get(url).status_code == 404
    client.force_login(viewer)
    assert client.get(url).status_code == 403
    client.force_login(manager)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.filter(action="view", actor=manager,
                                     detail__evidence=str(evidence.uuid)).count() == 1  # fmt: skip
    # no public address: the media directory is not served
    assert client.get(f"/media/{evidence.file.name}").status_code == 404


def test_pages_upload_and_verify(client, application, manager):
    client.force_login(manager)
    url = reverse("talent:application_detail", args=[application.uuid])
    page = client.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in page and "chưa có minh chứng đã xác minh" in page
    upload = reverse("talent:evidence_upload", args=[application.uuid])
    bad = client.post(upload, {"kind": "degree", "rules": RULES,
                               "file": SimpleUploadedFile("a.pdf", b"GIF89a")}, follow=True)  # fmt: skip
    assert "không phải PDF" in bad.content.decode() and not Evidence.objects.exists()
    client.post(upload, {"kind": "degree", "rules": RULES, "file": pdf()})
    evidence = Evidence.objects.get()
    review = reverse("talent:evidence_review", args=[evidence.uuid])
    no_reason = client.post(review, {"verdict": "refused", "reason": ""}, follow=True)
    assert "Ghi lý do không chấp nhận minh chứng." in no_reason.content.decode()
    done = client.post(review, {"verdict": "verified", "reason": ""}, follow=True).content.decode()
    assert "Đã xác minh" in done and "chưa có minh chứng đã xác minh" not in done
    assert reverse("talent:evidence_file", args=[evidence.uuid]) in done


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_carries_the_evidence_files(tmp_path, application, manager):
    # Transactional: SQLite's online backup waits on the open transaction of a plain test.
    evidence = upload_evidence(application, pdf(), kind="degree", rules=RULES, actor=manager)
    backup(tmp_path / "backup", media_root=Path(settings.MEDIA_ROOT))
    with tarfile.open(tmp_path / "backup" / MEDIA_ARCHIVE) as archive:
        member = archive.extractfile(f"./{evidence.file.name}")
        assert member is not None and member.read() == PDF
