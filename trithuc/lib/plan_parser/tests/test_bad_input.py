"""Bad input: a clear Vietnamese message (library) and exit status 2 (command), no traceback."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from trithuc.lib.plan_parser import PlanParseError, parse_plan_file, parse_plan_text

from .pdfwriter import write_image_only_pdf
from .samples import NOT_A_PLAN, STATE_PLAN_WEB_LAYOUT


def _make(kind: str, tmp_path: Path) -> tuple[Path, str]:
    """A bad input file of the given kind and a word its message must contain."""
    if kind == "empty":
        path = tmp_path / "empty.txt"
        path.write_bytes(b"")
        return path, "rỗng"
    if kind == "blank":
        path = tmp_path / "blank.txt"
        path.write_text(" \n\t\n  \n", encoding="utf-8")
        return path, "rỗng"
    if kind == "binary":
        path = tmp_path / "image.txt"
        path.write_bytes(bytes(range(256)) * 40)
        return path, "nhị phân"
    if kind == "binary_no_nul":
        path = tmp_path / "noise.txt"
        path.write_bytes(bytes(b % 31 + 1 for b in os.urandom(4000)))
        return path, "nhị phân"
    if kind == "not_a_plan":
        path = tmp_path / "article.txt"
        path.write_text(NOT_A_PLAN, encoding="utf-8")
        return path, "không phải là một kế hoạch"
    if kind == "scanned_pdf":
        path = tmp_path / "scan.pdf"
        write_image_only_pdf(path)
        return path, "lớp văn bản"
    if kind == "broken_pdf":
        path = tmp_path / "broken.pdf"
        path.write_bytes(b"%PDF-1.7\n1 0 obj <<\ngarbage")
        return path, "PDF"
    if kind == "broken_docx":
        path = tmp_path / "broken.docx"
        path.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 20)
        return path, "Word"
    if kind == "old_doc":
        path = tmp_path / "old.doc"
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
        return path, ".docx"
    if kind == "missing":
        return tmp_path / "khong-co.txt", "Không tìm thấy"
    if kind == "directory":
        return tmp_path, "thư mục"
    raise AssertionError(kind)


KINDS = [
    "empty",
    "blank",
    "binary",
    "binary_no_nul",
    "not_a_plan",
    "scanned_pdf",
    "broken_pdf",
    "broken_docx",
    "old_doc",
    "missing",
    "directory",
]


@pytest.mark.parametrize("kind", KINDS)
def test_library_raises_plan_parse_error_with_vietnamese_message(kind: str, tmp_path: Path) -> None:
    path, word = _make(kind, tmp_path)
    with pytest.raises(PlanParseError) as info:
        parse_plan_file(path)
    assert word in info.value.message_vi
    assert str(info.value) == info.value.message_vi


@pytest.mark.parametrize("text", ["", "   \n\n", "\x00\x01\x02binary", NOT_A_PLAN])
def test_parse_plan_text_rejects_non_plans(text: str) -> None:
    with pytest.raises(PlanParseError):
        parse_plan_text(text)


def _django_ready() -> bool:
    try:
        from django.conf import settings

        return bool(settings.configured)
    except ImportError:
        return False


needs_django = pytest.mark.skipif(not _django_ready(), reason="Django settings are not configured")


def _run(*args: str) -> tuple[str, str]:
    from django.core.management import call_command

    out, err = io.StringIO(), io.StringIO()
    call_command("parse_plan", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@needs_django
@pytest.mark.parametrize("kind", KINDS)
def test_command_exits_2_with_message_on_stderr(kind: str, tmp_path: Path) -> None:
    path, word = _make(kind, tmp_path)
    from django.core.management import call_command

    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as info:
        call_command("parse_plan", str(path), stdout=out, stderr=err)
    assert info.value.code == 2
    assert word in err.getvalue()
    assert "Traceback" not in err.getvalue()
    assert out.getvalue() == ""


@needs_django
def test_command_prints_one_json_object(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.txt"
    path.write_text(STATE_PLAN_WEB_LAYOUT, encoding="utf-8")
    out, err = _run(str(path))
    plan = json.loads(out)
    assert plan["number"] == "15/KH-UBND"
    assert plan["doc"] == "ke-hoach.txt"
    # ensure_ascii=False: Vietnamese is printed as is, and indent=2.
    assert "Ủy ban nhân dân tỉnh Lâm Đồng" in out
    assert '\n  "number": "15/KH-UBND"' in out
    assert err == ""


@needs_django
def test_command_text_summary(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.txt"
    path.write_text(STATE_PLAN_WEB_LAYOUT, encoding="utf-8")
    out, _ = _run(str(path), "--format", "text")
    assert out.startswith("KẾ HOẠCH số 15/KH-UBND, ngày 12/03/2025")
    assert "Cơ quan ban hành: Ủy ban nhân dân tỉnh Lâm Đồng" in out
    assert "III.4. Sơ kết việc thực hiện Kế hoạch" in out
    assert "Thời hạn: Quý III/2026 (đến 30/09/2026)" in out
    assert "Người ký: Nguyễn Văn An" in out


@needs_django
def test_command_reads_docx_and_pdf(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    from .pdfwriter import write_text_pdf

    document = docx.Document()
    for line in STATE_PLAN_WEB_LAYOUT.splitlines():
        document.add_paragraph(line)
    document.save(tmp_path / "plan.docx")
    write_text_pdf(tmp_path / "plan.pdf", STATE_PLAN_WEB_LAYOUT.splitlines())
    for name in ("plan.docx", "plan.pdf"):
        out, _ = _run(str(tmp_path / name))
        assert json.loads(out)["implements"] == ["77-CTr/TU", "107/NQ-CP"], name
