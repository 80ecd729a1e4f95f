"""Files to text: .txt (UTF-8, UTF-16, Windows-1258), .docx, .pdf with a text layer;
.doc/.odt/.rtf through LibreOffice (`convert`), scanned PDFs through OCR (`ocr`).

Word keeps list numbers out of the paragraph text ("I.", "1.", "a)" come from numbering
definitions), so the DOCX reader renders them back as they are displayed. Tables become
"|"-separated rows, which the parser reads as task tables.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import ocr
from .convert import OFFICE_SUFFIXES, convert_with_office
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
_OLE = b"\xd0\xcf\x11\xe0"

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class ReadDocument:
    """A plan file's text, and for a scan the pages as recognised (text, confidence)."""

    text: str
    pages: list[ocr.OcrPage] = field(default_factory=list)
    converted: bool = False


def _kind(p: Path) -> str:
    """ "pdf", "docx", "office" (through LibreOffice) or "text"."""
    with p.open("rb") as handle:
        head = handle.read(8)
    suffix = p.suffix.lower()
    if head.startswith(b"%PDF") or suffix == ".pdf":
        return "pdf"
    if suffix in OFFICE_SUFFIXES or head.startswith((_OLE, b"{\\rtf")):
        return "office"
    if head.startswith(b"PK\x03\x04") or suffix == ".docx":
        return "docx"
    return "text"


def needs_slow_reading(path: str | os.PathLike[str]) -> bool:
    """Whether reading the file takes seconds (a conversion or OCR): the web reads
    those in a background task."""
    p = Path(path)
    kind = _kind(p)
    if kind == "office":
        return True
    return kind == "pdf" and _pdf_has_no_text(p)


def _pdf_has_no_text(path: Path) -> bool:
    try:
        _read_pdf(path)
    except PlanParseError as exc:
        return str(exc) == MSG_PDF_NO_TEXT
    return False


def read_plan_document(
    path: str | os.PathLike[str],
    *,
    progress: ocr.Progress | None = None,
    preview_dir: Path | None = None,
    workers: int | None = None,
) -> ReadDocument:
    """The text of any plan file we read; a scan is recognised page by page
    (`progress(done, total)`), with preview images in `preview_dir` when given."""
    p = _checked(path)
    kind = _kind(p)
    if kind == "office":
        with tempfile.TemporaryDirectory(prefix="trithuc-convert-") as folder:
            converted = convert_with_office(p, Path(folder))
            return ReadDocument(_read_docx(converted), converted=True)
    if kind == "pdf":
        try:
            return ReadDocument(_read_pdf(p))
        except PlanParseError as exc:
            if str(exc) != MSG_PDF_NO_TEXT:
                raise
        if preview_dir is not None:
            pages = ocr.ocr_pdf(p, preview_dir, workers=workers, progress=progress, previews=True)
        else:
            with tempfile.TemporaryDirectory(prefix="trithuc-ocr-") as folder:
                pages = ocr.ocr_pdf(p, Path(folder), workers=workers, progress=progress)
        text = ocr.pages_text(pages)
        if not text.strip():
            raise PlanParseError(MSG_OCR_EMPTY)
        return ReadDocument(text, pages=pages)
    if kind == "docx":
        return ReadDocument(_read_docx(p))
    return ReadDocument(_read_text(p.read_bytes()))


MSG_OCR_EMPTY = (
    "Tệp PDF không có lớp văn bản và nhận dạng bản quét (OCR) không ra chữ nào: bản quét "
    "quá mờ hoặc không phải văn bản."
)


def _checked(path: str | os.PathLike[str]) -> Path:
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
    return p


def read_plan_file(path: str | os.PathLike[str], progress: ocr.Progress | None = None) -> str:
    """The text of a plan file; PlanParseError with a Vietnamese message if unreadable."""
    return read_plan_document(path, progress=progress).text


def parse_plan_file(path: str | os.PathLike[str]) -> dict:
    """Parse a plan file (.txt, .docx, .pdf, .doc, .odt, .rtf, scanned .pdf)."""
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

        reader = PdfReader(str(path))
        if reader.is_encrypted:
            reader.decrypt("")
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # noqa: BLE001
        # A damaged file fails anywhere inside pypdf (zlib, struct, KeyError, its own
        # errors...); every such failure is the same bad input for the user.
        raise PlanParseError(MSG_PDF_BAD) from exc
    text = "\n".join(pages)
    if not text.strip():
        raise PlanParseError(MSG_PDF_NO_TEXT)
    return text


def _read_docx(path: Path) -> str:
    try:
        return _docx_text(path)
    except Exception as exc:  # noqa: BLE001
        # A damaged package fails anywhere in zipfile, zlib, lxml or python-docx, also
        # lazily while paragraphs are read; every such failure is the same bad input.
        raise PlanParseError(MSG_DOCX_BAD) from exc


def _docx_text(path: Path) -> str:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    numbering = _Numbering(document)
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == f"{_W}p":
            label = numbering.label(child)
            text = Paragraph(child, document).text
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
    """Renders Word list numbers ("I.", "1.", "a)", bullets) as Word displays them.

    Styles are resolved once from styles.xml: python-docx's `paragraph.style` scans every
    style of the document for each paragraph, which made reading a .docx 30 times slower
    than parsing its text.
    """

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, dict]] = {}
        self.starts: dict[tuple[str, int], int] = {}
        self.counters: dict[str, list[int]] = {}
        # (numId, style id) -> level, for styles linked to a level of a list.
        self.style_levels: dict[tuple[str, str], int] = {}
        # style id -> (numId, level or None, id of the style that holds the numbering).
        self.style_numbering: dict[str, tuple[str, str | None, str]] = {}
        self.default_style: str | None = None
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
                    "style": _val(lvl, "pStyle"),
                }
            abstract[node.get(f"{_W}abstractNumId")] = levels
        for num in root.findall(f"{_W}num"):
            num_id = num.get(f"{_W}numId")
            ref = num.find(f"{_W}abstractNumId")
            if ref is None:
                continue
            self.levels[num_id] = abstract.get(ref.get(f"{_W}val"), {})
            for ilvl, level in self.levels[num_id].items():
                if level["style"]:
                    self.style_levels[(num_id, level["style"])] = ilvl
            for override in num.findall(f"{_W}lvlOverride"):
                start = override.find(f"{_W}startOverride")
                if start is not None:
                    self.starts[(num_id, int(override.get(f"{_W}ilvl", "0")))] = int(
                        start.get(f"{_W}val")
                    )
        if self.levels:
            self._read_styles(document.styles.element)

    def _read_styles(self, styles) -> None:
        own: dict[str, tuple[str | None, str | None]] = {}
        based_on: dict[str, str] = {}
        for style in styles.findall(f"{_W}style"):
            if style.get(f"{_W}type") != "paragraph":
                continue
            style_id = style.get(f"{_W}styleId")
            if style.get(f"{_W}default") in ("1", "true", "on"):
                self.default_style = style_id
            parent = _val(style, "basedOn")
            if parent:
                based_on[style_id] = parent
            ppr = style.find(f"{_W}pPr")
            num_pr = ppr.find(f"{_W}numPr") if ppr is not None else None
            if num_pr is not None:
                own[style_id] = (_val(num_pr, "numId"), _val(num_pr, "ilvl"))
        for style_id in set(own) | set(based_on):
            current, seen = style_id, set()
            while current is not None and current not in seen:
                seen.add(current)
                num_id, ilvl = own.get(current, (None, None))
                if num_id is not None:
                    self.style_numbering[style_id] = (num_id, ilvl, current)
                    break
                current = based_on.get(current)

    def _num_pr(self, p) -> tuple[str, int] | None:
        """(numId, level) of a paragraph, from its own properties or its style chain.

        The paragraph may give only the level and leave the list to its style; a style
        linked to a level of a multilevel list ("Heading 2" → level 1) often names only
        the list, and the level is the one whose `w:pStyle` names the style.
        """
        num_id = ilvl = None
        style_id = self.default_style
        ppr = p.find(f"{_W}pPr")
        if ppr is not None:
            style_id = _val(ppr, "pStyle") or style_id
            num_pr = ppr.find(f"{_W}numPr")
            if num_pr is not None:
                num_id, ilvl = _val(num_pr, "numId"), _val(num_pr, "ilvl")
        if num_id is None and style_id in self.style_numbering:
            num_id, style_ilvl, linked_style = self.style_numbering[style_id]
            if ilvl is None:
                ilvl = style_ilvl
                if ilvl is None:
                    ilvl = self.style_levels.get((num_id, linked_style))
        if num_id is None or num_id == "0":
            return None
        try:
            return num_id, int(ilvl or 0)
        except ValueError:
            return num_id, 0

    def label(self, p) -> str:
        """The list number Word shows before paragraph element `p`, or ""."""
        if not self.levels:
            return ""
        found = self._num_pr(p)
        if not found or found[0] not in self.levels:
            return ""
        num_id, ilvl = found
        levels = self.levels[num_id]
        counters = self.counters.setdefault(num_id, [0] * 9)
        ilvl = min(max(ilvl, 0), 8)
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
