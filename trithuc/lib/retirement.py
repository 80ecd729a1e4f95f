"""The statutory retirement date under normal working conditions.

Labour Code 2019 Art. 169 and Decree 135/2020/NĐ-CP (Art. 4, Appendix I): from 2021 the
retirement age rises every calendar year, for men by 3 months a year from 60 years
(2020) to 62 years (2028), for women by 4 months a year from 55 years (2020) to 60 years
(2035). A person retires at the age in force in the calendar year in which they reach
it; employment ends at the end of that month and the pension starts the next month.

Earlier retirement (Decree 135 Art. 5) and later retirement (Decree 50/2022 for
professors, doctors and specialists level II) are choices made case by case, so they are
not applied here: callers add an extension where they model one.

No Django here: forecasts, the demo generator and tests all call these functions.
"""

from __future__ import annotations

import calendar
import datetime as dt

MALE = "male"
FEMALE = "female"
# Decree 50/2022/NĐ-CP: up to 5 years later for eligible public employees.
MAX_EXTENSION_MONTHS = 60


def retirement_age_months(year: int, gender: str) -> int:
    """The retirement age, in months, in force in calendar `year`."""
    steps = max(year - 2020, 0)
    if gender == MALE:
        return 720 + 3 * min(steps, 8)
    if gender == FEMALE:
        return 660 + 4 * min(steps, 15)
    raise ValueError(f"unknown gender {gender!r} (expected 'male' or 'female')")


def _month_index(year: int, month: int) -> int:
    return year * 12 + (month - 1)


def _from_index(index: int) -> tuple[int, int]:
    return index // 12, index % 12 + 1


def end_of_month(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def retirement_month(birth_date: dt.date, gender: str) -> tuple[int, int]:
    """(year, month) in which the person reaches the retirement age in force that year.

    Year by year from long before: the first calendar year Y in which the birth month
    plus the age of year Y falls. The age rises by less than 12 months a year, so the
    month reached never jumps over the year being tested.
    """
    birth = _month_index(birth_date.year, birth_date.month)
    for year in range(birth_date.year + 50, birth_date.year + 70):
        reached_year, reached_month = _from_index(birth + retirement_age_months(year, gender))
        if reached_year <= year:
            return reached_year, reached_month
    raise AssertionError("unreachable: the retirement age is below 70 years")


def retirement_date(birth_date: dt.date, gender: str) -> dt.date:
    """The last day of work: the end of the month in which the retirement age is reached.

    The person counts as retired from the next day (the pension starts that month).
    """
    return end_of_month(*retirement_month(birth_date, gender))


def retirement_age(birth_date: dt.date, gender: str) -> tuple[int, int]:
    """The retirement age that applies to this person, as (years, months)."""
    year, _ = retirement_month(birth_date, gender)
    months = retirement_age_months(year, gender)
    return months // 12, months % 12


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months, clamped to the end of a shorter month."""
    year, month = _from_index(_month_index(day.year, day.month) + months)
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
