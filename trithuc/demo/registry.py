"""A synthetic province for demonstrations: about 20,000 made-up people with a history.

`generate` builds the people in memory from a seed (no database, no global RNG: the
same seed, commune list and "today" give the same people); `write_people` stores them
with bulk inserts; `build_demo` does both inside one transaction. Every person is marked
`is_synthetic=True`; every change is recorded with source "demo".

The shape follows Cao Bằng (province 04): its ethnic mix (Tày, Nùng, H'Mông, Dao…),
family names, a workforce led by teachers and health workers, and the 2025 mergers of
provincial departments. Numbers are believable, not real.

History: each person has employment periods from the hire date (which may be before
2015) to today — contract staff taken on permanently, moves between communes,
promotions, department renamings on 1 March 2025, and retirement at the statutory date
(`trithuc.lib.retirement`, with the optional extension of Decree 50/2022 for some
doctors and specialists level II) — and degrees with their award dates, so counts taken
as of any date since 2015 differ the way a real registry's would.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from django.contrib.auth import get_user_model
from django.db import connection, models, transaction
from django.db.models import Count
from django.utils import timezone

from trithuc.accounts.models import Membership
from trithuc.lib.bulk import bulk_insert
from trithuc.lib.retirement import MAX_EXTENSION_MONTHS, add_months, end_of_month, retirement_date
from trithuc.lib.text import fold, given_name_sort_key
from trithuc.orgunits.models import AdministrativeUnit
from trithuc.orgunits.services import create_usual_agencies, match_agency
from trithuc.people.fields import remap_stale
from trithuc.people.models import Employment, Person, PersonChange, Qualification, TrainingYear
from trithuc.people.signals import registry_changed
from trithuc.people.template import DATA_FIELDS
from trithuc.people.writing import content_hash

V = TypeVar("V")
HISTORY_START = dt.date(2015, 1, 1)
MERGER_2025 = dt.date(2025, 3, 1)  # provincial departments merged (Decree 45/2025)
DEFAULT_PEOPLE = 20_000
DEFAULT_PROVINCE = "04"
SYNTHETIC_MARK = "Dữ liệu mô phỏng"

LEVEL_RANK = {
    "none": 0, "elementary": 1, "intermediate": 2, "college": 3, "bachelor": 4, "master": 5,
    "specialist_1": 6, "resident": 7, "specialist_2": 8, "doctor": 9, "doctor_of_science": 10,
}  # fmt: skip
# Decree 50/2022: public employees holding these may work up to 5 years longer.
EXTENSION_LEVELS = {"doctor", "specialist_2", "doctor_of_science"}

# ---- people: ethnic groups (2008 codes), names ------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _weights(text: str) -> tuple[tuple[str, float], ...]:
    """ "Nông 18, Hoàng 16" → (("Nông", 18.0), ("Hoàng", 16.0))."""
    pairs = (item.rsplit(" ", 1) for item in text.split(","))
    return tuple((name.strip(), float(weight)) for name, weight in pairs)


# Cao Bằng's mix (2019 census, rounded): Tày ~41 %, Nùng ~31 %, H'Mông ~10 %, Dao ~10 %,
# Kinh ~5 %, then Sán Chay, Lô Lô, Hoa and a few others (Thái, Mường, Giáy, Sán Dìu).
ETHNIC_WEIGHTS = _weights(
    "02 40.5, 07 31, 08 9.5, 09 9.5, 01 6, 13 1.6, 45 0.5, 06 0.5, 03 0.3, 04 0.2, 26 0.2, 17 0.2"
)
NAME_GROUP = {
    "02": "tay", "07": "nung", "08": "hmong", "09": "dao", "01": "kinh", "13": "sanchay",
    "45": "lolo", "06": "hoa",
}  # fmt: skip
FAMILY_NAMES = {
    "tay": _weights(
        "Nông 18, Hoàng 16, Lương 8, Bế 7, Đàm 6, Nguyễn 6, Lục 5, Hà 5, Mạc 4, Vi 4, Lý 4, "
        "Đinh 3, Lưu 3, Triệu 2, Chu 2, Sầm 2, Lã 2, Dương 2, Ma 2, Hứa 1, Ngôn 1, La 1"
    ),
    "nung": _weights(
        "Hoàng 15, Nông 14, Lương 8, Lý 7, Vi 5, Chu 4, Đàm 4, Lục 4, Nguyễn 4, Mạc 3, Hứa 3, "
        "Đinh 3, Triệu 3, Hà 3, Bế 3, Lăng 2, Dương 2, Linh 2, Lưu 2"
    ),
    "hmong": _weights(
        "Giàng 15, Vàng 15, Sùng 12, Lý 12, Thào 10, Hầu 8, Lầu 8, Mua 6, Ly 5, Vừ 5"
    ),
    "dao": _weights(
        "Triệu 25, Bàn 20, Lý 15, Đặng 12, Chu 6, Phùng 6, Hoàng 6, Dương 4, Chảo 4, La 2"
    ),
    "kinh": _weights(
        "Nguyễn 35, Trần 12, Lê 10, Phạm 8, Hoàng 5, Vũ 5, Đỗ 4, Bùi 4, Đặng 3, Ngô 3, "
        "Dương 3, Đinh 2, Hà 2"
    ),
    "sanchay": _weights("Hoàng 5, Lâm 4, Nịnh 3, Đàm 2, Lý 2, Ninh 2"),
    "lolo": _weights("Chi 4, Lý 3, Hoàng 3, Lò 2"),
    "hoa": _weights("Lưu 4, Chu 3, Hoàng 3, Lý 3, Trương 2, Lâm 2"),
    "other": _weights("Nguyễn 4, Hoàng 3, Hà 3, Lò 2, Đinh 2, Bùi 2"),
}
MIDDLE_NAMES = {
    "male": _weights(
        "Văn 45, Đức 8, Minh 6, Quang 5, Hữu 4, Thanh 4, Công 3, Đình 3, Ngọc 3, Xuân 3, "
        "Trung 2, Tiến 2, Mạnh 2, Hồng 2, Anh 2, Việt 2"
    ),
    "female": _weights(
        "Thị 55, Thu 5, Thanh 5, Ngọc 4, Hồng 4, Minh 3, Kim 3, Thúy 2, Phương 2, Hải 2, Bích 2"
    ),
}
GIVEN_NAMES = {
    "male": _words(
        "An Anh Bảo Bình Chiến Công Cường Duy Dũng Dương Đạt Định Đông Đức Giang Hải Hào Hiệp "
        "Hiếu Hòa Hoàng Hùng Hưng Huy Khánh Khoa Kiên Lâm Linh Long Lợi Mạnh Minh Nam Nghĩa "
        "Ngọc Phong Phú Phúc Quân Quang Quý Sơn Tài Tâm Thái Thành Thắng Thịnh Thuận Tiến "
        "Toàn Trung Trường Tú Tuấn Tùng Tuyên Việt Vinh Vũ"
    ),
    "female": _words(
        "Anh Ánh Bích Chi Diệp Dịu Dung Duyên Đào Giang Hà Hạnh Hằng Hậu Hiền Hoa Hòa Hồng Huế "
        "Hương Hường Huyền Lan Liên Liễu Linh Loan Lụa Ly Mai Mến My Nga Ngân Ngọc Nguyệt Nhàn "
        "Nhung Oanh Phương Quyên Quỳnh Sen Tâm Thảo Thoa Thơm Thu Thủy Thúy Trang Tuyết Uyên "
        "Vân Xuân Yến"
    ),
}
# Traditional names (middle names, given names), used for half of the H'Mông and Dao people.
TRADITIONAL = {
    ("hmong", "male"): (
        _words("A Seo Mí Chẩn"),
        _words("Páo Dình Chứ Sính Lử Pó Tủa Vần Chính Di"),
    ),
    ("hmong", "female"): (_words("Thị Thị Mí"), _words("Mỷ Dua Sua Pà Máy Chía Dính Mai")),
    ("dao", "male"): (_words("Văn Văn Quầy Tòn"), _words("Phin Sành Quẩy Kiềm Lìn Chàn Phấu Vảng")),
    ("dao", "female"): (("Thị",), _words("Mẩy Chòi Sinh Nải Mai Lìu Phây")),
}

# Old (63-province) birth-registration codes for people born outside the province.
BORN_ELSEWHERE = _words("006 020 002 019 001 025 022 008 010 030 036 038")
RELIGIONS = _weights("Không 93, Phật giáo 4, Công giáo 1.5, Tin lành 1.5")
PHONE_PREFIXES = _words(
    "086 096 097 098 032 033 034 035 036 037 038 039 091 094 088 081 082 083 084 085 090 093 "
    "089 070 076 077 078 079"
)
EXPERT_FIELDS = {
    "education": ("Quản lý giáo dục", "Giáo dục dân tộc", "Dạy học tích cực", "Giáo dục STEM"),
    "health": ("Y học cổ truyền", "Sản phụ khoa", "Hồi sức cấp cứu", "Y tế dự phòng", "Nhi khoa"),
    "state_management": ("Cải cách hành chính", "Chuyển đổi số", "Xây dựng Đảng", "Đất đai"),
    "agriculture": (
        "Lâm nghiệp bền vững",
        "Cây dược liệu",
        "Chăn nuôi gia súc",
        "Nông nghiệp hữu cơ",
    ),
    "culture_arts_sports": ("Văn hóa Tày - Nùng", "Hát Then, đàn Tính", "Bảo tồn di sản"),
    "tourism_services": ("Du lịch địa chất", "Du lịch cộng đồng"),
    "engineering_industry": ("Giao thông miền núi", "Năng lượng tái tạo", "Khai khoáng"),
    "other": ("Công tác xã hội", "Phản biện xã hội"),
}

# ---- workplaces ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Profession:
    title: str
    weight: float
    base: tuple[tuple[str, float], ...]  # level of the first degree → weight
    fields: tuple[str, ...]
    master: float = 0.1  # chance of a master's degree over a career
    doctor: float = 0.03  # chance of a doctorate after the master's
    upgrade: float = 0.0  # chance that a college/intermediate holder completes a bachelor
    medical: bool = False  # specialist level I / resident / level II path
    specialist: float = 0.0  # chance of specialist level I (medical only)
    master_fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class Workplace:
    sector: str
    scope: str  # "province" (unit = province code), "commune", "centre" (larger communes)
    employer: str  # {place}: "xã Hòa An"; {short}: "Hòa An"; {province}: "Cao Bằng"
    weight: float
    female: float
    professions: tuple[Profession, ...]
    leaders: str  # key of LEADER_TITLES
    types: tuple[tuple[str, float], ...] = (("public_employee", 0.88), ("contract_worker", 0.12))
    leader_rate: float = 0.12
    former: tuple[str, ...] = ()  # names before the 2025 mergers
    party: float = 0.0  # added to the chance of being a Party member


LEADER_TITLES: dict[str, tuple[tuple[str, float, str | None], ...]] = {
    # title, weight, employment type that comes with the post (None: unchanged)
    "school": (("Hiệu trưởng", 1, None), ("Phó Hiệu trưởng", 1.6, None)),
    "station": (("Trạm trưởng", 1, None), ("Phó Trạm trưởng", 0.8, None)),
    "hospital": (
        ("Giám đốc", 0.3, None), ("Phó Giám đốc", 0.8, None), ("Trưởng khoa", 4, None),
        ("Phó Trưởng khoa", 4, None), ("Trưởng phòng", 2, None), ("Phó Trưởng phòng", 2, None),
        ("Điều dưỡng trưởng", 2, None),
    ),
    "department": (
        ("Giám đốc", 0.3, None), ("Phó Giám đốc", 0.9, None), ("Chánh Văn phòng", 0.4, None),
        ("Trưởng phòng", 4, None), ("Phó Trưởng phòng", 6, None),
    ),
    "party": (
        ("Trưởng ban", 0.3, "cadre"), ("Phó Trưởng ban", 0.8, "cadre"), ("Trưởng phòng", 3, None),
        ("Phó Trưởng phòng", 4, None),
    ),
    "commune_gov": (
        ("Chủ tịch Ủy ban nhân dân", 1, "cadre"), ("Phó Chủ tịch Ủy ban nhân dân", 2, "cadre"),
        ("Trưởng phòng", 3, None), ("Phó Trưởng phòng", 3, None),
    ),
    "commune_party": (
        ("Bí thư Đảng ủy", 1, "cadre"), ("Phó Bí thư Đảng ủy", 1.5, "cadre"),
        ("Chánh Văn phòng Đảng ủy", 1, None), ("Trưởng ban Xây dựng Đảng", 1, None),
    ),
    "unit": (
        ("Giám đốc", 1, None), ("Phó Giám đốc", 2, None), ("Trưởng phòng", 4, None),
        ("Phó Trưởng phòng", 4, None),
    ),
    "front": (
        ("Chủ tịch", 0.5, "cadre"), ("Phó Chủ tịch", 1, "cadre"), ("Trưởng ban", 3, None),
        ("Phó Trưởng ban", 3, None),
    ),
    "enterprise": (
        ("Giám đốc", 1, None), ("Phó Giám đốc", 2, None), ("Trưởng phòng", 4, None),
        ("Kế toán trưởng", 1, None),
    ),
}  # fmt: skip

CIVIL = (("civil_servant", 0.88), ("contract_worker", 0.12))
ENTERPRISE = (("enterprise", 1.0),)
BACHELOR = (("bachelor", 1.0),)
NURSE_LEVELS = (("intermediate", 0.45), ("college", 0.35), ("bachelor", 0.2))
SUBJECTS = (
    "Sư phạm Toán học", "Sư phạm Ngữ văn", "Sư phạm Tiếng Anh", "Sư phạm Vật lý",
    "Sư phạm Hóa học", "Sư phạm Sinh học", "Sư phạm Lịch sử", "Sư phạm Địa lý",
    "Sư phạm Tin học", "Giáo dục thể chất", "Sư phạm Âm nhạc", "Sư phạm Mỹ thuật",
    "Giáo dục công dân", "Sư phạm Tiếng Trung Quốc",
)  # fmt: skip
PRIMARY = (
    "Giáo dục Tiểu học", "Giáo dục Tiểu học", "Giáo dục Tiểu học", "Sư phạm Tiếng Anh",
    "Giáo dục thể chất", "Sư phạm Âm nhạc", "Sư phạm Mỹ thuật", "Sư phạm Tin học",
)  # fmt: skip
EDU_MASTERS = ("Quản lý giáo dục", "Lý luận và phương pháp dạy học bộ môn", "Giáo dục học")
ADMIN_FIELDS = (
    "Luật", "Quản lý nhà nước", "Kinh tế", "Kế toán", "Hành chính học", "Quản lý đất đai",
    "Tài chính - Ngân hàng", "Công nghệ thông tin", "Công tác xã hội", "Quản trị nhân lực",
    "Xây dựng Đảng và chính quyền nhà nước",
)  # fmt: skip
ADMIN_MASTERS = (
    "Quản lý kinh tế", "Quản lý công", "Luật Hiến pháp và Luật Hành chính", "Chính trị học",
    "Quản lý đất đai", "Kế toán",
)  # fmt: skip
AGRI_FIELDS = (
    "Khoa học cây trồng", "Chăn nuôi", "Thú y", "Lâm sinh", "Quản lý tài nguyên rừng",
    "Khuyến nông", "Bảo vệ thực vật", "Kinh tế nông nghiệp", "Khoa học môi trường",
    "Quản lý đất đai",
)  # fmt: skip
SPECIALTIES = (
    "Nội khoa", "Ngoại khoa", "Sản phụ khoa", "Nhi khoa", "Y học cổ truyền", "Gây mê hồi sức",
    "Chẩn đoán hình ảnh", "Y tế công cộng", "Truyền nhiễm", "Hồi sức cấp cứu",
)  # fmt: skip

P = Profession
DOCTOR_STATION = P("Bác sĩ", 0.22, BACHELOR, ("Y đa khoa",), master=0.05, medical=True,
                   specialist=0.3, master_fields=("Y tế công cộng",))  # fmt: skip
DOCTOR_CENTRE = P("Bác sĩ", 0.35, BACHELOR, ("Y đa khoa", "Y học dự phòng", "Y học cổ truyền"),
                  master=0.08, medical=True, specialist=0.45,
                  master_fields=SPECIALTIES)  # fmt: skip
DOCTOR_HOSPITAL = P("Bác sĩ", 0.4, BACHELOR, ("Y đa khoa",), master=0.14, doctor=0.06,
                    medical=True, specialist=0.5, master_fields=SPECIALTIES)  # fmt: skip
DOCTOR_CDC = P("Bác sĩ", 0.5, BACHELOR, ("Y học dự phòng", "Y đa khoa"), master=0.3,
               medical=True, specialist=0.3,
               master_fields=("Y tế công cộng", "Dịch tễ học"))  # fmt: skip
NURSE = P("Điều dưỡng", 0.32, NURSE_LEVELS, ("Điều dưỡng",), master=0.01, upgrade=0.3)
MIDWIFE = P("Hộ sinh", 0.12, NURSE_LEVELS, ("Hộ sinh",), master=0.0, upgrade=0.25)
PHARMACIST = P("Dược sĩ", 0.12, (("intermediate", 0.55), ("college", 0.25), ("bachelor", 0.2)),
               ("Dược học",), master=0.03, upgrade=0.2)  # fmt: skip
TECHNICIAN = P("Kỹ thuật viên", 0.1, (("college", 0.5), ("bachelor", 0.5)),
               ("Kỹ thuật xét nghiệm y học", "Kỹ thuật hình ảnh y học"), master=0.02,
               upgrade=0.2)  # fmt: skip
ASSISTANT = P("Y sĩ", 0.3, (("intermediate", 1.0),), ("Y sĩ đa khoa",), upgrade=0.25)
PRESCHOOL_TEACHER = P("Giáo viên", 1,
                      (("college", 0.35), ("bachelor", 0.55), ("intermediate", 0.1)),
                      ("Giáo dục Mầm non",), master=0.02, upgrade=0.45)  # fmt: skip
PRIMARY_TEACHER = P("Giáo viên", 1, (("bachelor", 0.78), ("college", 0.2), ("intermediate", 0.02)),
                    PRIMARY, master=0.08, upgrade=0.6, master_fields=EDU_MASTERS)  # fmt: skip
LOWER_SECONDARY_TEACHER = P("Giáo viên", 1, (("bachelor", 0.88), ("college", 0.12)), SUBJECTS,
                            master=0.12, upgrade=0.6, master_fields=EDU_MASTERS)  # fmt: skip
UPPER_SECONDARY_TEACHER = P("Giáo viên", 1, BACHELOR, SUBJECTS, master=0.3, doctor=0.02,
                            master_fields=(*EDU_MASTERS, "Toán giải tích", "Văn học Việt Nam",
                                           "Lịch sử Việt Nam", "Hóa hữu cơ"))  # fmt: skip
LECTURER = P("Giảng viên", 1, BACHELOR, (*SUBJECTS[:6], "Điều dưỡng", "Kế toán", "Chăn nuôi"),
             master=0.65, doctor=0.08,
             master_fields=(*EDU_MASTERS, "Kế toán", "Chăn nuôi"))  # fmt: skip
AGRI_TECHNICIAN = P("Kỹ thuật viên", 1,
                    (("bachelor", 0.7), ("intermediate", 0.2), ("college", 0.1)),
                    AGRI_FIELDS, master=0.1, upgrade=0.3)  # fmt: skip


def _officer(
    fields: tuple[str, ...] = ADMIN_FIELDS, master: float = 0.3, masters: tuple[str, ...] = ()
) -> Profession:
    if not masters:
        masters = ADMIN_MASTERS if fields is ADMIN_FIELDS else fields
    return P("Chuyên viên", 1, (("bachelor", 0.95), ("college", 0.05)), fields, master=master,
             doctor=0.03, upgrade=0.5, master_fields=masters)  # fmt: skip


def _staff(
    title: str, fields: tuple[str, ...], master: float = 0.15, college: float = 0.0
) -> Profession:
    base = (("bachelor", 1 - college), ("college", college)) if college else BACHELOR
    return P(title, 1, base, fields, master=master, upgrade=0.4)


def _dept(
    name: str,
    weight: float,
    sector: str = "state_management",
    *,
    fields: tuple[str, ...] = ADMIN_FIELDS,
    former: tuple[str, ...] = (),
    leaders: str = "department",
    types: tuple[tuple[str, float], ...] = CIVIL,
    master: float = 0.3,
) -> Workplace:
    """A provincial department or Party body (province-level, mostly civil servants)."""
    return Workplace(
        sector, "province", name, weight, 0.45, (_officer(fields, master),),
        leaders, types, leader_rate=0.22, former=former, party=0.25,
    )  # fmt: skip


W = Workplace
PROV = "{province}"  # the province's short name, e.g. "Cao Bằng"
WORKPLACES: tuple[Workplace, ...] = (
    # Education and training (the largest sector).
    W("education", "commune", "Trường Mầm non {place}", 20, 0.96, (PRESCHOOL_TEACHER,),
      "school", leader_rate=0.1),
    W("education", "commune", "Trường Tiểu học {place}", 31, 0.56, (PRIMARY_TEACHER,),
      "school", leader_rate=0.1),
    W("education", "commune", "Trường Trung học cơ sở {place}", 24, 0.46,
      (LOWER_SECONDARY_TEACHER,), "school", leader_rate=0.1),
    W("education", "centre", "Trường Trung học phổ thông {short}", 12, 0.46,
      (UPPER_SECONDARY_TEACHER,), "school", leader_rate=0.09),
    W("education", "centre", "Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên {short}",
      3, 0.5, (LOWER_SECONDARY_TEACHER,), "unit"),
    W("education", "province", f"Trường Cao đẳng {PROV}", 2.5, 0.52, (LECTURER,), "unit",
      leader_rate=0.15),
    W("education", "province", f"Trường Phổ thông Dân tộc nội trú tỉnh {PROV}", 1.2, 0.5,
      (UPPER_SECONDARY_TEACHER,), "school", leader_rate=0.08),
    _dept(f"Sở Giáo dục và Đào tạo tỉnh {PROV}", 2, "education",
          fields=(*SUBJECTS[:4], "Quản lý giáo dục"), master=0.5),
    # Health.
    W("health", "commune", "Trạm Y tế {place}", 40, 0.62,
      (DOCTOR_STATION, ASSISTANT, NURSE, MIDWIFE, PHARMACIST), "station",
      (("public_employee", 0.85), ("contract_worker", 0.15)), leader_rate=0.14),
    W("health", "centre", "Trung tâm Y tế khu vực {short}", 30, 0.6,
      (DOCTOR_CENTRE, NURSE, MIDWIFE, PHARMACIST, TECHNICIAN), "hospital", leader_rate=0.14),
    W("health", "province", f"Bệnh viện Đa khoa tỉnh {PROV}", 22, 0.58,
      (DOCTOR_HOSPITAL, NURSE, PHARMACIST, TECHNICIAN), "hospital", leader_rate=0.13),
    W("health", "province", f"Trung tâm Kiểm soát bệnh tật tỉnh {PROV}", 4, 0.55,
      (DOCTOR_CDC, TECHNICIAN, NURSE), "unit", leader_rate=0.14),
    _dept(f"Sở Y tế tỉnh {PROV}", 2, "health",
          fields=("Y đa khoa", "Dược học", "Y tế công cộng", "Luật", "Kế toán"), master=0.45),
    # State management: communes, departments, Party bodies.
    W("state_management", "commune", "Ủy ban nhân dân {place}", 48, 0.42, (_officer(),),
      "commune_gov", (("civil_servant", 0.82), ("contract_worker", 0.1), ("cadre", 0.08)),
      leader_rate=0.18, party=0.2),
    W("state_management", "commune", "Đảng ủy {place}", 12, 0.4, (_officer(),),
      "commune_party", (("cadre", 0.55), ("civil_servant", 0.45)), leader_rate=0.25, party=1.0),
    _dept(f"Văn phòng Ủy ban nhân dân tỉnh {PROV}", 6),
    _dept(f"Sở Nội vụ tỉnh {PROV}", 5,
          former=(f"Sở Nội vụ tỉnh {PROV}", f"Sở Lao động - Thương binh và Xã hội tỉnh {PROV}")),
    _dept(f"Sở Tài chính tỉnh {PROV}", 6,
          former=(f"Sở Tài chính tỉnh {PROV}", f"Sở Kế hoạch và Đầu tư tỉnh {PROV}")),
    _dept(f"Sở Tư pháp tỉnh {PROV}", 3),
    _dept(f"Thanh tra tỉnh {PROV}", 3),
    _dept(f"Sở Dân tộc và Tôn giáo tỉnh {PROV}", 2, former=(f"Ban Dân tộc tỉnh {PROV}",)),
    _dept(f"Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh {PROV}", 2),
    _dept(f"Ban Tổ chức Tỉnh ủy {PROV}", 3, leaders="party"),
    _dept(f"Văn phòng Tỉnh ủy {PROV}", 3, leaders="party"),
    _dept(f"Ủy ban Kiểm tra Tỉnh ủy {PROV}", 2, leaders="party"),
    _dept(f"Ban Tuyên giáo và Dân vận Tỉnh ủy {PROV}", 2, leaders="party",
          former=(f"Ban Tuyên giáo Tỉnh ủy {PROV}", f"Ban Dân vận Tỉnh ủy {PROV}")),
    _dept(f"Trường Chính trị tỉnh {PROV}", 2, leaders="unit", master=0.6,
          types=(("public_employee", 0.9), ("contract_worker", 0.1)),
          fields=("Xây dựng Đảng và chính quyền nhà nước", "Chính trị học", "Triết học", "Luật")),
    # Agriculture.
    _dept(f"Sở Nông nghiệp và Môi trường tỉnh {PROV}", 10, "agriculture", fields=AGRI_FIELDS,
          former=(f"Sở Nông nghiệp và Phát triển nông thôn tỉnh {PROV}",
                  f"Sở Nông nghiệp và Phát triển nông thôn tỉnh {PROV}",
                  f"Sở Tài nguyên và Môi trường tỉnh {PROV}")),
    W("agriculture", "province", f"Chi cục Kiểm lâm tỉnh {PROV}", 6, 0.2,
      (_officer(("Lâm sinh", "Quản lý tài nguyên rừng", "Luật"), 0.15),), "unit", CIVIL,
      leader_rate=0.15),
    W("agriculture", "centre", "Trung tâm Dịch vụ nông nghiệp {short}", 14, 0.4,
      (AGRI_TECHNICIAN,), "unit"),
    W("agriculture", "commune", "Hợp tác xã nông nghiệp {short}", 3, 0.4,
      (P("Cán bộ kỹ thuật", 1, (("bachelor", 0.6), ("intermediate", 0.4)), AGRI_FIELDS,
         master=0.02),), "enterprise", ENTERPRISE, leader_rate=0.15),
    # Culture, arts and sports.
    _dept(f"Sở Văn hóa, Thể thao và Du lịch tỉnh {PROV}", 3, "culture_arts_sports",
          fields=("Quản lý văn hóa", "Văn hóa học", "Du lịch", "Luật")),
    W("culture_arts_sports", "province", f"Bảo tàng tỉnh {PROV}", 1.5, 0.55,
      (_staff("Viên chức", ("Bảo tàng học", "Lịch sử", "Văn hóa học"), 0.2),), "unit",
      leader_rate=0.15),
    W("culture_arts_sports", "province", f"Thư viện tỉnh {PROV}", 1, 0.7,
      (_staff("Thư viện viên", ("Thư viện - Thông tin",), 0.1, college=0.2),), "unit",
      leader_rate=0.15),
    W("culture_arts_sports", "province",
      f"Trung tâm Huấn luyện và Thi đấu thể dục thể thao tỉnh {PROV}", 1.5, 0.35,
      (_staff("Huấn luyện viên", ("Huấn luyện thể thao", "Giáo dục thể chất"), 0.1, 0.2),),
      "unit"),
    W("culture_arts_sports", "province", f"Báo và Phát thanh, Truyền hình {PROV}", 2.5, 0.5,
      (_staff("Phóng viên", ("Báo chí", "Ngữ văn", "Quay phim truyền hình")),), "unit",
      former=(f"Báo {PROV}", f"Đài Phát thanh - Truyền hình {PROV}")),
    # Tourism and services.
    W("tourism_services", "province", f"Ban Quản lý Công viên địa chất Non nước {PROV}", 1.5, 0.5,
      (_staff("Viên chức", ("Địa chất học", "Quản trị dịch vụ du lịch và lữ hành",
                            "Ngôn ngữ Anh"), 0.2),), "unit", leader_rate=0.15),
    W("tourism_services", "province", f"Trung tâm Thông tin và Xúc tiến du lịch tỉnh {PROV}", 1,
      0.55, (_staff("Viên chức", ("Quản trị dịch vụ du lịch và lữ hành", "Marketing")),), "unit",
      leader_rate=0.15),
    W("tourism_services", "centre", "Hợp tác xã du lịch cộng đồng {short}", 1.5, 0.55,
      (_staff("Hướng dẫn viên", ("Quản trị dịch vụ du lịch và lữ hành", "Quản trị khách sạn"),
              0.02, college=0.4),), "enterprise", (("enterprise", 0.6), ("self_employed", 0.4)),
      leader_rate=0.1),
    W("tourism_services", "province",
      f"Chi nhánh Ngân hàng Nông nghiệp và Phát triển nông thôn tỉnh {PROV}", 2, 0.55,
      (_staff("Nhân viên", ("Tài chính - Ngân hàng", "Kế toán", "Kinh tế"), 0.2),),
      "enterprise", ENTERPRISE),
    # Engineering and industry.
    _dept(f"Sở Xây dựng tỉnh {PROV}", 3, "engineering_industry",
          fields=("Kỹ thuật xây dựng", "Kỹ thuật xây dựng công trình giao thông", "Kiến trúc"),
          former=(f"Sở Xây dựng tỉnh {PROV}", f"Sở Giao thông vận tải tỉnh {PROV}")),
    _dept(f"Sở Công Thương tỉnh {PROV}", 2, "engineering_industry",
          fields=("Kinh tế", "Kỹ thuật điện", "Kỹ thuật mỏ", "Luật")),
    _dept(f"Sở Khoa học và Công nghệ tỉnh {PROV}", 2.5, "engineering_industry", master=0.4,
          fields=("Công nghệ thông tin", "Công nghệ sinh học", "Kỹ thuật điện tử - viễn thông"),
          former=(f"Sở Khoa học và Công nghệ tỉnh {PROV}",
                  f"Sở Thông tin và Truyền thông tỉnh {PROV}")),
    W("engineering_industry", "province", f"Công ty Điện lực {PROV}", 3.5, 0.2,
      (_staff("Kỹ sư", ("Kỹ thuật điện", "Hệ thống điện"), 0.12, college=0.2),), "enterprise",
      ENTERPRISE),
    W("engineering_industry", "province", f"Ban Quản lý dự án đầu tư xây dựng tỉnh {PROV}", 2, 0.25,
      (_staff("Kỹ sư", ("Kỹ thuật xây dựng", "Kỹ thuật xây dựng công trình giao thông",
                        "Kinh tế xây dựng"), 0.2),), "unit", leader_rate=0.15),
    # Other: the Front, socio-political organisations, associations.
    W("other", "province", f"Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh {PROV}", 3, 0.5, (_officer(),),
      "front", (("civil_servant", 0.7), ("cadre", 0.3)), leader_rate=0.2, party=0.4),
    W("other", "commune", "Ủy ban Mặt trận Tổ quốc Việt Nam {place}", 6, 0.5,
      (_officer(master=0.05),), "front", (("cadre", 0.7), ("civil_servant", 0.3)),
      leader_rate=0.25, party=0.4),
    W("other", "province", f"Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh {PROV}", 0.8, 0.45,
      (_officer((*AGRI_FIELDS[:3], "Công nghệ thông tin", "Kinh tế")),), "front",
      (("civil_servant", 0.6), ("public_employee", 0.4)), leader_rate=0.2),
    W("other", "province", f"Liên hiệp các Hội Văn học nghệ thuật tỉnh {PROV}", 0.5, 0.5,
      (_staff("Hội viên", ("Văn học", "Âm nhạc", "Hội họa", "Nhiếp ảnh"), 0.1),), "front",
      (("civil_servant", 0.6), ("self_employed", 0.4)), leader_rate=0.15),
)  # fmt: skip

SECTOR_WEIGHTS = {
    "education": 45.0, "health": 17.0, "state_management": 19.0, "agriculture": 7.0,
    "culture_arts_sports": 3.0, "tourism_services": 2.0, "engineering_industry": 3.5,
    "other": 3.5,
}  # fmt: skip
# Age today → weight, before the checks that drop people retired before 2015.
# Fewer recent hires than a generation ago (staff cuts under Resolution 39-NQ/TW, 2015).
AGE_WEIGHTS = tuple(
    (age, 0.2 if age == 22 else 0.4 if age == 23 else 0.55 if age < 26 else
     0.75 if age < 30 else 1.05 if age < 45 else 1.0 if age < 55 else 0.7)
    for age in range(22, 73)
)  # fmt: skip


# ---- the generated records ----------------------------------------------------------------


@dataclass(frozen=True)
class Commune:
    code: str
    name: str  # short name: "Hòa An"
    kind: str = "xã"  # "xã", "phường", "đặc khu"

    @property
    def place(self) -> str:
        return f"{self.kind} {self.name}"


@dataclass
class Job:
    employer: str
    workplace_unit: str
    sector: str
    employment_type: str
    position: str
    is_leader: bool
    valid_from: dt.date
    valid_to: dt.date | None = None


@dataclass
class Degree:
    level: str
    field: str
    awarded_on: dt.date

    @property
    def year(self) -> int:
        return self.awarded_on.year


@dataclass
class Change:
    day: dt.date
    field: str
    old: str
    new: str


@dataclass
class SyntheticPerson:
    values: dict[str, object]  # template values with stable codes (what an import produces)
    uuid: uuid.UUID
    jobs: list[Job] = field(default_factory=list)
    degrees: list[Degree] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    retires_on: dt.date | None = None  # last working day, extension included
    extended: bool = False  # kept on past the statutory date (Decree 50/2022)


# ---- generation ---------------------------------------------------------------------------


def _pick(rng: random.Random, weighted: Sequence[tuple[V, float]]) -> V:
    total = sum(weight for _, weight in weighted)
    point = rng.random() * total
    for value, weight in weighted:
        point -= weight
        if point < 0:
            return value
    return weighted[-1][0]


class _Picker(Generic[V]):
    """Weighted choice with precomputed cumulative weights (fast for big tables)."""

    def __init__(self, weighted: Iterable[tuple[V, float]]) -> None:
        items = list(weighted)
        self.values = [value for value, _ in items]
        self.cumulative: list[float] = []
        total = 0.0
        for _, weight in items:
            total += weight
            self.cumulative.append(total)

    def __call__(self, rng: random.Random) -> V:
        return rng.choices(self.values, cum_weights=self.cumulative)[0]


def _date_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    if end <= start:
        return start
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def _years_after(day: dt.date, years: float, rng: random.Random | None = None) -> dt.date:
    months = round(years * 12)
    moved = add_months(day, months)
    return moved if rng is None else moved.replace(day=rng.randint(1, 28))


def _flag(rng: random.Random, chance: float) -> bool:
    return rng.random() < chance


class Generator:
    def __init__(
        self,
        seed: int,
        communes: Sequence[Commune],
        *,
        today: dt.date,
        province_code: str = DEFAULT_PROVINCE,
        province_name: str = "Cao Bằng",
        taken_ids: Iterable[str] = (),
    ) -> None:
        if not communes:
            raise ValueError("a synthetic province needs at least one commune")
        self.rng = random.Random(seed)
        self.today = today
        self.province_code = province_code
        self.province_name = province_name
        self.birth_prefix = province_code.zfill(3)
        self.taken = set(taken_ids)
        self.communes = sorted(communes, key=lambda c: c.code)
        rng = self.rng
        # Towns (phường) are bigger; district seats before 2025 host the larger schools and
        # health centres ("centre" workplaces).
        weights = [
            (c, (3.0 if c.kind == "phường" else 1.0) * rng.uniform(0.6, 1.6)) for c in self.communes
        ]
        self.commune_picker = _Picker(weights)
        towns = [c for c in self.communes if c.kind != "xã"]
        villages = [c for c in self.communes if c.kind == "xã"]
        centres = towns + rng.sample(villages, min(len(villages), max(1, len(self.communes) // 4)))
        self.centres = sorted(centres, key=lambda c: c.code)
        self.centre_picker = _Picker((c, 2.0 if c.kind != "xã" else 1.0) for c in self.centres)
        self.sector_picker = _Picker(SECTOR_WEIGHTS.items())
        self.workplaces: dict[str, _Picker[Workplace]] = {
            sector: _Picker((w, w.weight) for w in WORKPLACES if w.sector == sector)
            for sector in SECTOR_WEIGHTS
        }
        self.age_picker = _Picker(AGE_WEIGHTS)
        self.ethnic_picker = _Picker(ETHNIC_WEIGHTS)
        self.family = {group: _Picker(names) for group, names in FAMILY_NAMES.items()}
        self.middle = {gender: _Picker(names) for gender, names in MIDDLE_NAMES.items()}
        self.religion_picker = _Picker(RELIGIONS)

    # -- one person ---------------------------------------------------------------------

    def people(self, count: int) -> list[SyntheticPerson]:
        return [self.person() for _ in range(count)]

    def person(self) -> SyntheticPerson:
        while True:
            made = self._attempt()
            if made is not None:
                return made

    def _attempt(self) -> SyntheticPerson | None:
        rng = self.rng
        today = self.today
        sector = str(self.sector_picker(rng))
        workplace = self.workplaces[sector](rng)
        gender = "female" if _flag(rng, workplace.female) else "male"
        age = self.age_picker(rng)
        birth = _date_between(
            rng, _years_after(today, -(age + 1)) + dt.timedelta(days=1), _years_after(today, -age)
        )
        profession = _pick(rng, [(p, p.weight) for p in workplace.professions])
        degrees, training = self._degrees(profession, birth)
        base = degrees[0]
        hire = _date_between(
            rng, base.awarded_on + dt.timedelta(days=30), _years_after(base.awarded_on, 2)
        )
        if _flag(rng, 0.1):  # worked elsewhere first, or joined the province later
            hire = _years_after(hire, rng.uniform(2, 10), rng)
        if hire > today:
            return None
        retires = retirement_date(birth, gender)
        if retires < HISTORY_START:
            return None  # retired before the registry's history starts
        degrees = [d for d in degrees if d.awarded_on <= retires]
        if not degrees:
            return None
        if (
            any(d.level in EXTENSION_LEVELS for d in degrees)
            and workplace.types[0][0] == "public_employee"
            and _flag(rng, 0.4)
        ):
            # Decree 50/2022: a doctor or specialist level II kept on for 1–5 more years.
            extension = 12 * rng.randint(1, MAX_EXTENSION_MONTHS // 12)
            retires = end_of_month(*_ym(add_months(retires.replace(day=1), extension)))
            extended = True
        else:
            extended = False
        if hire >= retires:
            return None
        person = SyntheticPerson(values={}, uuid=uuid.UUID(int=rng.getrandbits(128), version=4))
        person.degrees = degrees
        self._career(person, workplace, profession, hire, retires, extended)
        self._values(person, workplace, gender, birth, training)
        return person

    def _degrees(
        self, profession: Profession, birth: dt.date
    ) -> tuple[list[Degree], tuple[str, int] | None]:
        """Degrees in award order (future ones dropped), and a degree in progress."""
        rng = self.rng
        level = str(_pick(rng, profession.base))
        graduation_age = {"intermediate": 19, "college": 20, "bachelor": 22}[level]
        if profession.medical:
            graduation_age = 24
        year = birth.year + graduation_age + (rng.random() < 0.4) + (rng.random() < 0.15)
        first_field = rng.choice(profession.fields)
        planned = [Degree(level, first_field, _award_day(rng, year))]
        if level != "bachelor" and _flag(rng, profession.upgrade):
            # In-service bachelor's degree; most since the 2019 Education Law raised the
            # standard for teachers.
            start = year + 3
            finish = (
                max(start, rng.randint(2016, 2027))
                if _flag(rng, 0.7)
                else start + rng.randint(0, 12)
            )
            planned.append(Degree("bachelor", first_field, _award_day(rng, finish)))
        bachelor = next((d for d in planned if d.level == "bachelor"), None)
        if bachelor is not None:
            after = bachelor.year
            masters = profession.master_fields or profession.fields
            if profession.medical and _flag(rng, 0.05):
                planned.append(
                    Degree("resident", rng.choice(SPECIALTIES), _award_day(rng, after + 3))
                )
            elif profession.medical and _flag(rng, profession.specialist):
                specialty = rng.choice(SPECIALTIES)
                first = after + rng.randint(3, 14)
                planned.append(Degree("specialist_1", specialty, _award_day(rng, first)))
                if _flag(rng, 0.2):
                    planned.append(
                        Degree(
                            "specialist_2", specialty, _award_day(rng, first + rng.randint(4, 10))
                        )
                    )
            elif _flag(rng, profession.master):
                first = after + 2 + int(rng.triangular(0, 22, 6))
                planned.append(Degree("master", rng.choice(masters), _award_day(rng, first)))
                if _flag(rng, profession.doctor):
                    planned.append(
                        Degree(
                            "doctor",
                            rng.choice(masters),
                            _award_day(rng, first + rng.randint(4, 9)),
                        )
                    )
        planned.sort(key=lambda d: d.awarded_on)
        done = [d for d in planned if d.awarded_on <= self.today]
        pending = [d for d in planned if d.awarded_on > self.today]
        training = None
        if (
            pending
            and pending[0].level in {"master", "doctor", "specialist_1", "specialist_2"}
            and pending[0].year <= self.today.year + 4
        ):
            training = (pending[0].level, max(pending[0].year, self.today.year))
        if not done:
            done = planned[:1]  # the first degree is always held (it is before the hire)
        return done, training

    def _place(self, workplace: Workplace, commune: Commune | None) -> tuple[str, str]:
        """(employer, workplace unit) of a workplace in a commune (or the province)."""
        words = {"province": self.province_name}
        if commune is None:
            return workplace.employer.format(place="", short="", **words), self.province_code
        employer = workplace.employer.format(place=commune.place, short=commune.name, **words)
        return employer, commune.code

    def _commune(self, workplace: Workplace, avoid: str | None = None) -> Commune | None:
        if workplace.scope == "province":
            return None
        picker = self.centre_picker if workplace.scope == "centre" else self.commune_picker
        for _ in range(8):
            commune = picker(self.rng)
            if commune.code != avoid:
                return commune
        return commune

    def _career(
        self,
        person: SyntheticPerson,
        workplace: Workplace,
        profession: Profession,
        hire: dt.date,
        retires: dt.date,
        extended: bool,
    ) -> None:
        rng = self.rng
        today = self.today
        commune = self._commune(workplace)
        employer, unit = self._place(workplace, commune)
        employment_type = str(_pick(rng, workplace.types))
        position = profession.title
        # Events: (day, what, data). Applied in date order; those after today or after
        # retirement never happened.
        events: list[tuple[dt.date, str, object]] = []
        if employment_type == "contract_worker" and _flag(rng, 0.85):
            # Most contract staff pass a recruitment exam within a few years.
            permanent = next(t for t, _ in workplace.types if t != "contract_worker")
            events.append((_years_after(hire, rng.uniform(1, 6), rng), "type", permanent))
        if workplace.scope != "province":
            for chance in (0.18, 0.05):
                if _flag(rng, chance):
                    day = _years_after(hire, rng.uniform(2, 25), rng)
                    events.append((day, "move", None))
        if _flag(rng, workplace.leader_rate * 1.1):
            titles = LEADER_TITLES[workplace.leaders]
            title, _, post_type = _pick(rng, [(t, t[1]) for t in titles])
            day = _years_after(hire, rng.uniform(3, 20), rng)
            events.append((day, "lead", (title, post_type)))
        former_names = [name.format(province=self.province_name) for name in workplace.former]
        former = rng.choice(former_names) if former_names else None
        if former and former != employer and hire < MERGER_2025:
            events.append((MERGER_2025, "merger", employer))
            employer = former
        last_day = min(retires, today)
        if retires < today:
            events.append((retires + dt.timedelta(days=1), "retire", None))
        events.sort(key=lambda e: (e[0], e[1] != "retire"))
        job = Job(employer, unit, workplace.sector, employment_type, position, False, hire)
        jobs = [job]
        for day, what, data in events:
            if day <= hire or day > today or (what != "retire" and day > last_day):
                continue
            if jobs[-1].employment_type == "retired":
                break
            new = Job(**{**job.__dict__, "valid_from": day, "valid_to": None})
            if what == "type":
                new.employment_type = str(data)
            elif what == "move":
                commune = self._commune(workplace, avoid=new.workplace_unit)
                new.employer, new.workplace_unit = self._place(workplace, commune)
            elif what == "lead":
                title, post_type = data  # type: ignore[misc]
                new.position = title
                new.is_leader = True
                if post_type:
                    new.employment_type = post_type
                elif new.employment_type == "contract_worker":
                    new.employment_type = next(
                        t for t, _ in workplace.types if t != "contract_worker"
                    )
            elif what == "merger":
                new.employer = str(data)
            elif what == "retire":
                new.employment_type = "retired"
                new.position = ""
                new.is_leader = False
            if (new.employer, new.workplace_unit, new.employment_type, new.position,
                    new.is_leader) == (job.employer, job.workplace_unit, job.employment_type,
                                       job.position, job.is_leader):  # fmt: skip
                continue
            job.valid_to = day
            self._record_job_change(person, job, new)
            jobs.append(new)
            job = new
        person.jobs = jobs
        person.retires_on = retires
        person.extended = extended

    def _record_job_change(self, person: SyntheticPerson, old: Job, new: Job) -> None:
        if new.valid_from < HISTORY_START:
            return
        for name in ("employer", "workplace_unit", "employment_type", "position", "is_leader"):
            before, after = getattr(old, name), getattr(new, name)
            if before != after:
                person.changes.append(
                    Change(new.valid_from, name, _canonical(before), _canonical(after))
                )

    def _values(
        self,
        person: SyntheticPerson,
        workplace: Workplace,
        gender: str,
        birth: dt.date,
        training: tuple[str, int] | None,
    ) -> None:
        rng = self.rng
        job = person.jobs[-1]
        degrees = person.degrees
        highest = max(degrees, key=lambda d: (LEVEL_RANK[d.level], d.awarded_on))
        for previous, degree in zip(degrees, degrees[1:], strict=False):
            if (
                degree.awarded_on >= HISTORY_START
                and LEVEL_RANK[degree.level] > LEVEL_RANK[previous.level]
            ):
                person.changes.append(
                    Change(degree.awarded_on, "education_level", previous.level, degree.level)
                )
                person.changes.append(
                    Change(
                        degree.awarded_on, "education_year", str(previous.year), str(degree.year)
                    )
                )
                if degree.field != previous.field:
                    person.changes.append(
                        Change(degree.awarded_on, "training_field", previous.field, degree.field)
                    )
        ethnicity = str(self.ethnic_picker(rng))
        name = self._name(ethnicity, gender)
        retired = job.employment_type == "retired"
        active_public = job.employment_type in {"cadre", "civil_servant", "public_employee"}
        rank = LEVEL_RANK[highest.level]
        leader_ever = any(j.is_leader for j in person.jobs)
        party_chance = {
            "cadre": 0.95, "civil_servant": 0.6, "public_employee": 0.35, "contract_worker": 0.12,
            "enterprise": 0.2, "self_employed": 0.05, "retired": 0.5,
        }[job.employment_type] + workplace.party  # fmt: skip
        party = leader_ever or _flag(rng, party_chance)
        theory = ""
        if leader_ever:
            theory = str(
                _pick(rng, (("advanced", 0.45), ("intermediate", 0.5), ("bachelor", 0.05)))
            )
        elif party:
            theory = str(_pick(rng, (("elementary", 0.55), ("intermediate", 0.4), ("", 0.05))))
        age_today = _age(birth, self.today)
        expert_chance = (
            0.25
            if rank >= LEVEL_RANK["specialist_2"]
            else 0.08
            if rank >= LEVEL_RANK["master"]
            else 0.018
        )
        expert = ""
        if age_today >= 30 and _flag(rng, expert_chance):
            expert = rng.choice(EXPERT_FIELDS[workplace.sector])
        in_training, until = ("", None)
        if training and not retired and LEVEL_RANK[training[0]] > rank:
            in_training, until = training
        title = ""
        if highest.level in {"doctor", "doctor_of_science"} and age_today >= 40 and _flag(rng, 0.1):
            title = "associate_professor"
        continuing = (
            0.8
            if workplace.sector == "health"
            else 0.6
            if workplace.sector == "education"
            else 0.25
        )
        phone = ""
        if _flag(rng, 0.55):
            phone = rng.choice(PHONE_PREFIXES) + f"{rng.randrange(10**7):07d}"
        email = ""
        if _flag(rng, 0.35):
            local = fold(name).replace(" ", "")
            email = f"{local}{birth.year % 100:02d}@example.com"
        person.values = {
            "national_id": self._national_id(ethnicity, gender, birth),
            "full_name": name,
            "birth_date": birth,
            "gender": gender,
            "ethnicity": ethnicity,
            "religion": str(self.religion_picker(rng)),
            "workplace_unit": job.workplace_unit,
            "employer": job.employer,
            "employment_type": job.employment_type,
            "sector": job.sector,
            "position": job.position,
            "is_leader": job.is_leader,
            "education_level": highest.level,
            "education_year": highest.year,
            "training_field": highest.field,
            "academic_title": title,
            "political_theory_level": theory,
            "party_member": party,
            "upskilled_to_standard": (active_public or retired) and _flag(rng, 0.7),
            "continuing_education": not retired and _flag(rng, continuing),
            "in_training": in_training,
            "in_training_until": until,
            "expert_field": expert,
            "phone": phone,
            "email": email,
            "birth_year_only": False,
            "province_code": self.province_code,
        }

    def _name(self, ethnicity: str, gender: str) -> str:
        rng = self.rng
        group = NAME_GROUP.get(ethnicity, "other")
        family = str(self.family[group](rng))
        traditional = TRADITIONAL.get((group, gender))
        if traditional and _flag(rng, 0.5):
            middles, givens = traditional
            return f"{family} {rng.choice(middles)} {rng.choice(givens)}"
        middle = str(self.middle[gender](rng))
        given = rng.choice(GIVEN_NAMES[gender])
        if given == middle:
            given = rng.choice(GIVEN_NAMES[gender])
        if _flag(rng, 0.04):  # a few four-word names
            return f"{family} {middle} {rng.choice(GIVEN_NAMES[gender])} {given}"
        return f"{family} {middle} {given}"

    def _national_id(self, ethnicity: str, gender: str, birth: dt.date) -> str:
        """AAA B CC NNNNNN: birth-registration province, gender and century, year, serial."""
        rng = self.rng
        elsewhere = 0.35 if ethnicity == "01" else 0.06
        prefix = rng.choice(BORN_ELSEWHERE) if _flag(rng, elsewhere) else self.birth_prefix
        century = (birth.year // 100) - 19
        digit = 2 * century + (1 if gender == "female" else 0)
        head = f"{prefix}{digit}{birth.year % 100:02d}"
        while True:
            number = f"{head}{rng.randrange(10**6):06d}"
            if number not in self.taken:
                self.taken.add(number)
                return number


def _ym(day: dt.date) -> tuple[int, int]:
    return day.year, day.month


def _award_day(rng: random.Random, year: int) -> dt.date:
    # Most degrees are conferred in the summer or at the end of the year.
    month = _pick(rng, ((6, 3.0), (7, 3.0), (8, 1.5), (12, 1.5), (10, 1.0)))
    return dt.date(year, month, rng.randint(1, 28))


def _age(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _canonical(value: object) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return "" if value is None else str(value)


def generate(
    seed: int,
    count: int,
    communes: Sequence[Commune],
    *,
    today: dt.date,
    province_code: str = DEFAULT_PROVINCE,
    province_name: str = "Cao Bằng",
    taken_ids: Iterable[str] = (),
) -> list[SyntheticPerson]:
    """`count` synthetic people; the same arguments always give the same people."""
    generator = Generator(
        seed, communes, today=today, province_code=province_code,
        province_name=province_name, taken_ids=taken_ids,
    )  # fmt: skip
    return generator.people(count)


# ---- writing ------------------------------------------------------------------------------


@dataclass
class WriteCounts:
    people: int = 0
    employments: int = 0
    qualifications: int = 0
    changes: int = 0


def write_people(
    people: Sequence[SyntheticPerson], *, province_code: str, agency_of: dict[str, int | None]
) -> WriteCounts:
    """Insert the people and their history with bulk inserts (inside the caller's
    transaction). `agency_of` maps an employer name to its agency id."""

    now = timezone.now()
    text = {
        f.name for f in Person._meta.concrete_fields if isinstance(f, models.CharField)
    }  # EmailField is a CharField: text columns are NOT NULL, blank is ""
    columns = (
        "uuid", *DATA_FIELDS, "name_folded", "name_sort", "birth_year_only", "province_code",
        "agency", "content_hash", "is_synthetic", "created_at", "updated_at",
        "has_period", "period_from", "period_to",
    )  # fmt: skip
    rows = []
    for person in people:
        values = person.values
        name = str(values["full_name"])
        row = [person.uuid]
        row += [_stored(values.get(name_), name_ in text) for name_ in DATA_FIELDS]
        row += [
            fold(name), given_name_sort_key(name), False, province_code,
            agency_of.get(str(values["employer"])), content_hash(values), True, now, now,
            # The latest period (people.periods): the last of the jobs, in date order.
            True, person.jobs[-1].valid_from, person.jobs[-1].valid_to,
        ]  # fmt: skip
        rows.append(row)
    counts = WriteCounts()
    counts.people = bulk_insert(Person, columns, rows)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT national_id, id FROM people_person WHERE is_synthetic = %s "
            "AND province_code = %s",
            [True, province_code],
        )
        ids = dict(cursor.fetchall())
    counts.employments = bulk_insert(
        Employment,
        ("person", "employer", "agency", "workplace_unit", "province_code", "sector",
         "employment_type", "position", "is_leader", "valid_from", "valid_to"),
        (
            [ids[p.values["national_id"]], job.employer, agency_of.get(job.employer),
             job.workplace_unit, province_code, job.sector, job.employment_type, job.position,
             job.is_leader, job.valid_from, job.valid_to]
            for p in people
            for job in p.jobs
        ),
    )  # fmt: skip
    counts.qualifications = bulk_insert(
        Qualification,
        ("person", "level", "field", "year", "awarded_on"),
        (
            [ids[p.values["national_id"]], d.level, d.field, d.year, d.awarded_on]
            for p in people
            for d in p.degrees
        ),
    )
    # The training flags are stated for this year only (people.counting).
    bulk_insert(
        TrainingYear,
        ("person", "year", "upskilled_to_standard", "continuing_education"),
        (
            [ids[p.values["national_id"]], now.year, bool(p.values["upskilled_to_standard"]),
             bool(p.values["continuing_education"])]
            for p in people
            if p.values["upskilled_to_standard"] or p.values["continuing_education"]
        ),
    )  # fmt: skip
    tz = timezone.get_current_timezone()
    counts.changes = bulk_insert(
        PersonChange,
        ("person", "changed_at", "source", "field", "old_value", "new_value"),
        (
            [ids[p.values["national_id"]],
             dt.datetime.combine(c.day, dt.time(8, 0), tzinfo=tz), "demo", c.field, c.old, c.new]
            for p in people
            for c in p.changes
        ),
    )  # fmt: skip
    return counts


def _stored(value: object, is_text: bool) -> object:
    return "" if value is None and is_text else value


def employer_names(people: Iterable[SyntheticPerson]) -> set[str]:
    return {job.employer for person in people for job in person.jobs}


# ---- summaries ----------------------------------------------------------------------------


def summarize(people: Sequence[SyntheticPerson], today: dt.date) -> dict[str, dict[str, int]]:
    """Counts of the current state by a few fields (for the command's report and tests)."""
    summary: dict[str, dict[str, int]] = {}
    for name in ("sector", "employment_type", "education_level", "ethnicity", "gender"):
        counts: dict[str, int] = {}
        for person in people:
            key = str(person.values[name])
            counts[key] = counts.get(key, 0) + 1
        summary[name] = dict(sorted(counts.items(), key=lambda item: -item[1]))
    flags: dict[str, int] = {}
    for person in people:
        values = person.values
        active = values["employment_type"] != "retired"
        for flag_name in ("is_leader", "party_member", "expert_field", "in_training"):
            if values[flag_name] and active:
                flags[flag_name] = flags.get(flag_name, 0) + 1
        birth = values["birth_date"]
        young = isinstance(birth, dt.date) and _age(birth, today) < 40
        if active and values["is_leader"] and young:
            flags["leader_under_40"] = flags.get("leader_under_40", 0) + 1
        if active:
            flags["active"] = flags.get("active", 0) + 1
    summary["flags"] = flags
    return summary


# ---- the demo province in the database ----------------------------------------------------


class DemoError(Exception):
    """The demo cannot be built (e.g. reference data not loaded)."""


@dataclass
class DemoResult:
    created: int = 0
    skipped_existing: int = 0  # synthetic people already there (nothing generated)
    deleted: int = 0
    counts: WriteCounts = field(default_factory=WriteCounts)
    summary: dict[str, dict[str, int]] = field(default_factory=dict)
    seconds_generate: float = 0.0
    seconds_write: float = 0.0
    commune_code: str = ""  # the commune given to the commune-level demo user


def load_communes(province_code: str) -> tuple[str, list[Commune]]:
    """(province short name, its current communes) from the reference data."""

    units = AdministrativeUnit.objects.filter(code_system="2025", province_code=province_code)
    province = units.filter(level="province", code=province_code).first()
    communes = [
        _commune_of(unit.code, unit.name, unit.unit_type)
        for unit in units.filter(level="commune").order_by("code")
    ]
    if not communes:
        raise DemoError(
            f"Chưa có danh mục xã/phường của tỉnh {province_code} (hệ mã 2025). "
            "Hãy chạy `trithuc migrate` để nạp dữ liệu tham chiếu."
        )
    name = _short(province.name, province.unit_type) if province else "Cao Bằng"
    return name, communes


def _short(name: str, unit_type: str) -> str:
    for prefix in (unit_type, "Tỉnh", "Thành phố", "Xã", "Phường", "Đặc khu"):
        if prefix and name.lower().startswith(prefix.lower() + " "):
            return name[len(prefix) + 1 :]
    return name


def _commune_of(code: str, name: str, unit_type: str) -> Commune:
    kind = (unit_type or "").strip().lower()
    if kind not in {"xã", "phường", "đặc khu"}:
        lowered = name.lower()
        kind = next((k for k in ("phường", "đặc khu", "xã") if lowered.startswith(k + " ")), "xã")
    return Commune(code, _short(name, unit_type or kind.capitalize()), kind)


def synthetic_people(province_code: str):  # type: ignore[no-untyped-def]

    return Person.objects.filter(is_synthetic=True, province_code=province_code)


def delete_synthetic(province_code: str) -> int:
    """Delete the synthetic people of a province (never a real profile) with their history.

    Rows that point at a person are deleted first with one statement per table; the
    people then go with one DELETE (the ORM's cascade collector would load every person,
    several seconds for 20,000). Should another model point at people without CASCADE,
    the ORM's delete runs instead and applies its rule.
    """

    people = synthetic_people(province_code)
    ids = people.values("id")
    relations = [rel for rel in Person._meta.related_objects if not rel.many_to_many]
    if any(rel.on_delete is not models.CASCADE for rel in relations):
        return people.delete()[0]
    for rel in relations:
        rel.related_model._base_manager.filter(**{f"{rel.field.name}__in": ids}).delete()
    table = connection.ops.quote_name(Person._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE is_synthetic = %s AND province_code = %s",  # noqa: S608
            [True, province_code],
        )
        return cursor.rowcount


def agency_ids(names: Iterable[str], province_code: str) -> dict[str, int | None]:
    """Employer name → id of the usual agency it names (created first when missing)."""
    try:
        create_usual_agencies(province_code)
    except ValueError:
        return {}
    found: dict[str, int | None] = {}
    for name in names:
        agency = match_agency(name, province_code)
        found[name] = agency.pk if agency else None
    return found


def build_demo(
    *,
    seed: int = 1,
    count: int = DEFAULT_PEOPLE,
    province_code: str = DEFAULT_PROVINCE,
    reset: bool = False,
    today: dt.date | None = None,
) -> DemoResult:
    """Create the synthetic province in one transaction (or skip when it exists)."""
    import time

    today = today or timezone.localdate()
    result = DemoResult()
    province_name, communes = load_communes(province_code)
    with transaction.atomic():
        if reset:
            result.deleted = delete_synthetic(province_code)
        else:
            existing = synthetic_people(province_code).count()
            if existing:
                result.skipped_existing = existing
                result.commune_code = _busiest_commune(province_code)
                return result
        started = time.perf_counter()
        taken = set(Person.objects.values_list("national_id", flat=True))
        people = generate(
            seed, count, communes, today=today, province_code=province_code,
            province_name=province_name, taken_ids=taken,
        )  # fmt: skip
        result.seconds_generate = time.perf_counter() - started
        started = time.perf_counter()
        agencies = agency_ids(sorted(employer_names(people)), province_code)
        result.counts = write_people(people, province_code=province_code, agency_of=agencies)
        remap_stale()  # their training fields coded against the national list
        result.seconds_write = time.perf_counter() - started
        result.created = result.counts.people
        result.summary = summarize(people, today)
        result.commune_code = _busiest_commune(province_code)
        transaction.on_commit(_registry_changed)
    return result


def _registry_changed() -> None:

    registry_changed.send(sender=Person)


def _busiest_commune(province_code: str) -> str:
    """The rural commune (xã) with the most synthetic people, for the commune-level user."""

    rows = (
        synthetic_people(province_code)
        .exclude(workplace_unit=province_code)
        .values("workplace_unit")
        .annotate(n=Count("id"))
        .order_by("-n", "workplace_unit")
    )
    try:
        towns = set(
            AdministrativeUnit.objects.filter(
                code_system="2025", province_code=province_code, level="commune"
            )
            .exclude(unit_type__iexact="xã")
            .exclude(unit_type="")
            .values_list("code", flat=True)
        )
    except Exception:  # noqa: BLE001 - the choice is cosmetic
        towns = set()
    for row in rows:
        if row["workplace_unit"] not in towns:
            return str(row["workplace_unit"])
    first = rows.first()
    return str(first["workplace_unit"]) if first else ""


# ---- demo users ---------------------------------------------------------------------------


@dataclass
class DemoUser:
    username: str
    role: str
    unit_code: str
    password: str | None  # None: the user existed and keeps its password
    superuser: bool = False


DEMO_USERS = (
    ("admin", "system_admin", "province", True),
    ("quanly", "registry_manager", "province", False),
    ("xem", "registry_viewer", "province", False),
    ("phantich", "analyst", "province", False),
    ("xa", "registry_manager", "commune", False),
    # A national installation's reader (issue 19): every province, aggregates only.
    ("toanquoc", "national_analyst", "country", False),
)


def ensure_demo_users(
    province_code: str, commune_code: str, password: str | None = None
) -> list[DemoUser]:
    """Create the demo logins when missing, each with its role over the province (or one
    commune). New users get `password`, or a random one; existing users keep theirs
    unless `password` is given."""
    import secrets

    user_model = get_user_model()
    made: list[DemoUser] = []
    for username, role, scope, superuser in DEMO_USERS:
        unit = province_code if scope == "province" or not commune_code else commune_code
        if scope == "country":
            unit = ""
        user = user_model.objects.filter(username=username).first()
        chosen: str | None = None
        if user is None:
            chosen = password or secrets.token_urlsafe(9)
            user = user_model(username=username, is_staff=superuser, is_superuser=superuser)
            user.set_password(chosen)
            user.save()
        elif password:
            chosen = password
            user.set_password(password)
            user.save(update_fields=["password"])
        Membership.objects.get_or_create(user=user, role=role, unit_code=unit, agency=None)
        made.append(DemoUser(username, role, unit, chosen, superuser))
    return made
