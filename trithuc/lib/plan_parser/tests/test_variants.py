"""Layouts beyond the seeds: State format, web headers, tables, labels, DOCX lists, PDF."""

from __future__ import annotations

import re

import pytest

from trithuc.lib.plan_parser import parse_plan_file, parse_plan_text

from .pdfwriter import write_text_pdf
from .samples import (
    DECISION_WITH_PLAN,
    DEPARTMENT_PLAN,
    PARTY_PLAN_WITH_RELATED_DOCS,
    STATE_PLAN_WEB_LAYOUT,
    TABLE_PLAN,
    WEB_WRAPPED_PLAN,
)
from .seeds import SEEDS_DIR, compare, expected, seed_names


def _task(plan: dict, number: str) -> dict:
    return next(t for t in plan["tasks"] if t["number"] == number)


def _deadline(task: dict) -> tuple:
    d = task["deadline"]
    return d["kind"], d["text"], d["date"]


class TestStatePlanFromAWebsite:
    plan = parse_plan_text(STATE_PLAN_WEB_LAYOUT)

    def test_header_in_two_flattened_columns(self) -> None:
        assert self.plan["number"] == "15/KH-UBND"
        assert self.plan["number_as_printed"] == "Số: 15/KH-UBND"
        # The date is split over two lines ("ngày 12 tháng 3" / "năm 2025").
        assert self.plan["date"] == "2025-03-12"
        assert self.plan["place"] == "Lâm Đồng"
        assert self.plan["issuer"] == "Ủy ban nhân dân tỉnh Lâm Đồng"
        assert self.plan["issuer_level"] == "people_committee_province"
        assert self.plan["issuer_inferred"] is False

    def test_title_split_mid_word_is_joined(self) -> None:
        assert "ĐỘI NGŨ TRÍ THỨC GIAI ĐOẠN" in self.plan["title"]

    def test_implements_normalised_codes_but_not_the_legal_basis(self) -> None:
        # "77-CTR/TU" is printed in capitals, "107/NQ- CP" with a stray space; the
        # "Căn cứ Nghị định ..." line is a legal basis, not a document the plan implements.
        assert self.plan["implements"] == ["77-CTr/TU", "107/NQ-CP"]

    def test_targets_with_comparators_and_unknown_indicator_kept(self) -> None:
        got = [
            (t["indicator"], t["comparator"], t["value"], t["unit"], t["year"])
            for t in self.plan["targets"]
        ]
        assert got == [
            ("share_trained_to_standard", "=", 100, "%", 2025),
            ("share_masters", ">=", 30, "%", 2025),
            ("phd_trained_count", ">=", 12, "người", 2025),
            ("share_university_or_higher", ">", 95, "%", 2030),
            (None, "=", 20, "%", 2030),
        ]
        assert self.plan["targets"][-1]["text"] == "số doanh nghiệp khoa học và công nghệ tăng 20%"

    def test_chu_tri_phoi_hop_wording_and_deadlines(self) -> None:
        t1 = _task(self.plan, "III.1")
        assert (t1["lead"], t1["implementers"]) == (["Sở Nội vụ"], ["Sở Thông tin và Truyền thông"])
        assert _deadline(t1) == ("fixed", "hoàn thành trước ngày 30/6/2025", "2025-06-30")
        assert t1["deadline"]["applies_to"] == "III.1.a"
        t2 = _task(self.plan, "III.2")
        assert (t2["lead"], t2["implementers"]) == (
            ["Sở Nội vụ"],
            ["Sở Tài chính", "Sở Giáo dục và Đào tạo"],
        )
        assert _deadline(t2) == ("recurring", "Hằng năm", None)
        assert _deadline(_task(self.plan, "III.3")) == ("recurring", "định kỳ 6 tháng", None)
        assert _deadline(_task(self.plan, "III.4")) == ("fixed", "Quý III/2026", "2026-09-30")

    def test_assignments(self) -> None:
        got = [
            (a["number"], a["agency"], a["duties_count"], a["lead"])
            for a in self.plan["assignments"]
        ]
        assert got == [
            ("IV.1", "Sở Nội vụ", 2, True),
            ("IV.2", "Sở Tài chính", 1, False),
            (
                "IV.3",
                "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh",
                1,
                False,
            ),
        ]
        assert self.plan["assignments"][0]["coordinates_with"] == ["các sở, ngành, địa phương"]

    def test_reporting(self) -> None:
        (report,) = self.plan["reporting"]
        assert report["from"] == "Sở Nội vụ"
        assert report["to"] == ["Ủy ban nhân dân tỉnh"]
        assert report["frequency"] == "Định kỳ 6 tháng"

    def test_recipients_and_signature_side_by_side(self) -> None:
        assert self.plan["recipients_count"] == 4
        assert self.plan["recipients"][2] == "Như mục IV;"
        assert self.plan["signer"]["name"] == "Nguyễn Văn An"
        assert self.plan["signer"]["capacity"] == "TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH, PHÓ CHỦ TỊCH"
        assert self.plan["partial"] is False


class TestPartyPlanUnderRelatedDocuments:
    plan = parse_plan_text(PARTY_PLAN_WITH_RELATED_DOCS)

    def test_related_documents_above_the_text_are_not_implemented(self) -> None:
        assert self.plan["implements"] == ["77-CTr/TU"]

    def test_header(self) -> None:
        assert self.plan["number"] == "20-KH/HU"
        assert self.plan["date"] == "2024-06-05"
        # The preamble names "Ban Thường vụ Huyện ủy"; the place comes from the date line.
        assert self.plan["issuer"] == "Ban Thường vụ Huyện ủy Bảo Lâm"
        assert self.plan["issuer_level"] == "party_committee_district"

    def test_labelled_block_with_mixed_tone_marks(self) -> None:
        t1 = _task(self.plan, "II.1")
        assert t1["lead"] == ["Ban Thường vụ Huyện uỷ"]
        assert t1["implementers"] == [
            "Ban Tuyên giáo Huyện ủy",
            "Ban Tổ chức Huyện uỷ",
            "UBND huyện",
        ]
        assert _deadline(t1) == ("fixed", "Năm 2024", "2024-12-31")

    def test_vietnamese_letter_order_and_parenthesised_recurring_deadline(self) -> None:
        t2 = _task(self.plan, "II.2")
        assert t2["subitems"] == ["a", "b", "c", "d", "đ", "e"]
        assert _deadline(t2) == ("recurring", "thực hiện hằng năm", None)
        assert t2["deadline"]["applies_to"] == "II.2.e"

    def test_section_printed_twice_gets_its_logical_number(self) -> None:
        numbers = [(a["number"], a.get("printed_number")) for a in self.plan["assignments"]]
        assert numbers == [("III.1", "II.1"), ("III.2", "II.2")]
        a1, a2 = self.plan["assignments"]
        assert (a1["agency"], a1["lead"], a1["coordinates_with"]) == (
            "Ban Tuyên giáo Huyện ủy",
            True,
            ["Văn phòng Huyện ủy"],
        )
        assert a2["deadline"] == {
            "kind": "fixed",
            "text": "trong tháng 7/2024",
            "date": "2024-07-31",
        }

    def test_signer(self) -> None:
        assert self.plan["signer"]["name"] == "Hoàng Văn Bình"
        assert self.plan["recipients_count"] == 3


def _check_table_tasks(plan: dict) -> None:
    got = [
        (t["number"], t["title"], t["lead"], t["implementers"], _deadline(t)) for t in plan["tasks"]
    ]
    assert got == [
        (
            "II.1",
            "Xây dựng cơ sở dữ liệu trí thức",
            ["Sở Nội vụ"],
            ["Sở Thông tin và Truyền thông", "UBND các huyện"],
            ("fixed", "Quý III/2026", "2026-09-30"),
        ),
        (
            "II.2",
            "Tổ chức gặp mặt trí thức tiêu biểu",
            ["Liên hiệp các Hội khoa học và kỹ thuật tỉnh"],
            ["Ban Tuyên giáo Tỉnh ủy"],
            ("recurring", "Hằng năm", None),
        ),
        (
            "II.3",
            "Rà soát chính sách thu hút",
            ["Sở Nội vụ"],
            ["Sở Tài chính", "Sở Giáo dục và Đào tạo"],
            ("fixed", "trước ngày 30/6/2025", "2025-06-30"),
        ),
    ]


def test_table_of_tasks_in_markdown() -> None:
    plan = parse_plan_text(TABLE_PLAN)
    _check_table_tasks(plan)
    assert plan["issuer"] == "Sở Nội vụ"
    assert plan["implements"] == ["140-KH/TU"]


def test_table_of_tasks_tab_separated() -> None:
    lines = []
    for line in TABLE_PLAN.splitlines():
        if line.startswith("|---"):
            continue
        lines.append(
            "\t".join(c.strip() for c in line.strip("|").split("|"))
            if line.startswith("|")
            else line
        )
    _check_table_tasks(parse_plan_text("\n".join(lines)))


def test_table_of_tasks_in_docx(tmp_path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    rows = []
    for line in TABLE_PLAN.splitlines():
        if line.startswith("|---"):
            continue
        if line.startswith("|"):
            rows.append([c.strip() for c in line.strip("|").split("|")])
            continue
        if rows:
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    # Two agencies in one cell, one per paragraph, as Word users type them.
                    cell = table.cell(r, c)
                    parts = re.split(r";\s*", value)
                    cell.text = parts[0]
                    for part in parts[1:]:
                        cell.add_paragraph(part)
            rows = []
        document.add_paragraph(line)
    path = tmp_path / "table.docx"
    document.save(path)
    _check_table_tasks(parse_plan_file(path))


# Word list numbering: "I.", "1.", "a)" come from the numbering definitions, not the text.
_LEVELS = [("upperRoman", "%1."), ("decimal", "%2."), ("lowerLetter", "%3)")]


def _add_numbering(document) -> str:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    numbering = document.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(_LEVELS)
    )
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="77">'
        f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
    )
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="77"><w:abstractNumId w:val="77"/></w:num>')
    )
    return "77"


_MARKERS = [
    (re.compile(r"^([IVX]+)\s*[.\-]\s+(.*)$"), 0),
    (re.compile(r"^(\d{1,2})\.\s+(.*)$"), 1),
    (re.compile(r"^([a-zđ])\)\s+(.*)$"), 2),
]


def _seed_as_numbered_docx(name: str, path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    num_id = _add_numbering(document)
    for line in (SEEDS_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        for pattern, level in _MARKERS:
            m = pattern.match(stripped)
            if m:
                paragraph = document.add_paragraph(m.group(2))
                num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
                num_pr.get_or_add_ilvl().val = level
                num_pr.get_or_add_numId().val = int(num_id)
                break
        else:
            if stripped.startswith("- "):
                # The built-in "List Bullet" style numbers through its style definition.
                document.add_paragraph(stripped[2:], style="List Bullet")
            else:
                document.add_paragraph(line)
    document.save(path)


@pytest.mark.skipif(not seed_names(), reason=f"seed plans not found in {SEEDS_DIR}")
@pytest.mark.parametrize("name", seed_names() or ["none"])
def test_seed_as_docx_with_numbered_list_styles(name: str, tmp_path) -> None:
    path = tmp_path / f"{name}.docx"
    _seed_as_numbered_docx(name, path)
    from trithuc.lib.plan_parser import read_plan_file

    text = read_plan_file(path)
    assert "II. " in text or "II. ".lower() in text  # the numbers were rendered back
    result = parse_plan_file(path)
    mismatches = [c for c in compare(result, expected(name)) if c[1] != c[2]]
    # Word's letters run a, b, c, d, e: a plan that prints "đ)" shows "e)" in Word, which
    # only changes the letter, not the fields compared here.
    assert mismatches == []


def test_pdf_with_wrapped_lines(tmp_path) -> None:
    # A PDF wraps long paragraphs; a wrapped line that starts in lower case or follows an
    # unfinished sentence goes back to its paragraph.
    lines = []
    for line in STATE_PLAN_WEB_LAYOUT.splitlines():
        while len(line) > 90:
            cut = line.rfind(" ", 0, 90)
            lines.append(line[:cut])
            line = line[cut + 1 :]
        lines.append(line)
    path = tmp_path / "wrapped.pdf"
    write_text_pdf(path, lines)
    wrapped = parse_plan_file(path)
    plain = parse_plan_text(STATE_PLAN_WEB_LAYOUT)
    for field in ("number", "date", "issuer", "implements", "recipients_count"):
        assert wrapped[field] == plain[field], field
    strip = ("lines",)
    for a, b in zip(wrapped["tasks"], plain["tasks"], strict=True):
        assert {k: v for k, v in a.items() if k not in strip and k != "deadline"} == {
            k: v for k, v in b.items() if k not in strip and k != "deadline"
        }
        assert _deadline(a) == _deadline(b)
    assert [t["value"] for t in wrapped["targets"]] == [t["value"] for t in plain["targets"]]


def test_truncated_plan_yields_what_it_contains() -> None:
    if not seed_names():
        pytest.skip(f"seed plans not found in {SEEDS_DIR}")
    text = (SEEDS_DIR / f"{seed_names()[0]}.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    cut = next(i for i, line in enumerate(lines) if line.startswith("3. Tăng cường quản lý"))
    plan = parse_plan_text("\n".join(lines[: cut + 3]))
    assert plan["partial"] is True
    assert [t["number"] for t in plan["tasks"]] == ["III.1", "III.2", "III.3"]
    # III.3 stops before its labelled lines: nothing is made up for it.
    last = plan["tasks"][-1]
    assert (last["lead"], last["implementers"], last["deadline"]["kind"]) == ([], [], "none")
    assert plan["assignments"] == [] and plan["recipients_count"] == 0 and plan["signer"] is None


class TestDepartmentPlanWithLabelsInBullets:
    plan = parse_plan_text(DEPARTMENT_PLAN)

    def test_issuer_from_the_header_in_sentence_case(self) -> None:
        # No "... ban hành Kế hoạch" in the preamble: the header's "SỞ NỘI VỤ" is the issuer.
        assert self.plan["issuer"] == "Sở Nội vụ"
        assert self.plan["number"] == "312/KH-SNV"
        assert self.plan["date"] == "2025-01-02"
        assert self.plan["title"] == "KẾ HOẠCH Thực hiện công tác trí thức năm 2025"

    def test_a_decree_cited_as_legal_basis_is_not_implemented(self) -> None:
        assert self.plan["implements"] == ["15/KH-UBND"]

    def test_labels_printed_as_bullets_and_two_labels_on_one_line(self) -> None:
        t1, t2 = self.plan["tasks"]
        assert (t1["lead"], t1["implementers"]) == (
            ["Phòng Công chức, viên chức"],
            ["Văn phòng Sở"],
        )
        assert _deadline(t1) == ("fixed", "trước ngày 31/3/2025", "2025-03-31")
        assert (t2["lead"], t2["implementers"]) == (["Phòng Tổ chức, biên chế"], [])
        assert _deadline(t2) == ("fixed", "Quý IV/2025", "2025-12-31")

    def test_giao_and_trach_nhiem_cua_headings(self) -> None:
        got = [(a["number"], a["agency"], a["duties_count"]) for a in self.plan["assignments"]]
        assert got == [
            ("III.1", "Phòng Công chức, viên chức", 2),
            ("III.2", "Văn phòng Sở", 3),
            ("III.3", "Các phòng, đơn vị thuộc Sở", 1),
        ]
        assert self.plan["assignments"][0]["deadline"]["date"] == "2025-12-15"
        assert self.plan["assignments"][1]["coordinates_with"] == ["Phòng Công chức, viên chức"]
        assert self.plan["reporting"][0]["to"] == ["Giám đốc Sở"]

    def test_signature_without_recipients_and_page_number_skipped(self) -> None:
        assert self.plan["signer"] == {
            "capacity": "GIÁM ĐỐC",
            "name": "Lê Thị Hoa",
            "lines": [29, 31],
        }
        assert self.plan["partial"] is False
        assert self.plan["assignments"][-1]["lines"] == [26, 26]


def test_closing_paragraph_is_not_a_duty_of_the_last_agency() -> None:
    closing = (
        "Trên đây là Kế hoạch triển khai Chương trình hành động số 77-CTr/TU; trong quá trình "
        "thực hiện, các sở, ngành chủ động phối hợp với Sở Tài chính báo cáo Ủy ban nhân dân tỉnh./."
    )
    text = STATE_PLAN_WEB_LAYOUT.replace("Nơi nhận:", closing + "\nNơi nhận:", 1)
    plan = parse_plan_text(text)
    last = plan["assignments"][-1]
    assert (last["number"], last["duties_count"], last["coordinates_with"], last["lead"]) == (
        "IV.3",
        1,
        [],
        False,
    )
    assert plan["reporting"][-1]["where"] == "closing paragraph"


def test_table_of_assignments_in_the_implementation_section() -> None:
    text = """\
KẾ HOẠCH
Phát triển đội ngũ trí thức
I. MỤC ĐÍCH, YÊU CẦU
1. Triển khai đồng bộ.
II. TỔ CHỨC THỰC HIỆN
| TT | Cơ quan, đơn vị | Nhiệm vụ | Cơ quan phối hợp | Thời hạn |
|---|---|---|---|---|
| 1 | Sở Nội vụ | Xây dựng cơ sở dữ liệu; Tham mưu chính sách thu hút | Sở Tài chính | Quý II/2025 |
| 2 | Sở Tài chính | Bố trí kinh phí |  | Hằng năm |
"""
    plan = parse_plan_text(text)
    got = [
        (a["number"], a["agency"], a["duties_count"], a["coordinates_with"])
        for a in plan["assignments"]
    ]
    assert got == [("II.1", "Sở Nội vụ", 2, ["Sở Tài chính"]), ("II.2", "Sở Tài chính", 1, [])]
    assert plan["assignments"][0]["deadline"]["date"] == "2025-06-30"
    assert plan["assignments"][1]["deadline"]["kind"] == "recurring"
    assert plan["tasks"] == []


class TestHardWrappedWebPage:
    plan = parse_plan_text(WEB_WRAPPED_PLAN)

    def test_header_and_wrapped_preamble(self) -> None:
        assert (self.plan["number"], self.plan["date"]) == ("21-KH/TW", "2023-11-30")
        # The preamble is wrapped over three lines; its subject is the issuer.
        assert self.plan["issuer"] == "Bộ Chính trị"
        assert self.plan["sources"]["issuer"] == [23, 23]
        # The website's "Văn bản liên quan" line is not what the plan implements.
        assert self.plan["implements"] == ["45-NQ/TW"]
        assert self.plan["title"].endswith("TRONG GIAI ĐOẠN MỚI")

    def test_wrapped_items(self) -> None:
        deadlines = [(t["number"], t["deadline"]["date"]) for t in self.plan["tasks"]]
        assert deadlines == [("II.1", "2024-03-31"), ("II.2", "2024-12-31")]
        assert self.plan["tasks"][1]["implementers"] == ["Ban cán sự đảng Chính phủ"]
        got = [(a["agency"], a["lead"], a["coordinates_with"]) for a in self.plan["assignments"]]
        assert got == [
            ("Ban Tuyên giáo Trung ương", True, ["Văn phòng Trung ương Đảng"]),
            ("Ban Tổ chức Trung ương", False, []),
        ]
        assert self.plan["reporting"][0]["to"] == ["Bộ Chính trị", "Ban Bí thư"]

    def test_closing(self) -> None:
        assert self.plan["recipients_count"] == 3
        assert self.plan["signer"]["capacity"] == "T/M BỘ CHÍNH TRỊ, THƯỜNG TRỰC BAN BÍ THƯ"


def test_plan_issued_by_a_decision_printed_above_it() -> None:
    plan = parse_plan_text(DECISION_WITH_PLAN)
    # The header's body, not the decision's signature ("CHỦ TỊCH"), issues the plan.
    assert plan["issuer"] == "Ủy ban nhân dân tỉnh Cao Bằng"
    # "(Ban hành kèm theo Quyết định số 123/QĐ-UBND ...)" names the issuing decision.
    assert plan["implements"] == ["51-CTr/TU"]
    (task,) = plan["tasks"]
    assert (task["lead"], task["deadline"]["date"]) == (["Sở Nội vụ"], "2024-12-31")
    # The decision's "Nơi nhận" is above the plan: the plan itself has no closing block.
    assert plan["recipients_count"] == 0 and plan["partial"] is True
    assert plan["reporting"][0]["to"] == ["UBND tỉnh"]


def test_labels_with_slips_in_their_marks() -> None:
    text = """\
KẾ HOẠCH
I. MỤC ĐÍCH, YÊU CẦU
1. Triển khai đồng bộ.
II. NHIỆM VỤ, GIẢI PHÁP
1. Tuyên truyền về vai trò của trí thức
- Đẩy mạnh tuyên truyền.
Cơ quan chủ tri: Ban Tuyên giáo Tỉnh ủy
Cơ quan phôi hợp: Sở Thông tin và Truyền thông
Thời gian thực hiên: Thường xuyên
"""
    (task,) = parse_plan_text(text)["tasks"]
    assert task["lead"] == ["Ban Tuyên giáo Tỉnh ủy"]
    assert task["implementers"] == ["Sở Thông tin và Truyền thông"]
    assert _deadline(task) == ("recurring", "Thường xuyên", None)


# Word's "link level to style": the heading styles carry the list, the paragraphs only
# their style. Word writes the level in the style ("Heading 2" → ilvl 1) or leaves it to
# the list, whose level names the style (<w:lvl w:ilvl="1"><w:pStyle w:val="Heading2"/>).
_STYLE_LEVELS = [
    ("upperRoman", "%1.", "Heading 1", "Heading1"),
    ("decimal", "%2.", "Heading 2", "Heading2"),
    ("lowerLetter", "%3)", "Heading 3", "Heading3"),
]


def _plan_with_linked_heading_styles(path, *, level_in_style: bool) -> None:
    docx = pytest.importorskip("docx")
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    document = docx.Document()
    numbering = document.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:pStyle w:val="{style_id}"/>'
        f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text, _, style_id) in enumerate(_STYLE_LEVELS)
    )
    numbering.find(qn("w:num")).addprevious(
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
            f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
        )
    )
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    )
    for i, (_, _, name, _) in enumerate(_STYLE_LEVELS):
        num_pr = document.styles[name].element.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_numId().val = 90
        if level_in_style and i:
            num_pr.get_or_add_ilvl().val = i
    for line in STATE_PLAN_WEB_LAYOUT.splitlines():
        for (pattern, _), (_, _, style, _) in zip(_MARKERS, _STYLE_LEVELS, strict=True):
            m = pattern.match(line)
            if m:
                document.add_paragraph(m.group(2), style=style)
                break
        else:
            document.add_paragraph(line)
    document.save(path)


@pytest.mark.parametrize("level_in_style", [True, False])
def test_docx_numbered_through_heading_styles(tmp_path, level_in_style: bool) -> None:
    path = tmp_path / "styles.docx"
    _plan_with_linked_heading_styles(path, level_in_style=level_in_style)
    from trithuc.lib.plan_parser import read_plan_file

    text = read_plan_file(path).splitlines()
    # The numbers Word shows are back in the text, each at its own level.
    assert "III. NHIỆM VỤ, GIẢI PHÁP" in text
    assert "1. Xây dựng cơ sở dữ liệu về đội ngũ trí thức" in text
    assert "b) Cập nhật dữ liệu của các cơ quan, đơn vị." in text
    assert "4. Sơ kết việc thực hiện Kế hoạch" in text
    from_docx = parse_plan_file(path)
    plain = parse_plan_text(STATE_PLAN_WEB_LAYOUT)
    assert [(t["number"], t["lead"], _deadline(t)) for t in from_docx["tasks"]] == [
        (t["number"], t["lead"], _deadline(t)) for t in plain["tasks"]
    ]
    assert [a["number"] for a in from_docx["assignments"]] == ["IV.1", "IV.2", "IV.3"]


def test_docx_paragraph_turning_off_its_styles_list(tmp_path) -> None:
    # numId 0 on the paragraph removes the number its style would give it.
    path = tmp_path / "styles.docx"
    _plan_with_linked_heading_styles(path, level_in_style=True)
    docx = pytest.importorskip("docx")
    document = docx.Document(str(path))
    heading = next(p for p in document.paragraphs if p.text == "MỤC ĐÍCH, YÊU CẦU")
    num_pr = heading._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_numId().val = 0
    document.save(path)
    from trithuc.lib.plan_parser import read_plan_file

    text = read_plan_file(path).splitlines()
    assert "MỤC ĐÍCH, YÊU CẦU" in text
    # The list goes on from where it was: the next level-0 heading is the first shown.
    assert "I. MỤC TIÊU" in text


APPENDIX_PLAN = """\
ỦY BAN NHÂN DÂN
TỈNH CAO BẰNG
Số: 88/KH-UBND
Cao Bằng, ngày 20 tháng 5 năm 2025
KẾ HOẠCH
Thực hiện Chương trình hành động số 77-CTr/TU của Tỉnh ủy về đội ngũ trí thức
Thực hiện Chương trình hành động số 77-CTr/TU ngày 10/5/2024 của Tỉnh ủy Cao Bằng, Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Cụ thể hóa các nhiệm vụ.
II. NHIỆM VỤ, GIẢI PHÁP
(Có Phụ lục danh mục nhiệm vụ kèm theo)
III. TỔ CHỨC THỰC HIỆN
1. Sở Nội vụ: Chủ trì, phối hợp với các sở, ngành theo dõi, đôn đốc; định kỳ hằng năm báo cáo UBND tỉnh.
Nơi nhận:
- Thường trực Tỉnh ủy;
- Lưu: VT, NC.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Hoàng Xuân Ánh
PHỤ LỤC
DANH MỤC NHIỆM VỤ THỰC HIỆN CHƯƠNG TRÌNH HÀNH ĐỘNG SỐ 77-CTR/TU
(Kèm theo Kế hoạch số 88/KH-UBND ngày 20/5/2025 của UBND tỉnh)
| TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành | Sản phẩm |
| I | Công tác tuyên truyền | | | | |
| 1 | Tuyên truyền Nghị quyết 45 | Sở Văn hóa, Thể thao và Du lịch | Báo Cao Bằng | Quý III/2025 | Kế hoạch |
| 2 | Tổ chức hội nghị quán triệt | Sở Nội vụ | Các sở, ngành | trước ngày 30/6/2025 | Hội nghị |
| II | Công tác đào tạo | | | | |
| 1 | Đào tạo sau đại học | Sở Nội vụ | Sở Tài chính | Hằng năm | Báo cáo |
| 2 | Tổng kết | Sở Nội vụ | | Quý IV/2030 | Báo cáo |
"""


def test_appendix_table_numbered_again_under_each_group() -> None:
    plan = parse_plan_text(APPENDIX_PLAN)
    got = [(t["number"], t["title"], t["lead"], _deadline(t)) for t in plan["tasks"]]
    # Rows are numbered 1, 2 again under "I" and "II": the group keeps each path unique.
    assert got == [
        (
            "PL.I.1",
            "Tuyên truyền Nghị quyết 45",
            ["Sở Văn hóa, Thể thao và Du lịch"],
            ("fixed", "Quý III/2025", "2025-09-30"),
        ),
        (
            "PL.I.2",
            "Tổ chức hội nghị quán triệt",
            ["Sở Nội vụ"],
            ("fixed", "trước ngày 30/6/2025", "2025-06-30"),
        ),
        ("PL.II.1", "Đào tạo sau đại học", ["Sở Nội vụ"], ("recurring", "Hằng năm", None)),
        ("PL.II.2", "Tổng kết", ["Sở Nội vụ"], ("fixed", "Quý IV/2030", "2030-12-31")),
    ]
    assert plan["tasks"][2]["implementers"] == ["Sở Tài chính"]
    assert [t["lines"] for t in plan["tasks"]] == [[25, 25], [26, 26], [28, 28], [29, 29]]
    # The appendix is not part of the closing block, and the plan is complete.
    assert plan["recipients_count"] == 2 and plan["signer"]["name"] == "Hoàng Xuân Ánh"
    assert plan["implements"] == ["77-CTr/TU"]


def test_table_of_assignments_with_groups_keeps_numbers_unique() -> None:
    text = """\
KẾ HOẠCH
Phát triển đội ngũ trí thức
I. MỤC ĐÍCH, YÊU CẦU
1. Triển khai đồng bộ.
II. TỔ CHỨC THỰC HIỆN
| TT | Cơ quan, đơn vị | Nhiệm vụ | Cơ quan phối hợp | Thời hạn |
| A | Khối Đảng | | | |
| 1 | Ban Tổ chức Tỉnh ủy | Theo dõi việc thực hiện | | Hằng năm |
| B | Khối chính quyền | | | |
| 1 | Sở Nội vụ | Xây dựng cơ sở dữ liệu | Sở Tài chính | Quý II/2025 |
"""
    plan = parse_plan_text(text)
    got = [(a["number"], a["agency"]) for a in plan["assignments"]]
    assert got == [("II.A.1", "Ban Tổ chức Tỉnh ủy"), ("II.B.1", "Sở Nội vụ")]
    assert plan["assignments"][1]["deadline"]["date"] == "2025-06-30"


def test_date_continued_in_the_right_column_of_the_next_row() -> None:
    # A website flattens the two header columns row by row: the date's "năm 2024" sits
    # in the right-hand cell of the row that holds the number.
    text = """\
BAN CHẤP HÀNH ĐẢNG BỘ TỈNH CAO BẰNG | ĐẢNG CỘNG SẢN VIỆT NAM
* | Cao Bằng, ngày 12 tháng 3
Số 77-CTR/TU | năm 2024
CHƯƠNG TRÌNH HÀNH ĐỘNG
thực hiện Nghị quyết số 45-NQ/TW ngày 24/11/2023 của Ban Chấp hành Trung ương
I. MỤC ĐÍCH, YÊU CẦU
1. Quán triệt sâu sắc Nghị quyết.
II. NHIỆM VỤ, GIẢI PHÁP
1. Tuyên truyền
Cơ quan chủ trì: Ban Tuyên giáo Tỉnh ủy
Thời gian thực hiện: Quý III/2024
"""
    plan = parse_plan_text(text)
    assert (plan["number"], plan["number_as_printed"]) == ("77-CTr/TU", "Số 77-CTR/TU")
    assert (plan["date"], plan["place"]) == ("2024-03-12", "Cao Bằng")
    assert plan["sources"]["date"] == [2, 3]
    assert plan["implements"] == ["45-NQ/TW"]
    assert plan["issuer"] == "Ban Chấp hành Đảng bộ tỉnh Cao Bằng"


def test_a_date_in_the_next_rows_other_column_is_not_joined() -> None:
    # The right-hand cell of the next row is another thing ("Độc lập - Tự do ..."): with
    # no year to complete it, the header has no date, rather than a made-up one.
    text = """\
ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH CAO BẰNG | Cao Bằng, ngày 12 tháng 3
Số: 15/KH-UBND | Độc lập - Tự do - Hạnh phúc
KẾ HOẠCH
Phát triển đội ngũ trí thức
I. MỤC ĐÍCH, YÊU CẦU
1. Triển khai đồng bộ.
II. NHIỆM VỤ, GIẢI PHÁP
1. Tuyên truyền
Thời gian thực hiện: Hằng năm
"""
    plan = parse_plan_text(text)
    assert plan["number"] == "15/KH-UBND"
    assert plan["date"] is None


OBJECTIVES_PLAN = """\
KẾ HOẠCH
Phát triển đội ngũ trí thức huyện Bắc Mê
I. MỤC ĐÍCH, YÊU CẦU
1. Triển khai đồng bộ.
II. MỤC TIÊU
1. Mục tiêu tổng quát
Đến năm 2030, tầm nhìn đến năm 2045, xây dựng đội ngũ trí thức lớn mạnh.
2. Mục tiêu cụ thể
- 100% cán bộ, công chức cấp huyện có trình độ phù hợp với vị trí việc làm.
- Đến năm 2027, tỷ lệ công chức có trình độ đại học trở lên đạt 95%.
- Hằng năm, trên 70% viên chức được bồi dưỡng, cập nhật kiến thức.
III. NHIỆM VỤ, GIẢI PHÁP
1. Tuyên truyền
Thời gian thực hiện: Hằng năm
"""


def test_target_years_come_from_the_text_or_the_general_objective() -> None:
    got = [
        (t["indicator"], t["value"], t["year"]) for t in parse_plan_text(OBJECTIVES_PLAN)["targets"]
    ]
    assert got == [
        # No year in the clause: the general objective's target year, not its vision year.
        ("share_qualification_matching_job_position", 100, 2030),
        ("share_university_or_higher", 95, 2027),
        # Among items with years of their own, "Hằng năm" borrows none; the indicator is
        # not in the closed list, and the target is kept.
        (None, 70, 2030),
    ]


def test_a_target_stated_every_year_gets_no_year_of_another_item() -> None:
    text = OBJECTIVES_PLAN.replace(
        "1. Mục tiêu tổng quát\nĐến năm 2030, tầm nhìn đến năm 2045, xây dựng đội ngũ trí thức lớn mạnh.\n",
        "",
    ).replace("- 100% cán bộ", "- Đến năm 2026, 100% cán bộ")
    targets = parse_plan_text(text)["targets"]
    assert [(t["value"], t["year"]) for t in targets] == [(100, 2026), (95, 2027), (70, None)]


_SHORT_BODY = """\
KẾ HOẠCH
Phát triển đội ngũ trí thức
I. MỤC ĐÍCH, YÊU CẦU
1. Triển khai đồng bộ.
II. NHIỆM VỤ, GIẢI PHÁP
1. Tuyên truyền
Thời gian thực hiện: Hằng năm
"""


@pytest.mark.parametrize(
    ("line", "number", "printed"),
    [
        ("SỐ: 15/KH-UBND", "15/KH-UBND", "SỐ: 15/KH-UBND"),
        ("TỈNH CAO BẰNG | SỐ: 15/KH-UBND", "15/KH-UBND", "SỐ: 15/KH-UBND"),
        ("Số:15/KH-UBND", "15/KH-UBND", "Số:15/KH-UBND"),
        ("Số: 15 /KH- UBND", "15/KH-UBND", "Số: 15 /KH- UBND"),
    ],
)
def test_state_number_lines(line: str, number: str, printed: str) -> None:
    plan = parse_plan_text(
        f"ỦY BAN NHÂN DÂN TỈNH CAO BẰNG\n{line}\nCao Bằng, ngày 5 tháng 3 năm 2025\n{_SHORT_BODY}"
    )
    assert (plan["number"], plan["number_as_printed"]) == (number, printed)
    assert plan["date"] == "2025-03-05"


def test_a_number_cited_in_an_upper_case_title_is_not_the_plans() -> None:
    text = _SHORT_BODY.replace(
        "Phát triển đội ngũ trí thức", "THỰC HIỆN KẾT LUẬN SỐ 52-KL/TW CỦA BAN BÍ THƯ", 1
    )
    plan = parse_plan_text(text)
    assert plan["number"] is None
    assert plan["implements"] == ["52-KL/TW"]


@pytest.mark.parametrize(
    ("line", "lead", "partners"),
    [
        (
            "- Tổ chức tuyên truyền (Sở Nội vụ chủ trì, Sở Tài chính phối hợp; thực hiện hằng năm).",
            ["Sở Nội vụ"],
            ["Sở Tài chính"],
        ),
        (
            "- Sở Nội vụ chủ trì; Sở Tài chính, Sở Văn hóa, Thể thao và Du lịch phối hợp thực hiện.",
            ["Sở Nội vụ"],
            ["Sở Tài chính", "Sở Văn hóa, Thể thao và Du lịch"],
        ),
        (
            "- Giao Sở Nội vụ chủ trì, phối hợp với Sở Tài chính tổ chức thực hiện.",
            ["Sở Nội vụ"],
            ["Sở Tài chính"],
        ),
        (
            "- Tổ chức tuyên truyền (chủ trì: Sở Nội vụ; phối hợp: Sở Tài chính).",
            ["Sở Nội vụ"],
            ["Sở Tài chính"],
        ),
        # "phối hợp" with no lead named: the agencies carry the task out.
        ("- Các cơ quan báo chí phối hợp tuyên truyền.", [], ["Các cơ quan báo chí"]),
    ],
)
def test_chu_tri_and_phoi_hop_wording(line: str, lead: list[str], partners: list[str]) -> None:
    text = _SHORT_BODY.replace("Thời gian thực hiện: Hằng năm\n", line + "\n")
    (task,) = parse_plan_text(text)["tasks"]
    assert (task["lead"], task["implementers"]) == (lead, partners)


def test_labels_inside_parentheses() -> None:
    line = "- Tổ chức tuyên truyền (chủ trì: Sở Nội vụ; phối hợp: Sở Tài chính; thời gian: quý III/2026)."
    text = _SHORT_BODY.replace("Thời gian thực hiện: Hằng năm\n", line + "\n")
    (task,) = parse_plan_text(text)["tasks"]
    assert (task["lead"], task["implementers"]) == (["Sở Nội vụ"], ["Sở Tài chính"])
    # The label "thời gian:" is not part of the deadline's text.
    assert _deadline(task) == ("fixed", "quý III/2026", "2026-09-30")
    assert task["deadline"]["lines"] == [7, 7]
