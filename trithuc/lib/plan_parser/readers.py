"""Files to text: .txt (UTF-8, UTF-16, Windows-1258), .docx and .pdf with a text layer.

Word keeps list numbers out of the paragraph text ("I.", "1.", "a)" come from numbering
definitions), so the DOCX reader renders them back as they are displayed. Tables become
"|"-separated rows, which the parser reads as task tables.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from .errors import PlanParseError
from .parser import MSG_BINARY, MSG_EMPTY, parse_plan_text

MSG_MISSING = "Không tìm thấy tệp: {path}"
MSG_UNREADABLE = "Không đọc được tệp {path}: {reason}"
MSG_PDF_NO_TEXT = (
    "Tệp PDF không có lớp văn bản (có thể là bản quét): hãy nhận dạng ký tự (OCR) "
    "trước, hoặc dùng bản .docx/.txt của văn bản."
)
MSG_PDF_BAD = "Không đọc được tệp PDF: tệp bị hỏng hoặc được bảo vệ."
MSG_DOCX_BAD = "Không đọc được tệp Word (.docx): tệp bị hỏng hoặc không đúng định dạng."
MSG_DOC_OLD = "Định dạng Word 97-2003 (.doc) chưa được hỗ trợ: hãy lưu văn bản thành .docx."

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_plan_file(path: str | os.PathLike[str]) -> str:
    """The text of a plan file; PlanParseError with a Vietnamese message if unreadable."""
    p = Path(path)
    if not p.exists():
        raise PlanParseError(MSG_MISSING.format(path=p))
    if p.is_dir():
        raise PlanParseError(MSG_UNREADABLE.format(path=p, reason="đây là một thư mục"))
    try:
        with p.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise PlanParseError(MSG_UNREADABLE.format(path=p, reason=exc.strerror or exc)) from exc
    if not head:
        raise PlanParseError(MSG_EMPTY)
    suffix = p.suffix.lower()
    if head.startswith(b"%PDF") or suffix == ".pdf":
        return _read_pdf(p)
    if head.startswith(b"PK\x03\x04") or suffix == ".docx":
        return _read_docx(p)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise PlanParseError(MSG_DOC_OLD)
    return _read_text(p.read_bytes())


def parse_plan_file(path: str | os.PathLike[str]) -> dict:
    """Parse a plan file (.txt, .docx, .pdf)."""
    text = read_plan_file(path)
    result = parse_plan_text(text)
    return {"doc": Path(path).name, **result}


def _read_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:8192]:
        raise PlanParseError(MSG_BINARY)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # Old Vietnamese Windows files; a binary file decodes too, and is caught by the parser.
    return data.decode("cp1258", errors="replace")


def _read_pdf(path: Path) -> str:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError

        reader = PdfReader(str(path))
        if reader.is_encrypted:
            reader.decrypt("")
        pages = [page.extract_text() or "" for page in reader.pages]
    except PlanParseError:
        raise
    except (PyPdfError, OSError, ValueError, KeyError, TypeError) as exc:
        raise PlanParseError(MSG_PDF_BAD) from exc
    text = "\n".join(pages)
    if not text.strip():
        raise PlanParseError(MSG_PDF_NO_TEXT)
    return text


def _read_docx(path: Path) -> str:
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise PlanParseError(MSG_DOCX_BAD) from exc
    numbering = _Numbering(document)
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == f"{_W}p":
            paragraph = Paragraph(child, document)
            label = numbering.label(paragraph)
            text = paragraph.text
            lines.append(f"{label} {text}".strip() if label else text)
        elif child.tag == f"{_W}tbl":
            lines.extend(_table_rows(Table(child, document)))
    return "\n".join(lines)


def _table_rows(table) -> list[str]:
    rows = []
    for row in table.rows:
        cells = []
        seen = set()
        for cell in row.cells:
            # A merged cell is returned once per grid column it spans.
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            parts = [p.text.strip() for p in cell.paragraphs if p.text.strip()]
            cells.append("; ".join(parts).replace("|", "/"))
        rows.append("| " + " | ".join(cells) + " |")
    return rows


def _roman(value: int) -> str:
    out = []
    for number, numeral in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while value >= number:
            out.append(numeral)
            value -= number
    return "".join(out)


def _letters(value: int) -> str:
    # Word's letter numbering: a..z, then aa..zz.
    letter = "abcdefghijklmnopqrstuvwxyz"[(value - 1) % 26]
    return letter * ((value - 1) // 26 + 1)


class _Numbering:
    """Renders Word list numbers ("I.", "1.", "a)", bullets) as Word displays them."""

    def __init__(self, document) -> None:
        self.document = document
        self.levels: dict[str, dict[int, dict]] = {}
        self.starts: dict[tuple[str, int], int] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract: dict[str, dict[int, dict]] = {}
        for node in root.findall(f"{_W}abstractNum"):
            levels = {}
            for lvl in node.findall(f"{_W}lvl"):
                ilvl = int(lvl.get(f"{_W}ilvl", "0"))
                levels[ilvl] = {
                    "fmt": _val(lvl, "numFmt") or "decimal",
                    "text": _val(lvl, "lvlText") or "",
                    "start": int(_val(lvl, "start") or 1),
                }
            abstract[node.get(f"{_W}abstractNumId")] = levels
        for num in root.findall(f"{_W}num"):
            num_id = num.get(f"{_W}numId")
            ref = num.find(f"{_W}abstractNumId")
            if ref is None:
                continue
            self.levels[num_id] = abstract.get(ref.get(f"{_W}val"), {})
            for override in num.findall(f"{_W}lvlOverride"):
                start = override.find(f"{_W}startOverride")
                if start is not None:
                    self.starts[(num_id, int(override.get(f"{_W}ilvl", "0")))] = int(
                        start.get(f"{_W}val")
                    )

    def _num_pr(self, paragraph) -> tuple[str, int] | None:
        ppr = paragraph._p.pPr
        num_pr = ppr.numPr if ppr is not None else None
        style = paragraph.style
        while num_pr is None and style is not None:
            style_ppr = style.element.pPr
            num_pr = style_ppr.numPr if style_ppr is not None else None
            style = style.base_style
        if num_pr is None or num_pr.numId is None:
            return None
        num_id = str(num_pr.numId.val)
        ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
        return (num_id, int(ilvl)) if num_id != "0" else None

    def label(self, paragraph) -> str:
        found = self._num_pr(paragraph)
        if not found or found[0] not in self.levels:
            return ""
        num_id, ilvl = found
        levels = self.levels[num_id]
        counters = self.counters.setdefault(num_id, [0] * 9)
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        if counters[ilvl] == 0:
            start = self.starts.get((num_id, ilvl), levels.get(ilvl, {}).get("start", 1))
            counters[ilvl] = start
        else:
            counters[ilvl] += 1
        level = levels.get(ilvl, {"fmt": "decimal", "text": f"%{ilvl + 1}."})
        if level["fmt"] == "bullet":
            return "+" if level["text"].strip() == "+" else "-"
        if level["fmt"] == "none":
            return level["text"]
        text = level["text"]
        for k in range(ilvl + 1):
            fmt = levels.get(k, {}).get("fmt", "decimal")
            text = text.replace(f"%{k + 1}", _format(max(counters[k], 1), fmt))
        return text


def _format(value: int, fmt: str) -> str:
    if fmt == "upperRoman":
        return _roman(value)
    if fmt == "lowerRoman":
        return _roman(value).lower()
    if fmt == "lowerLetter":
        return _letters(value)
    if fmt == "upperLetter":
        return _letters(value).upper()
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


def _val(node, tag: str) -> str | None:
    child = node.find(f"{_W}{tag}")
    return child.get(f"{_W}val") if child is not None else None
