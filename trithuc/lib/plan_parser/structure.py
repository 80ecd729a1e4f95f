"""Lines to paragraphs to sections.

A plan is a tree: top-level sections ("I.", "II-"), numbered items ("1."), and inside an
item lettered sub-items ("a)", "đ)"), bullets ("-", "+"), sub-numbered items ("2.1."),
"(1)" items, labelled lines ("Cơ quan chỉ đạo: ...") and plain paragraphs. Lines broken
by a page break (a continuation that starts in lower case) are joined back, keeping the
first and last line numbers so that every output can point at its source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .normalize import (
    LATIN_LETTERS,
    VI_ITEM_LETTERS,
    bare,
    clean_line,
    int_to_roman,
    is_upper_text,
    match_key,
)
from .normalize import roman_to_int as _roman

_ROMAN_RE = re.compile(r"^(?:phần\s+)?([IVXL]{1,6})\s*[.\-–—:/)]\s*(.*)$", re.IGNORECASE)
_SUB_RE = re.compile(r"^(\d{1,2})\.(\d{1,2})(?:\.(\d{1,2}))?\.?\s+(\S.*)$")
_NUM_RE = re.compile(r"^(\d{1,2})\s*(?:[.)]\s*(?=[^\W\d_(\"“])|/\s+|[-–]\s+(?=[^\W\d_]))(.*)$")
_PAREN_RE = re.compile(r"^\((\d{1,2})\)\s*(.*)$")
_LETTER_RE = re.compile(r"^\(?([a-zđ])\s*[).]\s*(\S.*)$")
_BULLET_RE = re.compile(r"^([-–—−+•●▪◦∙·*])\s*(.*)$")
_FOOTNOTE_RE = re.compile(r"^([¹²³⁴⁵⁶⁷⁸⁹⁰]+|\[\d{1,2}\])\s*(\S.*)$")
_TABLE_RULE_RE = re.compile(r"^[|:\-–—+= ]+$")
# A page number printed by a PDF or a web page ("2", "- 2 -", "Trang 2").
_PAGE_NUMBER_RE = re.compile(
    r"^(?:[-–]\s*)?(?:trang\s+)?\d{1,3}(?:\s*[-–])?(?:\s*/\s*\d{1,3})?$", re.IGNORECASE
)

# Labels of a task block. They are matched without diacritics, so that a slip in a
# mark ("Thời gian thực hiên:") still reads as the label. The content follows the colon.
_LABELS = (
    ("direct", r"co quan (?:lanh dao, )?chi dao"),
    ("lead", r"(?:co quan|don vi|bo phan) (?:chu tri|thuc hien chinh|chiu trach nhiem(?: chinh)?)"),
    (
        "implementers",
        r"(?:co quan|don vi) (?:tham muu, thuc hien|tham muu thuc hien|thuc hien|tham muu)",
    ),
    ("coop", r"(?:co quan|don vi) phoi hop(?: thuc hien)?"),
    ("deadline", r"(?:thoi gian|thoi han|tien do)(?: thuc hien| hoan thanh| trien khai)?"),
    ("product", r"(?:san pham|ket qua)(?: dau ra)?"),
)
_LABEL_RE = re.compile(r"(?:" + "|".join(f"(?P<{n}>{p})" for n, p in _LABELS) + r")\s*:\s*")
_INNER_LABEL_RE = re.compile(
    r"[;.]\s*(?=(?:co quan|don vi|thoi gian|thoi han|tien do|san pham)[^:;]{0,40}:)"
)


@dataclass
class Para:
    """One logical paragraph: a marker, its text, its key, and its line span (1-based)."""

    kind: str
    marker: str
    text: str
    key: str
    start: int
    end: int
    label: str | None = None
    cells: list[str] | None = None

    @property
    def lines(self) -> list[int]:
        return [self.start, self.end]

    def extend(self, text: str, line_no: int) -> None:
        self.text = f"{self.text} {text}" if self.text else text
        self.key = match_key(self.text)
        self.end = line_no


@dataclass
class Item:
    """A numbered item of a section (logical number such as "III.2")."""

    number: str
    printed: str
    head: Para
    body: list[Para] = field(default_factory=list)

    @property
    def end(self) -> int:
        return self.body[-1].end if self.body else self.head.end

    @property
    def lines(self) -> list[int]:
        return [self.head.start, self.end]


@dataclass
class Section:
    number: str
    printed: str
    head: Para
    intro: list[Para] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)

    @property
    def title_key(self) -> str:
        return self.head.key

    @property
    def end(self) -> int:
        if self.items:
            return self.items[-1].end
        return self.intro[-1].end if self.intro else self.head.end

    def all_paras(self) -> list[Para]:
        paras = list(self.intro)
        for item in self.items:
            paras.append(item.head)
            paras.extend(item.body)
        return paras


def prepare_line(raw: str) -> str:
    """Clean one raw line; tab-separated cells become "|"-separated cells."""
    stripped = raw.strip()
    if "\t" in stripped:
        stripped = re.sub(r"\s*\t[\t ]*", " | ", stripped)
    return clean_line(stripped)


def _classify(text: str) -> Para:
    """A paragraph for one cleaned, non-empty line (line numbers are set by the caller)."""
    if text.count("|") >= 2 or (text.startswith("|") and text.endswith("|")):
        cells = [c.strip() for c in text.strip("|").split("|")]
        return Para("table", "", text, match_key(text), 0, 0, cells=cells)
    m = _ROMAN_RE.match(text)
    if m and _roman(m.group(1).upper()) and m.group(1).isupper():
        rest = m.group(2)
        # "V. Lê-nin" or "I. " inside prose would be rare; a heading is short.
        if len(rest) <= 200:
            return Para("roman", m.group(1).upper(), rest, match_key(rest), 0, 0)
    m = _SUB_RE.match(text)
    if m:
        marker = ".".join(g for g in m.group(1, 2, 3) if g)
        return Para("sub", marker, m.group(4), match_key(m.group(4)), 0, 0)
    m = _NUM_RE.match(text)
    if m and m.group(2):
        return Para("num", m.group(1).lstrip("0") or "0", m.group(2), match_key(m.group(2)), 0, 0)
    m = _PAREN_RE.match(text)
    if m:
        return Para("paren", m.group(1), m.group(2), match_key(m.group(2)), 0, 0)
    m = _LETTER_RE.match(text)
    if m and (m.group(1) in VI_ITEM_LETTERS or m.group(1) in LATIN_LETTERS):
        return Para("letter", m.group(1), m.group(2), match_key(m.group(2)), 0, 0)
    m = _FOOTNOTE_RE.match(text)
    if m:
        return Para("footnote", m.group(1), m.group(2), match_key(m.group(2)), 0, 0)
    m = _BULLET_RE.match(text)
    if m and m.group(2) and not m.group(2)[0].isdigit() or (m and text[:1] == "+"):
        label = _label(m.group(2), m.group(1))
        if label:
            return label
        return Para("bullet", m.group(1), m.group(2), match_key(m.group(2)), 0, 0)
    return _label(text, "") or Para("text", "", text, match_key(text), 0, 0)


def _label(text: str, marker: str) -> Para | None:
    """A labelled line ("Cơ quan chủ trì: ..."), also when printed as a bullet."""
    if ":" not in text[:60]:
        return None
    key = match_key(text)
    lm = _LABEL_RE.match(bare(key[:60]))
    if not lm:
        return None
    return Para("label", marker, text[lm.end() :], key[lm.end() :], 0, 0, label=lm.lastgroup)


def split_label(para: Para) -> list[tuple[str, str]]:
    """(label, value) pairs of a labelled line that holds several labels.

    "Cơ quan chủ trì: Sở Nội vụ; cơ quan phối hợp: Sở Tài chính" is two labels.
    """
    pairs: list[tuple[str, str]] = []
    label, start = para.label or "", 0
    plain = bare(para.key)
    for m in _INNER_LABEL_RE.finditer(plain):
        inner = _LABEL_RE.match(plain, m.end())
        if inner is None:
            continue
        pairs.append((label, para.text[start : m.start()]))
        label, start = inner.lastgroup or "", inner.end()
    pairs.append((label, para.text[start:]))
    return [(name, value.strip(" .;,")) for name, value in pairs if value.strip(" .;,")]


def first_roman_heading(text: str) -> bool:
    """Whether a cleaned line is a top-level heading such as "III. TỔ CHỨC THỰC HIỆN"."""
    return _classify(text).kind == "roman"


_SENTENCE_END = (".", ";", ":", "!", "?", "./.")


def build_paras(lines: list[str], first: int, last: int) -> list[Para]:
    """Paragraphs of lines[first:last] (0-based indices; Para line numbers are 1-based)."""
    paras: list[Para] = []
    for index in range(first, last):
        text = lines[index]
        if not text or _TABLE_RULE_RE.match(text) or _PAGE_NUMBER_RE.match(text):
            continue
        para = _classify(text)
        para.start = para.end = index + 1
        prev = paras[-1] if paras else None
        if prev is not None and para.kind == "text" and _continues(prev, text):
            prev.extend(text, index + 1)
            continue
        paras.append(para)
    return paras


def _continues(prev: Para, text: str) -> bool:
    """A page break or a hard wrap: the line goes on with the previous paragraph."""
    if prev.kind in ("table", "roman"):
        return False
    first = text[0]
    if first.isalpha() and first.islower():
        return True
    # A short numbered heading is followed by its own paragraph, not by its second line.
    if prev.kind in ("num", "sub") and len(prev.text) <= 120:
        return False
    # A line wrapped in the middle of a sentence ("..., các cơ quan" / "Nhà nước ...").
    return prev.kind != "label" and not prev.text.endswith(_SENTENCE_END) and len(prev.text) > 60


def _is_top_heading(para: Para) -> bool:
    return para.kind == "roman"


def build_sections(paras: list[Para]) -> tuple[list[Para], list[Section]]:
    """Paragraphs before the first section, and the sections.

    The logical number of a section is its rank: a plan that prints "III." twice has
    sections I, II, III, IV, and each keeps what it printed.
    """
    heads = [i for i, p in enumerate(paras) if _is_top_heading(p)]
    if not heads:
        heads = [i for i, p in enumerate(paras) if p.kind == "num" and _looks_like_section_title(p)]
        for i in heads:
            paras[i].kind = "roman"
    if not heads:
        return paras, []
    preface = paras[: heads[0]]
    sections: list[Section] = []
    for rank, start in enumerate(heads, 1):
        stop = heads[rank] if rank < len(heads) else len(paras)
        head = paras[start]
        section = Section(int_to_roman(rank), head.marker, head)
        _fill_section(section, paras[start + 1 : stop])
        sections.append(section)
    return preface, sections


_SECTION_WORDS = ("mục đích", "mục tiêu", "nhiệm vụ", "giải pháp", "tổ chức thực hiện")


def _looks_like_section_title(para: Para) -> bool:
    return is_upper_text(para.text) and any(w in para.key for w in _SECTION_WORDS)


def _fill_section(section: Section, paras: list[Para]) -> None:
    current: Item | None = None
    for para in paras:
        if para.kind == "num":
            current = Item(f"{section.number}.{para.marker}", para.marker, para)
            section.items.append(current)
        elif current is None:
            section.intro.append(para)
        else:
            current.body.append(para)


def section_kind(section: Section) -> str:
    """What a top-level section holds, from its heading."""
    # Without diacritics, so that "TỔ CHỨC THỰC HIÊN" is still the implementation section.
    key = bare(section.title_key)
    if "to chuc thuc hien" in key or "phan cong" in key or key.startswith("trach nhiem"):
        return "implementation"
    if "nhiem vu" in key or "giai phap" in key:
        return "tasks"
    if "muc tieu" in key or "chi tieu" in key:
        return "objectives"
    if "muc dich" in key or "yeu cau" in key:
        return "purposes"
    return "other"
