"""The narrative sections of a report, pre-filled from its figures and then the
secretariat's to edit. Figures themselves are never typed: the tables come from the
assembly, the narrative only says what they mean."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from trithuc.indicators import wording

SECTIONS = [
    ("intro", "Mở đầu"),
    ("deployment", "I. Công tác triển khai thực hiện"),
    ("results", "II. Kết quả thực hiện (nhận định chung)"),
    ("limitations", "III. Hạn chế, nguyên nhân"),
    ("directions", "IV. Phương hướng, nhiệm vụ thời gian tới"),
    ("proposals", "V. Đề xuất, kiến nghị"),
]
SECTION_KEYS = [key for key, _ in SECTIONS]
DISSEMINATION = re.compile(r"tuyên truyền|quán triệt|phổ biến|học tập", re.IGNORECASE)
PROPOSAL = re.compile(r"(kiến nghị|đề nghị|đề xuất)", re.IGNORECASE)
PERIOD_WORDS = {"yearly": "năm {year}", "review5": "05 năm", "review10": "10 năm"}


def _date(text: str) -> str:
    day = dt.date.fromisoformat(text)
    return f"{day:%d/%m/%Y}"


def period_words(data: dict[str, Any]) -> str:
    return PERIOD_WORDS.get(data["kind"], "năm {year}").format(year=data["year"])


def report_title(data: dict[str, Any]) -> str:
    plan = data["plan"]
    doing = (
        "Sơ kết"
        if data["kind"] == "review5"
        else "Tổng kết"
        if data["kind"] == "review10"
        else "Kết quả"
    )
    what = f"{plan['kind_label']} số {plan['number']}" if plan["number"] else plan["kind_label"]
    return f"{doing} {period_words(data)} thực hiện {what} của {plan['issuer']} {_about(plan['title'])}"


def _about(title: str) -> str:
    """The plan's title as a clause: "KẾ HOẠCH thực hiện …" → "thực hiện …"."""
    words = title.strip().rstrip(".").split()
    while words and words[0].isupper() and len(words[0]) > 1:
        words.pop(0)
    title = " ".join(words)
    if not title:
        return ""
    return title[0].lower() + title[1:] if not title.lower().startswith("về ") else title


def defaults(data: dict[str, Any]) -> dict[str, str]:
    plan = data["plan"]
    tasks, counts = data["tasks"], data["task_counts"]
    intro = (
        f"Thực hiện {plan['kind_label']} số {plan['number']} ngày {_date(plan['issued_on'])} của "
        f"{plan['issuer']} {_about(plan['title'])}; số liệu tính đến ngày {_date(data['as_of'])}, "
        f"kết quả thực hiện {period_words(data)} như sau:"
    )
    deployment = _deployment_text(data)
    results = _results_text(data, counts)
    limitations = "\n".join(f"- {d['agency']}: {d['text']}" for d in data["difficulties"]) or (
        "- Một số cơ quan chưa gửi báo cáo đúng hạn; việc cập nhật dữ liệu đội ngũ trí thức "
        "còn chậm."
    )
    late = [t for t in tasks if t["status"] in ("", "late", "not_started", "in_progress")]
    directions = (
        "\n".join(f"- Tiếp tục thực hiện nhiệm vụ {t['number']}: {t['title']}." for t in late[:12])
        or "- Duy trì kết quả đã đạt; tiếp tục cập nhật cơ sở dữ liệu đội ngũ trí thức."
    )
    proposals = "\n".join(
        f"- {d['agency']}: {d['text']}" for d in data["difficulties"] if PROPOSAL.search(d["text"])
    )
    return {"intro": intro, "deployment": deployment, "results": results,
            "limitations": limitations, "directions": directions, "proposals": proposals}  # fmt: skip


def _deployment_text(data: dict[str, Any]) -> str:
    lines = []
    children = data["deployment"]
    if children:
        lines.append(f"Đã có {len(children)} cơ quan, đơn vị ban hành văn bản cụ thể hóa:")
        lines += [f"- {c['agency']}: {c['number']} ngày {_date(c['issued_on'])}." for c in children]
    else:
        lines.append("Chưa có cơ quan, đơn vị nào ban hành văn bản thực hiện trong hệ thống.")
    spread = [t for t in data["tasks"] if DISSEMINATION.search(t["title"])]
    for task in spread:
        lead = next((r for r in task["reports"] if r["is_lead"]), None)
        said = f" {lead['achievements'].strip()}" if lead and lead["achievements"].strip() else ""
        lines.append(f"- {task['title']} ({task['status_label'].lower()}).{said}")
    return "\n".join(lines)


def _results_text(data: dict[str, Any], counts: dict[str, int]) -> str:
    targets = data["targets"]
    reached = sum(1 for t in targets if t["status"] == "achieved")
    on_track = sum(1 for t in targets if t["status"] == "on_track")
    total = data["registry"]["total"]
    parts = [
        # The registry's people, whatever their level: "trí thức" alone would contradict
        # the count of intellectuals (university or higher, not retired) among the targets.
        f"Cơ sở dữ liệu đội ngũ trí thức của {data['unit']['name'] or 'đơn vị'} có "
        f"{wording.number(total)} người tại ngày {_date(data['as_of'])}."
        if total
        else "",
        f"Trong {counts['total']} nhiệm vụ: {counts['done']} hoàn thành, {counts['in_progress']} "
        f"đang thực hiện, {counts['late']} chậm tiến độ, {counts['not_started']} chưa triển khai, "
        f"{counts['none']} chưa có báo cáo.",
        f"Trong {len(targets)} chỉ tiêu: {reached} đã đạt, {on_track} đúng tiến độ."
        if targets
        else "",
        f"Gặp mặt, đối thoại với trí thức trong kỳ: {requests['sentence']}."
        if (requests := data.get("intellectual_requests") or {}).get("total")
        else "",
    ]
    return " ".join(p for p in parts if p)


def recipients_default(style: str, issuer: str) -> str:
    if style == "party":
        return "- Ban Thường vụ Tỉnh ủy (b/c),\n- Các cơ quan, đơn vị liên quan,\n- Lưu Văn phòng."
    return "- Như trên;\n- Các cơ quan, đơn vị liên quan;\n- Lưu: VT."


def signer_default(style: str) -> tuple[str, str]:
    if style == "party":
        return "T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ"
    return "", "GIÁM ĐỐC"
