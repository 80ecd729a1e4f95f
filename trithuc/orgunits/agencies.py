"""A province's usual agencies, as a template that `create_usual_agencies` fills in.

Names follow the form the provincial plans use (../shared/seeds): without the province
name ("Sở Nội vụ", "Ban Tổ chức Tỉnh ủy", "Ủy ban nhân dân tỉnh", "Liên hiệp các Hội
Khoa học và Kỹ thuật tỉnh"); the form with the province name ("Sở Nội vụ tỉnh Cao Bằng")
is added as an alias, and matching ignores a trailing province name anyway.

Placeholders: {tinh} = "tỉnh" or, for the six centrally run cities, "thành phố";
{Tinh_uy} = "Tỉnh ủy" / "Thành ủy"; {Tinh_doan} = "Tỉnh đoàn" / "Thành đoàn".

The 2025 reorganisation merged departments (Nghị định 45/2025/NĐ-CP, in force 01/3/2025;
most provinces set up the merged departments on that day [verify per province]) and
Party commissions (Ban Tuyên giáo + Ban Dân vận, early 2025). Names used before the
merger are kept as aliases of the agency that took the work over (`former`), so a plan
written in 2024 that names "Sở Kế hoạch và Đầu tư" finds today's Sở Tài chính. Bodies that
were dissolved without a single successor are kept as agencies with `valid_to`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

MERGER_2025 = dt.date(2025, 3, 1)  # [verify per province]
DISSOLVED_2025 = dt.date(2025, 2, 28)  # [verify per province]


@dataclass(frozen=True)
class AgencySpec:
    name: str
    kind: str
    short_name: str = ""
    aliases: tuple[str, ...] = ()
    former: tuple[str, ...] = ()  # names before the 2025 mergers (kept as aliases)
    parent: str | None = None  # the `name` of another spec
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    with_province_alias: bool = True


USUAL_AGENCIES: list[AgencySpec] = [
    # Party
    AgencySpec("{Tinh_uy}", "party", "{Tinh_uy}", ("Ban Chấp hành Đảng bộ {tinh}",)),
    AgencySpec("Ban Thường vụ {Tinh_uy}", "party", "BTV {Tinh_uy}", parent="{Tinh_uy}"),
    AgencySpec(
        "Ban Tổ chức {Tinh_uy}",
        "party",
        "BTC {Tinh_uy}",
        ("Ban TC {Tinh_uy}", "Ban Tổ chức"),
        parent="{Tinh_uy}",
    ),
    AgencySpec(
        "Ban Tuyên giáo và Dân vận {Tinh_uy}",
        "party",
        "Ban TG&DV {Tinh_uy}",
        ("Ban Tuyên giáo - Dân vận {Tinh_uy}", "Ban TGDV {Tinh_uy}"),
        former=(
            "Ban Tuyên giáo {Tinh_uy}",
            "Ban Dân vận {Tinh_uy}",
            "Ban Tuyên giáo",
            "Ban Dân vận",
        ),
        parent="{Tinh_uy}",
        valid_from=MERGER_2025,
    ),
    AgencySpec("Ủy ban Kiểm tra {Tinh_uy}", "party", "UBKT {Tinh_uy}", parent="{Tinh_uy}"),
    AgencySpec("Văn phòng {Tinh_uy}", "party", "VP {Tinh_uy}", parent="{Tinh_uy}"),
    AgencySpec("Ban Nội chính {Tinh_uy}", "party", "BNC {Tinh_uy}", parent="{Tinh_uy}"),
    AgencySpec(
        "Đảng ủy các cơ quan Đảng {tinh}",
        "party",
        aliases=("Đảng bộ các cơ quan Đảng {tinh}",),
        parent="{Tinh_uy}",
        valid_from=MERGER_2025,
    ),
    AgencySpec(
        "Đảng ủy Ủy ban nhân dân {tinh}",
        "party",
        "Đảng ủy UBND {tinh}",
        former=("Ban cán sự đảng Ủy ban nhân dân {tinh}", "Ban cán sự đảng UBND {tinh}"),
        parent="{Tinh_uy}",
        valid_from=MERGER_2025,
    ),
    AgencySpec(
        "Đảng đoàn Hội đồng nhân dân {tinh}",
        "party",
        "Đảng đoàn HĐND {tinh}",
        parent="{Tinh_uy}",
        valid_to=DISSOLVED_2025,
    ),
    AgencySpec("Trường Chính trị {tinh}", "public_service", parent="{Tinh_uy}"),
    # People's council and committee
    AgencySpec(
        "Hội đồng nhân dân {tinh}", "government", "HĐND {tinh}", ("Thường trực HĐND {tinh}",)
    ),
    AgencySpec(
        "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân {tinh}",
        "government",
        "VP Đoàn ĐBQH và HĐND {tinh}",
        ("Văn phòng Đoàn ĐBQH và HĐND {tinh}",),
    ),
    AgencySpec("Ủy ban nhân dân {tinh}", "government", "UBND {tinh}"),
    AgencySpec(
        "Văn phòng Ủy ban nhân dân {tinh}",
        "government",
        "VP UBND {tinh}",
        ("Văn phòng UBND {tinh}",),
        parent="Ủy ban nhân dân {tinh}",
    ),
    # Departments (cơ quan chuyên môn thuộc UBND) after the 2025 mergers
    AgencySpec(
        "Sở Nội vụ",
        "department",
        "SNV",
        ("Sở NV",),
        former=("Sở Lao động - Thương binh và Xã hội", "Sở LĐTBXH", "Sở LĐ-TB&XH"),
        parent="Ủy ban nhân dân {tinh}",
    ),
    AgencySpec(
        "Sở Tài chính",
        "department",
        "STC",
        ("Sở TC",),
        former=("Sở Kế hoạch và Đầu tư", "Sở KH&ĐT", "Sở KHĐT"),
        parent="Ủy ban nhân dân {tinh}",
    ),
    AgencySpec(
        "Sở Khoa học và Công nghệ",
        "department",
        "Sở KH&CN",
        ("Sở KHCN", "Sở Khoa học Công nghệ"),
        former=("Sở Thông tin và Truyền thông", "Sở TT&TT", "Sở TTTT"),
        parent="Ủy ban nhân dân {tinh}",
    ),
    AgencySpec(
        "Sở Giáo dục và Đào tạo",
        "department",
        "Sở GD&ĐT",
        ("Sở GDĐT", "Sở Giáo dục"),
        parent="Ủy ban nhân dân {tinh}",
    ),
    AgencySpec("Sở Y tế", "department", "SYT", parent="Ủy ban nhân dân {tinh}"),
    AgencySpec(
        "Sở Nông nghiệp và Môi trường",
        "department",
        "Sở NN&MT",
        ("Sở NNMT",),
        former=(
            "Sở Nông nghiệp và Phát triển nông thôn",
            "Sở NN&PTNT",
            "Sở NNPTNT",
            "Sở Tài nguyên và Môi trường",
            "Sở TN&MT",
            "Sở TNMT",
        ),
        parent="Ủy ban nhân dân {tinh}",
        valid_from=MERGER_2025,
    ),
    AgencySpec("Sở Công Thương", "department", "SCT", parent="Ủy ban nhân dân {tinh}"),
    AgencySpec(
        "Sở Xây dựng",
        "department",
        "SXD",
        former=("Sở Giao thông vận tải", "Sở GTVT"),
        parent="Ủy ban nhân dân {tinh}",
    ),
    AgencySpec(
        "Sở Văn hóa, Thể thao và Du lịch",
        "department",
        "Sở VHTTDL",
        ("Sở VH,TT&DL", "Sở VHTT&DL", "Sở Văn hóa Thể thao Du lịch"),
        former=("Sở Văn hóa và Thể thao", "Sở Du lịch"),
        parent="Ủy ban nhân dân {tinh}",
    ),
    AgencySpec("Sở Tư pháp", "department", "STP", parent="Ủy ban nhân dân {tinh}"),
    AgencySpec(
        "Sở Dân tộc và Tôn giáo",  # only in provinces with a Ban Dân tộc before 2025
        "department",
        "Sở DT&TG",
        ("Sở DTTG",),
        former=("Ban Dân tộc {tinh}",),
        parent="Ủy ban nhân dân {tinh}",
        valid_from=MERGER_2025,
    ),
    AgencySpec("Thanh tra {tinh}", "department", "TT {tinh}", parent="Ủy ban nhân dân {tinh}"),
    AgencySpec(
        "Ban Quản lý Khu kinh tế {tinh}",
        "department",
        "BQL KKT {tinh}",
        ("Ban Quản lý các khu công nghiệp {tinh}", "Ban Quản lý các KCN {tinh}"),
        parent="Ủy ban nhân dân {tinh}",
    ),
    # Fatherland Front and socio-political organisations (under the Front since 2025)
    AgencySpec(
        "Ủy ban Mặt trận Tổ quốc Việt Nam {tinh}",
        "front",
        "UBMTTQ {tinh}",
        ("Ủy ban MTTQ Việt Nam {tinh}", "Ủy ban MTTQVN {tinh}", "Mặt trận Tổ quốc {tinh}"),
    ),
    AgencySpec(
        "Liên đoàn Lao động {tinh}",
        "front",
        "LĐLĐ {tinh}",
        ("Công đoàn {tinh}",),
        parent="Ủy ban Mặt trận Tổ quốc Việt Nam {tinh}",
    ),
    AgencySpec(
        "Hội Nông dân {tinh}",
        "front",
        "HND {tinh}",
        parent="Ủy ban Mặt trận Tổ quốc Việt Nam {tinh}",
    ),
    AgencySpec(
        "Hội Liên hiệp Phụ nữ {tinh}",
        "front",
        "Hội LHPN {tinh}",
        ("Hội Phụ nữ {tinh}",),
        parent="Ủy ban Mặt trận Tổ quốc Việt Nam {tinh}",
    ),
    AgencySpec(
        "{Tinh_doan}",
        "front",
        "{Tinh_doan}",
        ("Đoàn Thanh niên Cộng sản Hồ Chí Minh {tinh}", "Đoàn TNCS Hồ Chí Minh {tinh}"),
        parent="Ủy ban Mặt trận Tổ quốc Việt Nam {tinh}",
    ),
    AgencySpec(
        "Hội Cựu chiến binh {tinh}",
        "front",
        "Hội CCB {tinh}",
        parent="Ủy ban Mặt trận Tổ quốc Việt Nam {tinh}",
    ),
    # Associations
    AgencySpec(
        "Liên hiệp các Hội Khoa học và Kỹ thuật {tinh}",
        "association",
        "Liên hiệp hội {tinh}",
        (
            "LHH {tinh}",
            "Liên hiệp các Hội KH&KT {tinh}",
            "Liên hiệp các hội KHKT {tinh}",
        ),
    ),
    AgencySpec(
        "Liên hiệp các Hội Văn học nghệ thuật {tinh}",
        "association",
        "Hội VHNT {tinh}",
        ("Hội Văn học nghệ thuật {tinh}", "Liên hiệp các Hội VHNT {tinh}"),
    ),
    # Public-service units (examples; rename to the local names in the admin)
    AgencySpec(
        "Bệnh viện Đa khoa {tinh}",
        "public_service",
        "BVĐK {tinh}",
        ("BV Đa khoa {tinh}",),
        parent="Sở Y tế",
    ),
    AgencySpec(
        "Trung tâm Kiểm soát bệnh tật {tinh}",
        "public_service",
        "CDC {tinh}",
        ("Trung tâm KSBT {tinh}",),
        parent="Sở Y tế",
    ),
    AgencySpec(
        "Trường Cao đẳng {tinh}",
        "public_service",
        parent="Ủy ban nhân dân {tinh}",
    ),
]

CITY_PLACEHOLDERS = {"tinh": "thành phố", "Tinh_uy": "Thành ủy", "Tinh_doan": "Thành đoàn"}
PROVINCE_PLACEHOLDERS = {"tinh": "tỉnh", "Tinh_uy": "Tỉnh ủy", "Tinh_doan": "Tỉnh đoàn"}
