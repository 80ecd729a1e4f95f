"""Retirements in the model follow the roadmap's table (trithuc/lib/tests/test_retirement.py
checks the dates themselves), and the Decree 50/2022 extension is an option."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from trithuc.forecasts.model import Cohorts, Options, rows, run

START = dt.date(2020, 1, 1)


def cohorts() -> Cohorts:
    # Rows: a man born 01/1961 (retires 04/2021), a man born 05/1970 (05/2032), a woman
    # born 05/1980 (60 years, 05/2040); the second is a doctor, the others bachelors.
    return Cohorts(
        levels=["bachelor", "doctor"], units=["01273"], sectors=["health"],
        unit=np.zeros(3, dtype=int), sector=np.zeros(3, dtype=int), gender=np.array([0, 0, 1]),
        birth_month=np.array([1961 * 12, 1970 * 12 + 4, 1980 * 12 + 4]),
        titled=np.array([False, False, False]), train_year=np.zeros(3, dtype=int),
        train_level=np.full(3, -1), stock=np.array([[1.0, 0], [0, 1.0], [1.0, 0]]),
    )  # fmt: skip


def retirements_by_year(extension: bool) -> dict[int, float]:
    result = run(cohorts(), Options(start=START, to_year=2045, extension=extension), by=[])
    return {r["year"]: r["retirements"] for r in rows(result) if r["retirements"]}


def test_retirements_fall_in_the_roadmaps_years() -> None:
    # A step ends on 1 January: 04/2021 falls in the step ending 1 January 2022.
    assert retirements_by_year(False) == {2022: 1.0, 2033: 1.0, 2041: 1.0}


def test_the_extension_keeps_a_doctor_five_years_longer() -> None:
    assert retirements_by_year(True) == {2022: 1.0, 2038: 1.0, 2041: 1.0}


def test_stock_is_what_remains() -> None:
    result = run(cohorts(), Options(start=START, to_year=2045), by=[])
    stock = {r["year"]: r["stock"] for r in rows(result)}
    assert [stock[y] for y in (2020, 2021, 2022, 2032, 2033, 2040, 2041)] == pytest.approx(
        [3, 3, 2, 2, 1, 1, 0]
    )
