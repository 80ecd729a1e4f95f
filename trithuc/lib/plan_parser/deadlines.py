"""Deadlines: fixed ("trước ngày 30/6/2025", "Quý III/2026") and recurring ("hằng năm").

A fixed deadline gets an ISO date: the day named, or the last day of the month, quarter,
half-year or year named. A recurring one ("Thường xuyên", "định kỳ 6 tháng") has none.
All patterns run on the matching key (lower case, one tone placement) and the text is
sliced from the document at the same offsets.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from .normalize import match_key, strip_trailing_punct

_D = r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})"
_D_WORDS = r"(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})"
_M = r"tháng\s*(\d{1,2})\s*(?:/|-|năm)\s*(\d{4})"
_Q = r"quý\s*(iv|iii|ii|i|[1-4])\s*(?:/|-|năm)\s*(\d{4})"
_H = r"(?:6|06|sáu)\s+tháng\s+(đầu|cuối)\s+năm\s*(\d{4})"
_Y = r"năm\s+(\d{4})"
_PREP = (
    r"(?:(?:hoàn thành|thực hiện xong|xong|ban hành|trình|báo cáo)\s+)?"
    r"(?:trước|chậm nhất(?:\s+(?:là|vào))?|trong|vào|đến hết|hạn chót|trong thời gian)"
)
_OPT_PREP = rf"(?:{_PREP}\s+|(?:hoàn thành|xong)\s+)?"

# Free text needs a preposition before a day, month or year ("ngày 24/11/2023" alone is
# the date of a cited document); a quarter or a half-year is a deadline on its own.
_FREE_FIXED = re.compile(
    rf"{_PREP}\s+(?:ngày\s+)?(?:{_D}|{_D_WORDS})"
    rf"|{_PREP}\s+(?:cuối\s+)?{_M}"
    rf"|{_OPT_PREP}(?:cuối\s+)?{_Q}"
    rf"|{_OPT_PREP}{_H}"
    rf"|(?:hoàn thành|xong)\s+(?:trong\s+|trước\s+|vào\s+)?(?:cuối\s+)?{_Y}"
    rf"|(?:trong|trước|đến hết|cuối)\s+{_Y}(?!\s*[-–])"
)
# In a labelled value ("Thời gian thực hiện: Quý III/2026") any date form counts.
_ANY_FIXED = re.compile(
    rf"(?:{_PREP}\s+)?(?:ngày\s+)?(?:{_D}|{_D_WORDS})"
    rf"|(?:{_PREP}\s+)?(?:cuối\s+)?{_M}"
    rf"|(?:{_PREP}\s+)?(?:cuối\s+)?{_Q}"
    rf"|(?:{_PREP}\s+)?{_H}"
    r"|(?:giai đoạn\s+|năm\s+)?(\d{4})\s*(?:-|–|đến|tới)\s*(?:năm\s+)?(\d{4})"
    rf"|(?:{_PREP}\s+)?(?:cuối\s+)?(?:năm\s+)?(\d{{4}})"
)
_RECURRING = re.compile(
    r"định kỳ(?:\s+(?:(?:hằng|hàng|mỗi)\s+(?:năm|quý|tháng|tuần)|(?:06|6|sáu|03|3|ba)\s+tháng"
    r"(?:\s*(?:một|1)\s+lần)?))?"
    r"|(?:hằng|hàng|mỗi)\s+(?:năm|quý|tháng|tuần)"
    r"|(?:06|6|sáu|03|3|ba)\s+tháng\s*(?:một|1)\s+lần"
    r"|thường xuyên|liên tục"
    r"|\d{1,2}\s+năm\s+(?:tổ chức\s+)?sơ kết(?:,\s*\d{1,2}\s+năm\s+(?:tổ chức\s+)?tổng kết)?"
)
_YEAR4 = re.compile(r"\d{4}")
# "Từ năm 2025", "Năm 2025 và các năm tiếp theo", "từ quý II/2025 trở đi": work that starts
# then and goes on; the year is a start, and its last day would be an invented deadline.
_ONGOING = re.compile(
    r"(?:các|những)\s+năm\s+(?:tiếp theo|sau(?:\s+đó)?)(?![^\W\d_])|trở đi"
    r"|^(?:bắt đầu\s+)?từ\s+(?!nay\b)(?!.*(?:đến|tới|\d{4}\s*[-–]\s*(?:năm\s+)?\d{4}))"
)
_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@dataclass
class Found:
    kind: str
    text: str
    date: str | None
    start: int
    end: int


def _last_day(year: int, month: int) -> str:
    return datetime.date(year, month, calendar.monthrange(year, month)[1]).isoformat()


def _date_of(m: re.Match[str]) -> str | None:
    g = m.groups()
    try:
        if g[0] or g[3]:
            day, month, year = (g[0], g[1], g[2]) if g[0] else (g[3], g[4], g[5])
            return datetime.date(int(year), int(month), int(day)).isoformat()
        if g[6]:
            return _last_day(int(g[7]), int(g[6]))
        if g[8]:
            return _last_day(int(g[9]), 3 * _QUARTERS[g[8]])
        if g[10]:
            return _last_day(int(g[11]), 6 if g[10] == "đầu" else 12)
        if len(g) > 13 and g[12] and g[13]:
            return _last_day(int(g[13]), 12)
        last = next((x for x in reversed(g) if x), None)
        return _last_day(int(last), 12) if last else None
    except (ValueError, KeyError):
        return None


def _year_before(m: re.Match[str], key: str) -> str | None:
    date = _date_of(m)
    g = m.groups()
    year_only = not (g[0] or g[3] or g[6] or g[8] or g[10])
    # "trước năm 2025" is before 2025 starts.
    if date and year_only and key[m.start() : m.end()].startswith("trước"):
        return f"{int(date[:4]) - 1}-12-31"
    return date


_LEAD_VERB = re.compile(r"^(?:hoàn thành|thực hiện xong|xong|ban hành|trình|báo cáo)\s+(?=\S)")


def find_fixed(text: str, key: str | None = None, labelled: bool = False) -> list[Found]:
    # Every fixed deadline names a year: most paragraphs are ruled out at once.
    if not _YEAR4.search(text):
        return []
    key = match_key(text) if key is None else key
    pattern = _ANY_FIXED if labelled else _FREE_FIXED
    found = []
    for m in pattern.finditer(key):
        date = _year_before(m, key)
        if date is None:
            continue
        start = m.start()
        if not labelled:
            # The verb before the deadline belongs to the duty, not to the deadline.
            lead = _LEAD_VERB.match(key[start : m.end()])
            if lead and lead.end() < m.end() - start:
                start += lead.end()
        found.append(Found("fixed", text[start : m.end()], date, start, m.end()))
    return found


def find_recurring(text: str, key: str | None = None) -> list[Found]:
    key = match_key(text) if key is None else key
    return [
        Found("recurring", text[m.start() : m.end()], None, m.start(), m.end())
        for m in _RECURRING.finditer(key)
        if _word_bounded(key, m.start(), m.end())
    ]


def _word_bounded(key: str, start: int, end: int) -> bool:
    before = key[start - 1] if start else " "
    after = key[end] if end < len(key) else " "
    return not before.isalnum() and not after.isalnum()


def parse_labelled(value: str) -> dict:
    """The deadline a "Thời gian thực hiện:" line states."""
    text = strip_trailing_punct(value)
    if not text:
        return {"kind": "none", "text": None, "date": None}
    key = match_key(text)
    fixed = [f for f in find_fixed(text, key, labelled=True) if f.date]
    recurring = find_recurring(text, key)
    starts_recurring = bool(recurring) and recurring[0].start == 0
    if _ONGOING.search(key):
        return {"kind": "recurring", "text": text, "date": None}
    if fixed and not starts_recurring:
        return {"kind": "fixed", "text": text, "date": fixed[-1].date}
    if recurring:
        return {"kind": "recurring", "text": text, "date": None}
    return {"kind": "none", "text": text, "date": None}


_PAREN = re.compile(r"\(([^()]{3,200})\)")
_TIME_LABEL = re.compile(
    r"\s*(?:thời gian|thời hạn|tiến độ)(?:\s+(?:thực hiện|hoàn thành))?\s*:\s*"
)


def parenthetical(text: str, key: str, recurring_too: bool = True) -> list[Found]:
    """Deadlines stated in parentheses: "(hoàn thành trong quý II/2020)".

    The whole clause inside the parentheses is the deadline's text; with several clauses
    ("Sở Nội vụ chủ trì; hoàn thành trước 30/6/2025") only the one holding the date.
    """
    out: list[Found] = []
    for m in _PAREN.finditer(key):
        offset = m.start(1)
        for clause in re.finditer(r"[^;,]+(?:,\s*[^;,]*\d[^;,]*)*", key[m.start(1) : m.end(1)]):
            c_start, c_end = offset + clause.start(), offset + clause.end()
            c_text, c_key = text[c_start:c_end], key[c_start:c_end]
            fixed = find_fixed(c_text, c_key, labelled=True)
            rec = find_recurring(c_text, c_key) if recurring_too else []
            if not fixed and not rec:
                continue
            # "(chủ trì: ...; thời gian: quý III/2026)": the label is not the deadline's text.
            label = _TIME_LABEL.match(c_key)
            if label:
                c_start, c_text = c_start + label.end(), c_text[label.end() :]
            stripped = c_text.strip()
            lead = len(c_text) - len(c_text.lstrip())
            kind = "fixed" if fixed else "recurring"
            date = fixed[-1].date if fixed else None
            out.append(Found(kind, stripped, date, c_start + lead, c_start + lead + len(stripped)))
    return out


def as_dict(found: Found) -> dict:
    return {"kind": found.kind, "text": found.text, "date": found.date}


NONE = {"kind": "none", "text": None, "date": None}
