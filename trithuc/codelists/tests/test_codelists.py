import io

import pytest
from django.core.management import call_command

from trithuc.codelists import services
from trithuc.codelists.data import CODE_LISTS
from trithuc.codelists.loading import sync_code_lists
from trithuc.codelists.models import CodeEntry
from trithuc.codelists.services import match_code

pytestmark = pytest.mark.django_db

TEMPLATE_CODES = {
    "gender": ["male", "female"],
    "employment_type": [
        "cadre",
        "civil_servant",
        "public_employee",
        "contract_worker",
        "enterprise",
        "self_employed",
        "retired",
    ],
    "sector": [
        "agriculture",
        "education",
        "health",
        "culture_arts_sports",
        "tourism_services",
        "engineering_industry",
        "state_management",
        "other",
    ],
    "education_level": [
        "none",
        "elementary",
        "intermediate",
        "college",
        "bachelor",
        "master",
        "specialist_1",
        "resident",
        "specialist_2",
        "doctor",
        "doctor_of_science",
    ],
    "academic_title": ["professor", "associate_professor"],
    "political_theory_level": ["elementary", "intermediate", "advanced", "bachelor"],
    "in_training": ["master", "doctor", "specialist_1", "specialist_2"],
}


def test_migration_loads_every_list():
    counts = {name: CodeEntry.objects.filter(list_name=name).count() for name in CODE_LISTS}
    assert counts["ethnicity"] == 54
    assert counts["education_level"] == 11
    for list_name, codes in TEMPLATE_CODES.items():
        assert services.codes(list_name) == codes, list_name


def test_education_ranks_follow_the_template_order():
    ranks = [services.rank("education_level", code) for code in TEMPLATE_CODES["education_level"]]
    assert ranks == list(range(11))
    assert services.rank("education_level", "none") == 0
    assert services.rank("education_level", "doctor_of_science") == 10
    assert services.rank("education_level", "nonsense") is None


def test_ethnic_groups_carry_both_official_codes():
    entries = CodeEntry.objects.filter(list_name="ethnicity")
    assert sorted(e.code for e in entries) == [f"{n:02d}" for n in range(1, 55)]
    codes_1979 = sorted(e.extra["code_1979"] for e in entries)
    assert codes_1979 == [f"{n:02d}" for n in range(1, 55)]
    by_label = {e.label: e for e in entries}
    # Verified in facts.md §2.2: the two lists number Mường, Khmer and Hoa differently.
    assert (by_label["Mường"].code, by_label["Mường"].extra["code_1979"]) == ("04", "06")
    assert (by_label["Khmer"].code, by_label["Khmer"].extra["code_1979"]) == ("05", "05")
    assert (by_label["Hoa"].code, by_label["Hoa"].extra["code_1979"]) == ("06", "04")
    assert (by_label["Ê Đê"].code, by_label["Ê Đê"].extra["code_1979"]) == ("11", "12")
    assert by_label["Ơ Đu"].code == "54"


@pytest.mark.parametrize(
    ("list_name", "text", "code"),
    [
        ("gender", "Nữ", "female"),
        ("gender", "nu", "female"),
        ("gender", "NỮ", "female"),
        ("gender", " Nam ", "male"),
        ("gender", "female", "female"),
        ("ethnicity", "Kinh", "01"),
        ("ethnicity", "01", "01"),
        ("ethnicity", "1", "01"),
        ("ethnicity", 1, "01"),
        ("ethnicity", 8.0, "08"),
        ("ethnicity", "Mông", "08"),
        ("ethnicity", "H'Mông", "08"),
        ("ethnicity", "Hmông", "08"),
        ("ethnicity", "HMONG", "08"),
        ("ethnicity", "Khmer", "05"),
        ("ethnicity", "Khơ-me", "05"),
        ("ethnicity", "khơ me", "05"),
        ("ethnicity", "Ê đê", "11"),
        ("ethnicity", "Ê-đê", "11"),
        ("ethnicity", "Êđê", "11"),
        ("ethnicity", "Bahnar", "12"),
        ("ethnicity", "Jrai", "10"),
        ("ethnicity", "Vân Kiều", "24"),
        ("ethnicity", "Bru-Vân Kiều", "24"),
        ("ethnicity", "Katu", "25"),
        ("ethnicity", "Pa Cô", "27"),
        ("ethnicity", "Cao Lan", "13"),
        ("ethnicity", "Người Hoa", "06"),
        ("ethnicity", "Dân tộc Tày", "02"),
        ("ethnicity", "Rơ Măm", "52"),
        ("ethnicity", "Ơ Đu", "54"),
        ("employment_type", "Viên chức", "public_employee"),
        ("employment_type", "vien chuc", "public_employee"),
        ("employment_type", "Người lao động", "contract_worker"),
        ("employment_type", "Nghỉ hưu", "retired"),
        ("sector", "Giáo dục và đào tạo", "education"),
        ("sector", "giao duc va dao tao", "education"),
        ("sector", "Giáo dục & đào tạo", "education"),
        ("sector", "Văn học, nghệ thuật, thể thao", "culture_arts_sports"),
        ("sector", "Văn học - nghệ thuật - thể thao", "culture_arts_sports"),
        ("sector", "Du lịch - dịch vụ", "tourism_services"),
        ("sector", "Quản lý nhà nước", "state_management"),
        ("education_level", "Đại học", "bachelor"),
        ("education_level", "dai hoc", "bachelor"),
        ("education_level", "Thạc sĩ", "master"),
        ("education_level", "Thạc sỹ", "master"),
        ("education_level", "Chuyên khoa I", "specialist_1"),
        ("education_level", "Chuyên khoa II", "specialist_2"),
        ("education_level", "CK2", "specialist_2"),
        ("education_level", "Bác sĩ nội trú", "resident"),
        ("education_level", "Tiến sĩ", "doctor"),
        ("education_level", "Tiến sĩ khoa học", "doctor_of_science"),
        ("education_level", "TSKH", "doctor_of_science"),
        ("education_level", "Chưa qua đào tạo", "none"),
        ("academic_title", "GS", "professor"),
        ("academic_title", "pgs", "associate_professor"),
        ("academic_title", "Phó giáo sư", "associate_professor"),
        ("political_theory_level", "Cao cấp", "advanced"),
        ("political_theory_level", "cao cap", "advanced"),
        ("political_theory_level", "Cử nhân", "bachelor"),
        ("in_training", "Tiến sĩ", "doctor"),
        ("in_training", "Chuyên khoa II", "specialist_2"),
    ],
)
def test_match_code(list_name, text, code):
    assert match_code(list_name, text) == code


@pytest.mark.parametrize(
    ("list_name", "text"),
    [
        ("gender", "Khác"),
        ("gender", ""),
        ("gender", None),
        ("ethnicity", "55"),
        ("ethnicity", "0"),
        ("ethnicity", "Mèo"),  # pejorative exonym: not accepted
        ("ethnicity", "Thổ Đà Bắc"),
        ("ethnicity", "xyz"),
        ("sector", "Nông nghiệp; Y tế"),
        ("education_level", "Đại học 2"),
        ("education_level", "master's"),
        ("academic_title", "TS"),
        ("no_such_list", "Nam"),
    ],
)
def test_match_code_rejects_junk(list_name, text):
    assert match_code(list_name, text) is None


def test_ambiguous_alias_matches_nothing_but_labels_win_over_aliases():
    CodeEntry.objects.filter(list_name="sector", code="health").update(aliases=["Chung"])
    CodeEntry.objects.filter(list_name="sector", code="other").update(aliases=["Chung", "Y tế"])
    services.clear_cache()
    assert match_code("sector", "chung") is None
    assert match_code("sector", "Y tế") == "health"


def test_label_choices_and_levels():
    assert services.label("gender", "female") == "Nữ"
    assert services.label("ethnicity", "08") == "Mông"
    assert services.label("ethnicity", "99") == "99"
    assert services.choices("gender") == [("male", "Nam"), ("female", "Nữ")]
    assert services.choices("ethnicity")[0] == ("01", "Kinh")
    assert len(services.choices("ethnicity")) == 54
    assert services.postgraduate_levels() == [
        "master",
        "specialist_1",
        "resident",
        "specialist_2",
        "doctor",
        "doctor_of_science",
    ]
    assert services.university_or_higher_levels() == ["bachelor", *services.postgraduate_levels()]
    assert services.codes_at_or_above("education_level", "doctor") == [
        "doctor",
        "doctor_of_science",
    ]
    assert services.codes_at_or_above("education_level", "nope") == []
    assert services.codes_at_or_above("political_theory_level", "advanced") == [
        "advanced",
        "bachelor",
    ]
    assert len(services.ethnic_minority_codes()) == 53
    assert "01" not in services.ethnic_minority_codes()


def test_saving_an_entry_clears_the_cache():
    assert match_code("gender", "Đàn ông") is None
    entry = CodeEntry.objects.get(list_name="gender", code="male")
    entry.aliases = [*entry.aliases, "Đàn ông"]
    entry.save()
    assert match_code("gender", "dan ong") == "male"
    entry.delete()
    assert match_code("gender", "Nam") is None


def test_refresh_is_idempotent_and_never_deletes():
    before = CodeEntry.objects.count()
    assert sync_code_lists() == {"created": 0, "updated": 0}
    extra = CodeEntry.objects.create(list_name="sector", code="legacy_sector", label="Cũ")
    entry = CodeEntry.objects.get(list_name="gender", code="female")
    entry.label = "Nu (sai)"
    entry.aliases = ["Phụ nữ"]
    entry.save()
    CodeEntry.objects.filter(list_name="ethnicity", code="54").delete()

    call_command("load_reference_data", "--skip-units", stdout=io.StringIO())
    call_command("load_reference_data", "--skip-units", stdout=io.StringIO())

    assert CodeEntry.objects.count() == before + 1
    assert CodeEntry.objects.filter(pk=extra.pk).exists()
    entry.refresh_from_db()
    assert entry.label == "Nữ"
    assert "Phụ nữ" in entry.aliases and "Gái" in entry.aliases
    assert match_code("gender", "phu nu") == "female"
    assert match_code("ethnicity", "Ơ Đu") == "54"
