"""Openings of plans as provinces receive them, written for the tests, with the header
fields a reader would write down for each.

Each variant is (name, text, expected). `expected["is_plan"]` False means the parser
must refuse the text; otherwise every other key is compared with the parser's output
(`issued_with` as the decision's number, date and full issuer, or None). The styles:
State and Party headers, plans issued as the annex of a decision, issuers printed in
short form, preambles that cite the letters proposing the plan, and texts cut right
after the preamble (only the opening was received, or the rest is a scan).
"""

from __future__ import annotations

_SECTIONS = """\
I. MỤC ĐÍCH, YÊU CẦU
1. Cụ thể hóa các nhiệm vụ.
II. NHIỆM VỤ, GIẢI PHÁP
1. Rà soát chính sách (Sở Nội vụ chủ trì; hoàn thành trong Quý IV/2025).
"""

VARIANTS: list[tuple[str, str, dict]] = [
    (
        "state_header_cut_after_preamble",
        """\
ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH HÀ GIANG | Độc lập - Tự do - Hạnh phúc
Số: 35/KH-UBND | Hà Giang, ngày 20 tháng 02 năm 2024
Thực hiện Nghị quyết số 45-NQ/TW ngày 24/11/2023 của Hội nghị lần thứ tám Ban Chấp hành Trung ương Đảng khóa XIII về tiếp tục xây dựng và phát huy vai trò của đội ngũ trí thức đáp ứng yêu cầu phát triển đất nước nhanh và bền vững trong giai đoạn mới; Chương trình hành động số 42-CTr/TU ngày 08/01/2024 của Tỉnh ủy Hà Giang, Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện như sau:
""",
        {
            "is_plan": True,
            "issuer": "Ủy ban nhân dân tỉnh Hà Giang",
            "number": "35/KH-UBND",
            "date": "2024-02-20",
            "implements": ["45-NQ/TW", "42-CTr/TU"],
            "issued_with": None,
        },
    ),
    (
        "state_header_cut_title_missing_lines_apart",
        """\
ỦY BAN NHÂN DÂN
TỈNH TUYÊN QUANG
Số: 118/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Tuyên Quang, ngày 09 tháng 7 năm 2024
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Thực hiện Chương trình hành động số 31-CTr/TU ngày 15/3/2024 của Ban Chấp hành Đảng bộ tỉnh;
Xét đề nghị của Sở Nội vụ tại Tờ trình số 96/TTr-SNV ngày 28/6/2024,
""",
        {
            "is_plan": True,
            "issuer": "Ủy ban nhân dân tỉnh Tuyên Quang",
            "number": "118/KH-UBND",
            "date": "2024-07-09",
            "implements": ["31-CTr/TU"],
            "issued_with": None,
        },
    ),
    (
        "national_plan_annex_of_decision",
        """\
KẾ HOẠCH
THỰC HIỆN KẾT LUẬN SỐ 52-KL/TW NGÀY 30 THÁNG 5 NĂM 2019 CỦA BAN BÍ THƯ VỀ TIẾP TỤC THỰC HIỆN NGHỊ QUYẾT TRUNG ƯƠNG 7 KHÓA X VỀ XÂY DỰNG ĐỘI NGŨ TRÍ THỨC TRONG THỜI KỲ ĐẨY MẠNH CÔNG NGHIỆP HÓA, HIỆN ĐẠI HÓA ĐẤT NƯỚC
(Ban hành kèm theo Quyết định số 142/QĐ-TTg ngày 21 tháng 01 năm 2020 của Thủ tướng Chính phủ)
"""
        + _SECTIONS,
        {
            "is_plan": True,
            "issuer": "Thủ tướng Chính phủ",
            "number": None,
            "date": "2020-01-21",
            "implements": ["52-KL/TW"],
            "issued_with": {
                "number": "142/QĐ-TTg",
                "date": "2020-01-21",
                "issuer": "Thủ tướng Chính phủ",
            },
        },
    ),
    (
        "annex_wrapped_by_a_website",
        """\
KẾ HOẠCH

Thực hiện Chương trình hành động số 42-CTr/TU của Tỉnh ủy về đội ngũ trí thức

(Ban hành kèm theo Quyết định số 1520/QĐ-UBND ngày 05/8/2024
của UBND tỉnh Bắc Kạn)

"""
        + _SECTIONS,
        {
            "is_plan": True,
            "issuer": "Ủy ban nhân dân tỉnh Bắc Kạn",
            "issuer_as_printed": "UBND tỉnh Bắc Kạn",
            "number": None,
            "date": "2024-08-05",
            "implements": ["42-CTr/TU"],
            "issued_with": {
                "number": "1520/QĐ-UBND",
                "date": "2024-08-05",
                "issuer": "Ủy ban nhân dân tỉnh Bắc Kạn",
            },
        },
    ),
    (
        "annex_of_a_district_decision_issuer_short",
        """\
ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
HUYỆN BẢO LẠC | Độc lập - Tự do - Hạnh phúc
KẾ HOẠCH
Phát triển đội ngũ trí thức huyện Bảo Lạc giai đoạn 2024 - 2030
(Kèm theo Quyết định số 2345/QĐ-UBND ngày 12/9/2024 của UBND huyện)
Triển khai Kế hoạch số 88/KH-UBND ngày 20/5/2024 của UBND tỉnh Cao Bằng, UBND huyện ban hành Kế hoạch như sau:
"""
        + _SECTIONS,
        {
            "is_plan": True,
            "issuer": "Ủy ban nhân dân huyện Bảo Lạc",
            "issuer_as_printed": "UBND huyện",
            "number": None,
            "date": "2024-09-12",
            "implements": ["88/KH-UBND"],
            "issued_with": {
                "number": "2345/QĐ-UBND",
                "date": "2024-09-12",
                "issuer": "Ủy ban nhân dân huyện Bảo Lạc",
            },
        },
    ),
    (
        "decision_printed_above_its_plan",
        """\
ỦY BAN NHÂN DÂN TỈNH CAO BẰNG | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số: 123/QĐ-UBND | Cao Bằng, ngày 10 tháng 5 năm 2024
QUYẾT ĐỊNH
Ban hành Kế hoạch thực hiện Chương trình hành động số 51-CTr/TU
CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH CAO BẰNG
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Theo đề nghị của Giám đốc Sở Nội vụ tại Văn bản số 850/SNV-CCVC ngày 02/5/2024.
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch thực hiện Chương trình hành động số 51-CTr/TU.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
CHỦ TỊCH
Nguyễn Văn C
KẾ HOẠCH
Thực hiện Chương trình hành động số 51-CTr/TU của Tỉnh ủy
(Ban hành kèm theo Quyết định số 123/QĐ-UBND ngày 10/5/2024 của UBND tỉnh)
"""
        + _SECTIONS,
        {
            "is_plan": True,
            "issuer": "Ủy ban nhân dân tỉnh Cao Bằng",
            "number": None,
            "date": "2024-05-10",
            "implements": ["51-CTr/TU"],
            "issued_with": {
                "number": "123/QĐ-UBND",
                "date": "2024-05-10",
                "issuer": "Ủy ban nhân dân tỉnh Cao Bằng",
            },
        },
    ),
    (
        "abbreviated_issuer_in_the_preamble",
        """\
ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH THÁI NGUYÊN | Độc lập - Tự do - Hạnh phúc
Số: 201/KH-UBND | Thái Nguyên, ngày 14 tháng 10 năm 2024
KẾ HOẠCH
Thực hiện Chương trình hành động số 30-CTr/TU của Tỉnh ủy về xây dựng đội ngũ trí thức
Thực hiện Chương trình hành động số 30-CTr/TU ngày 02/4/2024 của Tỉnh ủy Thái Nguyên, UBND tỉnh ban hành Kế hoạch thực hiện như sau:
"""
        + _SECTIONS,
        {
            "is_plan": True,
            "issuer": "Ủy ban nhân dân tỉnh Thái Nguyên",
            "issuer_as_printed": "UBND tỉnh",
            "number": "201/KH-UBND",
            "date": "2024-10-14",
            "implements": ["30-CTr/TU"],
            "issued_with": None,
        },
    ),
    (
        "abbreviated_issuer_in_the_header",
        """\
UBND TỈNH NGHỆ AN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số: 77/KH-UBND | Nghệ An, ngày 05 tháng 02 năm 2025
KẾ HOẠCH
Phát triển đội ngũ trí thức tỉnh Nghệ An năm 2025
Căn cứ Kế hoạch số 15-KH/TU ngày 10/01/2025 của Ban Thường vụ Tỉnh ủy;
"""
        + _SECTIONS,
        {
            "is_plan": True,
            "issuer": "Ủy ban nhân dân tỉnh Nghệ An",
            "issuer_as_printed": "UBND tỉnh Nghệ An",
            "number": "77/KH-UBND",
            "date": "2025-02-05",
            "implements": ["15-KH/TU"],
            "issued_with": None,
        },
    ),
    (
        "header_with_the_other_tone_placement",
        """\
UỶ BAN NHÂN DÂN
THÀNH PHỐ ĐÀ NẴNG
Số: 260/KH-UBND
Đà Nẵng, ngày 18 tháng 11 năm 2024
KẾ HOẠCH
Thực hiện Nghị quyết số 45-NQ/TW về đội ngũ trí thức
"""
        + _SECTIONS,
        {
            "is_plan": True,
            "issuer": "Ủy ban nhân dân thành phố Đà Nẵng",
            "issuer_as_printed": "Uỷ ban nhân dân thành phố Đà Nẵng",
            "number": "260/KH-UBND",
            "date": "2024-11-18",
            "implements": ["45-NQ/TW"],
            "issued_with": None,
        },
    ),
    (
        "department_abbreviated_in_the_header",
        """\
UBND TỈNH CAO BẰNG | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ KH&CN | Độc lập - Tự do - Hạnh phúc
Số: 45/KH-SKHCN | Cao Bằng, ngày 03 tháng 3 năm 2025
KẾ HOẠCH
Thu hút trí thức khoa học và công nghệ năm 2025
Thực hiện Kế hoạch số 88/KH-UBND ngày 20/5/2024 của UBND tỉnh Cao Bằng; Thực hiện Công văn số 512/UBND-NC ngày 14/02/2025 của UBND tỉnh về việc xây dựng kế hoạch năm 2025;
"""
        + _SECTIONS,
        {
            "is_plan": True,
            "issuer": "Sở Khoa học và Công nghệ",
            "issuer_as_printed": "Sở KH&CN",
            "number": "45/KH-SKHCN",
            "date": "2025-03-03",
            "implements": ["88/KH-UBND"],
            "issued_with": None,
        },
    ),
    (
        "preamble_with_a_department_proposal",
        """\
ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH LÀO CAI | Độc lập - Tự do - Hạnh phúc
Số: 310/KH-UBND | Lào Cai, ngày 25 tháng 6 năm 2024
KẾ HOẠCH
Thực hiện Nghị quyết số 45-NQ/TW của Ban Chấp hành Trung ương về đội ngũ trí thức
Căn cứ Nghị định số 140/2017/NĐ-CP ngày 05/12/2017 của Chính phủ;
Thực hiện Chương trình hành động số 36-CTr/TU ngày 29/02/2024 của Tỉnh ủy Lào Cai;
Theo đề nghị của Sở Nội vụ tại Văn bản số 1432/SNV-CCVC ngày 10/6/2024, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:
"""
        + _SECTIONS,
        {
            "is_plan": True,
            "issuer": "Ủy ban nhân dân tỉnh Lào Cai",
            "number": "310/KH-UBND",
            "date": "2024-06-25",
            "implements": ["45-NQ/TW", "36-CTr/TU"],
            "issued_with": None,
        },
    ),
    (
        "proposal_cited_as_a_letter_of_the_department",
        """\
ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH YÊN BÁI | Độc lập - Tự do - Hạnh phúc
Số: 99/KH-UBND | Yên Bái, ngày 02 tháng 4 năm 2024
KẾ HOẠCH
Triển khai Chương trình hành động số 25-CTr/TU của Tỉnh ủy
Triển khai Chương trình hành động số 25-CTr/TU ngày 18/01/2024 của Ban Chấp hành Đảng bộ tỉnh, Văn bản số 380/SNV-TCBC ngày 20/3/2024 của Sở Nội vụ, Ủy ban nhân dân tỉnh xây dựng Kế hoạch thực hiện như sau:
"""
        + _SECTIONS,
        {
            "is_plan": True,
            "issuer": "Ủy ban nhân dân tỉnh Yên Bái",
            "number": "99/KH-UBND",
            "date": "2024-04-02",
            "implements": ["25-CTr/TU"],
            "issued_with": None,
        },
    ),
    (
        "party_provincial_standing_committee",
        """\
TỈNH ỦY YÊN BÁI | ĐẢNG CỘNG SẢN VIỆT NAM
* | Yên Bái, ngày 15 tháng 01 năm 2024
Số 95-KH/TU |
KẾ HOẠCH
thực hiện Nghị quyết số 45-NQ/TW ngày 24/11/2023 của Hội nghị Trung ương 8 khóa XIII
Thực hiện Nghị quyết số 45-NQ/TW ngày 24/11/2023 của Hội nghị lần thứ tám Ban Chấp hành Trung ương Đảng khóa XIII, Ban Thường vụ Tỉnh ủy ban hành Kế hoạch thực hiện như sau:
"""
        + _SECTIONS,
        {
            "is_plan": True,
            "issuer": "Ban Thường vụ Tỉnh ủy Yên Bái",
            "number": "95-KH/TU",
            "date": "2024-01-15",
            "implements": ["45-NQ/TW"],
            "issued_with": None,
        },
    ),
    (
        "party_standing_committee_abbreviated",
        """\
ĐẢNG BỘ TỈNH CAO BẰNG | ĐẢNG CỘNG SẢN VIỆT NAM
HUYỆN ỦY HÒA AN |
* | Hòa An, ngày 22 tháng 3 năm 2024
Số 48-KH/HU |
KẾ HOẠCH
thực hiện Chương trình hành động số 77-CTr/TU của Tỉnh ủy
Thực hiện Chương trình hành động số 77-CTr/TU ngày 12/3/2024 của Tỉnh uỷ Cao Bằng, BTV Huyện uỷ xây dựng Kế hoạch thực hiện như sau:
"""
        + _SECTIONS,
        {
            "is_plan": True,
            "issuer": "Ban Thường vụ Huyện ủy Hòa An",
            "issuer_as_printed": "BTV Huyện uỷ",
            "number": "48-KH/HU",
            "date": "2024-03-22",
            "implements": ["77-CTr/TU"],
            "issued_with": None,
        },
    ),
    (
        "party_programme_cut_after_preamble",
        """\
BAN CHẤP HÀNH ĐẢNG BỘ TỈNH SƠN LA | ĐẢNG CỘNG SẢN VIỆT NAM
* | Sơn La, ngày 06 tháng 3 năm 2024
Số 40-CTr/TU |
Thực hiện Nghị quyết số 45-NQ/TW ngày 24/11/2023 của Hội nghị lần thứ tám Ban Chấp hành Trung ương Đảng khóa XIII về tiếp tục xây dựng và phát huy vai trò của đội ngũ trí thức đáp ứng yêu cầu phát triển đất nước nhanh và bền vững trong giai đoạn mới,
""",
        {
            "is_plan": True,
            "issuer": "Ban Chấp hành Đảng bộ tỉnh Sơn La",
            "number": "40-CTr/TU",
            "date": "2024-03-06",
            "implements": ["45-NQ/TW"],
            "issued_with": None,
        },
    ),
    (
        "title_in_sentence_case_cut_after_preamble",
        """\
Kế hoạch
thực hiện công tác phát triển đội ngũ trí thức năm 2025
Thực hiện Kế hoạch số 140-KH/TU ngày 17/4/2024 của Thành ủy Quảng Ngãi, Sở Nội vụ xây dựng Kế hoạch như sau:
""",
        {
            "is_plan": True,
            "issuer": "Sở Nội vụ",
            "number": None,
            "date": None,
            "implements": ["140-KH/TU"],
            "issued_with": None,
        },
    ),
    (
        "programme_with_department_letters_only",
        """\
ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH BẮC GIANG | Độc lập - Tự do - Hạnh phúc
Số: 12/CTr-UBND | Bắc Giang, ngày 11 tháng 01 năm 2025
CHƯƠNG TRÌNH
Phát triển nguồn nhân lực chất lượng cao năm 2025
Căn cứ Quyết định số 142/QĐ-TTg ngày 21/01/2020 của Thủ tướng Chính phủ;
Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 05/TTr-SNV ngày 06/01/2025 và Văn bản số 20/SGDĐT-TCCB ngày 07/01/2025 của Sở Giáo dục và Đào tạo,
"""
        + _SECTIONS,
        {
            "is_plan": True,
            "issuer": "Ủy ban nhân dân tỉnh Bắc Giang",
            "number": "12/CTr-UBND",
            "date": "2025-01-11",
            "implements": ["142/QĐ-TTg"],
            "issued_with": None,
        },
    ),
    (
        "a_decision_cut_after_its_preamble_is_not_a_plan",
        """\
ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH CAO BẰNG | Độc lập - Tự do - Hạnh phúc
Số: 456/QĐ-UBND | Cao Bằng, ngày 10 tháng 5 năm 2024
QUYẾT ĐỊNH
Về việc thành lập Hội đồng xét tặng danh hiệu
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
""",
        {"is_plan": False},
    ),
    (
        "a_report_is_not_a_plan",
        """\
ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH CAO BẰNG | Độc lập - Tự do - Hạnh phúc
Số: 301/BC-UBND | Cao Bằng, ngày 10 tháng 12 năm 2024
BÁO CÁO
Kết quả thực hiện Kế hoạch số 88/KH-UBND năm 2024
Thực hiện Kế hoạch số 88/KH-UBND ngày 20/5/2024 của Ủy ban nhân dân tỉnh, Sở Nội vụ báo cáo kết quả như sau:
""",
        {"is_plan": False},
    ),
]

HEADER_FIELDS = ("issuer", "issuer_as_printed", "number", "date", "implements", "issued_with")


def header_view(parsed: dict) -> dict:
    """The parser's output in the shape of `expected` (issued_with without its printed
    issuer, which the expected values give as `issuer_as_printed` of the plan)."""
    view = {field: parsed.get(field) for field in HEADER_FIELDS}
    if view["issued_with"]:
        view["issued_with"] = {k: view["issued_with"].get(k) for k in ("number", "date", "issuer")}
    return view


def compare_header(parsed: dict | None, want: dict) -> list[tuple[str, object, object]]:
    """(field, got, expected) for every field the variant names."""
    if not want.get("is_plan", True):
        return [("is_plan", parsed is not None, False)]
    if parsed is None:
        return [("is_plan", False, True)] + [(f, None, want[f]) for f in want if f != "is_plan"]
    got = header_view(parsed)
    return [("is_plan", True, True)] + [(f, got[f], want[f]) for f in want if f != "is_plan"]
