"""Tesseract's slips in a scanned plan and how they are put back (`ocr_slips`,
`ocr.repair_line`): footnote marks told by their boxes, the calls glued to their words,
misread terms. Only the last test runs Tesseract (one page)."""

from __future__ import annotations

from pathlib import Path

import pytest

from trithuc.lib.plan_parser import ocr, parse_plan_text
from trithuc.lib.plan_parser.ocr_slips import Word, raised_marks, repair_terms, restore_calls
from trithuc.lib.plan_parser.readers import read_plan_document

from .samples import PLAN_WITH_FOOTNOTE
from .scans import tools_missing, write_scan

_no_ocr = tools_missing(scan=True, ocr=True)
needs_ocr = pytest.mark.skipif(bool(_no_ocr), reason=_no_ocr or "")

# Boxes as Tesseract gave them on seed 003's scan (300 dpi): the footnote's mark is
# 22 px high with its foot 14 px above the words'; "hệ" and "thống" reach below.
_FOOTNOTE_LINE = [
    Word("1", 70.9, 2491, 22),
    Word("Theo", 96.3, 2489, 38),
    Word("hệ", 96.6, 2489, 47),
    Word("thống", 96.6, 2487, 52),
    Word("chỉ", 96.9, 2489, 38),
    Word("tiêu", 97.0, 2489, 38),
]


def test_a_small_raised_digit_is_a_footnote_mark() -> None:
    assert raised_marks(_FOOTNOTE_LINE)[:2] == ["¹", "Theo"]


def test_digits_of_the_text_stay_digits() -> None:
    # An item number "1." at full height, and a digit as tall as the letters.
    item = [Word("1.", 96.0, 2489, 37), *_FOOTNOTE_LINE[1:]]
    assert raised_marks(item)[0] == "1."
    level = [Word("12", 96.0, 2490, 37), *_FOOTNOTE_LINE[1:]]
    assert raised_marks(level)[0] == "12"
    # Small but on the baseline (a lower-case-sized glyph): not a mark.
    low = [Word("1", 96.0, 2505, 22), *_FOOTNOTE_LINE[1:]]
    assert raised_marks(low)[0] == "1"


def _tsv(lines: list[list[Word]]) -> str:
    rows = [
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    ]
    for n, words in enumerate(lines, start=1):
        for i, w in enumerate(words, start=1):
            rows.append(
                f"5\t1\t{n}\t1\t1\t{i}\t{100 * i}\t{w.top}\t90\t{w.height}\t{w.confidence}\t{w.text}"
            )
    return "\n".join(rows) + "\n"


def test_a_scanned_footnote_and_its_call_read_as_printed() -> None:
    call = [Word(t, 96.0, 960, 38) for t in ("so", "với", "năm")] + [Word("20201);", 96.0, 960, 48)]
    text, lines, _ = ocr.parse_tsv(_tsv([call, _FOOTNOTE_LINE]))
    assert text.splitlines() == ["so với năm 2020¹);", "", "¹ Theo hệ thống chỉ tiêu"]
    assert lines[1].text.startswith("¹ Theo")


@pytest.mark.parametrize(
    ("read", "printed"),
    [
        ("đạt 5 người1.\n¹ Theo báo cáo", "đạt 5 người¹.\n¹ Theo báo cáo"),
        ("năm 20201 và 20201\n¹ Theo", "năm 2020¹ và 20201\n¹ Theo"),
        # No footnote on the page: a number is a number.
        ("năm 20201 người", "năm 20201 người"),
        # The call already read as a mark; a number in a decimal stays.
        ("năm 2020¹ đạt 20201,5\n¹ Theo", "năm 2020¹ đạt 20201,5\n¹ Theo"),
        # The footnote's own text is not its call.
        ("¹ Theo năm 20201", "¹ Theo năm 20201"),
    ],
)
def test_footnote_calls_glued_to_their_word(read: str, printed: str) -> None:
    assert restore_calls(read) == printed


@pytest.mark.parametrize(
    ("read", "printed"),
    [
        ("các chỉ đảng bộ trực thuộc", "các chi đảng bộ trực thuộc"),
        ("các chỉ\nđảng bộ", "các chi\nđảng bộ"),
        ("Chỉ cục Thuế", "Chi cục Thuế"),
        ("các chỉ bộ, chỉ đoàn", "các chi bộ, chi đoàn"),
        ("chỉ đạo các chỉ bộ phận", "chỉ đạo các chỉ bộ phận"),
        ("không chỉ đoàn kết", "không chỉ đoàn kết"),
        ("chỉ tiêu", "chỉ tiêu"),
    ],
)
def test_party_and_state_terms_misread_with_a_tone(read: str, printed: str) -> None:
    assert repair_terms(read) == printed


@pytest.mark.parametrize(
    ("read", "printed"),
    [("S. Giao Ban Tuyên giáo", "5. Giao Ban Tuyên giáo"), ("S) Ủy ban", "5) Ủy ban"),
     ("S. giao", "S. giao"), ("SỞ Y TẾ", "SỞ Y TẾ")],
)  # fmt: skip
def test_item_five_misread_as_s(read: str, printed: str) -> None:
    assert ocr.repair_line(read) == printed


@needs_ocr
def test_scanned_footnote_is_the_baseline_not_a_target(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    assert write_scan(PLAN_WITH_FOOTNOTE.splitlines(), path) == 1
    got = parse_plan_text(read_plan_document(path, workers=1).text)
    want = parse_plan_text(PLAN_WITH_FOOTNOTE)
    fields = ("indicator", "comparator", "value", "unit", "year", "sector")
    assert [[t[f] for f in fields] for t in got["targets"]] == [
        [t[f] for f in fields] for t in want["targets"]
    ]
    assert want["targets"][0]["baseline"]["value"] == 17178
    baseline = ("year", "value", "unit")
    assert [got["targets"][0]["baseline"][f] for f in baseline] == [2020, 17178, "người"]
    assert [t["implementers"] for t in got["tasks"]] == [t["implementers"] for t in want["tasks"]]
