import io

import pytest
from django.core.management import CommandError, call_command

from trithuc.orgunits.agencies import USUAL_AGENCIES
from trithuc.orgunits.models import Agency
from trithuc.orgunits.services import create_usual_agencies, match_agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def cao_bang():
    create_usual_agencies("04")


def test_create_usual_agencies_is_idempotent():
    assert create_usual_agencies("04") == len(USUAL_AGENCIES)
    assert create_usual_agencies("04") == 0
    assert Agency.objects.filter(province_code="04").count() == len(USUAL_AGENCIES)
    health = Agency.objects.get(province_code="04", name="Sở Y tế")
    assert health.kind == "department"
    assert health.parent.name == "Ủy ban nhân dân tỉnh"
    assert "Sở Y tế tỉnh Cao Bằng" in health.aliases
    assert health.name_folded == "so y te"
    front = Agency.objects.get(province_code="04", name="Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh")
    assert front.children.filter(name="Hội Nông dân tỉnh").exists()
    with pytest.raises(ValueError):
        create_usual_agencies("62")  # Kon Tum is no longer a province


def test_city_names_use_thanh_uy():
    create_usual_agencies("01")
    names = set(Agency.objects.filter(province_code="01").values_list("name", flat=True))
    assert {"Thành ủy", "Ban Tổ chức Thành ủy", "Ủy ban nhân dân thành phố", "Thành đoàn"} <= names
    assert match_agency("Sở Y tế thành phố Hà Nội", "01").name == "Sở Y tế"
    assert match_agency("Thành ủy Hà Nội", "01").name == "Thành ủy"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Sở Y tế", "Sở Y tế"),
        ("SỞ Y TẾ", "Sở Y tế"),
        ("so y te", "Sở Y tế"),
        ("Sở Y tế tỉnh Cao Bằng", "Sở Y tế"),
        ("Sở Y tế Cao Bằng", "Sở Y tế"),
        ("Sở KH&CN", "Sở Khoa học và Công nghệ"),
        ("Sở Khoa học và Công nghệ tỉnh Cao Bằng", "Sở Khoa học và Công nghệ"),
        ("Sở Khoa học & Công nghệ", "Sở Khoa học và Công nghệ"),
        ("Sở GD&ĐT", "Sở Giáo dục và Đào tạo"),
        ("Sở Lao động - Thương binh và Xã hội", "Sở Nội vụ"),
        ("Sở Kế hoạch và Đầu tư", "Sở Tài chính"),
        ("Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ"),
        ("Sở Tài nguyên và Môi trường", "Sở Nông nghiệp và Môi trường"),
        ("Ban Tổ chức Tỉnh uỷ", "Ban Tổ chức Tỉnh ủy"),
        ("Ban Tuyên giáo Tỉnh ủy", "Ban Tuyên giáo và Dân vận Tỉnh ủy"),
        ("Ban cán sự đảng Uỷ ban nhân dân tỉnh", "Đảng ủy Ủy ban nhân dân tỉnh"),
        ("Đảng đoàn Hội đồng nhân dân tỉnh", "Đảng đoàn Hội đồng nhân dân tỉnh"),
        ("Tỉnh ủy Cao Bằng", "Tỉnh ủy"),
        ("UBND tỉnh Cao Bằng", "Ủy ban nhân dân tỉnh"),
        ("Ủy ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh"),
        ("HĐND tỉnh", "Hội đồng nhân dân tỉnh"),
        (
            "Liên hiệp các Hội khoa học và kỹ thuật tỉnh",
            "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh",
        ),
        ("Ủy ban MTTQ Việt Nam tỉnh Cao Bằng", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"),
        ("Bệnh viện Đa khoa tỉnh Cao Bằng", "Bệnh viện Đa khoa tỉnh"),
    ],
)
def test_match_agency(cao_bang, text, name):
    agency = match_agency(text, "04")
    assert agency is not None and agency.name == name


@pytest.mark.parametrize(
    "text", ["", "Công ty TNHH ABC", "Sở Y tế tỉnh Lâm Đồng", "Sở", "Trường THPT Cao Bình"]
)
def test_match_agency_rejects_others(cao_bang, text):
    assert match_agency(text, "04") is None


def test_match_agency_is_per_province(cao_bang):
    assert match_agency("Sở Y tế", "68") is None
    create_usual_agencies("68")
    lam_dong = match_agency("Sở Y tế", "68")
    assert lam_dong.province_code == "68"
    # Names of the provinces merged into Lâm Đồng are ignored like its own name.
    assert match_agency("Sở Y tế tỉnh Đắk Nông", "68") == lam_dong
    # A commune code stands for its province.
    assert match_agency("Sở Y tế", "01273").province_code == "04"


def test_admin_edits_reach_the_matcher(cao_bang):
    assert match_agency("Trường Cao đẳng Sư phạm Cao Bằng", "04") is None
    college = Agency.objects.get(province_code="04", name="Trường Cao đẳng tỉnh")
    college.aliases = [*college.aliases, "Trường Cao đẳng Sư phạm"]
    college.save()
    assert match_agency("Trường Cao đẳng Sư phạm Cao Bằng", "04") == college
    Agency.objects.create(province_code="04", name="Bệnh viện Y học cổ truyền", aliases=["Sở Y tế"])
    assert match_agency("Sở Y tế", "04").name == "Sở Y tế"  # a name beats an alias


def test_ambiguous_alias_matches_nothing(cao_bang):
    Agency.objects.create(province_code="04", name="Trung tâm A", aliases=["Trung tâm"])
    Agency.objects.create(province_code="04", name="Trung tâm B", aliases=["Trung tâm"])
    assert match_agency("Trung tâm", "04") is None
    assert match_agency("Trung tâm A", "04").name == "Trung tâm A"


def test_command_creates_agencies():
    out = io.StringIO()
    call_command(
        "load_reference_data", "--skip-units", "--skip-codes", "--agencies", "04", stdout=out
    )
    assert f"thêm {len(USUAL_AGENCIES)}" in out.getvalue()
    call_command(
        "load_reference_data", "--skip-units", "--skip-codes", "--agencies", "04", stdout=out
    )
    assert Agency.objects.filter(province_code="04").count() == len(USUAL_AGENCIES)
    with pytest.raises(CommandError):
        call_command("load_reference_data", "--skip-units", "--skip-codes", "--agencies", "62")
