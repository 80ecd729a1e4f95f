"""Checking an evidence file before it is stored: its size, and that its content is what
its name says (PDF, JPEG, PNG or Word .docx), so a renamed executable or HTML page is
refused with a Vietnamese message. No Django model here."""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

from trithuc.core.security import UploadRefused, check_archive

MAX_BYTES = 10 * 1024 * 1024
# A Word file holding scanned pages can be large once unzipped, never like a zip bomb.
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TYPES = {".pdf": ("application/pdf", "PDF"), ".jpg": ("image/jpeg", "JPEG"),
         ".jpeg": ("image/jpeg", "JPEG"), ".png": ("image/png", "PNG"),
         ".docx": (DOCX, "Word (.docx)")}  # fmt: skip
MAGIC = {"application/pdf": (b"%PDF-",), "image/jpeg": (b"\xff\xd8\xff",),
         "image/png": (b"\x89PNG\r\n\x1a\n",), DOCX: (b"PK\x03\x04",)}  # fmt: skip


class EvidenceRefused(ValueError):
    """A file we will not keep; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    size: int
    sha256: str


def _is_docx(upload: IO[bytes]) -> bool:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False
    finally:
        upload.seek(0)


def check_evidence_file(upload: Any) -> CheckedFile:
    """The file's type, size and digest, or `EvidenceRefused` saying what is wrong."""
    name = Path(upload.name or "").name[:255]
    suffix = Path(name).suffix.lower()
    if suffix not in TYPES:
        raise EvidenceRefused(_('Tệp "%(n)s" không được nhận: chỉ nhận PDF, ảnh JPG, PNG hoặc '
                                "Word (.docx).") % {"n": name})  # fmt: skip
    content_type, shown = TYPES[suffix]
    if not upload.size:
        raise EvidenceRefused(_('Tệp "%(n)s" rỗng.') % {"n": name})
    if upload.size > MAX_BYTES:
        raise EvidenceRefused(_('Tệp "%(n)s" nặng %(mb)s MB, quá giới hạn %(max)s MB cho mỗi '
                                "minh chứng.") % {"n": name, "mb": f"{upload.size / 2**20:.1f}"
                                                  .replace(".", ","), "max": MAX_BYTES // 2**20})  # fmt: skip
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    wrong = not head.startswith(MAGIC[content_type]) or (content_type == DOCX
                                                           and not _is_docx(upload))  # fmt: skip
    if wrong:
        raise EvidenceRefused(_('Nội dung tệp "%(n)s" không phải %(t)s như phần đuôi tên tệp; '
                                "hãy tải lên đúng tệp gốc.") % {"n": name, "t": shown})  # fmt: skip
    if content_type == DOCX:
        try:
            check_archive(upload, MAX_UNZIPPED_BYTES)
        except UploadRefused as exc:
            raise EvidenceRefused(str(exc)) from exc
    digest = hashlib.sha256()
    for chunk in (
        upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(2**20), b"")
    ):
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(name, content_type, upload.size, digest.hexdigest())
