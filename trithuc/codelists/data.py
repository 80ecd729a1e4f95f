"""The canonical code lists: the single source for the data migration and for
`trithuc load_reference_data`.

Codes are stable (English, or the official number for ethnic groups); labels are what
people read and may be reworded. `rank` is the position in the list: for
`education_level` it is the order of qualification (none = 0 … doctor_of_science = 10),
elsewhere it only fixes the display order (ethnic groups: the number of their 2008 code).

Sources: ../shared/domain/import-template.md ("Stable codes"), facts.md §1.3 and §2.2.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from trithuc.codelists.training_fields import FIELDS as _TRAINING_FIELDS


@dataclass(frozen=True)
class Entry:
    code: str
    label: str
    aliases: tuple[str, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


GENDER = [
    Entry("male", "Nam", ("Trai", "M")),
    Entry("female", "Nữ", ("Gái", "F")),
]

EMPLOYMENT_TYPE = [
    Entry("cadre", "Cán bộ", ("CB",)),
    Entry("civil_servant", "Công chức", ("CC",)),
    Entry("public_employee", "Viên chức", ("VC",)),
    Entry(
        "contract_worker",
        "Người lao động",
        ("NLĐ", "Lao động hợp đồng", "Hợp đồng", "Người lao động hợp đồng", "Hợp đồng lao động"),
    ),
    Entry("enterprise", "Doanh nghiệp", ("DN", "Người lao động doanh nghiệp")),
    Entry("self_employed", "Tự do", ("Lao động tự do", "Hành nghề tự do")),
    Entry("retired", "Nghỉ hưu", ("Hưu trí", "Đã nghỉ hưu", "Hưu")),
]

SECTOR = [
    Entry(
        "agriculture",
        "Nông nghiệp",
        (
            "Nông, lâm nghiệp và thủy sản",
            "Nông lâm ngư nghiệp",
            "Nông nghiệp và phát triển nông thôn",
            "Nông nghiệp và môi trường",
        ),
    ),
    Entry(
        "education",
        "Giáo dục và đào tạo",
        ("Giáo dục - đào tạo", "Giáo dục, đào tạo", "Giáo dục", "GD&ĐT", "GDĐT"),
    ),
    Entry("health", "Y tế", ("Y tế - dân số", "Ngành y tế")),
    Entry(
        "culture_arts_sports",
        "Văn học, nghệ thuật, thể thao",
        (
            "Văn học - nghệ thuật - thể thao",
            "Văn hóa, nghệ thuật, thể thao",
            "Văn hóa - nghệ thuật - thể thao",
            "Văn học nghệ thuật",
            "Văn hóa, thể thao",
        ),
    ),
    Entry("tourism_services", "Du lịch, dịch vụ", ("Du lịch - dịch vụ", "Du lịch", "Dịch vụ")),
    Entry(
        "engineering_industry",
        "Kỹ thuật, công nghiệp",
        ("Kỹ thuật - công nghiệp", "Kỹ thuật", "Công nghiệp", "Kỹ thuật, công nghệ"),
    ),
    Entry("state_management", "Quản lý nhà nước", ("QLNN", "Hành chính nhà nước")),
    Entry("other", "Khác", ("Lĩnh vực khác",)),
]

# In rank order: the rank of each level is its position (none = 0 … doctor_of_science = 10).
EDUCATION_LEVEL = [
    Entry("none", "Chưa qua đào tạo", ("Chưa đào tạo", "Không qua đào tạo", "Không có")),
    Entry("elementary", "Sơ cấp", ("Sơ cấp nghề",)),
    Entry("intermediate", "Trung cấp", ("TC", "Trung học chuyên nghiệp", "THCN", "Trung cấp nghề")),
    Entry("college", "Cao đẳng", ("CĐ", "Cao đẳng nghề")),
    Entry(
        "bachelor",
        "Đại học",
        ("ĐH", "Cử nhân", "Kỹ sư", "Bác sĩ", "Bác sỹ", "Dược sĩ", "Kiến trúc sư"),
    ),
    Entry("master", "Thạc sĩ", ("ThS", "Thạc sỹ", "Cao học")),
    Entry(
        "specialist_1",
        "Chuyên khoa I",
        (
            "CKI",
            "CK I",
            "CK1",
            "Chuyên khoa 1",
            "Chuyên khoa cấp I",
            "BSCKI",
            "Bác sĩ chuyên khoa I",
        ),
    ),
    Entry("resident", "Bác sĩ nội trú", ("BSNT", "Bác sỹ nội trú", "Nội trú")),
    Entry(
        "specialist_2",
        "Chuyên khoa II",
        (
            "CKII",
            "CK II",
            "CK2",
            "Chuyên khoa 2",
            "Chuyên khoa cấp II",
            "BSCKII",
            "Bác sĩ chuyên khoa II",
        ),
    ),
    Entry("doctor", "Tiến sĩ", ("TS", "Tiến sỹ", "PhD")),
    Entry("doctor_of_science", "Tiến sĩ khoa học", ("TSKH", "Tiến sỹ khoa học", "TS.KH", "DSc")),
]

ACADEMIC_TITLE = [
    Entry("professor", "GS", ("Giáo sư", "GS.TS", "GS.TSKH")),
    Entry("associate_professor", "PGS", ("Phó giáo sư", "PGS.TS", "PGS.TSKH")),
]

POLITICAL_THEORY_LEVEL = [
    Entry("elementary", "Sơ cấp", ("Sơ cấp lý luận chính trị", "Sơ cấp LLCT", "Sơ cấp chính trị")),
    Entry(
        "intermediate",
        "Trung cấp",
        ("Trung cấp lý luận chính trị", "Trung cấp LLCT", "Trung cấp chính trị", "TCCT"),
    ),
    Entry(
        "advanced",
        "Cao cấp",
        (
            "Cao cấp lý luận chính trị",
            "Cao cấp LLCT",
            "Cao cấp chính trị",
            "CCCT",
            "Cao cấp (tương đương)",
            "Tương đương cao cấp",
        ),
    ),
    Entry(
        "bachelor",
        "Cử nhân",
        ("Cử nhân chính trị", "Cử nhân lý luận chính trị", "Cử nhân LLCT", "CNCT"),
    ),
]

IN_TRAINING = [
    Entry("master", "Thạc sĩ", ("ThS", "Thạc sỹ", "Cao học", "Nghiên cứu sinh thạc sĩ")),
    Entry("doctor", "Tiến sĩ", ("TS", "Tiến sỹ", "Nghiên cứu sinh", "NCS", "PhD")),
    Entry("specialist_1", "Chuyên khoa I", ("CKI", "CK I", "CK1", "Chuyên khoa 1", "BSCKI")),
    Entry("specialist_2", "Chuyên khoa II", ("CKII", "CK II", "CK2", "Chuyên khoa 2", "BSCKII")),
]


def _ethnic(code: str, label: str, code_1979: str, *aliases: str) -> Entry:
    return Entry(code, label, tuple(aliases), {"code_1979": code_1979})


# The 54 ethnic groups. `code` is the 2008 code (QĐ 1019/QĐ-TCTK of 12/11/2008, used since
# the 2009 census; ordered by the 1999 census population), extra["code_1979"] the code of
# QĐ 121-TCTK/PPCĐ (02/3/1979). Codes 01–20 are verified against the QĐ 1019 list
# (qcvn109.gov.vn Phụ lục E). 21–54 follow facts.md §2.2 except 36/37: facts.md had
# "36 Kháng, 37 La Chí", but the 1999 census ranks La Chí (10,765) above Kháng (10,272)
# and public code lists in 2008 order give La Chí first, so 36 = La Chí, 37 = Kháng
# [verify against the QĐ 1019 text]. The 1979 codes follow the 1979 order in facts.md.
# Aliases are spellings found in records; pejorative exonyms (Mèo, Mán, Mọi…) and names
# that are also another group's name (Thổ for Tày or Khmer, Xá…) are left out on purpose.
ETHNICITY = [
    _ethnic("01", "Kinh", "01", "Việt", "Kinh (Việt)", "Người Kinh"),
    _ethnic("02", "Tày", "02", "Người Tày"),
    _ethnic("03", "Thái", "03", "Thái Đen", "Thái Trắng", "Tày Đăm", "Tày Khao", "Người Thái"),
    _ethnic("04", "Mường", "06", "Người Mường"),
    _ethnic("05", "Khmer", "05", "Khơ me", "Khơ-me", "Khơme", "Khmer Krom", "Khơ me Krôm"),
    _ethnic("06", "Hoa", "04", "Hoa (Hán)", "Hán", "Người Hoa"),
    _ethnic("07", "Nùng", "07", "Người Nùng"),
    _ethnic("08", "Mông", "08", "H'Mông", "Hmông", "H'mông", "HMông", "Hmong", "Người Mông"),
    _ethnic(
        "09", "Dao", "09", "Dao Đỏ", "Dao Tiền", "Dao Quần Chẹt", "Dao Quần Trắng", "Dao Thanh Y"
    ),
    _ethnic("10", "Gia Rai", "10", "Gia-rai", "Giarai", "Jrai", "Jarai", "Giơ-rai"),
    _ethnic("11", "Ê Đê", "12", "Ê-đê", "Êđê", "Ede", "Rhade", "Ra-đê"),
    _ethnic("12", "Ba Na", "13", "Ba-na", "Bana", "Bahnar"),
    _ethnic("13", "Sán Chay", "15", "Cao Lan", "Sán Chỉ", "Cao Lan - Sán Chỉ"),
    _ethnic("14", "Chăm", "17", "Chàm", "Cham"),
    _ethnic("15", "Cơ Ho", "16", "Cơ-ho", "K'Ho", "Kơ Ho", "Koho"),
    _ethnic("16", "Xơ Đăng", "14", "Xơ-đăng", "Sedang", "Xê Đăng"),
    _ethnic("17", "Sán Dìu", "18", "Sán Déo"),
    _ethnic("18", "Hrê", "19", "H're", "Hre"),
    _ethnic("19", "Ra Glai", "21", "Ra-glai", "Raglai", "Raglay", "Ra Glay"),
    _ethnic("20", "Mnông", "20", "M'Nông", "Mơ Nông", "Mnong"),
    _ethnic("21", "Thổ", "24"),
    _ethnic("22", "Xtiêng", "22", "Stiêng", "X'tiêng", "Stieng"),
    _ethnic("23", "Khơ Mú", "29", "Khơ-mú", "Khmu", "Kmhmu"),
    _ethnic("24", "Bru - Vân Kiều", "23", "Bru-Vân Kiều", "Vân Kiều", "Bru"),
    _ethnic("25", "Cơ Tu", "26", "Cơ-tu", "Katu", "Ca Tu", "Kơ Tu", "Cờ Tu"),
    _ethnic("26", "Giáy", "25", "Người Giáy"),
    _ethnic("27", "Tà Ôi", "31", "Tà-ôi", "Ta Oi", "Pa Cô", "Pa Kô", "Pacoh"),
    _ethnic("28", "Mạ", "28", "Châu Mạ"),
    _ethnic("29", "Giẻ Triêng", "27", "Giẻ-Triêng", "Gié Triêng", "Gié-Triêng", "Giẻ-Chiêng"),
    _ethnic("30", "Co", "30", "Cor"),
    _ethnic("31", "Chơ Ro", "32", "Chơ-ro", "Châu Ro", "Đơ Ro"),
    _ethnic("32", "Xinh Mun", "34", "Xinh-mun"),
    _ethnic("33", "Hà Nhì", "35", "Hà Nhì Già"),
    _ethnic("34", "Chu Ru", "36", "Chu-ru", "Churu", "Chơ Ru"),
    _ethnic("35", "Lào", "37", "Lào Bốc", "Lào Nọi"),
    _ethnic("36", "La Chí", "38", "Cù Tê"),
    _ethnic("37", "Kháng", "33", "Xá Khao"),
    _ethnic("38", "Phù Lá", "40", "Xá Phó"),
    _ethnic("39", "La Hủ", "41", "Lao Xá"),
    _ethnic("40", "La Ha", "39", "Khlá Phlạo"),
    _ethnic("41", "Pà Thẻn", "46", "Pà Hưng"),
    _ethnic("42", "Lự", "42", "Lừ", "Nhuồn"),
    _ethnic("43", "Ngái", "11", "Khách Gia"),
    _ethnic("44", "Chứt", "44", "Rục", "Sách", "Arem", "Mã Liềng"),
    _ethnic("45", "Lô Lô", "43", "Mun Di"),
    _ethnic("46", "Mảng", "45", "Mảng Ư"),
    _ethnic("47", "Cơ Lao", "47", "Cờ Lao", "Co Lao"),
    _ethnic("48", "Bố Y", "49", "Chủng Chá", "Trọng Gia"),
    _ethnic("49", "Cống", "48", "Xắm Khống"),
    _ethnic("50", "Si La", "50", "Cù Dề Xừ"),
    _ethnic("51", "Pu Péo", "51", "Ka Pèo"),
    _ethnic("52", "Rơ Măm", "54", "Rơ-măm", "Romam"),
    _ethnic("53", "Brâu", "52", "Brao"),
    _ethnic("54", "Ơ Đu", "53", "Ơ-đu", "Tày Hạt"),
]

KINH = "01"

# The national list of training fields (university level): see training_fields.py.
TRAINING_FIELD = [Entry(code, label, aliases) for code, label, aliases in _TRAINING_FIELDS]

CODE_LISTS: dict[str, list[Entry]] = {
    "gender": GENDER,
    "ethnicity": ETHNICITY,
    "education_level": EDUCATION_LEVEL,
    "sector": SECTOR,
    "employment_type": EMPLOYMENT_TYPE,
    "academic_title": ACADEMIC_TITLE,
    "political_theory_level": POLITICAL_THEORY_LEVEL,
    "in_training": IN_TRAINING,
    "training_field": TRAINING_FIELD,
}

# Lists whose ranks start at 0 (a "none" level); the others start at 1.
_ZERO_BASED = {"education_level"}


def rank_of(list_name: str, position: int) -> int:
    """The stored rank of the entry at `position` (0-based) in `CODE_LISTS[list_name]`."""
    return position if list_name in _ZERO_BASED else position + 1
