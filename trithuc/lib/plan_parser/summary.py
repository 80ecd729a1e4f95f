"""A readable Vietnamese summary of a parsed plan (for `parse_plan --format text`)."""

from __future__ import annotations

_COMPARATORS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "=", "range": "từ"}
_DEADLINE_KIND = {"recurring": "định kỳ/thường xuyên", "fixed": "có hạn", "none": "không nêu"}


def _lines(span: list[int] | None) -> str:
    if not span:
        return ""
    start, end = span
    return f" (dòng {start})" if start == end else f" (dòng {start}-{end})"


def _date_vi(iso: str | None) -> str:
    if not iso:
        return "không ghi"
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


def _value(target: dict) -> str:
    value = target["value"]
    unit = target["unit"] or ""
    sep = "" if unit == "%" else " "
    if target["comparator"] == "range" and isinstance(value, list):
        return f"từ {value[0]} đến {value[1]}{sep}{unit}"
    return f"{_COMPARATORS.get(target['comparator'], '')} {value}{sep}{unit}".strip()


def _deadline(deadline: dict | None) -> str:
    if not deadline or deadline.get("kind") == "none":
        return "không nêu"
    text = deadline.get("text") or ""
    if deadline.get("date"):
        return f"{text} (đến {_date_vi(deadline['date'])})"
    return text


def render_text(plan: dict) -> str:
    out: list[str] = []
    title = "KẾ HOẠCH" + (f" số {plan['number']}" if plan.get("number") else " (không ghi số)")
    out.append(f"{title}, ngày {_date_vi(plan.get('date'))}")
    issuer = plan.get("issuer") or "không xác định"
    if plan.get("issuer_inferred"):
        issuer += " (suy ra từ nội dung)"
    out.append(f"Cơ quan ban hành: {issuer}")
    out.append("Thực hiện văn bản: " + (", ".join(plan.get("implements") or []) or "không nêu"))
    if plan.get("partial"):
        out.append("Lưu ý: văn bản dừng giữa chừng (không có phần nơi nhận, chữ ký).")
    targets = plan.get("targets") or []
    out.append("")
    out.append(f"CHỈ TIÊU ({len(targets)})")
    for target in targets:
        tags = [str(target["year"]) if target.get("year") else "không rõ năm"]
        if target.get("sector"):
            tags.append(target["sector"])
        tags.append(target.get("indicator") or "chỉ số chưa phân loại")
        out.append(
            f"  - [{', '.join(tags)}] {_value(target)}: {target['text']}{_lines(target.get('lines'))}"
        )
    tasks = plan.get("tasks") or []
    out.append("")
    out.append(f"NHIỆM VỤ ({len(tasks)})")
    for task in tasks:
        out.append(f"  {task['number']}. {task['title']}{_lines(task.get('lines'))}")
        if task.get("lead"):
            out.append(f"      Chủ trì/chỉ đạo: {'; '.join(task['lead'])}")
        if task.get("implementers"):
            out.append(f"      Thực hiện/phối hợp: {'; '.join(task['implementers'])}")
        out.append(f"      Thời hạn: {_deadline(task.get('deadline'))}")
    assignments = plan.get("assignments") or []
    out.append("")
    out.append(f"PHÂN CÔNG ({len(assignments)})")
    for record in assignments:
        role = " (chủ trì)" if record.get("lead") else ""
        agency = record.get("agency") or "không xác định"
        line = f"  {record['number']}. {agency}{role}: {record['duties_count']} nhiệm vụ"
        if record.get("coordinates_with"):
            line += f"; phối hợp với {', '.join(record['coordinates_with'])}"
        if record.get("deadline"):
            line += f"; thời hạn {_deadline(record['deadline'])}"
        out.append(line + _lines(record.get("lines")))
    reporting = plan.get("reporting") or []
    if reporting:
        out.append("")
        out.append(f"BÁO CÁO ({len(reporting)})")
        for item in reporting:
            frequency = f", {item['frequency']}" if item.get("frequency") else ""
            who = item.get("from") or "không rõ"
            out.append(f"  - {who} → {', '.join(item['to'])}{frequency}{_lines(item.get('lines'))}")
    out.append("")
    out.append(f"Nơi nhận: {plan.get('recipients_count', 0)}")
    signer = plan.get("signer")
    if signer:
        out.append(
            f"Người ký: {signer.get('name') or 'không ghi'} ({signer.get('capacity') or ''})"
        )
    return "\n".join(out)
