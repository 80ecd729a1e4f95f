"""The PDF through one resident LibreOffice (`reports.pdf`, `TRITHUC_PDF_RESIDENT`): the
first conversion starts it, the next ones reuse it, the text holds the report's figures;
when it fails the conversion falls back to starting LibreOffice for the file, and the
failed one is stopped. No LibreOffice outlives the test."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from trithuc.reports import pdf
from trithuc.reports.documents import render
from trithuc.reports.registry import cell_text

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not shutil.which("soffice") or not Path(pdf.UNO_PYTHON).exists(),
        reason="LibreOffice (soffice) and python3-uno are not installed: apt-get install "
        "libreoffice-writer-nogui fonts-liberation2",
    ),
]


@pytest.fixture
def resident(settings):
    settings.TRITHUC_PDF_RESIDENT = True
    if not pdf.resident_available():
        pytest.skip("python3-uno is not installed")
    pdf.stop_resident()
    yield
    pdf.stop_resident()
    assert not (pdf._resident_profile() / "pid").exists()


def _alive(pid_file: Path) -> bool:
    pid = int(pid_file.read_text())
    return Path(f"/proc/{pid}").exists()


def _text(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "bc.pdf"
    path.write_bytes(content)
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout  # fmt: skip
    return " ".join(out.split())


def test_the_resident_libreoffice_makes_the_pdfs(yearly, resident, tmp_path):
    docx = render(yearly, "docx")[0]
    first = pdf.docx_to_pdf(docx)
    pid_file = pdf._resident_profile() / "pid"
    assert first.startswith(b"%PDF") and _alive(pid_file)
    pid = pid_file.read_text()
    second = pdf.docx_to_pdf(docx)
    assert second.startswith(b"%PDF") and pid_file.read_text() == pid  # the same one
    data = __import__("json").loads(render(yearly, "json")[0])
    text = _text(second, tmp_path)
    assert cell_text(data["registry"]["total"]) in text
    for row in data["targets"]:
        assert row["value_text"] in text or row["value_text"].replace(" ", "") in text


def test_a_failing_resident_is_stopped_and_the_file_converted_anyway(
    yearly, resident, monkeypatch, tmp_path
):
    failing = tmp_path / "failing.py"
    failing.write_text("import sys\nsys.exit(4)\n")
    docx = render(yearly, "docx")[0]
    pdf.docx_to_pdf(docx)  # a resident one runs
    pid_file = pdf._resident_profile() / "pid"
    assert _alive(pid_file)
    monkeypatch.setattr(pdf, "UNO_CLIENT", failing)
    content = pdf.docx_to_pdf(docx)
    assert content.startswith(b"%PDF")  # LibreOffice started for this file
    assert not pid_file.exists()  # the failing resident one was stopped


def test_a_command_starts_no_resident_libreoffice(yearly, resident):
    content = pdf.docx_to_pdf(render(yearly, "docx")[0], start=False)
    assert content.startswith(b"%PDF")
    assert not (pdf._resident_profile() / "pid").exists()
