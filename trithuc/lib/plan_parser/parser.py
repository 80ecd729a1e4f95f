"""Plan text in, structure out: the pipeline that puts the parts together."""

from __future__ import annotations

import re

from .assignments import extract_assignments
from .codes import find_codes
from .errors import PlanParseError
from .header import find_title, parse_header
from .normalize import match_key
from .recipients import find_closing_start, parse_closing, signature_without_recipients
from .reporting import extract_reporting
from .structure import build_paras, build_sections, first_roman_heading, prepare_line, section_kind
from .targets import extract_targets, footnote_index
from .tasks import extract_tasks

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
_APPENDIX = re.compile(r"^(?:phụ lục|danh mục nhiệm vụ)(?![^\W\d_])")

MSG_EMPTY = "Tệp rỗng: không có nội dung nào để đọc."
MSG_BINARY = "Tệp không phải là văn bản đọc được (có vẻ là tệp nhị phân)."
MSG_NOT_PLAN = (
    'Văn bản không phải là một kế hoạch: không tìm thấy tiêu đề "KẾ HOẠCH"/"CHƯƠNG TRÌNH" '
    'hay các phần như "Nhiệm vụ, giải pháp", "Tổ chức thực hiện".'
)


def _check_text(text: str) -> None:
    if not text or not text.strip():
        raise PlanParseError(MSG_EMPTY)
    sample = text[:20000]
    if "\x00" in sample or len(_CONTROL.findall(sample)) > max(8, len(sample) // 50):
        raise PlanParseError(MSG_BINARY)


def _body_end(lines: list[str], first_section: int) -> tuple[int, int | None, int | None]:
    """(end of the body, start of "Nơi nhận", start of an appendix), 0-based."""
    closing = find_closing_start(lines, first_section)
    appendix = None
    for i in range(closing if closing is not None else first_section, len(lines)):
        if _APPENDIX.match(match_key(lines[i])) and lines[i][:1].isupper() and i > first_section:
            appendix = i
            break
    end = min(x for x in (closing, appendix, len(lines)) if x is not None)
    return end, closing, appendix


def _first_section_line(lines: list[str]) -> int:
    for i, line in enumerate(lines):
        if line and line[0] in "IVXLPp" and first_roman_heading(line):
            return i
    paras = build_paras(lines, 0, len(lines))
    _, sections = build_sections(paras)
    return sections[0].head.start - 1 if sections else 0


def parse_plan_text(text: str) -> dict:
    """Parse the text of a plan. Raises PlanParseError for text that is not a plan."""
    _check_text(text)
    lines = [prepare_line(raw) for raw in _LINE_BREAK.split(text)]
    first = _first_section_line(lines)
    body_end, closing_at, appendix_at = _body_end(lines, first)
    closing: dict | None = None
    if closing_at is not None:
        closing = parse_closing(lines, closing_at, appendix_at or len(lines))
    else:
        signer = signature_without_recipients(lines, first, body_end)
        if signer:
            body_end = signer["lines"][0] - 1
            closing = {"recipients": [], "recipients_lines": 0, "signer": signer, "lines": None}
    paras = build_paras(lines, 0, body_end)
    _, sections = build_sections(paras)
    body_start = sections[0].head.start - 1 if sections else body_end
    header = parse_header(lines, body_start)
    kinds = {section_kind(s) for s in sections}
    # A plan says what it is in its title or in its number ("Số: 35/KH-UBND"), even when
    # only its opening was received; failing both, its sections must show it.
    says_plan = find_title(lines, body_start) is not None or _number_says_plan(header.number)
    if not says_plan and not (len(sections) >= 2 and kinds & {"tasks", "implementation"}):
        raise PlanParseError(MSG_NOT_PLAN)
    appendix = build_paras(lines, appendix_at, len(lines)) if appendix_at is not None else []
    targets = extract_targets(sections, footnote_index(paras))
    tasks, task_deadlines = extract_tasks(sections, appendix)
    assignments, assignment_deadlines, closing_paras = extract_assignments(sections)
    reporting = extract_reporting(assignments, closing_paras)
    for record in assignments:
        record.pop("text", None)
    recipients = closing["recipients"] if closing else []
    result: dict = {
        "partial": closing is None,
        "title": header.title,
        "issuer": header.issuer,
        "issuer_as_printed": header.issuer_as_printed,
        "issuer_inferred": header.issuer_inferred,
        "issuer_level": header.issuer_level,
        "number": header.number,
        "number_as_printed": header.number_as_printed,
        "date": header.date,
        "place": header.place,
        "implements": header.implements,
        "issued_with": header.issued_with,
        "targets": targets,
        "tasks": tasks,
        "assignments": assignments,
        "deadlines": task_deadlines + assignment_deadlines,
        "reporting": reporting,
        "recipients_count": len(recipients),
        "recipients": [r["text"] for r in recipients],
        "recipients_lines": closing["recipients_lines"] if closing else 0,
        "signer": closing["signer"] if closing else None,
        "sections": [
            {
                "number": s.number,
                "printed_number": s.printed,
                "title": s.head.text,
                "kind": section_kind(s),
                "lines": [s.head.start, s.end],
            }
            for s in sections
        ],
        "sources": {
            "title": header.title_lines,
            "number": header.number_lines,
            "date": header.date_lines,
            "issuer": header.issuer_lines,
            "preamble": header.preamble_lines,
            "implements": header.implements_lines,
            "issued_with": header.issued_with_lines,
            "recipients": [r["lines"] for r in recipients],
            "closing": closing["lines"] if closing else None,
        },
        "line_count": len(lines),
    }
    result["notes"] = _notes(result, sections)
    return result


def _number_says_plan(number: str | None) -> bool:
    codes = find_codes(number or "")
    return bool(codes) and codes[0].kind in ("KH", "CTr")


def _notes(result: dict, sections: list) -> list[str]:
    """What a reviewer should know about how the text was read (in Vietnamese)."""
    notes: list[str] = []
    for section in sections:
        if section.printed != section.number:
            notes.append(
                f'Mục in số "{section.printed}" được hiểu là mục {section.number} '
                "(số thứ tự theo vị trí trong văn bản)."
            )
    printed = result.get("number_as_printed")
    if printed and result["number"] and printed.split(None, 1)[-1].lstrip(": ") != result["number"]:
        notes.append(f'Số văn bản in là "{printed}", được chuẩn hóa thành {result["number"]}.')
    issued_with = result.get("issued_with")
    if issued_with:
        notes.append(
            f"Kế hoạch ban hành kèm theo văn bản số {issued_with['number']}"
            + (f" của {issued_with['issuer']}" if issued_with.get("issuer") else "")
            + ": cơ quan và ngày ban hành lấy theo văn bản đó."
        )
    printed_issuer = result.get("issuer_as_printed")
    if printed_issuer and result["issuer"] and printed_issuer != result["issuer"]:
        notes.append(
            f'Cơ quan ban hành in là "{printed_issuer}", ghi đầy đủ là {result["issuer"]}.'
        )
    if result.get("issuer_inferred"):
        notes.append("Cơ quan ban hành được suy ra từ nội dung, văn bản không ghi đầy đủ.")
    if result["partial"]:
        notes.append("Văn bản dừng giữa chừng: không có phần nơi nhận và chữ ký.")
    unknown = sum(1 for t in result["targets"] if t["indicator"] is None)
    if unknown:
        notes.append(f"{unknown} chỉ tiêu chưa khớp chỉ số nào trong danh mục (indicator null).")
    return notes
