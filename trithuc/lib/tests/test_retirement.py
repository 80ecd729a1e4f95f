"""Retirement dates against the public examples of Decree 135/2020 (Appendix I)."""

import datetime as dt

import pytest

from trithuc.lib.retirement import (
    add_months,
    retirement_age,
    retirement_age_months,
    retirement_date,
)


def test_ages_by_year() -> None:
    assert retirement_age_months(2020, "male") == 720
    assert retirement_age_months(2021, "male") == 723
    assert retirement_age_months(2028, "male") == 744
    assert retirement_age_months(2040, "male") == 744
    assert retirement_age_months(2019, "female") == 660
    assert retirement_age_months(2021, "female") == 664
    assert retirement_age_months(2035, "female") == 720
    assert retirement_age_months(2050, "female") == 720
    with pytest.raises(ValueError):
        retirement_age_months(2021, "other")


# (birth year, birth month, gender, expected age (years, months), retirement year, month)
CASES = [
    # Public examples: man born 01/1961 → 60y3m → 04/2021; man born 05/1970 → 62y → 05/2032.
    (1961, 1, "male", (60, 3), 2021, 4),
    (1970, 5, "male", (62, 0), 2032, 5),
    # Men, Appendix I.
    (1960, 12, "male", (60, 0), 2020, 12),
    (1961, 9, "male", (60, 3), 2021, 12),
    (1961, 10, "male", (60, 6), 2022, 4),
    (1962, 6, "male", (60, 6), 2022, 12),
    (1962, 7, "male", (60, 9), 2023, 4),
    (1963, 3, "male", (60, 9), 2023, 12),
    (1963, 4, "male", (61, 0), 2024, 4),
    (1963, 12, "male", (61, 0), 2024, 12),
    (1964, 1, "male", (61, 3), 2025, 4),
    (1964, 9, "male", (61, 3), 2025, 12),
    (1964, 10, "male", (61, 6), 2026, 4),
    (1965, 6, "male", (61, 6), 2026, 12),
    (1965, 7, "male", (61, 9), 2027, 4),
    (1966, 3, "male", (61, 9), 2027, 12),
    (1966, 4, "male", (62, 0), 2028, 4),
    (1980, 2, "male", (62, 0), 2042, 2),
    # Women, Appendix I.
    (1965, 12, "female", (55, 0), 2020, 12),
    (1966, 1, "female", (55, 4), 2021, 5),
    (1966, 8, "female", (55, 4), 2021, 12),
    (1966, 9, "female", (55, 8), 2022, 5),
    (1967, 4, "female", (55, 8), 2022, 12),
    (1967, 5, "female", (56, 0), 2023, 5),
    (1967, 12, "female", (56, 0), 2023, 12),
    (1968, 1, "female", (56, 4), 2024, 5),
    (1968, 8, "female", (56, 4), 2024, 12),
    (1968, 9, "female", (56, 8), 2025, 5),
    (1969, 4, "female", (56, 8), 2025, 12),
    (1969, 5, "female", (57, 0), 2026, 5),
    (1970, 1, "female", (57, 4), 2027, 5),
    (1970, 9, "female", (57, 8), 2028, 5),
    (1971, 5, "female", (58, 0), 2029, 5),
    (1972, 1, "female", (58, 4), 2030, 5),
    (1972, 9, "female", (58, 8), 2031, 5),
    (1973, 5, "female", (59, 0), 2032, 5),
    (1974, 1, "female", (59, 4), 2033, 5),
    (1974, 8, "female", (59, 4), 2033, 12),
    (1974, 9, "female", (59, 8), 2034, 5),
    (1975, 4, "female", (59, 8), 2034, 12),
    (1975, 5, "female", (60, 0), 2035, 5),
    (1990, 10, "female", (60, 0), 2050, 10),
]


@pytest.mark.parametrize(("year", "month", "gender", "age", "ret_year", "ret_month"), CASES)
def test_appendix_i(
    year: int, month: int, gender: str, age: tuple[int, int], ret_year: int, ret_month: int
) -> None:
    for day in (1, 15, 28):
        birth = dt.date(year, month, day)
        retired = retirement_date(birth, gender)
        assert (retired.year, retired.month) == (ret_year, ret_month)
        assert retired == add_months(dt.date(ret_year, ret_month, 1), 1) - dt.timedelta(days=1)
        assert retirement_age(birth, gender) == age


def test_before_the_roadmap() -> None:
    # Reached the age before 2021: 60 for men, 55 for women.
    assert retirement_date(dt.date(1955, 2, 14), "male") == dt.date(2015, 2, 28)
    assert retirement_date(dt.date(1960, 7, 31), "female") == dt.date(2015, 7, 31)


def test_add_months_clamps() -> None:
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2024, 12, 15), 2) == dt.date(2025, 2, 15)
    assert add_months(dt.date(2024, 3, 15), -3) == dt.date(2023, 12, 15)
