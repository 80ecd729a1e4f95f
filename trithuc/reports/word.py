"""The report as a Word document in the official format (`lib.official_word`): the
header blocks, the body section by section, "Nơi nhận:" and the signature block, then the
annex tables after a page break."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK

from trithuc.lib.letterhead import Letterhead
from trithuc.lib.official_word import (
    grid,
    header_blocks,
    page_setup,
    para,
    signature_block,
)
from trithuc.reports.narrative import SECTIONS
from trithuc.reports.registry import cell_text


def target_rows(data: dict[str, Any]) -> list[list[str]]:
    rows = []
    for i, t in enumerate(data["targets"], start=1):
        baseline = ""
        if t.get("baseline_value") is not None:
            baseline = f"{cell_text(t['baseline_value'])} ({t.get('baseline_year') or ''})"
        reported = ""
        if t.get("reported"):
            reported = f"{cell_text(t['reported']['value'])} ({t['reported']['year']})"
        rows.append([str(i), t.get("indicator_name") or (t.get("text") or "")[:120],
                     baseline, f"{t['target_text']} ({t['year']})", t["value_text"], reported,
                     t["status_label"]])  # fmt: skip
    return rows


TARGET_HEADER = ["TT", "Chỉ tiêu", "Năm gốc", "Mục tiêu", "Giá trị tại ngày chốt",
                 "Số báo cáo", "Đánh giá"]  # fmt: skip
AGENCY_HEADER = ["TT", "Cơ quan", "Phải nộp", "Đã nộp", "Quá hạn", "Đang soạn", "Chưa báo cáo"]


def agency_rows(data: dict[str, Any]) -> list[list[str]]:
    return [[str(i), a["agency"], str(a["due"]), str(a["submitted"]), str(a["late"]),
             str(a["draft"]), str(a["missing"])]
            for i, a in enumerate(data["agency_reports"], start=1)]  # fmt: skip


def _text_block(document: Any, text: str) -> None:
    for line in (text or "").splitlines():
        if line.strip():
            para(document, line.strip(), indent=True)


def _results(document: Any, data: dict[str, Any], narrative: dict[str, str]) -> None:
    _text_block(document, narrative.get("results", ""))
    para(document, "1. Kết quả thực hiện các nhiệm vụ", bold=True, indent=True)
    for task in data["tasks"]:
        head = f"{task['number']}. {task['title']}".strip(". ")
        para(document, f"- {head} (chủ trì: {task['lead'] or 'chưa giao'}): "
                        f"{task['status_label'].lower()}.", indent=True, italic=True)  # fmt: skip
        for report in task["reports"]:
            if report["achievements"].strip():
                para(document, f"{report['agency']}: {report['achievements'].strip()}", indent=True)
    para(document, "2. Kết quả thực hiện các chỉ tiêu", bold=True, indent=True)
    if data["targets"]:
        para(document, f"Giá trị tính đến ngày {_d(data['as_of'])} từ cơ sở dữ liệu đội ngũ "
                        "trí thức (chi tiết tại Phụ lục 1):", indent=True)  # fmt: skip
        for i, t in enumerate(data["targets"], start=1):
            name = t.get("indicator_name") or (t.get("text") or "")[:120]
            para(document, f"- Chỉ tiêu {i}: {name}: đạt {t['value_text']} (mục tiêu "
                            f"{t['target_text']} năm {t['year']}), {t['status_label'].lower()}.",
                  indent=True)  # fmt: skip
    else:
        para(document, "Kế hoạch không có chỉ tiêu định lượng.", indent=True)
    if data["children"]:
        para(document, "3. Báo cáo của các cơ quan, đơn vị", bold=True, indent=True)
        for child in data["children"]:
            t = child["tasks"]
            para(document, f"- {child['agency']} ({child['plan']}): {t['done']}/{t['total']} "
                            f"nhiệm vụ hoàn thành, {t['in_progress']} đang thực hiện.", indent=True)  # fmt: skip


def _d(text: str) -> str:
    y, m, d = text.split("-")
    return f"{d}/{m}/{y}"


def _annexes(document: Any, data: dict[str, Any]) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run().add_break(WD_BREAK.PAGE)
    para(document, "PHỤ LỤC", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    para(document, f"(Số liệu tính đến ngày {_d(data['as_of'])})", italic=True,
          align=WD_ALIGN_PARAGRAPH.CENTER)  # fmt: skip
    number = 1
    para(document, f"Phụ lục {number}. Kết quả thực hiện các chỉ tiêu", bold=True, after=4)
    grid(document, TARGET_HEADER, target_rows(data), [9, 58, 18, 22, 20, 18, 20])
    registry = data["registry"]
    if registry["too_few"]:
        para(document, "Số trí thức quá ít để công bố cơ cấu.", italic=True)
    for table in registry["tables"]:
        if not table["in_docx"]:
            continue
        number += 1
        para(document, f"Phụ lục {number}. {table['title']}", bold=True, after=4)
        header = ["TT", "", *table["columns"]]
        rows = [[str(i), row["label"], *map(cell_text, row["values"])]
                for i, row in enumerate(table["rows"], start=1)]  # fmt: skip
        rows.append(["", "Tổng số", *map(cell_text, table["totals"])])
        rest = (165 - 10 - 42) / max(1, len(table["columns"]))
        grid(document, header, rows, [10, 42, *[rest] * len(table["columns"])])
    if registry["suppressed"]:
        para(document, f"Ghi chú: ô ghi \"x\" là số dưới {registry['threshold']} người hoặc ô "
                        "che kèm để không suy ra được, theo quy định bảo vệ dữ liệu cá nhân.",
              italic=True, size=12)  # fmt: skip
    number += 1
    para(document, f"Phụ lục {number}. Tình hình báo cáo của các cơ quan", bold=True, after=4)
    grid(document, AGENCY_HEADER, agency_rows(data))


def build_docx(data: dict[str, Any], report: dict[str, Any], head: Letterhead) -> bytes:
    """The .docx of a report: `data` from the assembly, `report` its editable parts
    (narrative, title, recipients, signer), `head` its letterhead."""
    document = Document()
    page_setup(document)
    header_blocks(document, head)
    para(document, "", after=6)
    para(document, "BÁO CÁO", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    para(document, report["title"], bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    para(document, "-----", align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
    narrative = report["narrative"]
    _text_block(document, narrative.get("intro", ""))
    for key, heading in SECTIONS[1:]:
        para(document, heading.replace(" (nhận định chung)", "").upper(), bold=True, indent=True)
        if key == "results":
            _results(document, data, narrative)
        else:
            _text_block(document, narrative.get(key, ""))
    para(document, "", after=6)
    signature_block(document, report)
    _annexes(document, data)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
