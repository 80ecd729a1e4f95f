"""Reporting duties: who reports (or sends) what to whom, how often, by when."""

from __future__ import annotations

import re

from . import deadlines as dl
from .agencies import leading_subject, phrase_until_verb, split_agencies, starts_with_agency
from .normalize import match_key
from .structure import Para

_TO = re.compile(r"(?<![^\s,;(])(?:đồng gửi|báo cáo|gửi|về)\s+")
# Words after which an agency name has ended ("báo cáo UBND tỉnh kết quả thực hiện").
_END_OF_NAME = re.compile(r"\s+(?:kết quả|tình hình|về|để|việc|theo|trước|trong|khi|nếu|xem xét)\b")
_CLAUSE = re.compile(r"[^;.]+(?:\.(?!\s)[^;.]*)*")


def _destinations(text: str, key: str) -> list[str]:
    first: list[str] = []
    copies: list[str] = []
    for m in _TO.finditer(key):
        if not starts_with_agency(text[m.end() :], key[m.end() :]):
            continue
        phrase = phrase_until_verb(text, key, m.end())
        cut = _END_OF_NAME.search(match_key(phrase))
        if cut:
            phrase = phrase[: cut.start()]
        names = split_agencies(phrase.strip(" ,)"))
        if m.group(0).startswith("đồng gửi"):
            copies += names
        elif not first:
            first = names
    return first + [c for c in copies if c not in first]


def _reporting_in(text: str, source: str | None, where: str, lines: list[int]) -> list[dict]:
    key = match_key(text)
    out = []
    for m in _CLAUSE.finditer(key):
        c_text, c_key = text[m.start() : m.end()].strip(), key[m.start() : m.end()].strip()
        if "báo cáo" not in c_key and "gửi" not in c_key:
            continue
        to = _destinations(c_text, c_key)
        if not to:
            continue
        frequency = dl.find_recurring(c_text, c_key)
        fixed = dl.find_fixed(c_text, c_key)
        if not frequency and re.search(r"(?:nếu|khi) cần", c_key):
            freq_text = "khi cần"
        else:
            freq_text = frequency[0].text if frequency else None
        out.append(
            {
                "where": where,
                "from": source or _subject_inside(c_text, c_key),
                "to": to,
                "what": c_text.rstrip(" ./"),
                "frequency": freq_text,
                "deadline": fixed[0].text if fixed else None,
                "lines": lines,
            }
        )
    return out


def _subject_inside(text: str, key: str) -> str | None:
    """An agency standing as subject after an opening clause ("Trong quá trình ..., các sở ...")."""
    for m in re.finditer(r",\s+", key):
        subject = leading_subject(text[m.end() :], key[m.end() :])
        if subject:
            return subject[0]
    return None


def extract_reporting(assignments: list[dict], closing: list[Para]) -> list[dict]:
    out: list[dict] = []
    for record in assignments:
        out += _reporting_in(
            record.get("text", ""), record.get("agency"), record["number"], record["lines"]
        )
    for para in closing:
        out += _reporting_in(para.text, None, "closing paragraph", para.lines)
    return out
