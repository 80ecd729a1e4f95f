"""The building blocks: keys, document numbers, deadlines, agencies, indicators."""

from __future__ import annotations

import pytest

from trithuc.lib.plan_parser.agencies import coordinates, leading_subject, split_agencies
from trithuc.lib.plan_parser.codes import find_codes
from trithuc.lib.plan_parser.deadlines import find_fixed, find_recurring, parse_labelled
from trithuc.lib.plan_parser.normalize import (
    clean_line,
    is_next_letter,
    match_key,
    parse_number,
)
from trithuc.lib.plan_parser.targets import indicator_of


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Thành uỷ", "Thành ủy"),
        ("hoá", "hóa"),
        ("UỶ BAN", "Ủy ban"),
        ("khoẻ", "khỏe"),
        ("thuỷ", "thủy"),
    ],
)
def test_tone_placements_share_one_key(a: str, b: str) -> None:
    assert match_key(a) == match_key(b)
    assert len(match_key(a)) == len(a)


def test_key_keeps_words_that_have_one_placement() -> None:
    assert match_key("hoàn thành") == "hoàn thành"
    assert match_key("Quý III") == "quý iii"


def test_clean_line_is_nfc_without_bold_markers_and_odd_spaces() -> None:
    decomposed = "Tha\u0300nh u\u0309y"
    assert clean_line(decomposed) == "Thành ủy"
    assert (
        clean_line("Hoàn thành **trong tháng 04/2024**,\u00a0gửi\t Ban")
        == "Hoàn thành trong tháng 04/2024, gửi Ban"
    )
    assert clean_line("\ufeffKẾ HOẠCH\u200b") == "KẾ HOẠCH"


def test_numbers_in_vietnamese_notation() -> None:
    assert parse_number("1,5") == 1.5
    assert parse_number("17.178") == 17178
    assert parse_number("06") == 6


def test_vietnamese_letter_order() -> None:
    assert is_next_letter("d", "đ")
    assert is_next_letter("đ", "e")
    assert is_next_letter(None, "a")
    assert not is_next_letter("a", "c")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Số 140 - KH/TU", "140-KH/TU"),
        ("Nghị quyết số 45-NQ/TW ngày 24/11/2023", "45-NQ/TW"),
        ("Quyết định số 142/QĐ-TTg", "142/QĐ-TTg"),
        ("Nghị quyết số 107/NQ- CP", "107/NQ-CP"),
        ("Chương trình số 77-CTR/TU", "77-CTr/TU"),
        ("Nghị định số 24/2010/NĐ-CP", "24/2010/NĐ-CP"),
        ("Số: 15/KH-UBND", "15/KH-UBND"),
        ("QUYẾT ĐỊNH SỐ 05/CT-TTG", "05/CT-TTg"),
    ],
)
def test_document_numbers_are_normalised(text: str, code: str) -> None:
    assert [c.code for c in find_codes(text)] == [code]


@pytest.mark.parametrize(
    "text", ["giai đoạn 2017 - 2020", "quý II/2020", "ngày 04/2024", "nhiệm kỳ 2025 - 2030"]
)
def test_dates_and_ranges_are_not_document_numbers(text: str) -> None:
    assert find_codes(text) == []


@pytest.mark.parametrize(
    ("value", "kind", "date"),
    [
        ("Thường xuyên.", "recurring", None),
        ("Hằng năm", "recurring", None),
        ("hàng năm", "recurring", None),
        ("định kỳ 6 tháng", "recurring", None),
        ("Định kỳ hằng quý", "recurring", None),
        ("Quý III/2026", "fixed", "2026-09-30"),
        ("quý IV năm 2025", "fixed", "2025-12-31"),
        ("trước ngày 30/6/2025", "fixed", "2025-06-30"),
        ("Trước ngày 15 tháng 12 năm 2025", "fixed", "2025-12-15"),
        ("trong tháng 04/2024", "fixed", "2024-04-30"),
        ("Tháng 2/2024", "fixed", "2024-02-29"),
        ("6 tháng đầu năm 2025", "fixed", "2025-06-30"),
        ("Năm 2025", "fixed", "2025-12-31"),
        ("2025 - 2030", "fixed", "2030-12-31"),
        ("Hằng năm, trước ngày 15/12", "recurring", None),
        # Work that starts then and goes on: the year is a start, not a deadline.
        ("Từ năm 2025", "recurring", None),
        ("Năm 2025 và các năm tiếp theo", "recurring", None),
        ("Từ quý II/2025 trở đi", "recurring", None),
        ("Từ năm 2025 đến năm 2030", "fixed", "2030-12-31"),
        ("Từ nay đến năm 2030", "fixed", "2030-12-31"),
        ("Quý 3 năm 2026", "fixed", "2026-09-30"),
        ("Trước ngày 30.6.2025", "fixed", "2025-06-30"),
        ("Theo chỉ đạo của cấp trên", "none", None),
    ],
)
def test_labelled_deadlines(value: str, kind: str, date: str | None) -> None:
    parsed = parse_labelled(value)
    assert (parsed["kind"], parsed["date"]) == (kind, date)
    assert parsed["text"] == value.rstrip(".")


def test_free_text_needs_a_preposition_before_a_date() -> None:
    assert find_fixed("Nghị quyết số 45-NQ/TW ngày 24/11/2023 của Hội nghị") == []
    found = find_fixed("Hoàn thành trong tháng 04/2024, gửi Ban Thường vụ")
    assert [(f.text, f.date) for f in found] == [("trong tháng 04/2024", "2024-04-30")]
    found = find_fixed("hoàn thành trước ngày 30/6/2025")
    assert found[0].date == "2025-06-30"


def test_recurring_phrases() -> None:
    texts = [
        f.text
        for f in find_recurring("định kỳ hàng năm báo cáo; 05 năm tổ chức sơ kết, 10 năm tổng kết")
    ]
    assert texts == ["định kỳ hàng năm", "05 năm tổ chức sơ kết, 10 năm tổng kết"]


@pytest.mark.parametrize(
    ("sentence", "subject"),
    [
        ("Ban Thường vụ Thành uỷ tập trung lãnh đạo, chỉ đạo", "Ban Thường vụ Thành uỷ"),
        ("Giao Ban Tuyên giáo Thành ủy chủ trì, phối hợp các cơ quan", "Ban Tuyên giáo Thành ủy"),
        ("Các cấp uỷ, tổ chức đảng tổ chức quán triệt, phổ biến", "Các cấp uỷ, tổ chức đảng"),
        ("Ban Tổ chức Tỉnh uỷ chủ trì tham mưu cho Tỉnh uỷ", "Ban Tổ chức Tỉnh uỷ"),
        (
            "Các cơ quan tham mưu, giúp việc Tỉnh uỷ; Mặt trận Tổ quốc Việt Nam xây dựng chương trình",
            "Các cơ quan tham mưu, giúp việc Tỉnh uỷ; Mặt trận Tổ quốc Việt Nam",
        ),
        ("Sở Nội vụ chủ trì, phối hợp với Sở Tài chính", "Sở Nội vụ"),
        (
            "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh phối hợp tuyên truyền",
            "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
        ),
    ],
)
def test_leading_subject(sentence: str, subject: str) -> None:
    found = leading_subject(sentence)
    assert found is not None and found[0] == subject


@pytest.mark.parametrize(
    "sentence",
    ["Rà soát, tổ chức thực hiện", "Tăng cường công tác tổ chức", "Thường xuyên kiểm tra"],
)
def test_sentences_without_an_agency_subject(sentence: str) -> None:
    assert leading_subject(sentence) is None


def test_agency_lists_split_on_agencies_only() -> None:
    assert split_agencies(
        "Ban Tuyên giáo Thành uỷ; Ban Tổ chức Thành uỷ, Mặt trận Tổ quốc Việt Nam và các tổ chức "
        "chính trị - xã hội, UBND thành phố; các chi đảng bộ trực thuộc Thành uỷ."
    ) == [
        "Ban Tuyên giáo Thành uỷ",
        "Ban Tổ chức Thành uỷ",
        "Mặt trận Tổ quốc Việt Nam",
        "các tổ chức chính trị - xã hội",
        "UBND thành phố",
        "các chi đảng bộ trực thuộc Thành uỷ",
    ]
    assert split_agencies("Sở Khoa học và Công nghệ") == ["Sở Khoa học và Công nghệ"]
    assert split_agencies("Sở Văn hóa, Thể thao và Du lịch; các cơ quan, đơn vị liên quan") == [
        "Sở Văn hóa, Thể thao và Du lịch",
        "các cơ quan, đơn vị liên quan",
    ]


def test_coordinating_agencies_end_at_the_verb() -> None:
    assert coordinates(
        "Chủ trì, phối hợp với Sở Nội vụ và các sở, ban, ngành, địa phương rà soát"
    ) == [
        "Sở Nội vụ",
        "các sở, ban, ngành, địa phương",
    ]
    assert coordinates(
        "Phối hợp cùng Liên hiệp các Hội khoa học và kỹ thuật tỉnh kiện toàn tổ chức"
    ) == ["Liên hiệp các Hội khoa học và kỹ thuật tỉnh"]
    assert coordinates("chỉ đạo cơ quan chuyên môn phối hợp thực hiện việc xây dựng") == []


@pytest.mark.parametrize(
    ("clause", "unit", "indicator"),
    [
        ("công chức có trình độ đại học và sau đại học đạt 98%", "%", "share_university_or_higher"),
        ("trong đó thạc sĩ đạt 25% trở lên", "%", "share_masters"),
        ("15% công chức ngành y tế có trình độ sau đại học", "%", "share_postgraduate"),
        ("đào tạo 06 tiến sĩ", "người", "phd_trained_count"),
        (
            "100% viên chức được bồi dưỡng theo tiêu chuẩn chức danh",
            "%",
            "share_trained_to_standard",
        ),
        ("trên 80% được đào tạo liên tục về chuyên môn", "%", "share_continuous_training"),
        (
            "100% có trình độ phù hợp với vị trí việc làm",
            "%",
            "share_qualification_matching_job_position",
        ),
        ("từ 15 - 20% cán bộ lãnh đạo, quản lý dưới 40 tuổi", "%", "share_leaders_under_40"),
        ("số lượng trí thức tăng lên 1,5 lần", "lần", "intellectuals_count_ratio"),
        ("số doanh nghiệp khoa học và công nghệ tăng 20%", "%", None),
    ],
)
def test_indicators_come_from_a_closed_list(clause: str, unit: str, indicator: str | None) -> None:
    assert indicator_of(match_key(clause), unit) == indicator
