"""The sparse, merged model agrees with a plain reference: every cohort and every hire
cohort of every unit simulated one by one, level by level, in Python loops, following
the steps the model's docstring describes. Random cohorts with training, titles and the
extension, grouped several ways."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import numpy as np
import pytest

from trithuc.forecasts.model import (
    AGE_BANDS,
    FIGURES,
    GENDERS,
    MAX_EXTENSION_MONTHS,
    Cohorts,
    Extra,
    Options,
    Rates,
    month_index,
    rows,
    run,
)
from trithuc.lib.retirement import retirement_month

LEVELS = ["college", "bachelor", "master", "doctor", "doctor_of_science"]
START = dt.date(2025, 6, 30)


def random_case(seed: int) -> tuple[Cohorts, Rates]:
    rng = np.random.default_rng(seed)
    n, n_u, n_s, n_l = 60, 3, 3, len(LEVELS)
    train_year = np.where(rng.random(n) < 0.2, rng.integers(2024, 2031, n), 0)
    level = rng.integers(0, 3, n)
    stock = np.zeros((n, n_l))
    stock[np.arange(n), level] = rng.integers(1, 6, n)
    stock[np.arange(n), level + 1] += rng.integers(0, 3, n)
    c = Cohorts(
        levels=LEVELS, units=["01273", "01279", "20"], sectors=["education", "health", "trade"],
        unit=rng.integers(0, n_u, n), sector=rng.integers(0, n_s, n), gender=rng.integers(0, 2, n),
        birth_month=rng.integers(1962 * 12, 2000 * 12, n), titled=rng.random(n) < 0.1,
        train_year=train_year, train_level=np.where(train_year > 0, np.minimum(level + 2, 4), -1),
        stock=stock,
    )  # fmt: skip
    upgrade = np.zeros((n_s, n_l, n_l))
    for a, b in ((0, 1), (1, 2), (1, 3), (2, 3), (3, 4)):
        upgrade[:, a, b] = rng.uniform(0.01, 0.08, n_s)
    rates = Rates(leave=rng.uniform(0.0, 0.06, (n_s, n_l)), hire=rng.uniform(0, 0.02, (n_s, n_l)),
                  upgrade=upgrade, hire_age_months=rng.integers(280, 400, n_l).astype(float),
                  hire_female_share=rng.uniform(0.2, 0.8, (n_s, n_l)))  # fmt: skip
    rates.hire[1, 4] = 0.0
    return c, rates


def band(age: int) -> str:
    for limit, name in AGE_BANDS:
        if age < limit:
            return name
    return "60_and_over"


def retire_last(birth: int, gender: int) -> int:
    year, month = retirement_month(dt.date(birth // 12, birth % 12 + 1, 1), GENDERS[gender])
    return year * 12 + month - 1


def reference(c: Cohorts, options: Options, rates: Rates, extra: Extra | None) -> dict:
    """{(year, unit, sector, level, gender, band): [figures]} by simple loops."""
    m0, n_l = month_index(options.start), len(c.levels)
    eligible = [code in options.eligible_levels for code in c.levels]
    people = [
        {"u": int(c.unit[i]), "s": int(c.sector[i]), "g": int(c.gender[i]),
         "birth": int(c.birth_month[i]), "titled": bool(c.titled[i]),
         "ty": int(c.train_year[i]), "tl": int(c.train_level[i]), "v": c.stock[i].astype(float).copy()}
        for i in range(len(c.unit))
    ]  # fmt: skip
    start_stock = np.bincount(c.sector, c.stock.sum(axis=1), minlength=len(c.sectors))
    place = np.zeros((len(c.units), len(c.sectors)))
    for p in people:
        place[p["u"], p["s"]] += p["v"].sum()
    share = place / place.sum(axis=0)
    out: dict = defaultdict(lambda: np.zeros(len(FIGURES)))

    def add(k: int, p: dict, figure: int, values: np.ndarray) -> None:
        age = (m0 + 12 * k - p["birth"]) // 12
        for lv in range(n_l):
            if values[lv]:
                key = (options.start.year + k, p["u"], p["s"], lv, p["g"], band(age))
                out[key][figure] += values[lv]

    for p in people:
        add(0, p, 0, p["v"])
    for k in range(1, options.to_year - options.start.year + 1):
        year, end = options.start.year + k, m0 + 12 * k
        # Hires: per person of the stock at the step's start.
        sector_stock = np.zeros(len(c.sectors))
        for p in people:
            sector_stock[p["s"]] += p["v"].sum()
        for p in people:
            v = p["v"]
            leavers = v * rates.leave[p["s"]]
            v -= leavers
            moves = np.zeros((n_l, n_l))
            waiting = p["ty"] > 0 and p["tl"] >= 0 and p["ty"] > year
            if not waiting:
                moves = v[:, None] * rates.upgrade[p["s"]]
            up_out, up_in = moves.sum(axis=1), moves.sum(axis=0)
            v += up_in - up_out
            due = p["ty"] > 0 and p["tl"] >= 0 and max(p["ty"] - options.start.year, 1) == k
            if due:
                moved = v[: p["tl"]].copy()
                v[: p["tl"]] = 0
                v[p["tl"]] += moved.sum()
                up_out[: p["tl"]] += moved
                up_in[p["tl"]] += moved.sum()
            last = retire_last(p["birth"], p["g"])
            lasts = np.array([last + (MAX_EXTENSION_MONTHS if options.extension
                                      and (eligible[lv] or p["titled"]) else 0)
                              for lv in range(n_l)])  # fmt: skip
            retired = np.where(lasts < end, v, 0.0)
            v -= retired
            for figure, values in ((1, retired), (2, leavers), (4, up_in), (5, up_out)):
                add(k, p, figure, values)
        for s in range(len(c.sectors)):
            hired = sector_stock[s] * rates.hire[s]
            if extra is not None:
                hired = hired + extra.hires[k, s]
            weights = start_stock[s] * rates.hire[s] + (extra.hires[k, s] if extra else 0)
            age = round(float((weights * rates.hire_age_months).sum() / weights.sum()))
            for u in range(len(c.units)):
                for g, part in (
                    (0, 1 - rates.hire_female_share[s]),
                    (1, rates.hire_female_share[s]),
                ):
                    v = hired * share[u, s] * part
                    new = {"u": u, "s": s, "g": g, "birth": end - age, "titled": False,
                           "ty": 0, "tl": -1, "v": v}  # fmt: skip
                    people.append(new)
                    add(k, new, 3, v)
        for p in people:
            add(k, p, 0, p["v"])
    return out


def flatten(result: list[dict], by: list[str]) -> dict:
    return {(r["year"], *(r[name] for name in by)): [r[f] for f in FIGURES] for r in result}


def regroup(ref: dict, c: Cohorts, by: list[str]) -> dict:
    names = {"unit": lambda k: c.units[k[1]], "sector": lambda k: c.sectors[k[2]],
             "education_level": lambda k: c.levels[k[3]], "gender": lambda k: GENDERS[k[4]],
             "age_band": lambda k: k[5]}  # fmt: skip
    out: dict = defaultdict(lambda: np.zeros(len(FIGURES)))
    for key, values in ref.items():
        out[(key[0], *(names[name](key) for name in by))] += values
    return out


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("extension", [False, True])
@pytest.mark.parametrize(
    "by",
    [["unit", "sector", "education_level"], ["age_band", "gender"], ["education_level", "unit"]],
)
def test_model_matches_the_reference(seed: int, extension: bool, by: list[str]) -> None:
    c, rates = random_case(seed)
    options = Options(start=START, to_year=2045, extension=extension)
    expected = regroup(reference(c, options, rates, None), c, by)
    got = flatten(rows(run(c, options, rates, by=by)), by)
    for key, values in expected.items():
        if np.abs(values).sum() > 0.01:
            assert got[key] == pytest.approx(values, abs=0.011), key
    for key, values in got.items():
        assert np.abs(expected.get(key, np.zeros(6)) - values).max() < 0.011, key


def test_extra_hires_are_added_as_counts() -> None:
    c, rates = random_case(3)
    options = Options(start=START, to_year=2040)
    extra = Extra.zeros(16, len(c.sectors), len(c.levels))
    extra.hires[1:6, 0, 2] = 4.0  # four masters a year in education, 2026–2030
    by = ["unit", "sector", "education_level"]
    expected = regroup(reference(c, options, rates, extra), c, by)
    got = flatten(rows(run(c, options, rates, by=by, extra=extra)), by)
    for key, values in expected.items():
        if np.abs(values).sum() > 0.01:
            assert got[key] == pytest.approx(values, abs=0.011), key
    hired = sum(v[3] for k, v in got.items() if k[2] == "education" and k[3] == "master")
    base = flatten(rows(run(c, options, rates, by=by)), by)
    before = sum(v[3] for k, v in base.items() if k[2] == "education" and k[3] == "master")
    # 20 people, and the rate-based hires the larger stock brings.
    assert 20.0 <= hired - before < 25.0
