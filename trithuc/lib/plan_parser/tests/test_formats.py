"""Plans as .doc/.odt/.rtf (through LibreOffice) and as scans (through Tesseract).

Tests that need the binaries skip with the reason when they are absent (a fresh clone
on a machine without them); CI installs them (.ci/run). OCR is kept to one or two pages
per test; the whole seeds' scanned score is bench/bench_ocr.py's.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from trithuc.lib.plan_parser import PlanParseError, ocr, parse_plan_file, parse_plan_text
from trithuc.lib.plan_parser import convert as convert_module
from trithuc.lib.plan_parser.readers import needs_slow_reading, read_plan_document

from .corpus import VARIANTS, compare_header
from .samples import STATE_PLAN_WEB_LAYOUT
from .scans import tools_missing, write_doc, write_docx, write_scan
from .seeds import SEEDS_DIR, compare, expected, score, seed_names

_no_office = tools_missing()
_no_ocr = tools_missing(scan=True, ocr=True)
needs_office = pytest.mark.skipif(bool(_no_office), reason=_no_office or "")
needs_ocr = pytest.mark.skipif(bool(_no_ocr), reason=_no_ocr or "")
needs_seeds = pytest.mark.skipif(not seed_names(), reason=f"seed plans not found in {SEEDS_DIR}")

_HEADER = ("number", "date", "issuer", "implements", "issued_with", "recipients_count")


def _same_plan(got: dict, want: dict) -> None:
    for field in _HEADER:
        assert got[field] == want[field], field
    assert [(t["number"], t["lead"], t["deadline"]["date"]) for t in got["tasks"]] == [
        (t["number"], t["lead"], t["deadline"]["date"]) for t in want["tasks"]
    ]


@needs_office
def test_old_word_file_is_read_through_libreoffice(tmp_path: Path) -> None:
    path = write_doc(STATE_PLAN_WEB_LAYOUT.splitlines(), tmp_path, "ke-hoach")
    assert path.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"
    assert needs_slow_reading(path)
    document = read_plan_document(path)
    assert document.converted and not document.pages
    _same_plan(parse_plan_text(document.text), parse_plan_text(STATE_PLAN_WEB_LAYOUT))


@needs_office
def test_rtf_and_odt_are_read_through_libreoffice(tmp_path: Path) -> None:
    lines = STATE_PLAN_WEB_LAYOUT.splitlines()
    # RTF written by hand: non-ASCII letters as \uN? escapes, as Word writes them.
    body = "".join(
        "".join(c if ord(c) < 128 and c not in "\\{}" else f"\\u{ord(c)}?" for c in line)
        + "\\par\n"
        for line in lines
    )
    rtf = tmp_path / "ke-hoach.rtf"
    rtf.write_text("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times New Roman;}}\\f0\n" + body + "}")
    odt = convert_module.convert_with_office(
        write_docx(lines, tmp_path / "src.docx"), tmp_path / "odt", "odt"
    )
    want = parse_plan_text(STATE_PLAN_WEB_LAYOUT)
    for path in (rtf, odt):
        _same_plan(parse_plan_file(path), want)


def test_office_file_without_libreoffice_says_what_to_do(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(convert_module, "soffice_binary", lambda: None)
    path = tmp_path / "ke-hoach.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(PlanParseError, match="LibreOffice"):
        parse_plan_file(path)


def test_scan_without_tesseract_says_what_to_do(tmp_path: Path, monkeypatch) -> None:
    from .pdfwriter import write_image_only_pdf

    monkeypatch.setattr(ocr, "available", lambda: False)
    path = tmp_path / "scan.pdf"
    write_image_only_pdf(path)
    assert needs_slow_reading(path)
    with pytest.raises(PlanParseError, match="tesseract-ocr-vie"):
        parse_plan_file(path)


_TSV = """\
level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext
1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t
5\t1\t1\t1\t1\t1\t10\t10\t50\t20\t96.5\tKẾ
5\t1\t1\t1\t1\t2\t70\t10\t50\t20\t95.1\tHOẠCH
5\t1\t2\t1\t1\t1\t10\t50\t50\t20\t40.0\tThục
5\t1\t2\t1\t1\t2\t70\t50\t50\t20\t90.0\thiện
5\t1\t2\t1\t2\t1\t10\t80\t50\t20\t91.0\tNghị
5\t1\t2\t1\t2\t2\t70\t80\t50\t20\t-1\t
"""


def test_tesseract_tsv_gives_lines_with_their_confidence() -> None:
    text, lines, confidence = ocr.parse_tsv(_TSV)
    # The two printed lines of one paragraph are one sentence: joined in the text.
    assert text == "KẾ HOẠCH\n\nThục hiện Nghị"
    assert [(line.text, line.confidence) for line in lines] == [
        ("KẾ HOẠCH", 95.5),
        ("Thục hiện", 65.0),
        ("Nghị", 91.0),
    ]
    # Weighted by the words' lengths: the misread word weighs more than "KẾ".
    assert confidence == 81.7
    assert [line.text for line in lines if line.confidence < ocr.LOW_CONFIDENCE] == ["Thục hiện"]


@needs_ocr
def test_scanned_opening_of_a_plan_is_read_back(tmp_path: Path) -> None:
    name, text, want = next(v for v in VARIANTS if v[0] == "preamble_with_a_department_proposal")
    path = tmp_path / "scan.pdf"
    assert write_scan(text.splitlines(), path) == 1
    calls: list[tuple[int, int]] = []
    document = read_plan_document(
        path, progress=lambda done, total: calls.append((done, total)), preview_dir=tmp_path / "p"
    )
    (page,) = document.pages
    assert calls == [(0, 1), (1, 1)]
    assert page.confidence > 85 and page.image and Path(page.image).exists()
    checks = compare_header(parse_plan_text(document.text), want)
    assert [c for c in checks if c[1] != c[2]] == []


@needs_seeds
@needs_office
@pytest.mark.parametrize("name", seed_names() or ["none"])
def test_seed_as_old_word_file_keeps_every_field(name: str, tmp_path: Path) -> None:
    lines = (SEEDS_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    path = write_doc(lines, tmp_path, name)
    matched, total = score(compare(parse_plan_file(path), expected(name)))
    assert matched == total


@needs_seeds
@needs_ocr
def test_seed_scanned_first_pages_keep_the_header(tmp_path: Path) -> None:
    name = seed_names()[0]
    lines = (SEEDS_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "scan.pdf"
    write_scan(lines, path, max_pages=2)
    got = parse_plan_text(read_plan_document(path, workers=2).text)
    want = expected(name)
    for field in ("issuer", "number", "date", "implements"):
        assert got[field] == want[field], field


def test_wrapped_lines_go_back_to_their_sentence_but_items_and_labels_do_not() -> None:
    printed = [
        "Cơ quan tham mưu, thực hiện: Ban Tuyên giáo Thành uỷ; Ban Tổ chức Thành uỷ,",
        "Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội;",
        "Thời gian thực hiện: Thường xuyên.",
        "- Tổ chức quán triệt",
        "- Tuyên truyền",
    ]
    assert ocr.unwrap(printed) == [
        printed[0] + " " + printed[1],
        printed[2],
        printed[3],
        printed[4],
    ]


@pytest.mark.parametrize(
    ("read", "printed"),
    [("IH. Nhiệm vụ", "III. Nhiệm vụ"), ("Il. Mục tiêu", "II. Mục tiêu"),
     ("1V. Kinh phí", "IV. Kinh phí"), ("II. Mục tiêu", "II. Mục tiêu"),
     ("1. Mục đích", "1. Mục đích"), ("Hà Nội", "Hà Nội")],
)  # fmt: skip
def test_roman_heading_numbers_misread_by_tesseract(read: str, printed: str) -> None:
    assert ocr.repair_line(read) == printed


def test_ci_has_libreoffice_and_tesseract() -> None:
    """CI installs the tools (.ci/run): there, the tests above must run, not skip."""
    import os

    if not os.environ.get("CI"):
        pytest.skip("outside CI the LibreOffice and OCR tests skip when the tools are absent")
    assert _no_ocr is None, _no_ocr
