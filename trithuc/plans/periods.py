"""Reporting periods of Decree 09/2019/NĐ-CP, Art. 12 (pure date arithmetic).

The yearly report covers 15/12 of the previous year to 14/12; the six-monthly report
15/12 of the previous year to 14/06. A period is named by its "reporting year": the
year its cut-off falls in, so 20/12/2025 already belongs to the reporting year 2026.
Party plans add the 5-year mid-term review (sơ kết) and 10-year final review (tổng kết).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

CUTOFF_DAY = 14
START_DAY = 15


@dataclass(frozen=True)
class PeriodSpec:
    kind: str  # six_monthly, yearly, mid_term_review, final_review
    starts_on: dt.date
    ends_on: dt.date
    due_on: dt.date


def reporting_year(day: dt.date) -> int:
    """The reporting year a day belongs to: from 15/12 on, the next calendar year."""
    if (day.month, day.day) >= (12, START_DAY):
        return day.year + 1
    return day.year


def yearly_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year - 1, 12, START_DAY), dt.date(year, 12, CUTOFF_DAY)


def six_monthly_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year - 1, 12, START_DAY), dt.date(year, 6, CUTOFF_DAY)


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def default_reviews(issued_on: dt.date) -> tuple[dt.date, dt.date]:
    """Mid-term review after 5 years, final review after 10 (the usual Party cycle)."""
    return add_years(issued_on, 5), add_years(issued_on, 10)


def regular_periods(
    frequency: str, issued_on: dt.date, until: dt.date, due_days: int
) -> list[PeriodSpec]:
    """The six-monthly and yearly periods a plan issued on `issued_on` is followed in,
    up to the period containing `until`. A six-monthly period whose cut-off came
    before the plan was issued is left out."""
    due = dt.timedelta(days=due_days)
    specs: list[PeriodSpec] = []
    for year in range(reporting_year(issued_on), reporting_year(until) + 1):
        if frequency == "six_monthly":
            start, end = six_monthly_bounds(year)
            if end >= issued_on:
                specs.append(PeriodSpec("six_monthly", start, end, end + due))
        start, end = yearly_bounds(year)
        specs.append(PeriodSpec("yearly", start, end, end + due))
    return specs


def plan_periods(
    frequency: str,
    issued_on: dt.date,
    due_days: int,
    mid_term_review_on: dt.date | None,
    final_review_on: dt.date | None,
) -> list[PeriodSpec]:
    """Every period of a plan: the regular ones until the final review (ten years when
    none is set) and the two reviews, ordered by cut-off."""
    until = final_review_on or add_years(issued_on, 10)
    specs = regular_periods(frequency, issued_on, until, due_days)
    for kind, day in (("mid_term_review", mid_term_review_on), ("final_review", final_review_on)):
        if day is not None:
            specs.append(PeriodSpec(kind, issued_on, day, day))
    return sorted(specs, key=lambda s: (s.ends_on, s.kind))
