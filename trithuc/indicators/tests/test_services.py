"""Services: refresh queueing and dedupe, old codes, plans without indicators, areas."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.utils import timezone

from trithuc.indicators import services, snapshots
from trithuc.indicators.areas import AreaError, resolve_area
from trithuc.indicators.models import Indicator, Target
from trithuc.indicators.snapshots import get_state, refresh_snapshot
from trithuc.indicators.tests.factories import Degree, Job, Spec, make_person
from trithuc.indicators.values import Evaluator

pytestmark = pytest.mark.django_db


def test_a_failed_enqueue_never_breaks_the_import_that_triggered_it(caplog):
    broken = mock.Mock()
    broken.enqueue.side_effect = RuntimeError("no backend")
    with mock.patch.object(services, "refresh_indicators", broken):
        services.request_refresh()
    assert get_state().changed_at is not None
    assert "Could not queue" in caplog.text


def test_a_refresh_already_done_after_the_request_is_skipped():
    asked = timezone.now()
    refresh_snapshot()
    assert snapshots.refresh_if_requested(asked.isoformat()) == {"skipped": True}
    later = (timezone.now() + dt.timedelta(seconds=1)).isoformat()
    assert "rows" in snapshots.refresh_if_requested(later)


def test_an_indicator_changed_since_the_refresh_is_computed_live():
    make_person(Spec(jobs=[Job("04", sector="health")], degrees=[Degree("master", None)]))
    refresh_snapshot()
    indicator = Indicator.objects.get(code="share_masters")
    target = Target.objects.create(indicator=indicator, unit_code="04", year=2030,
                                   comparator=">=", value=10, plan_reference="P")  # fmt: skip
    assert Evaluator(None).evaluate(target).source == "snapshot"
    indicator.numerator = {"education_level__in": "@postgraduate"}
    indicator.save()
    target.refresh_from_db()
    row = Evaluator(None).evaluate(target)
    assert row.source == "live"
    assert (row.count, row.base) == (1, 1)


def test_a_target_without_an_indicator_or_with_an_unknown_unit_says_why():
    bare = Target.objects.create(unit_code="04", year=2030, comparator="=", value=100,
                                 plan_reference="P", source_text="100% xã có …")  # fmt: skip
    assert Evaluator(None).evaluate(bare).error == "Mục tiêu chưa gán vào chỉ tiêu nào."
    nowhere = Target.objects.create(indicator=Indicator.objects.get(code="experts_count"),
                                    unit_code="99999", year=2030, comparator="=", value=1,
                                    plan_reference="P")  # fmt: skip
    assert "99999" in Evaluator(None).evaluate(nowhere).error


def test_old_districts_and_communes_map_to_current_communes():
    district = resolve_area("040", "2004")  # Thành phố Cao Bằng before 2025
    assert district.units and not district.provinces
    assert all(len(code) == 5 for code in district.units)
    commune = resolve_area(sorted(district.units)[0])
    assert commune.units == frozenset({sorted(district.units)[0]})
    with pytest.raises(AreaError):
        resolve_area("999", "2004")
    with pytest.raises(AreaError):
        resolve_area("00000")


def test_a_provincial_issuer_names_its_province():
    assert services.infer_province("Ban Thường vụ Tỉnh ủy Cao Bằng") == "04"
    assert services.infer_province("Ủy ban nhân dân tỉnh Lâm Đồng") == "68"
    assert services.infer_province("Thành ủy Quảng Ngãi") is None


def test_a_plan_without_a_number_is_named_by_its_issuer_and_date():
    assert services.plan_reference_of({"number": "15/KH-UBND"}) == "15/KH-UBND"
    assert services.plan_reference_of({"issuer": "UBND tỉnh X", "date": "2024-03-01"}) == (
        "UBND tỉnh X ngày 01/03/2024"
    )
    assert services.plan_reference_of({}) == "Kế hoạch không số"


def test_unmatched_targets_are_kept_with_their_text():
    parsed = {"number": "1/KH", "issuer": "Tỉnh ủy Cao Bằng", "targets": [
        {"text": "90% xã có điểm bưu điện", "indicator": None, "comparator": ">=",
         "value": 90, "unit": "%", "year": None, "sector": None},
        {"text": "trong đó thạc sĩ đạt 25%", "indicator": "share_masters", "comparator": "=",
         "value": 25, "unit": "%", "year": 2030, "sector": "agriculture"},
    ]}  # fmt: skip
    result = services.load_targets(parsed)
    assert (result.created, result.without_indicator) == (2, 1)
    kept = Target.objects.get(indicator__isnull=True)
    assert kept.source_text == "90% xã có điểm bưu điện"
    assert kept.year == 2030  # taken from the plan's other targets, with a warning
    assert result.warnings


def test_a_failed_refresh_keeps_the_old_snapshot_and_says_why():
    refresh_snapshot()
    before = get_state()
    with mock.patch("trithuc.indicators.snapshots.compute_snapshot_rows",
                    side_effect=RuntimeError("disk full")), pytest.raises(RuntimeError):  # fmt: skip
        refresh_snapshot()
    state = get_state()
    assert (state.running, state.message) == (False, "disk full")
    assert state.refreshed_at == before.refreshed_at
