"""An administrative document as Word (python-docx), in the official format both the
reports and other apps' letters use.

A4; margins top and bottom 20 mm, left 30 mm, right 15 mm (Decree 30/2020/NĐ-CP,
Annex I; Hướng dẫn 36-HD/VPTW uses the same page); Times New Roman 14 pt for the body,
the header blocks in a borderless two-column table, the page number at the top centre
from page 2 (a different first page), then "Nơi nhận:" and the signature block."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Length, Mm, Pt

from trithuc.lib.letterhead import Letterhead

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}


def set_font(run: Any, size: float | None = None) -> None:
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


def para(container: Any, text: str = "", *, bold: bool = False, italic: bool = False,
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
    set_font(run, size)
    return paragraph


def no_borders(table: Any) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def cell_lines(cell: Any, lines: list[tuple[str, dict[str, Any]]]) -> None:
    cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)
    for text, options in lines:
        para(cell, text, align=options.pop("align", WD_ALIGN_PARAGRAPH.CENTER), after=0, **options)


def _page_number_field(paragraph: Any) -> None:
    run = paragraph.add_run()
    set_font(run, BODY_PT)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def page_setup(document: Any) -> None:
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


def header_blocks(document: Any, head: Letterhead) -> None:
    table = document.add_table(rows=1, cols=2)
    no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.width, right.width = Mm(65), Mm(100)
    lines: list[tuple[str, dict[str, Any]]] = []
    if head.superior:
        lines.append((head.superior, {"size": 13, "bold": head.style == "party"}))
    lines.append((head.issuer, {"size": 13, "bold": True}))
    lines.append(("*" if head.style == "party" else "", {"size": 13}))
    lines.append((head.number_line, {"size": 13 if head.style == "state" else 14}))
    cell_lines(left, lines)
    right_lines: list[tuple[str, dict[str, Any]]] = []
    if head.style == "party":
        right_lines.append((head.national[0], {"size": 15, "bold": True, "underline": True}))
        right_lines.append(("", {"size": 13}))
    else:
        right_lines.append((head.national[0], {"size": 13, "bold": True}))
        right_lines.append((head.national[1], {"size": 14, "bold": True, "underline": True}))
        right_lines.append(("", {"size": 13}))
    right_lines.append((head.place_date, {"size": 14, "italic": True}))
    cell_lines(right, right_lines)


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


def grid(
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
    para(document, "", after=4)


def signature_block(document: Any, report: dict[str, Any]) -> None:
    table = document.add_table(rows=1, cols=2)
    no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(80), Mm(85)
    lines: list[tuple[str, dict[str, Any]]] = [
        ("Nơi nhận:", {"size": 12, "bold": True, "italic": True, "align": WD_ALIGN_PARAGRAPH.LEFT})
    ]
    for line in (report["recipients"] or "").splitlines():
        if line.strip():
            lines.append((line.strip(), {"size": 11, "align": WD_ALIGN_PARAGRAPH.LEFT}))
    cell_lines(left, lines)
    sign: list[tuple[str, dict[str, Any]]] = []
    if report["signer_authority"]:
        sign.append((report["signer_authority"], {"size": 14, "bold": True}))
    sign.append((report["signer_title"], {"size": 14, "bold": True}))
    sign += [("", {"size": 14})] * 3
    sign.append((report["signer_name"], {"size": 14, "bold": True}))
    cell_lines(right, sign)


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
    page_setup(document)
    header_blocks(document, head)
    para(document, "", after=6)
    para(document, kind.upper(), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    para(document, title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    para(document, "-----", align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
    for line in lines:
        if line.heading:
            para(document, line.text, bold=True, indent=True)
            continue
        paragraph = para(document, line.lead, bold=True, indent=True)
        run = paragraph.add_run(line.text)
        run.italic = line.italic
        set_font(run, BODY_PT)
    para(document, "", after=6)
    signature_block(document, signature)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
