"""The .docx read back with python-docx: page, margins, fonts, header blocks, number line,
"Nơi nhận", signature and page numbers from page 2, in the State and the Party format."""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.oxml.ns import qn

from trithuc.lib.letterhead import abbreviation, style_for
from trithuc.reports.documents import render
from trithuc.reports.services import DraftInput, save_draft

pytestmark = pytest.mark.django_db


def _text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def _read(report, user=None):
    content, name, _ = render(report, "docx", user=user)
    assert name.endswith(".docx")
    return Document(io.BytesIO(content))


def _check_page(document) -> None:
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert 20 <= round(section.top_margin.mm) <= 25 and 20 <= round(section.bottom_margin.mm) <= 25
    assert 30 <= round(section.left_margin.mm) <= 35 and 15 <= round(section.right_margin.mm) <= 20
    normal = document.styles["Normal"].font
    assert normal.name == "Times New Roman" and 13 <= normal.size.pt <= 14
    # Page numbers from page 2: a different first page, the PAGE field in the other header.
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml
    body_runs = [r for p in document.paragraphs for r in p.runs if r.text.strip()]
    assert body_runs and all(r.font.name == "Times New Roman" for r in body_runs)
    sizes = {r.font.size.pt for p in document.paragraphs if p.paragraph_format.first_line_indent
             for r in p.runs if r.text.strip()}  # fmt: skip
    assert sizes and sizes <= {13.0, 14.0}


def test_party_format_for_a_provincial_party_plan(yearly, demo):
    assert style_for(demo["plan"].issuer) == "party"
    save_draft(yearly, DraftInput({"proposals": "- Đề nghị Tỉnh ủy bổ sung kinh phí."},
                                  {"number": "246", "signer_name": "Nguyễn Văn B"}),
               expected_version=0, actor=demo["coordinator"])  # fmt: skip
    document = _read(yearly)
    _check_page(document)
    header = document.tables[0].rows[0].cells
    left, right = header[0].text, header[1].text
    assert "TỈNH ỦY CAO BẰNG" in left and "*" in left and "Số 246-BC/TU" in left
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in right and "Cao Bằng, ngày" in right
    assert "CỘNG HÒA" not in _text(document)
    text = _text(document)
    assert "BÁO CÁO" in text and "Kết quả năm 2025 thực hiện Kế hoạch số 15-KH/TU" in text
    assert "Đề nghị Tỉnh ủy bổ sung kinh phí." in text
    signature = next(t for t in document.tables if "Nơi nhận:" in t.rows[0].cells[0].text)
    assert "T/M BAN THƯỜNG VỤ" in signature.rows[0].cells[1].text
    assert "Nguyễn Văn B" in signature.rows[0].cells[1].text
    assert "Ban Thường vụ Tỉnh ủy (b/c)" in signature.rows[0].cells[0].text


def test_state_format_for_a_department_plan(demo):
    from trithuc.plans.models import Plan
    from trithuc.reports.services import draft_for, find_period

    child = Plan.objects.get(number="42-KH/SNV")
    assert style_for(child.issuer) == "state" and abbreviation(child.issuer) == "SNV"
    report = draft_for(child, find_period(child, "yearly", 2025))
    report.number = "12"
    document = _read(report)
    _check_page(document)
    left, right = (c.text for c in document.tables[0].rows[0].cells)
    assert "UBND TỈNH CAO BẰNG" in left and "SỞ NỘI VỤ" in left and "Số: 12/BC-SNV" in left
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right
    assert "Độc lập - Tự do - Hạnh phúc" in right
    underlined = [
        r for p in document.tables[0].rows[0].cells[1].paragraphs for r in p.runs if r.underline
    ]
    assert [r.text for r in underlined] == ["Độc lập - Tự do - Hạnh phúc"]
    assert "ĐẢNG CỘNG SẢN" not in _text(document)
    assert "Nơi nhận:" in _text(document) and "- Lưu: VT." in _text(document)
    # The issuer-derived style can be overridden.
    report.style = "party"
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in _text(_read(report))


def test_run_fonts_name_east_asian_slot_too(yearly):
    document = _read(yearly)
    run = next(r for p in document.paragraphs for r in p.runs if r.text.strip())
    fonts = run._element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "Times New Roman"
