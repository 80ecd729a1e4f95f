"""Document numbers ("45-NQ/TW", "142/QĐ-TTg", "24/2010/NĐ-CP") as printed and normalised."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PART = r"[A-ZĐa-zđ][A-ZĐa-zđ0-9]{0,9}"
# Stray spaces around "-" and "/" are common in copied text ("107/NQ- CP", "140 - KH/TU").
CODE_RE = re.compile(
    r"(?<![\w/.-])(\d{1,5})(?:\s*/\s*(\d{4}))?\s*([-/])\s*("
    + _PART
    + r")\s*([-/])\s*("
    + _PART
    + r"(?:\s*-\s*"
    + _PART
    + r")?)(?![\w])"
)

# Canonical spelling of the parts that are not all capitals, keyed by their upper case.
_CANONICAL = {"CTR": "CTr", "TTG": "TTg", "QYĐ": "QyĐ", "TTR": "TTr", "QD": "QĐ", "ND": "NĐ"}
# Document kinds: a match whose kind part is not one of these is a date range or noise.
KINDS = {
    "NQ", "KL", "CT", "CTr", "KH", "QĐ", "TB", "BC", "HD", "TTr", "NĐ", "TT", "TTLT", "QC",
    "QyĐ", "CV", "ĐA", "ĐU", "BCĐ", "CĐ", "L", "PL", "QH", "NQLT", "KHLT", "TTLN", "HĐ",
    "UBND", "NQ-HĐND", "KH-UBND",
}  # fmt: skip


@dataclass
class DocCode:
    code: str
    kind: str
    start: int
    end: int


def _canon(part: str) -> str:
    pieces = [p.strip() for p in part.split("-")]
    return "-".join(_CANONICAL.get(p.upper(), p.upper() if p.isupper() else p) for p in pieces)


def find_codes(text: str) -> list[DocCode]:
    """Every document number in `text`, normalised (spaces removed, kinds re-cased)."""
    found: list[DocCode] = []
    for m in CODE_RE.finditer(text):
        number, year, sep1, first, sep2, second = m.groups()
        if sep1 == sep2:
            continue
        first_c, second_c = _canon(first), _canon(second)
        # Party style "45-NQ/TW": kind first; State style "142/QĐ-TTg": kind first too.
        kind = first_c.split("-")[0]
        if kind not in KINDS and not (kind.isupper() and len(kind) <= 5):
            continue
        if not second_c[:1].isupper():
            continue
        year_part = f"/{year}" if year else ""
        code = f"{int(number):02d}" if number.startswith("0") and len(number) == 2 else number
        found.append(DocCode(f"{code}{year_part}{sep1}{first_c}{sep2}{second_c}", kind, *m.span()))
    return found


def normalise_code(text: str) -> str | None:
    codes = find_codes(text)
    return codes[0].code if codes else None
