"""Tasks: the numbered items of the "Nhiệm vụ, giải pháp" section, and rows of task tables.

Who does a task is read, in this order, from:
1. labelled lines ("Cơ quan chỉ đạo:", "Cơ quan chủ trì:", "Cơ quan tham mưu, thực hiện:",
   "Cơ quan phối hợp:");
2. "chủ trì"/"phối hợp" wording ("Sở Nội vụ chủ trì, phối hợp với Sở Tài chính ...");
3. agencies standing as the subject of the task's sub-items ("a) Các sở, ban, ngành phối
   hợp ..."), when at least half of the sub-items have one: a lone subject among bullets
   of general guidance ("- Cấp uỷ các cấp xây dựng ...") describes, it does not assign.
A task's deadline is its "Thời gian thực hiện:" line, else a deadline in parentheses, else a
dated phrase ("trước ngày 30/6/2025"). Words like "thường xuyên" inside a sentence of
guidance are not a deadline.
"""

from __future__ import annotations

import re

from . import deadlines as dl
from .agencies import coordinates, dedupe, leading_subject, split_agencies
from .normalize import strip_trailing_punct
from .structure import Item, Para, Section, section_kind, split_label
from .tables import Table, read_tables


def _units(item: Item) -> tuple[list[Para], str]:
    """The sub-units of an item: lettered sub-items if any, else its main bullets."""
    letters = [p for p in item.body if p.kind == "letter"]
    if letters:
        return letters, "letter"
    bullets = [p for p in item.body if p.kind == "bullet"]
    if bullets:
        main = bullets[0].marker
        return [p for p in bullets if p.marker == main], "bullet"
    return [], ""


# "(Cơ quan chủ trì: Sở Nội vụ; phối hợp: Sở Tài chính)", also without "cơ quan".
_LEAD_LABEL_RE = re.compile(r"(?<![^\s(;,])(?:(?:cơ quan|đơn vị)\s+)?chủ trì\s*:\s*([^;)]+)")
_COOP_LABEL_RE = re.compile(r"(?<![^\s(;,])(?:(?:cơ quan|đơn vị)\s+)?phối hợp\s*:\s*([^;)]+)")
_CHU_TRI_AFTER = re.compile(r"(?<![^\s,;(])chủ trì(?![^\W\d_])")
_PHOI_HOP = re.compile(r"(?<![^\s,;(])phối hợp(?![^\W\d_])")


def _clauses(para: Para) -> list[tuple[str, str]]:
    """Sentences and parenthesised parts of a paragraph, as (text, key)."""
    out = []
    for m in re.finditer(r"\(([^()]+)\)|[^.()]+(?:\.(?!\s)[^.()]*)*", para.key):
        start, end = m.span(1) if m.group(1) else m.span()
        for part in re.finditer(r"[^;]+", para.key[start:end]):
            a, b = start + part.start(), start + part.end()
            text = para.text[a:b]
            lead = len(text) - len(text.lstrip(" ,"))
            out.append((text[lead:].rstrip(), para.key[a + lead : b].rstrip()))
    return out


def chu_tri_statements(paras: list[Para]) -> tuple[list[str], list[str]]:
    """Lead agencies and their partners from "chủ trì"/"phối hợp" wording."""
    leads: list[str] = []
    partners: list[str] = []
    for para in paras:
        if "chủ trì" not in para.key:
            continue
        for text, key in _clauses(para):
            label = _LEAD_LABEL_RE.search(key)
            if label:
                leads += split_agencies(text[label.start(1) : label.end(1)])
                coop = _COOP_LABEL_RE.search(key)
                if coop:
                    partners += split_agencies(text[coop.start(1) : coop.end(1)])
                continue
            m = _CHU_TRI_AFTER.search(key)
            if not m:
                # The clause after "chủ trì: ..." or "X chủ trì": "phối hợp: Y", "Y phối hợp".
                coop = _COOP_LABEL_RE.search(key) if leads else None
                if coop:
                    partners += split_agencies(text[coop.start(1) : coop.end(1)])
                elif leads:
                    partners += _partners_as_subject(text, key)
                continue
            subject = leading_subject(text, key)
            if subject and subject[2] == m.start():
                leads += split_agencies(subject[0])
                partners += coordinates(text[m.end() :], key[m.end() :])
                # "Sở Nội vụ chủ trì, Sở Tài chính phối hợp": the partners are the subject
                # of the next clause rather than the object of "phối hợp với".
                rest = len(key[m.end() :]) - len(key[m.end() :].lstrip(" ,"))
                partners += _partners_as_subject(text[m.end() + rest :], key[m.end() + rest :])
    return dedupe(leads), dedupe(partners)


def _partners_as_subject(text: str, key: str) -> list[str]:
    """Agencies standing before "phối hợp" ("Sở Tài chính, Sở Y tế phối hợp thực hiện")."""
    subject = leading_subject(text, key)
    if subject is None:
        return []
    m = _PHOI_HOP.match(key, subject[2])
    return split_agencies(subject[0]) if m else []


def _labelled(item: Item) -> dict[str, list[tuple[str, Para]]]:
    found: dict[str, list[tuple[str, Para]]] = {}
    for para in item.body:
        if para.kind == "label" and para.label:
            for label, value in split_label(para):
                found.setdefault(label, []).append((value, para))
    return found


def _agencies_of(values: list[tuple[str, Para]]) -> list[str]:
    names: list[str] = []
    for value, _ in values:
        names += split_agencies(value)
    return dedupe(names)


def _subjects(units: list[Para]) -> list[str]:
    found = [leading_subject(u.text, u.key) for u in units]
    named = [s for s in found if s]
    if not named or 2 * len(named) < len(units):
        return []
    names: list[str] = []
    for subject, _, _ in named:
        names += split_agencies(subject)
    return dedupe(names)


def _title(head: Para) -> str:
    title = head.text
    if len(title) > 160 and ":" in title[:160]:
        title = title.split(":", 1)[0]
    return strip_trailing_punct(title)


def _body_deadlines(item: Item, units_kind: str) -> list[tuple[dl.Found, str, Para]]:
    """Deadlines stated in an item's text: (found, where, paragraph)."""
    out: list[tuple[dl.Found, str, Para]] = []
    for para in [item.head, *item.body]:
        if para.kind in ("label", "table"):
            continue
        where = item.number
        if para.kind == "letter" and units_kind == "letter":
            where = f"{item.number}.{para.marker}"
        found = dl.parenthetical(para.text, para.key)
        spans = [(f.start, f.end) for f in found]
        for f in dl.find_fixed(para.text, para.key):
            if not any(a <= f.start < b for a, b in spans):
                found.append(f)
        for f in sorted(found, key=lambda f: f.start):
            out.append((f, where, para))
    return out


def task_from_item(item: Item) -> tuple[dict, list[dict]]:
    units, units_kind = _units(item)
    labels = _labelled(item)
    task: dict = {
        "number": item.number,
        "title": _title(item.head),
        "bullets": sum(1 for p in units if p.kind == "bullet"),
        "subitems": [p.marker for p in units if p.kind == "letter"],
    }
    directing = _agencies_of(labels.get("direct", []))
    lead = _agencies_of(labels.get("lead", [])) or directing
    implementers = _agencies_of(labels.get("implementers", []) + labels.get("coop", []))
    if not lead and not implementers:
        lead, implementers = chu_tri_statements([item.head, *item.body])
    if not lead and not implementers:
        implementers = _subjects(units) if units else _subjects([item.head])
    task["lead"] = lead
    task["implementers"] = implementers
    if directing and labels.get("lead"):
        task["directing"] = directing
    found_deadlines: list[dict] = []
    deadline = None
    for value, para in labels.get("deadline", []):
        parsed = dl.parse_labelled(value)
        entry = {**parsed, "lines": para.lines}
        found_deadlines.append({"where": item.number, **entry})
        deadline = deadline or entry
    for found, where, para in _body_deadlines(item, units_kind):
        entry = {**dl.as_dict(found), "lines": para.lines}
        found_deadlines.append({"where": where, **entry})
        if deadline is None:
            deadline = dict(entry)
            if where != item.number:
                deadline["applies_to"] = where
    task["deadline"] = deadline or {**dl.NONE}
    task["lines"] = item.lines
    return task, found_deadlines


def tasks_from_table(table: Table, prefix: str) -> tuple[list[dict], list[dict]]:
    tasks: list[dict] = []
    found: list[dict] = []
    for index, row in enumerate(table.rows, 1):
        cells = row.cells
        number = cells.get("number", str(index)).rstrip(".")
        if row.group:
            number = f"{row.group}.{number}"
        deadline_text = cells.get("deadline")
        deadline = dl.parse_labelled(deadline_text) if deadline_text else {**dl.NONE}
        task = {
            "number": f"{prefix}.{number}",
            "title": strip_trailing_punct(cells.get("content", "")),
            "bullets": 0,
            "subitems": [],
            "lead": dedupe(split_agencies(cells.get("lead", ""))),
            "implementers": dedupe(split_agencies(cells.get("coop", ""))),
            "deadline": {**deadline, "lines": row.para.lines} if deadline_text else deadline,
            "lines": row.para.lines,
        }
        if cells.get("product"):
            task["product"] = cells["product"]
        tasks.append(task)
        if deadline_text:
            found.append({"where": task["number"], **task["deadline"]})
    return tasks, found


def extract_tasks(sections: list[Section], appendix: list[Para]) -> tuple[list[dict], list[dict]]:
    tasks: list[dict] = []
    found: list[dict] = []
    for section in sections:
        kind = section_kind(section)
        if kind == "tasks":
            for item in section.items:
                task, deadlines = task_from_item(item)
                tasks.append(task)
                found += deadlines
        if kind == "implementation":
            continue  # its tables assign duties to agencies: see assignments.py
        for table in read_tables(section.all_paras()):
            more, deadlines = tasks_from_table(table, section.number)
            tasks += more
            found += deadlines
    for table in read_tables(appendix):
        more, deadlines = tasks_from_table(table, "PL")
        tasks += more
        found += deadlines
    return tasks, found
