import io

import pytest
from django.core.management import call_command

from trithuc.orgunits import services
from trithuc.orgunits.loading import sync_units
from trithuc.orgunits.models import AdministrativeUnit, UnitMapping

pytestmark = pytest.mark.django_db

# facts.md §2.1: new province ← old provinces (codes of the 2004 system).
MERGERS = {
    "08": ["02", "08"],
    "15": ["10", "15"],
    "19": ["06", "19"],
    "24": ["24", "27"],
    "25": ["17", "25", "26"],
    "31": ["30", "31"],
    "33": ["33", "34"],
    "37": ["35", "36", "37"],
    "44": ["44", "45"],
    "48": ["48", "49"],
    "51": ["51", "62"],
    "52": ["52", "64"],
    "56": ["56", "58"],
    "66": ["54", "66"],
    "68": ["60", "67", "68"],
    "75": ["70", "75"],
    "79": ["74", "77", "79"],
    "80": ["72", "80"],
    "82": ["82", "87"],
    "86": ["83", "84", "86"],
    "91": ["89", "91"],
    "92": ["92", "93", "94"],
    "96": ["95", "96"],
}
NOT_MERGED = ["01", "04", "11", "12", "14", "20", "22", "38", "40", "42", "46"]


def count(system, level, **extra):
    return AdministrativeUnit.objects.filter(code_system=system, level=level, **extra).count()


def test_counts_of_both_systems():
    assert count("2025", "province") == 34
    assert count("2025", "commune") == 3321
    assert count("2025", "commune", unit_type="xã") == 2621
    assert count("2025", "commune", unit_type="phường") == 687
    assert count("2025", "commune", unit_type="đặc khu") == 13
    assert count("2025", "province", unit_type="thành phố") == 6
    assert count("2025", "district") == 0
    assert count("2004", "province") == 63
    assert count("2004", "district") > 600
    assert count("2004", "commune") > 10000


def test_units_are_complete_and_dated():
    current = AdministrativeUnit.objects.filter(code_system="2025")
    assert not current.exclude(valid_from="2025-07-01").exists()
    assert not current.filter(valid_to__isnull=False).exists()
    legacy = AdministrativeUnit.objects.filter(code_system="2004")
    assert not legacy.exclude(valid_to="2025-06-30").exists()
    communes = current.filter(level="commune").select_related("parent")
    assert all(c.parent.code == c.province_code and len(c.code) == 5 for c in communes)
    assert all(len(p.code) == 2 for p in current.filter(level="province"))
    unit = AdministrativeUnit.objects.get(code_system="2025", code="01273")
    assert unit.name_folded == "phuong thuc phan"


def test_every_unit_is_mapped_both_ways():
    legacy_communes = AdministrativeUnit.objects.filter(code_system="2004", level="commune")
    assert not legacy_communes.filter(mapped_to__isnull=True).exists()
    current = AdministrativeUnit.objects.filter(code_system="2025")
    assert not current.filter(mapped_from__isnull=True).exists()
    assert UnitMapping.objects.filter(is_partial=True).exists()


@pytest.mark.parametrize(("new", "old"), sorted(MERGERS.items()))
def test_province_mergers(new, old):
    assert [u.code for u in services.current_to_legacy(new)] == old
    for code in old:
        assert [u.code for u in services.legacy_to_current(code, "province")] == [new]


@pytest.mark.parametrize("code", NOT_MERGED)
def test_provinces_not_merged_map_to_themselves(code):
    assert [u.code for u in services.current_to_legacy(code)] == [code]


def test_known_mappings_and_code_reuse():
    lam_dong = services.current_to_legacy("68")
    assert [(u.code, u.name) for u in lam_dong] == [
        ("60", "Tỉnh Bình Thuận"),
        ("67", "Tỉnh Đắk Nông"),
        ("68", "Tỉnh Lâm Đồng"),
    ]
    assert [u.code for u in services.current_to_legacy("51")] == ["51", "62"]
    # Old "15" was Yên Bái; new "15" is Lào Cai.
    old_15 = AdministrativeUnit.objects.get(code_system="2004", code="15")
    assert old_15.name == "Tỉnh Yên Bái"
    assert services.get_current_unit("15").name == "Tỉnh Lào Cai"
    assert [u.name for u in services.legacy_to_current("15", "province")] == ["Tỉnh Lào Cai"]
    assert [u.code for u in services.legacy_to_current("10")] == ["15"]
    assert [u.code for u in services.legacy_to_current("24")] == ["24"]
    assert [u.code for u in services.legacy_to_current("27")] == ["24"]


def test_commune_and_district_mappings():
    # A commune split between several new communes.
    split = UnitMapping.objects.filter(is_partial=True).select_related("old_unit").first()
    successors = services.legacy_to_current(split.old_unit.code, "commune")
    assert len(successors) >= 2
    assert all(u.code_system == "2025" and u.level == "commune" for u in successors)
    # Island districts without communes became special zones.
    assert [u.name for u in services.legacy_to_current("755", "district")] == ["Đặc khu Côn Đảo"]
    # A district gives the new communes of all its communes.
    ba_dinh = services.legacy_to_current("001", "district")
    assert {u.province_code for u in ba_dinh} == {"01"} and len(ba_dinh) >= 4
    assert services.current_to_legacy("99999") == []
    assert services.legacy_to_current("99999") == []


def test_current_unit_lookups():
    assert services.get_current_unit("04").name == "Tỉnh Cao Bằng"
    assert services.get_current_unit("01273").name == "Phường Thục Phán"
    assert services.get_current_unit("99") is None
    assert services.current_province_code("01273") == "04"
    assert services.current_province_code("04") == "04"
    assert services.current_province_code(" 04 ") == "04"
    assert services.current_province_code("62") is None  # Kon Tum: legacy only
    assert services.current_province_code("") is None
    assert services.current_province_code(None) is None


def test_units_under_and_choices():
    under = services.units_under("04")
    communes = count("2025", "commune", province_code="04")
    assert under[0] == "04" and len(under) == communes + 1
    assert services.units_under("01273") == ["01273"]
    assert services.units_under("62") == []
    provinces = services.unit_choices()
    assert len(provinces) == 34
    assert provinces[0] == ("91", "Tỉnh An Giang")  # Vietnamese order of the short names
    assert len(services.unit_choices("04")) == communes
    assert ("01273", "Phường Thục Phán") in services.unit_choices("04")


def test_cache_follows_saves():
    assert services.current_province_code("01273") == "04"
    unit = AdministrativeUnit.objects.get(code_system="2025", code="01273")
    unit.name = "Phường Thử"
    unit.save()
    assert services.get_current_unit("01273").name == "Phường Thử"


def test_load_reference_data_is_idempotent():
    units, mappings = AdministrativeUnit.objects.count(), UnitMapping.objects.count()
    AdministrativeUnit.objects.filter(code_system="2025", code="01273").update(name="Sai")
    UnitMapping.objects.filter(old_unit__code_system="2004", old_unit__code="60").delete()
    out = io.StringIO()
    call_command("load_reference_data", stdout=out)
    assert "thêm 1" in out.getvalue()  # the deleted province mapping is back
    call_command("load_reference_data", stdout=io.StringIO())
    assert AdministrativeUnit.objects.count() == units
    assert UnitMapping.objects.count() == mappings
    assert services.get_current_unit("01273").name == "Phường Thục Phán"
    assert sync_units() == {"units_created": 0, "units_updated": 0, "mappings_created": 0}
