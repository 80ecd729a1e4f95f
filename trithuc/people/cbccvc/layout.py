"""The exchange layout with the national database of cadres, civil servants and public
employees (CSDL quốc gia về CBCCVC): one table an IT centre can read, check and adjust.

No published field list of the national database was found (the appendix of Nghị định
27/2026/NĐ-CP lists 194 fields; its text was not available to us). The layout therefore
follows the ten data groups of Article 5 of that decree and the items of the résumé form
"Mẫu 2C-BNV/2008" (QĐ 02/2008/QĐ-BNV), with the Vietnamese headings such exports use.
It MUST be checked against the Ministry of Home Affairs' published specification before
a real exchange; `docs/EXCHANGE.md` lists every column and every code translation. A
change of the specification is a new `VERSION` here and nothing else: the reader and the
writer (`people.cbccvc.importing`, `people.cbccvc.exporting`) only read this table.

Each column says:
- `key`: its name in this table (English, stable), `header` and `aliases`: the headings
  read (matched without case, diacritics or punctuation);
- `group`: the data group of NĐ 27/2026 (1 identity … 10 health), `item_2c`: the item of
  Mẫu 2C-BNV/2008 ("" when the form has none);
- `field`: the registry's template field it fills (None: a CBCCVC column the registry does
  not keep; the import reads past it and says so once);
- `exported`: written by the export (only columns the registry holds);
- `keep_when_blank`: an empty cell keeps what the registry holds for a known person (the
  national database may lack it while the registry has it from the person); otherwise an
  empty cell empties the field, as in the template.
"""

from __future__ import annotations

from dataclasses import dataclass

VERSION = "2026.1"
BASIS = (
    "Bố cục theo 10 nhóm dữ liệu của Nghị định 27/2026/NĐ-CP và các mục của Mẫu 2C-BNV/2008; "
    "cần đối chiếu với đặc tả do Bộ Nội vụ công bố"
)

GROUPS: dict[int, str] = {
    1: "Thông tin cơ bản về bản thân",
    2: "Quan hệ gia đình",
    3: "Lịch sử bản thân",
    4: "Tuyển dụng, bổ nhiệm, điều động, nghỉ hưu",
    5: "Học vấn, trình độ chuyên môn, đào tạo, bồi dưỡng",
    6: "Cơ quan, đơn vị, vị trí việc làm, chức vụ, lương",
    7: "Tham gia tổ chức chính trị, chính trị - xã hội",
    8: "Tham gia lực lượng vũ trang",
    9: "Tài sản, thu nhập",
    10: "Sức khỏe",
}


@dataclass(frozen=True)
class ExchangeColumn:
    key: str
    header: str
    group: int
    item_2c: str
    field: str | None
    exported: bool = False
    aliases: tuple[str, ...] = ()
    keep_when_blank: bool = False
    note: str = ""


C = ExchangeColumn
# In the export's order; the import reads them in any order.
COLUMNS: tuple[ExchangeColumn, ...] = (
    C("row_number", "STT", 1, "", None, aliases=("TT", "Số thứ tự")),
    # --- 1. identity and origin ---------------------------------------------------------
    C("national_id", "Số định danh cá nhân", 1, "25", "national_id", True,
      ("Mã định danh hồ sơ", "Số CCCD", "Số căn cước", "Số căn cước công dân",
       "Số CMND/CCCD", "Mã định danh", "Số định danh"),
      note="mã định danh hồ sơ = số định danh cá nhân 12 chữ số (NĐ 27/2026)"),
    C("service_number", "Số hiệu cán bộ, công chức, viên chức", 1, "", None,
      aliases=("Số hiệu", "Số hiệu CBCCVC")),
    C("full_name", "Họ và tên khai sinh", 1, "1", "full_name", True,
      ("Họ và tên", "Họ tên", "Họ và tên khai sinh (viết chữ in hoa)"),
      note="tên viết IN HOA (như Mẫu 2C) được đổi sang chữ thường viết hoa chữ đầu"),
    C("other_names", "Tên gọi khác", 1, "2", None, aliases=("Các tên gọi khác",)),
    C("birth_date", "Ngày, tháng, năm sinh", 1, "3", "birth_date", True,
      ("Ngày sinh", "Sinh ngày", "Ngày tháng năm sinh")),
    C("gender", "Giới tính", 1, "3", "gender", True, note="Nam/Nữ, hoặc mã 1 = Nam, 2 = Nữ"),
    C("birthplace", "Nơi sinh", 1, "4", None),
    C("home_town", "Quê quán", 1, "5", None),
    C("ethnicity", "Dân tộc", 1, "6", "ethnicity", True, ("Tên dân tộc",)),
    C("ethnicity_code", "Mã dân tộc", 1, "6", "ethnicity", True,
      note="mã 2 chữ số theo ETHNICITY_CODE_SYSTEM"),
    C("religion", "Tôn giáo", 1, "7", "religion", True, keep_when_blank=True),
    C("permanent_residence", "Nơi đăng ký thường trú", 1, "8", None,
      aliases=("Nơi thường trú", "Hộ khẩu thường trú")),
    C("current_residence", "Nơi ở hiện nay", 1, "9", None, aliases=("Chỗ ở hiện nay",)),
    C("id_issue_date", "Ngày cấp căn cước", 1, "25", None, aliases=("Ngày cấp", "Ngày cấp CCCD")),
    C("social_insurance", "Số sổ bảo hiểm xã hội", 1, "26", None,
      aliases=("Số BHXH", "Số sổ BHXH")),
    C("phone", "Số điện thoại", 1, "", "phone", True, ("Điện thoại",), keep_when_blank=True),
    C("email", "Email", 1, "", "email", True, ("Thư điện tử", "E-mail"), keep_when_blank=True),
    # --- 4. recruitment, appointment --------------------------------------------------------
    C("first_occupation", "Nghề nghiệp khi được tuyển dụng", 4, "10", None),
    C("recruitment_date", "Ngày tuyển dụng", 4, "11", "work_start_year", True,
      ("Ngày được tuyển dụng", "Năm tuyển dụng", "Ngày, tháng, năm tuyển dụng"),
      keep_when_blank=True,
      note="CSDL trí thức giữ năm: xuất năm, nhập ngày hoặc năm (lấy năm)"),
    C("recruiting_agency", "Cơ quan, đơn vị tuyển dụng", 4, "11", None,
      aliases=("Cơ quan tuyển dụng",)),
    # --- 5. education and training --------------------------------------------------------
    C("general_education", "Trình độ giáo dục phổ thông", 5, "15.1", None,
      aliases=("Giáo dục phổ thông",)),
    C("education_level", "Trình độ chuyên môn cao nhất", 5, "15.2", "education_level", True,
      ("Trình độ chuyên môn",),
      note="'Thạc sĩ Quản lý kinh tế' được tách thành trình độ và chuyên ngành"),
    C("education_year", "Năm tốt nghiệp trình độ cao nhất", 5, "27", "education_year", True,
      ("Năm tốt nghiệp", "Năm đạt trình độ cao nhất"), keep_when_blank=True),
    C("training_field", "Chuyên ngành đào tạo", 5, "15.2", "training_field", True,
      ("Chuyên ngành",), keep_when_blank=True),
    C("academic_title", "Học hàm", 5, "", "academic_title", True, keep_when_blank=True),
    C("political_theory", "Lý luận chính trị", 5, "15.3", "political_theory_level", True,
      ("Trình độ lý luận chính trị",)),
    C("state_management", "Quản lý nhà nước", 5, "15.4", None,
      aliases=("Trình độ quản lý nhà nước",)),
    C("foreign_language", "Ngoại ngữ", 5, "15.5", None, aliases=("Trình độ ngoại ngữ",)),
    C("it_skill", "Tin học", 5, "15.6", None, aliases=("Trình độ tin học",)),
    # --- 6. agency, position, salary ----------------------------------------------------------
    C("staff_category", "Đối tượng", 6, "", "employment_type", True,
      ("Loại cán bộ, công chức, viên chức", "Đối tượng (cán bộ, công chức, viên chức)",
       "Loại đối tượng", "Loại hình"),
      note="Cán bộ / Công chức / Viên chức / Người lao động; trống thì suy ra từ mã ngạch"),
    C("employer", "Cơ quan, đơn vị sử dụng", 6, "", "employer", True,
      ("Cơ quan, đơn vị", "Cơ quan, đơn vị công tác", "Đơn vị công tác",
       "Cơ quan, đơn vị đang công tác", "Cơ quan, đơn vị sử dụng CBCCVC")),
    C("workplace_unit", "Mã đơn vị hành chính nơi làm việc", 6, "", "workplace_unit", True,
      ("Mã xã, phường nơi làm việc", "Mã xã/phường nơi công tác", "Mã đơn vị hành chính",
       "Xã, phường nơi làm việc", "Đơn vị hành chính nơi làm việc"),
      note="mã xã 5 số hoặc tỉnh 2 số từ 01/7/2025; mã xã cũ được quy đổi; có thể ghi tên"),
    C("job_position", "Vị trí việc làm", 6, "", None),
    C("position", "Chức vụ", 6, "12", "position", True,
      ("Chức vụ hiện tại", "Chức vụ (chức danh) hiện tại", "Chức danh, chức vụ",
       "Chức vụ, chức danh")),
    C("main_duties", "Công việc chính được giao", 6, "13", None),
    C("grade_code", "Mã ngạch, chức danh nghề nghiệp", 6, "14", "employment_type",
      aliases=("Mã ngạch/Chức danh nghề nghiệp", "Mã ngạch", "Mã số chức danh nghề nghiệp",
               "Mã chức danh nghề nghiệp", "Mã ngạch, mã chức danh nghề nghiệp"),
      note="suy ra đối tượng (khi cột 'Đối tượng' trống) và lĩnh vực (hồ sơ mới)"),
    C("grade_name", "Ngạch, chức danh nghề nghiệp", 6, "14", None,
      aliases=("Tên ngạch", "Ngạch công chức", "Chức danh nghề nghiệp")),
    C("salary_step", "Bậc lương", 6, "14", None),
    C("salary_coefficient", "Hệ số lương", 6, "14", None),
    C("position_allowance", "Phụ cấp chức vụ", 6, "14", None),
    C("rating", "Đánh giá, xếp loại chất lượng", 6, "32", None, aliases=("Xếp loại",)),
    C("awards", "Khen thưởng", 6, "21", None),
    C("discipline", "Kỷ luật", 6, "22", None),
    # --- 7. political and socio-political organisations ------------------------------------
    C("party_member", "Đảng viên", 7, "16", "party_member", True, ("Là đảng viên",)),
    C("party_join_date", "Ngày vào Đảng", 7, "16", "party_member",
      aliases=("Ngày vào Đảng Cộng sản Việt Nam",),
      note="một ngày ghi ở đây nghĩa là đảng viên"),
    C("party_full_date", "Ngày chính thức", 7, "16", None, aliases=("Ngày vào Đảng chính thức",)),
    C("mass_organisation_date", "Ngày tham gia tổ chức chính trị - xã hội", 7, "17", None),
    # --- 8. armed forces; 10. health ---------------------------------------------------------
    C("enlistment_date", "Ngày nhập ngũ", 8, "18", None),
    C("highest_rank", "Quân hàm cao nhất", 8, "18", None),
    C("honorary_title", "Danh hiệu được phong tặng cao nhất", 6, "19", None),
    C("strengths", "Sở trường công tác", 3, "20", None),
    C("health", "Tình trạng sức khỏe", 10, "23", None),
    C("height", "Chiều cao", 10, "23", None),
    C("weight", "Cân nặng", 10, "23", None),
    C("blood_group", "Nhóm máu", 10, "23", None),
    C("war_invalid", "Là thương binh hạng", 1, "24", None, aliases=("Thương binh hạng",)),
    C("policy_family", "Là con gia đình chính sách", 1, "24", None,
      aliases=("Gia đình chính sách",)),
    # --- not in CSDL CBCCVC: a province may add it to its export ---------------------------
    C("sector", "Lĩnh vực", 6, "", "sector",
      aliases=("Lĩnh vực công tác",),
      note="cột riêng của CSDL trí thức; không có thì suy ra từ mã ngạch (hồ sơ mới)"),
)  # fmt: skip
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
EXPORTED = tuple(column for column in COLUMNS if column.exported)

# The CBCCVC columns a file must have: one of each tuple.
REQUIRED: tuple[tuple[str, ...], ...] = (
    ("national_id",), ("full_name",), ("birth_date",), ("gender",),
    ("ethnicity", "ethnicity_code"), ("employer",), ("workplace_unit",),
    ("staff_category", "grade_code"), ("education_level",),
)  # fmt: skip

# The registry's fields that no CBCCVC column holds: a known person keeps them, a new
# one gets these values (sector: from the grade code when it says, else "other").
REGISTRY_ONLY_DEFAULTS: dict[str, object] = {
    "expert_field": "", "in_training": "", "in_training_until": None,
    "upskilled_to_standard": False, "continuing_education": False,
}  # fmt: skip

# --- code translations --------------------------------------------------------------------

# Gender codes as the census and the health sector's data standards write them. [verify]
GENDER_CODES = {"1": "male", "2": "female"}

# Which numbering "Mã dân tộc" uses: "2008" = QĐ 1019/QĐ-TCTK (census since 2009),
# "1979" = QĐ 121-TCTK/PPCĐ. The export writes codes in this system too. [verify]
ETHNICITY_CODE_SYSTEM = "2008"

# Words a cell of "Trình độ chuyên môn cao nhất" may start with, before the major
# ("Thạc sĩ Quản lý kinh tế", "Kỹ sư xây dựng"): level code. The registry's own labels
# and aliases (codelists) are matched first; these add the abbreviations of 2C prints.
EDUCATION_WORDS: dict[str, str] = {
    "Tiến sĩ khoa học": "doctor_of_science", "TSKH": "doctor_of_science",
    "Tiến sĩ": "doctor", "Tiến sỹ": "doctor", "TS": "doctor",
    "Bác sĩ chuyên khoa cấp II": "specialist_2", "Bác sĩ chuyên khoa II": "specialist_2",
    "Chuyên khoa cấp II": "specialist_2", "Chuyên khoa II": "specialist_2", "CKII": "specialist_2",
    "BSCKII": "specialist_2",
    "Bác sĩ nội trú": "resident", "BSNT": "resident",
    "Bác sĩ chuyên khoa cấp I": "specialist_1", "Bác sĩ chuyên khoa I": "specialist_1",
    "Chuyên khoa cấp I": "specialist_1", "Chuyên khoa I": "specialist_1", "CKI": "specialist_1",
    "BSCKI": "specialist_1",
    "Thạc sĩ": "master", "Thạc sỹ": "master", "ThS": "master",
    "Đại học": "bachelor", "Cử nhân": "bachelor", "Kỹ sư": "bachelor", "Bác sĩ": "bachelor",
    "Bác sỹ": "bachelor", "Dược sĩ": "bachelor", "Kiến trúc sư": "bachelor", "CN": "bachelor",
    "KS": "bachelor", "BS": "bachelor", "DS": "bachelor", "KTS": "bachelor",
    "Cao đẳng": "college", "Trung cấp": "intermediate", "Sơ cấp": "elementary",
}  # fmt: skip
POLITICAL_THEORY_WORDS: dict[str, str] = {
    "Cao cấp": "advanced", "Cử nhân": "bachelor", "Trung cấp": "intermediate",
    "Sơ cấp": "elementary",
}  # fmt: skip
STAFF_CATEGORY_WORDS: dict[str, str] = {
    "Cán bộ": "cadre", "Công chức": "civil_servant", "Viên chức": "public_employee",
    "Người lao động": "contract_worker", "Hợp đồng": "contract_worker",
}  # fmt: skip

# Grade codes (mã ngạch công chức "01.003", mã chức danh nghề nghiệp viên chức
# "V.07.01.03"): what they say of the person. Sources: TT 02/2021/TT-BNV (civil-service
# grades), the ministries' circulars on professional titles, public HR code lists.
# [verify against the Ministry's current list of codes]
# - "V.xx.yy.zz": a public employee; the 2-digit group after "V." gives the sector.
GRADE_V_SECTORS: dict[str, str] = {
    "03": "agriculture",           # nông nghiệp: bảo vệ thực vật, thú y, giống cây trồng
    "04": "engineering_industry",  # xây dựng: kiến trúc sư, thẩm kế viên
    "05": "engineering_industry",  # khoa học và công nghệ: nghiên cứu viên, kỹ sư
    "06": "agriculture",           # tài nguyên và môi trường (Bộ Nông nghiệp và Môi trường)
    "07": "education",             # giáo dục: giảng viên, giáo viên
    "08": "health",                # y tế: bác sĩ, dược sĩ, điều dưỡng
    "10": "culture_arts_sports",   # văn hóa, thể thao: thư viện, nghệ thuật, huấn luyện viên
}  # fmt: skip
# - "NN.NNN" (letters allowed after NN: "06a.031"): a civil-service grade, except the
#   older public-employee codes of education, health and culture (before the V codes).
GRADE_OLD_PUBLIC_EMPLOYEE: dict[str, str] = {
    "15": "education", "16": "health", "17": "culture_arts_sports",
}  # fmt: skip
# Civil-service grade prefixes whose holders are counted in a sector other than state
# management (kiểm dịch, kiểm lâm, đê điều, kiểm ngư).
GRADE_CIVIL_SECTORS: dict[str, str] = {
    "09": "agriculture", "10": "agriculture", "11": "agriculture", "25": "agriculture",
}  # fmt: skip
GRADE_CIVIL_DEFAULT_SECTOR = "state_management"
# Prefixes that hold both civil-service grades and older public-employee titles
# (13 science and technology, 14 hydrometeorology): the type needs "Đối tượng".
GRADE_AMBIGUOUS = frozenset({"13", "14"})

# A position naming a leadership or management post ("Trưởng phòng", "Phó Giám đốc",
# "Hiệu trưởng", "Chánh Văn phòng"): the registry's "Lãnh đạo, quản lý". Matched on
# lower-case words WITH diacritics ("trưởng" is a head, "trường" a school). "Tổ trưởng",
# "tổ phó" (a school's subject group) are not management posts. [verify]
LEADER_WORDS = ("trưởng", "giám đốc", "chủ tịch", "bí thư", "chánh", "chủ nhiệm",
                "tổng biên tập", "thủ trưởng", "viện trưởng", "chỉ huy")  # fmt: skip
NOT_LEADER_WORDS = ("tổ trưởng", "tổ phó")
