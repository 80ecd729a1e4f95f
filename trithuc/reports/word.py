"""The report as a Word document in the official format (python-docx).

A4; margins top and bottom 20 mm, left 30 mm, right 15 mm (Decree 30/2020/NĐ-CP,
Annex I; Hướng dẫn 36-HD/VPTW uses the same page); Times New Roman 14 pt for the body,
the header blocks in a borderless two-column table, the page number at the top centre
from page 2 (a different first page), the annex tables after a page break, then "Nơi
nhận:" and the signature block."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Length, Mm, Pt

from trithuc.reports.letterhead import Letterhead
from trithuc.reports.narrative import SECTIONS
from trithuc.reports.registry import cell_text

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}


def _set_font(run: Any, size: float | None = None) -> None:
    run.font.name = FONT
    r_pr = run._element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    if size:
        run.font.size = Pt(size)


def _para(container: Any, text: str = "", *, bold: bool = False, italic: bool = False,
          size: float = BODY_PT, align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = False,
          underline: bool = False, after: float = 6) -> Any:  # fmt: skip
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_after, fmt.space_before = Pt(after), Pt(0)
    if indent:
        fmt.first_line_indent = Mm(10)
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    _set_font(run, size)
    return paragraph


def _no_borders(table: Any) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def _cell_lines(cell: Any, lines: list[tuple[str, dict[str, Any]]]) -> None:
    cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)
    for text, options in lines:
        _para(cell, text, align=options.pop("align", WD_ALIGN_PARAGRAPH.CENTER), after=0, **options)


def _page_number_field(paragraph: Any) -> None:
    run = paragraph.add_run()
    _set_font(run, BODY_PT)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _page_setup(document: Any) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance = section.footer_distance = Mm(10)
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number_field(header)
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(BODY_PT)
    style.element.get_or_add_rPr()
    fonts = style.element.rPr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        style.element.rPr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)


def _header(document: Any, head: Letterhead) -> None:
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.width, right.width = Mm(65), Mm(100)
    lines: list[tuple[str, dict[str, Any]]] = []
    if head.superior:
        lines.append((head.superior, {"size": 13, "bold": head.style == "party"}))
    lines.append((head.issuer, {"size": 13, "bold": True}))
    lines.append(("*" if head.style == "party" else "", {"size": 13}))
    lines.append((head.number_line, {"size": 13 if head.style == "state" else 14}))
    _cell_lines(left, lines)
    right_lines: list[tuple[str, dict[str, Any]]] = []
    if head.style == "party":
        right_lines.append((head.national[0], {"size": 15, "bold": True, "underline": True}))
        right_lines.append(("", {"size": 13}))
    else:
        right_lines.append((head.national[0], {"size": 13, "bold": True}))
        right_lines.append((head.national[1], {"size": 14, "bold": True, "underline": True}))
        right_lines.append(("", {"size": 13}))
    right_lines.append((head.place_date, {"size": 14, "italic": True}))
    _cell_lines(right, right_lines)


def _run_xml(text: str, size: float, bold: bool = False) -> str:
    fonts = " ".join(f'w:{slot}="{FONT}"' for slot in ("ascii", "hAnsi", "cs", "eastAsia"))
    half_points = round(size * 2)
    return (f"<w:r><w:rPr><w:rFonts {fonts}/>{'<w:b/>' if bold else ''}"
            f'<w:sz w:val="{half_points}"/></w:rPr>{_text_xml(text)}</w:r>')  # fmt: skip


def _text_xml(text: str) -> str:
    """The run's content as python-docx's `add_run` writes it: a line break and a tab are
    elements, spaces at either end kept."""
    parts = []
    for i, line in enumerate(text.replace("\r\n", "\n").split("\n")):
        if i:
            parts.append("<w:br/>")
        for j, piece in enumerate(line.split("\t")):
            if j:
                parts.append("<w:tab/>")
            if piece:
                keep = ' xml:space="preserve"' if piece != piece.strip() else ""
                parts.append(f"<w:t{keep}>{escape(piece)}</w:t>")
    return "".join(parts)


def _cell_xml(text: str, size: float, align: str, twips: int, bold: bool = False) -> str:
    width_xml = f'<w:tcPr><w:tcW w:w="{twips}" w:type="dxa"/></w:tcPr>'
    return (f'<w:tc>{width_xml}<w:p><w:pPr><w:jc w:val="{align}"/></w:pPr>'
            f"{_run_xml(text, size, bold)}</w:p></w:tc>")  # fmt: skip


def _grid(
    document: Any, header: list[str], rows: list[list[str]], widths: list[float] | None = None
) -> None:
    """A bordered table. Its rows are written as one piece of WordprocessingML, parsed
    once: python-docx adding cell by cell took 0.5 s for a report's annexes (each run's
    and each cell's properties looked up and inserted one element at a time)."""
    # A wide table (sector × level) in 10 pt, so that five-digit counts fit their cells.
    size = TABLE_PT if len(header) <= 7 else 10
    table = document.add_table(rows=0, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # Every cell states its width, as python-docx writes it: the given ones, or the
    # page's width shared out (the grid `add_table` wrote).
    width_of = [Mm(w).twips for w in widths] if widths else []
    width_of += [Length(c.width).twips for c in list(table.columns)[len(width_of) :]]
    body = ["<w:tr>" + "".join(_cell_xml(text, size, "center", width_of[j], bold=True)
                               for j, text in enumerate(header)) + "</w:tr>"]  # fmt: skip
    for row in rows:
        cells = []
        for j, text in enumerate(row):
            align = "left" if j == 1 or len(header) <= 2 else "center"
            cells.append(_cell_xml(text, size, align, width_of[j]))
        if len(cells) != len(header):
            raise ValueError("a row of the table has not as many cells as its header")
        body.append("<w:tr>" + "".join(cells) + "</w:tr>")
    parsed = parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(body)}</w:tbl>")
    for element in list(parsed):
        table._tbl.append(element)
    if widths:
        # Word and LibreOffice read the grid and each cell's width; autofit would undo them.
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=False):
            column.width = Mm(width)
    _para(document, "", after=4)


def target_rows(data: dict[str, Any]) -> list[list[str]]:
    rows = []
    for i, t in enumerate(data["targets"], start=1):
        baseline = ""
        if t.get("baseline_value") is not None:
            baseline = f"{cell_text(t['baseline_value'])} ({t.get('baseline_year') or ''})"
        reported = ""
        if t.get("reported"):
            reported = f"{cell_text(t['reported']['value'])} ({t['reported']['year']})"
        rows.append([str(i), t.get("indicator_name") or (t.get("text") or "")[:120],
                     baseline, f"{t['target_text']} ({t['year']})", t["value_text"], reported,
                     t["status_label"]])  # fmt: skip
    return rows


TARGET_HEADER = ["TT", "Chỉ tiêu", "Năm gốc", "Mục tiêu", "Giá trị tại ngày chốt",
                 "Số báo cáo", "Đánh giá"]  # fmt: skip
AGENCY_HEADER = ["TT", "Cơ quan", "Phải nộp", "Đã nộp", "Quá hạn", "Đang soạn", "Chưa báo cáo"]


def agency_rows(data: dict[str, Any]) -> list[list[str]]:
    return [[str(i), a["agency"], str(a["due"]), str(a["submitted"]), str(a["late"]),
             str(a["draft"]), str(a["missing"])]
            for i, a in enumerate(data["agency_reports"], start=1)]  # fmt: skip


def _text_block(document: Any, text: str) -> None:
    for line in (text or "").splitlines():
        if line.strip():
            _para(document, line.strip(), indent=True)


def _results(document: Any, data: dict[str, Any], narrative: dict[str, str]) -> None:
    _text_block(document, narrative.get("results", ""))
    _para(document, "1. Kết quả thực hiện các nhiệm vụ", bold=True, indent=True)
    for task in data["tasks"]:
        head = f"{task['number']}. {task['title']}".strip(". ")
        _para(document, f"- {head} (chủ trì: {task['lead'] or 'chưa giao'}): "
                        f"{task['status_label'].lower()}.", indent=True, italic=True)  # fmt: skip
        for report in task["reports"]:
            if report["achievements"].strip():
                _para(
                    document, f"{report['agency']}: {report['achievements'].strip()}", indent=True
                )
    _para(document, "2. Kết quả thực hiện các chỉ tiêu", bold=True, indent=True)
    if data["targets"]:
        _para(document, f"Giá trị tính đến ngày {_d(data['as_of'])} từ cơ sở dữ liệu đội ngũ "
                        "trí thức (chi tiết tại Phụ lục 1):", indent=True)  # fmt: skip
        for i, t in enumerate(data["targets"], start=1):
            name = t.get("indicator_name") or (t.get("text") or "")[:120]
            _para(document, f"- Chỉ tiêu {i}: {name}: đạt {t['value_text']} (mục tiêu "
                            f"{t['target_text']} năm {t['year']}), {t['status_label'].lower()}.",
                  indent=True)  # fmt: skip
    else:
        _para(document, "Kế hoạch không có chỉ tiêu định lượng.", indent=True)
    if data["children"]:
        _para(document, "3. Báo cáo của các cơ quan, đơn vị", bold=True, indent=True)
        for child in data["children"]:
            t = child["tasks"]
            _para(document, f"- {child['agency']} ({child['plan']}): {t['done']}/{t['total']} "
                            f"nhiệm vụ hoàn thành, {t['in_progress']} đang thực hiện.", indent=True)  # fmt: skip


def _d(text: str) -> str:
    y, m, d = text.split("-")
    return f"{d}/{m}/{y}"


def _annexes(document: Any, data: dict[str, Any]) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run().add_break(WD_BREAK.PAGE)
    _para(document, "PHỤ LỤC", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(document, f"(Số liệu tính đến ngày {_d(data['as_of'])})", italic=True,
          align=WD_ALIGN_PARAGRAPH.CENTER)  # fmt: skip
    number = 1
    _para(document, f"Phụ lục {number}. Kết quả thực hiện các chỉ tiêu", bold=True, after=4)
    _grid(document, TARGET_HEADER, target_rows(data), [9, 58, 18, 22, 20, 18, 20])
    registry = data["registry"]
    if registry["too_few"]:
        _para(document, "Số trí thức quá ít để công bố cơ cấu.", italic=True)
    for table in registry["tables"]:
        if not table["in_docx"]:
            continue
        number += 1
        _para(document, f"Phụ lục {number}. {table['title']}", bold=True, after=4)
        header = ["TT", "", *table["columns"]]
        rows = [[str(i), row["label"], *map(cell_text, row["values"])]
                for i, row in enumerate(table["rows"], start=1)]  # fmt: skip
        rows.append(["", "Tổng số", *map(cell_text, table["totals"])])
        rest = (165 - 10 - 42) / max(1, len(table["columns"]))
        _grid(document, header, rows, [10, 42, *[rest] * len(table["columns"])])
    if registry["suppressed"]:
        _para(document, f"Ghi chú: ô ghi \"x\" là số dưới {registry['threshold']} người hoặc ô "
                        "che kèm để không suy ra được, theo quy định bảo vệ dữ liệu cá nhân.",
              italic=True, size=12)  # fmt: skip
    number += 1
    _para(document, f"Phụ lục {number}. Tình hình báo cáo của các cơ quan", bold=True, after=4)
    _grid(document, AGENCY_HEADER, agency_rows(data))


def _signature(document: Any, report: dict[str, Any]) -> None:
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(80), Mm(85)
    lines: list[tuple[str, dict[str, Any]]] = [
        ("Nơi nhận:", {"size": 12, "bold": True, "italic": True, "align": WD_ALIGN_PARAGRAPH.LEFT})
    ]
    for line in (report["recipients"] or "").splitlines():
        if line.strip():
            lines.append((line.strip(), {"size": 11, "align": WD_ALIGN_PARAGRAPH.LEFT}))
    _cell_lines(left, lines)
    sign: list[tuple[str, dict[str, Any]]] = []
    if report["signer_authority"]:
        sign.append((report["signer_authority"], {"size": 14, "bold": True}))
    sign.append((report["signer_title"], {"size": 14, "bold": True}))
    sign += [("", {"size": 14})] * 3
    sign.append((report["signer_name"], {"size": 14, "bold": True}))
    _cell_lines(right, sign)


def build_docx(data: dict[str, Any], report: dict[str, Any], head: Letterhead) -> bytes:
    """The .docx of a report: `data` from the assembly, `report` its editable parts
    (narrative, title, recipients, signer), `head` its letterhead."""
    document = Document()
    _page_setup(document)
    _header(document, head)
    _para(document, "", after=6)
    _para(document, "BÁO CÁO", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _para(document, report["title"], bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _para(document, "-----", align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
    narrative = report["narrative"]
    _text_block(document, narrative.get("intro", ""))
    for key, heading in SECTIONS[1:]:
        _para(document, heading.replace(" (nhận định chung)", "").upper(), bold=True, indent=True)
        if key == "results":
            _results(document, data, narrative)
        else:
            _text_block(document, narrative.get(key, ""))
    _para(document, "", after=6)
    _signature(document, report)
    _annexes(document, data)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class Line:
    """One paragraph of a document's body: a heading (bold, not indented) or a paragraph
    (indented first line, justified)."""

    text: str
    heading: bool = False
    italic: bool = False
    lead: str = ""  # a bold opening ("Kiến nghị 1: ") before the text


def build_letter(head: Letterhead, *, kind: str, title: str, lines: list[Line],
                 signature: dict[str, Any]) -> bytes:  # fmt: skip
    """A State- or Party-format document other than a plan report (a synthesis of expert
    opinions, a note): the same page, header blocks, title, "Nơi nhận:" and signature as
    `build_docx`. `signature` holds recipients, signer_authority, signer_title and
    signer_name as for a report."""
    document = Document()
    _page_setup(document)
    _header(document, head)
    _para(document, "", after=6)
    _para(document, kind.upper(), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _para(document, title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _para(document, "-----", align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
    for line in lines:
        if line.heading:
            _para(document, line.text, bold=True, indent=True)
            continue
        paragraph = _para(document, line.lead, bold=True, indent=True)
        run = paragraph.add_run(line.text)
        run.italic = line.italic
        _set_font(run, BODY_PT)
    _para(document, "", after=6)
    _signature(document, signature)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
