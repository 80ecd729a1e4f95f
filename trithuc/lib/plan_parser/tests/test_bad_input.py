"""Bad input: a clear Vietnamese message (library) and exit status 2 (command), no traceback."""

from __future__ import annotations

import io
import json
import logging
import os
import struct
import subprocess
import sys
import zipfile
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
    if kind == "damaged_docx":
        path = tmp_path / "damaged.docx"
        path.write_bytes(_damaged_docx())
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


def _damaged_docx() -> bytes:
    """A real .docx whose compressed document.xml is damaged half-way: zipfile opens it,
    then zlib fails while python-docx reads the part (a file cut or altered in transit)."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for i in range(200):
        document.add_paragraph(f"Dòng {i} của kế hoạch phát triển đội ngũ trí thức")
    buffer = io.BytesIO()
    document.save(buffer)
    data = bytearray(buffer.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as package:
        info = package.getinfo("word/document.xml")
    offset = info.header_offset
    name_len, extra_len = struct.unpack("<HH", data[offset + 26 : offset + 30])
    middle = offset + 30 + name_len + extra_len + info.compress_size // 2
    data[middle : middle + 16] = b"\xff" * 16
    return bytes(data)


KINDS = [
    "empty",
    "blank",
    "binary",
    "binary_no_nul",
    "not_a_plan",
    "scanned_pdf",
    "broken_pdf",
    "broken_docx",
    "damaged_docx",
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


@needs_django
def test_command_keeps_pypdf_repair_logs_out_of_the_message(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # pypdf logs "invalid pdf header", "EOF marker not found" in English while it tries to
    # repair a damaged file: the user reads only the Vietnamese message.
    path, word = _make("broken_pdf", tmp_path)
    from django.core.management import call_command

    err = io.StringIO()
    with caplog.at_level(logging.WARNING), pytest.raises(SystemExit) as info:
        call_command("parse_plan", str(path), stdout=io.StringIO(), stderr=err)
    assert info.value.code == 2
    assert err.getvalue().strip() == "Không đọc được tệp PDF: tệp bị hỏng hoặc được bảo vệ."
    assert [r.getMessage() for r in caplog.records if r.name.startswith("pypdf")] == []
    # The logger is left as it was for the rest of the process.
    assert logging.getLogger("pypdf").level == logging.NOTSET


def _console_script() -> list[str]:
    script = Path(sys.executable).with_name("trithuc")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "django"]


@needs_django
@pytest.mark.parametrize("kind", ["empty", "binary", "scanned_pdf", "not_a_plan", "broken_pdf"])
def test_console_script_exits_2_with_only_the_message(kind: str, tmp_path: Path) -> None:
    # The real process, as a user runs it: exit status, stderr and stdout as they are.
    path, word = _make(kind, tmp_path)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "trithuc.test_settings"}
    done = subprocess.run(
        [*_console_script(), "parse_plan", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert word in done.stderr
    # One line of Vietnamese: no traceback, no English log lines from the readers.
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
