"""Status, projections and the yearly change needed, in Vietnamese."""

from __future__ import annotations

import datetime as dt

import pytest

from trithuc.indicators import projection as proj
from trithuc.indicators import wording

DAY = dt.date(2026, 6, 30)


@pytest.mark.parametrize(
    ("value", "comparator", "target", "expected"),
    [
        (98, ">=", 98, True), (97.99, ">=", 98, False), (80, ">", 80, False),
        (80.1, ">", 80, True), (21, "=", 21, True), (22, "=", 21, True), (20, "=", 21, False),
        (15, "range", 15, True), (14.9, "range", 15, False), (5, "<=", 5, True),
        (5, "<", 5, False), (None, ">=", 1, False),
    ],
)  # fmt: skip
def test_meets(value, comparator, target, expected):
    assert proj.meets(value, comparator, target) is expected


def test_linear_and_smoothing_agree_on_a_straight_line():
    points = [(float(y + 1), 50.0 + 2 * (y - 2015)) for y in range(2015, 2026)]
    result = proj.project_level(points, 2030, upper=100)
    assert result.linear == pytest.approx(80.0)
    assert result.smoothing == pytest.approx(80.0)
    assert not result.disagree(">=", 75)


def test_smoothing_follows_recent_years_more_than_the_trend():
    values = [50, 51, 52, 53, 54, 55, 56, 57, 58, 64, 70]  # fast growth lately
    points = [(float(2016 + i), float(v)) for i, v in enumerate(values)]
    result = proj.project_level(points, 2030, upper=100)
    assert result.smoothing > result.linear
    assert result.disagree(">=", 90)  # one model says yes, the other no


def test_shares_are_clamped_to_0_100():
    points = [(2016.0, 90.0), (2017.0, 99.0)]
    assert proj.project_level(points, 2030, upper=100).linear == 100


@pytest.mark.parametrize(
    ("values", "target", "expected"),
    [
        ([60, 70, 80], 95, proj.ON_TRACK),
        ([60, 61, 62], 95, proj.OFF_TRACK),
        ([50, 50, 50, 50, 50, 60, 80], 100, proj.AT_RISK),
        ([96, 97, 98], 95, proj.ON_TRACK),
    ],
)
def test_status_from_both_models(values, target, expected):
    points = [(float(2027 - len(values) + i), float(v)) for i, v in enumerate(values)]
    projection = proj.project_level(points, 2030, upper=100)
    status = proj.status(values[-1], projection, ">=", target, None, as_of=DAY, year=2030)
    assert status == expected


def test_status_after_the_target_year_is_achieved_or_missed():
    none = proj.Projection(None, None)
    after = dt.date(2031, 1, 1)
    assert proj.status(99, none, ">=", 98, None, as_of=after, year=2030) == proj.ACHIEVED
    assert proj.status(90, none, ">=", 98, None, as_of=after, year=2030) == proj.MISSED
    assert proj.status(None, none, ">=", 98, None, as_of=DAY, year=2030) == proj.UNKNOWN
    assert proj.status(50, none, ">=", 98, None, as_of=DAY, year=2030) == proj.UNKNOWN


def test_events_add_the_expected_yearly_number_to_what_was_achieved():
    yearly = [(year, 2) for year in range(2015, 2026)] + [(2026, 1)]
    result = proj.project_events(yearly, achieved=3, as_of=DAY, year=2030)
    # 4.5 years left at 2 a year
    assert result.smoothing == pytest.approx(3 + 2 * (2031 - proj.year_fraction(DAY)))
    assert result.linear == pytest.approx(result.smoothing, rel=0.01)


def test_progress_bar():
    assert proj.progress_percent(49, ">=", 98) == 50
    assert proj.progress_percent(120, ">=", 100) == 100
    assert proj.progress_percent(10, "<=", 5) == 50
    assert proj.progress_percent(None, ">=", 5) is None


def test_vietnamese_numbers():
    assert wording.number(1234567) == "1.234.567"
    assert wording.number(98.5, 1) == "98,5"
    assert wording.number(98.0, 1) == "98"
    assert wording.with_unit(1.5, "lần") == "1,5 lần"
    assert wording.target_text("range", 15, 20, "%") == "15–20%"
    assert wording.target_text(">=", 98, None, "%") == "≥ 98%"


@pytest.mark.django_db
def test_the_yearly_change_needed_reads_like_the_issue():
    # 1,000 agricultural staff, 100 masters, 25% wanted by 2030 (4 years on):
    needed, verb = wording.people_needed_for_share(100, 1000, ">=", 25)
    assert (needed, verb) == (150, "thêm")
    text = wording.needed_people_text(needed, 4, "thạc sĩ", "agriculture", verb=verb)
    assert text == "thêm 38 thạc sĩ mỗi năm trong ngành nông nghiệp"
    assert wording.needed_people_text(0, 4, "thạc sĩ", "") == "Đã đạt mục tiêu."
    assert wording.needed_people_text(3, 0, "tiến sĩ", "").endswith("trong năm nay")
    # fewer people than years left: the total, not a rounded-up yearly figure
    assert wording.needed_people_text(1, 4, "tiến sĩ", "education", verb="đào tạo thêm") == (
        "đào tạo thêm 1 tiến sĩ trong ngành giáo dục và đào tạo (cả 4 năm còn lại)"
    )
    assert wording.needed_people_text(4, 4, "tiến sĩ", "") == "thêm 1 tiến sĩ mỗi năm"
    assert wording.people_needed_for_share(900, 1000, "<=", 85) == (50, "giảm")
    assert wording.people_needed_for_share(800, 1000, ">", 80) == (1, "thêm")


def test_targets_are_written_as_official_documents_write_them():
    assert wording.official_target(">=", 98.0, None, "%") == "≥ 98%"
    assert wording.official_target("=", 1.5, None, "lần") == "1,5 lần"
    assert wording.official_target("=", 6, None, "tiến sĩ") == "06 tiến sĩ"
    assert wording.official_target(">=", 12.0, None, "văn bản") == "≥ 12 văn bản"
    assert wording.official_target("range", 15, 20, "%") == "từ 15 đến 20%"
