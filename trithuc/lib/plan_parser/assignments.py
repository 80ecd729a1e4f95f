"""Assignments: who must do what, from the "Tổ chức thực hiện" section.

Each numbered item names one duty holder, in one of three layouts:
- a heading that is only an agency ("1. Sở Khoa học và Công nghệ") over its duties
  ("a) ...", "b) ..." or bullets): one duty per sub-item;
- an agency and a colon ("3. Sở Giáo dục và Đào tạo: Chủ trì, ..."): one duty, or one
  per sub-item below;
- a sentence whose subject is the agency ("4. Giao Ban Tuyên giáo chủ trì, ..."). A later
  sentence of the same item with an agency of its own as subject ("Ban Tổ chức Tỉnh uỷ
  chủ trì tham mưu ...") is a second assignment under the same number.
A paragraph after the last item that is not numbered ("Trong quá trình tổ chức thực hiện
...") closes the section: it is not a duty of the last agency.
"""

from __future__ import annotations

import re

from . import deadlines as dl
from .agencies import (
    coordinates,
    leading_subject,
    next_verb,
    phrase_until_verb,
    says_lead,
    split_agencies,
    starts_with_agency,
    strip_assigning_words,
)
from .normalize import match_key, strip_trailing_punct
from .structure import Item, Para, Section, section_kind
from .tables import Table, read_tables

_SENTENCE = re.compile(r"[^.]+(?:\.(?!\s+[^\W\d_])[^.]*)*\.?")
_CHU_TRI_START = re.compile(r"^(?:giao\s+)?chủ trì(?![^\W\d_])")
_DIRECTS = re.compile(r"(?:^|;\s*)chỉ đạo\s+")


# How the closing paragraph of a plan starts ("Trên đây là Kế hoạch ...").
_CLOSING_RE = re.compile(
    r"^(?:trên đây|trong quá trình|quá trình (?:tổ chức )?thực hiện|yêu cầu các|đề nghị các|"
    r"ủy ban nhân dân tỉnh yêu cầu|ban thường vụ [^ ]+ ủy yêu cầu)"
)


def _duty_units(item: Item) -> tuple[list[Para], list[Para]]:
    """(sub-items that are duties, paragraphs that only continue or close the item)."""
    closing = [p for p in item.body if p.kind == "text" and _CLOSING_RE.match(p.key)]
    if closing:
        body = item.body[: item.body.index(closing[0])]
        units, rest = _duty_units(Item(item.number, item.printed, item.head, body))
        return units, rest + item.body[len(body) :]
    letters = [p for p in item.body if p.kind == "letter"]
    if letters:
        units = letters
    else:
        bullets = [p for p in item.body if p.kind == "bullet"]
        units = [p for p in bullets if p.marker == bullets[0].marker] if bullets else []
    if units:
        first = units[0]
        rest = [
            p for p in item.body if p not in units and p.start > first.start and p.kind == "text"
        ]
        return units, rest
    return [p for p in item.body if p.kind in ("text", "paren", "sub")], []


def _sentences(text: str, key: str, offset: int = 0) -> list[tuple[str, str]]:
    out = []
    for m in _SENTENCE.finditer(key, offset):
        a, b = m.span()
        piece = text[a:b]
        lead = len(piece) - len(piece.lstrip())
        if piece.strip():
            out.append((piece.strip(), key[a + lead : a + lead + len(piece.strip())]))
    return out


def _is_lead(keys: list[str], subject_verb_is_chu_tri: bool) -> bool:
    if subject_verb_is_chu_tri:
        return True
    return any(_CHU_TRI_START.match(k.strip(" -–+")) for k in keys)


def _directs(keys_texts: list[tuple[str, str]]) -> list[str]:
    found: list[str] = []
    for text, key in keys_texts:
        m = _DIRECTS.match(key)
        if m and starts_with_agency(text[m.end() :], key[m.end() :]):
            found += split_agencies(phrase_until_verb(text, key, m.end()))
    return found


def _assignment(number: str, printed: str | None, agency: str | None, parts, duties: int, lines):
    keys = [k for _, k in parts]
    texts_joined = " ".join(t for t, _ in parts)
    subject_chu_tri = False
    if agency:
        first_text, first_key = parts[0] if parts else ("", "")
        subject = leading_subject(first_text, first_key)
        if subject and first_key[subject[2] :].startswith("chủ trì"):
            subject_chu_tri = True
    record: dict = {"number": number}
    if printed and printed != number:
        record["printed_number"] = printed
    record["agency"] = agency
    agencies = split_agencies(agency) if agency else []
    if len(agencies) > 1:
        record["agencies"] = agencies
    record["duties_count"] = duties
    record["lead"] = _is_lead(keys, subject_chu_tri)
    partners: list[str] = []
    for text, key in parts:
        for name in coordinates(text, key):
            if name not in partners:
                partners.append(name)
    record["coordinates_with"] = partners
    directs = _directs(parts)
    if directs:
        record["directs"] = directs
    for text, key in parts:
        fixed = dl.parenthetical(text, key, recurring_too=False) or dl.find_fixed(text, key)
        if fixed:
            record["deadline"] = dl.as_dict(fixed[0])
            break
    record["text"] = texts_joined
    record["lines"] = lines
    return record


def assignments_from_item(item: Item, section: Section) -> list[dict]:
    head = item.head
    printed = f"{section.printed}.{item.printed}"
    units, _closing = _duty_units(item)
    unit_parts = [(p.text, p.key) for p in units]
    duties = max(1, len([p for p in units if p.kind in ("letter", "bullet")]))
    head_text = strip_assigning_words(strip_trailing_punct(head.text))
    head_key = match_key(head_text)
    # 1. A heading that is only an agency.
    if (
        starts_with_agency(head_text, head_key)
        and next_verb(head_text, head_key) is None
        and len(head_text.split()) <= 20
        and units
    ):
        duties = max(1, len(units))
        return [_assignment(item.number, printed, head_text, unit_parts, duties, item.lines)]
    # 2. "Agency: duty".
    colon = head.key.find(":")
    if 0 < colon < 150:
        before = strip_assigning_words(head.text[:colon].strip(), head.key[:colon].strip())
        before_key = match_key(before)
        if starts_with_agency(before, before_key) and next_verb(before, before_key) is None:
            rest = head.text[colon + 1 :].strip()
            parts = [(rest, match_key(rest))] + unit_parts
            return [_assignment(item.number, printed, before, parts, duties, item.lines)]
    # 3. Sentences whose subject is the agency.
    sentences = _sentences(head.text, head.key)
    records: list[dict] = []
    current_agency: str | None = None
    current_parts: list[tuple[str, str]] = []
    for text, key in sentences:
        subject = leading_subject(text, key)
        if subject and (
            current_agency is None or match_key(subject[0]) != match_key(current_agency)
        ):
            if current_parts:
                records.append((current_agency, current_parts))
            current_agency, current_parts = subject[0], [(text, key)]
        else:
            current_parts.append((text, key))
    if current_parts or not records:
        records.append((current_agency, current_parts))
    out = []
    for i, (agency, parts) in enumerate(records):
        last = i == len(records) - 1
        all_parts = parts + (unit_parts if last else [])
        out.append(
            _assignment(item.number, printed, agency, all_parts, duties if last else 1, item.lines)
        )
    return out


def extract_assignments(sections: list[Section]) -> tuple[list[dict], list[dict], list[Para]]:
    """Assignments, the deadlines stated in them, and the closing paragraphs."""
    out: list[dict] = []
    found: list[dict] = []
    closing: list[Para] = []
    for section in sections:
        if section_kind(section) != "implementation":
            continue
        for index, item in enumerate(section.items):
            out += assignments_from_item(item, section)
            found += _deadlines_in(item)
            if index == len(section.items) - 1:
                closing += _duty_units(item)[1]
        for table in read_tables(section.all_paras()):
            records, deadlines = _assignments_from_table(table, section)
            out += records
            found += deadlines
        if not section.items:
            for index, para in enumerate(
                p for p in section.intro if p.kind in ("letter", "bullet")
            ):
                fake = Item(f"{section.number}.{index + 1}", para.marker, para)
                out += assignments_from_item(fake, section)
    return out, found, closing


def _assignments_from_table(table: Table, section: Section) -> tuple[list[dict], list[dict]]:
    """Rows of a table of assignments ("STT | Cơ quan, đơn vị | Nhiệm vụ | Thời hạn")."""
    records: list[dict] = []
    found: list[dict] = []
    for index, row in enumerate(table.rows, 1):
        cells = row.cells
        agency = cells.get("lead")
        duties = cells.get("content", "")
        row_number = cells.get("number", str(index)).rstrip(".")
        if row.group:
            row_number = f"{row.group}.{row_number}"
        number = f"{section.number}.{row_number}"
        # Several duties in one cell are separated by ";" or printed one per line.
        count = max(1, len([d for d in re.split(r";\s*", duties) if d.strip()]))
        record = {
            "number": number,
            "agency": agency,
            "duties_count": count,
            "lead": says_lead(match_key(duties)) or bool(cells.get("coop")),
            "coordinates_with": split_agencies(cells["coop"]) if cells.get("coop") else [],
            "lines": row.para.lines,
        }
        agencies = split_agencies(agency) if agency else []
        if len(agencies) > 1:
            record["agencies"] = agencies
        if cells.get("deadline"):
            record["deadline"] = dl.parse_labelled(cells["deadline"])
            found.append({"where": number, **record["deadline"], "lines": row.para.lines})
        records.append(record)
    return records, found


def _deadlines_in(item: Item) -> list[dict]:
    closing = _duty_units(item)[1]
    found: list[dict] = []
    for para in [item.head, *item.body]:
        if para in closing:
            continue
        where = item.number
        if para.kind == "letter":
            where = f"{item.number}.{para.marker}"
        hits = dl.parenthetical(para.text, para.key)
        spans = [(h.start, h.end) for h in hits]
        hits += [
            h
            for h in dl.find_fixed(para.text, para.key)
            if not any(a <= h.start < b for a, b in spans)
        ]
        spans = [(h.start, h.end) for h in hits]
        hits += [
            h
            for h in dl.find_recurring(para.text, para.key)
            if not any(a <= h.start < b for a, b in spans)
        ]
        for hit in sorted(hits, key=lambda h: h.start):
            found.append({"where": where, **dl.as_dict(hit), "lines": para.lines})
    return found
