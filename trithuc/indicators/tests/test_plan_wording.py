"""Each definition follows the words of a plan (issue 12): the test names the wording."""

from __future__ import annotations

import datetime as dt

import pytest

from trithuc.indicators.describe import definition_text
from trithuc.indicators.models import Indicator, Target
from trithuc.indicators.services import indicator_for_wording
from trithuc.indicators.values import period_end, period_start
from trithuc.lib.plan_parser.targets import population_of

pytestmark = pytest.mark.django_db
SERVANTS = ["civil_servant", "public_employee"]


def population_types(code: str) -> list[str]:
    from trithuc.indicators.definitions import parse_filter

    condition = next(c for c in parse_filter(Indicator.objects.get(code=code).population).conditions
                     if c.field == "employment_type")  # fmt: skip
    return sorted(condition.value)


@pytest.mark.parametrize("code", ["share_university_or_higher", "share_masters",
                                  "share_postgraduate", "share_trained_to_standard",
                                  "share_continuous_training", "phd_trained_count"])  # fmt: skip
def test_cong_chuc_vien_chuc_leaves_cadres_out_and_can_bo_brings_them_in(code):
    # Seed 003: "Công chức, viên chức có trình độ chuyên môn đại học và sau đại học …"
    assert population_types(code) == SERVANTS
    # Seed 001: "100% cán bộ, công chức, viên chức các cấp được bồi dưỡng …"
    assert population_types(code + "_with_cadres") == ["cadre", *SERVANTS]


def test_the_parser_reads_whom_a_target_counts():
    assert population_of("lĩnh vực y tế: ít nhất 15% công chức, viên chức ngành y tế") == (
        "civil_and_public_servants"
    )
    assert population_of("100% cán bộ, công chức, viên chức các cấp được bồi dưỡng") == (
        "state_staff"
    )
    assert population_of("số lượng trí thức tăng lên 1,5 lần") is None
    assert indicator_for_wording("share_masters", "state_staff") == "share_masters_with_cadres"
    assert indicator_for_wording("share_masters_with_cadres", "civil_and_public_servants") == (
        "share_masters"
    )


def test_thac_si_is_exactly_master_and_sau_dai_hoc_is_master_and_above():
    # Seed 003: "trong đó thạc sĩ đạt 25% trở lên"
    masters = definition_text(Indicator.objects.get(code="share_masters"))
    assert "trình độ cao nhất đúng bằng thạc sĩ" in masters
    assert "Mẫu số: công chức, viên chức" in masters
    # Seed 003: "Ít nhất 15% công chức, viên chức ngành y tế có trình độ sau đại học"
    post = definition_text(Indicator.objects.get(code="share_postgraduate"))
    assert "từ thạc sĩ trở lên" in post and "tiến sĩ khoa học" in post


def test_dao_tao_tien_si_counts_over_the_plans_period():
    # Seed 003: "đào tạo 06 tiến sĩ" by 2030, in a plan issued on a given day: from that
    # day (or the start of the period the plan names) to the end of 2030, never restarting
    # each January.
    indicator = Indicator.objects.get(code="phd_trained_count")
    target = Target(indicator=indicator, unit_code="04", year=2030, comparator=">=", value=6,
                    plan_reference="P", plan_date=dt.date(2024, 1, 8))  # fmt: skip
    assert period_start(target, dt.date(2026, 6, 1)) == dt.date(2024, 1, 8)
    assert period_end(target, dt.date(2032, 1, 1)) == dt.date(2030, 12, 31)
    target.period_start = dt.date(2021, 1, 1)  # "giai đoạn 2021 - 2030"
    assert period_start(target, dt.date(2026, 6, 1)) == dt.date(2021, 1, 1)
    text = definition_text(indicator, period=(dt.date(2024, 1, 8), dt.date(2030, 12, 31)))
    assert "từ 08/01/2024 đến 31/12/2030" in text and "tiến sĩ" in text


def test_every_builtin_has_a_plain_definition():
    for indicator in Indicator.objects.filter(is_builtin=True):
        assert definition_text(indicator), indicator.code
