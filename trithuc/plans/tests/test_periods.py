"""Reporting periods of Decree 09/2019 across year ends, and the plan's stored periods."""

from __future__ import annotations

import datetime as dt

import pytest

from trithuc.plans.periods import (
    add_years,
    default_reviews,
    plan_periods,
    regular_periods,
    reporting_year,
    six_monthly_bounds,
    yearly_bounds,
)

D = dt.date


@pytest.mark.parametrize(("day", "year"), [
    (D(2025, 12, 14), 2025), (D(2025, 12, 15), 2026), (D(2025, 12, 31), 2026),
    (D(2026, 1, 1), 2026), (D(2026, 6, 14), 2026), (D(2026, 12, 14), 2026),
    (D(2026, 12, 15), 2027),
])  # fmt: skip
def test_reporting_year_turns_on_the_fifteenth_of_december(day, year):
    assert reporting_year(day) == year


def test_bounds_follow_article_12():
    assert yearly_bounds(2026) == (D(2025, 12, 15), D(2026, 12, 14))
    assert six_monthly_bounds(2026) == (D(2025, 12, 15), D(2026, 6, 14))


def test_yearly_periods_of_a_plan_issued_in_december_start_with_next_year():
    specs = regular_periods("yearly", D(2023, 12, 20), D(2026, 1, 10), 6)
    assert [(s.starts_on, s.ends_on, s.due_on) for s in specs] == [
        (D(2023, 12, 15), D(2024, 12, 14), D(2024, 12, 20)),
        (D(2024, 12, 15), D(2025, 12, 14), D(2025, 12, 20)),
        (D(2025, 12, 15), D(2026, 12, 14), D(2026, 12, 20)),
    ]


def test_six_monthly_period_already_closed_when_the_plan_was_issued_is_left_out():
    specs = regular_periods("six_monthly", D(2024, 7, 1), D(2025, 12, 1), 5)
    assert [(s.kind, s.ends_on) for s in specs] == [
        ("yearly", D(2024, 12, 14)), ("six_monthly", D(2025, 6, 14)), ("yearly", D(2025, 12, 14)),
    ]  # fmt: skip
    assert specs[1].due_on == D(2025, 6, 19)


def test_due_date_may_fall_in_the_next_year():
    (spec,) = regular_periods("yearly", D(2026, 3, 1), D(2026, 3, 1), 20)
    assert spec.due_on == D(2027, 1, 3)


def test_reviews_after_five_and_ten_years_and_leap_days():
    assert default_reviews(D(2024, 4, 17)) == (D(2029, 4, 17), D(2034, 4, 17))
    assert add_years(D(2024, 2, 29), 5) == D(2029, 2, 28)


def test_plan_periods_end_with_the_final_review():
    specs = plan_periods("yearly", D(2024, 4, 17), 6, D(2029, 4, 17), D(2034, 4, 17))
    kinds = [s.kind for s in specs]
    assert kinds.count("yearly") == 11  # reporting years 2024 … 2034
    assert specs[-1].ends_on == D(2034, 12, 14)
    review = next(s for s in specs if s.kind == "mid_term_review")
    assert (review.starts_on, review.due_on) == (D(2024, 4, 17), D(2029, 4, 17))


@pytest.mark.django_db
def test_saved_plan_keeps_its_periods_in_step(make_plan, coordinator):
    from trithuc.plans.services import save_plan

    plan = make_plan(reporting_frequency="six_monthly")
    assert plan.periods.filter(kind="six_monthly").first().ends_on == D(2024, 6, 14)
    assert plan.periods.filter(kind="mid_term_review").get().due_on == D(2029, 4, 17)
    plan.due_days_after_cutoff = 10
    plan.reporting_frequency = "yearly"
    save_plan(plan, actor=coordinator)
    assert not plan.periods.filter(kind="six_monthly").exists()
    assert plan.periods.filter(kind="yearly", ends_on=D(2026, 12, 14)).get().due_on == D(
        2026, 12, 24
    )
