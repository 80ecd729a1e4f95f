"""`trithuc indicators`: load targets from a plan, print them with values as JSON."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from conftest import seed_001, seed_003
from trithuc.indicators.areas import unit_name
from trithuc.indicators.models import Target
from trithuc.indicators.tests.factories import Degree, Job, Spec, make_person

pytestmark = pytest.mark.django_db
FIELDS = {"indicator", "sector", "unit", "year", "target", "value", "numerator", "denominator",
          "status"}  # fmt: skip


def run(*args: str) -> str:
    out = StringIO()
    call_command("indicators", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def registry():
    for n in range(6):
        make_person(Spec(
            jobs=[Job("01273", sector="agriculture", valid_from=dt.date(2014, 1, 1))],
            degrees=[Degree("bachelor", dt.date(2010, 1, 1))]
            + ([Degree("master", dt.date(2016 + n, 1, 1))] if n % 2 else []),
        ))  # fmt: skip


def test_load_targets_of_seed_003_infers_the_province_and_is_idempotent():
    assert "34 mục tiêu mới" in run("load-targets", str(seed_003()))
    assert Target.objects.filter(unit_code="04").count() == 34
    assert "0 mục tiêu mới, 34 cập nhật" in run("load-targets", str(seed_003()))
    assert Target.objects.count() == 34
    ratio = Target.objects.get(indicator__code="intellectuals_count_ratio")
    assert (ratio.baseline_year, ratio.baseline_value, ratio.value) == (2020, 17178, 1.5)
    phd = Target.objects.get(indicator__code="phd_trained_count", sector="agriculture")
    assert (phd.comparator, phd.value, phd.value_high) == ("range", 2, 3)


def test_a_city_plan_needs_a_unit_and_an_old_plan_uses_old_codes():
    with pytest.raises(CommandError, match="--unit"):
        run("load-targets", str(seed_001()))
    run("load-targets", str(seed_001()), "--unit", "51")
    target = Target.objects.get(indicator__code="share_leaders_under_40")
    assert target.unit_code_system == "2004"  # issued 17/04/2024, before the reform
    assert target.plan_reference == "140-KH/TU"
    assert target.period_start == dt.date(2024, 4, 17)  # from its issue date (issue 12)


def test_missing_file_is_a_clear_error():
    with pytest.raises(CommandError, match="Không tìm thấy"):
        run("load-targets", "/nonexistent.txt")


def test_json_prints_every_target_with_its_value(registry):
    run("load-targets", str(seed_003()))
    run("load-targets", str(seed_001()), "--unit", "04", "--code-system", "2025")
    rows = json.loads(run("--format", "json", "--as-of", "2026-11-22"))
    assert len(rows) == 37
    assert all(set(row) >= FIELDS for row in rows)
    masters = next(r for r in rows if r["indicator"] == "share_masters"
                   and r["sector"] == "agriculture" and r["year"] == 2030)  # fmt: skip
    assert (masters["numerator"], masters["denominator"]) == (3, 6)
    assert masters["value"] == 50.0
    assert masters["target"] == 25
    assert masters["status"] == "on_track"
    university = next(r for r in rows if r["indicator"] == "share_university_or_higher"
                      and r["sector"] == "agriculture" and r["year"] == 2030)  # fmt: skip
    assert university["value"] == 100.0


def test_filters_by_plan_and_reads_a_commune(registry):
    run("load-targets", str(seed_003()))
    run("load-targets", str(seed_001()), "--unit", "04", "--code-system", "2025")
    rows = json.loads(run("--format", "json", "--plan", "140-KH/TU"))
    # Seed 001 says "cán bộ, công chức, viên chức … được bồi dưỡng": cadres count too.
    assert [r["indicator"] for r in rows] == [
        "share_trained_to_standard_with_cadres", "share_qualification_matching_job_position",
        "share_leaders_under_40",
    ]  # fmt: skip
    rows = json.loads(run("--format", "json", "--unit", "01279"))  # a commune with nobody
    masters = next(r for r in rows if r["indicator"] == "share_masters")
    assert masters["denominator"] == 0
    assert masters["unit"] == "01279"
    assert masters["target_unit"] == "04"
    assert masters["unit_name"] == unit_name("01279")


def test_text_output_and_refresh(registry):
    run("load-targets", str(seed_003()))
    assert "Đã tính lại" in run("refresh")
    text = run()
    assert "share_masters | agriculture | 04 | 2030 | ≥ 25% | 50%" in text


def test_bad_date_is_refused():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("--as-of", "22/11/2026")


def test_the_demo_province_takes_both_seeds_in_one_call(registry):
    out = run("load-targets", str(seed_001()), str(seed_003()), "--unit", "04",
              "--plan-date", "2024-05-10")  # fmt: skip
    assert "140-KH/TU: 3 mục tiêu mới" in out
    assert "34 mục tiêu mới" in out
    assert set(Target.objects.values_list("unit_code_system", flat=True)) == {"2004"}
    assert Target.objects.filter(plan_date=dt.date(2024, 5, 10)).count() == 34
    rows = json.loads(run("--format", "json", "--unit", "04"))
    assert len(rows) == 37
    assert {r["unit_name"] for r in rows} == {"Tỉnh Cao Bằng (trước 01/7/2025)"}
    masters = next(r for r in rows if r["indicator"] == "share_masters"
                   and r["sector"] == "agriculture" and r["year"] == 2030)  # fmt: skip
    assert masters["denominator"] == 6  # old Cao Bằng is read as the whole current province
    with pytest.raises(CommandError, match="--plan-date"):
        run("load-targets", str(seed_003()), "--plan-date", "10/5/2024")
