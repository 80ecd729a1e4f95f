"""Plans rendered as they reach a province: an old Word file (.doc) and a scan (the text
set in a page by LibreOffice, rasterised, wrapped in an image-only PDF).

Used by the tests and by bench/bench_ocr.py; each needs LibreOffice, and a scan needs
poppler-utils (pdftoppm) too: `tools_missing()` says which are absent.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from trithuc.lib.plan_parser.convert import convert_with_office, soffice_binary

from .pdfwriter import read_pgm, write_image_pdf

SCAN_DPI = 300


def tools_missing(*, scan: bool = False, ocr: bool = False) -> str | None:
    """Why the renderings cannot be made here (a skip reason), or None."""
    from trithuc.lib.plan_parser import ocr as ocr_module

    if soffice_binary() is None:
        return "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
    if scan and shutil.which("pdftoppm") is None:
        return "pdftoppm is not installed: apt-get install poppler-utils"
    if ocr and not ocr_module.available():
        return "Tesseract with Vietnamese is not installed: apt-get install tesseract-ocr tesseract-ocr-vie"
    return None


def write_docx(lines: list[str], path: Path) -> Path:
    """One paragraph per line, in the administrative documents' Times New Roman 13."""
    import docx
    from docx.shared import Pt

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    style.paragraph_format.space_after = Pt(3)
    for line in lines:
        document.add_paragraph(line)
    document.save(path)
    return path


def write_doc(lines: list[str], folder: Path, stem: str) -> Path:
    """The lines as a Word 97-2003 file, written by LibreOffice from a .docx."""
    docx_path = write_docx(lines, folder / f"{stem}.docx")
    with tempfile.TemporaryDirectory(prefix="trithuc-doc-") as out:
        produced = convert_with_office(docx_path, Path(out), "doc")
        target = folder / f"{stem}.doc"
        shutil.move(produced, target)
    docx_path.unlink()
    return target


def write_scan(lines: list[str], path: Path, *, max_pages: int | None = None) -> int:
    """The lines printed and scanned at 300 dpi into an image-only PDF at `path`;
    `max_pages` keeps only the first pages. Returns the number of pages."""
    with tempfile.TemporaryDirectory(prefix="trithuc-scan-") as folder:
        work = Path(folder)
        pdf = convert_with_office(write_docx(lines, work / "plan.docx"), work, "pdf")
        from pypdf import PdfReader

        count = len(PdfReader(str(pdf)).pages)
        if max_pages:
            count = min(count, max_pages)
        pages = []
        for number in range(1, count + 1):
            base = work / f"page-{number}"
            subprocess.run(  # noqa: S603, S607
                [shutil.which("pdftoppm") or "pdftoppm", "-r", str(SCAN_DPI), "-gray", "-singlefile", "-f", str(number),
                 "-l", str(number), str(pdf), str(base)],
                check=True, capture_output=True, timeout=120,
            )  # fmt: skip
            pages.append(read_pgm(base.with_suffix(".pgm")))
        write_image_pdf(path, pages, SCAN_DPI)
    return count
