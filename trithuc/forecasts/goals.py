"""A target of a plan as a model `Goal`, when its indicator counts what the model holds.

The model knows each person's unit, sector, gender and education level year by year; a
population narrowed further by employment type is loaded as its own cohorts. So a share
or count whose population and numerator use only `employment_type` (population),
`sector`, `gender` and `education_level`/`education_rank` is forecast; every other
definition (age, training flags, ethnicity…, events, ratios, reported figures) says why
not, and the dashboard keeps its trend line for it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.utils.translation import gettext as _

from trithuc.codelists.services import codes, rank
from trithuc.forecasts.cohorts import Population
from trithuc.forecasts.model import GENDERS, Cohorts
from trithuc.forecasts.needed import Goal
from trithuc.indicators.definitions import Condition, DefinitionError, parse_filter
from trithuc.indicators.models import Target

POPULATION_FIELDS = {"employment_type", "sector", "gender", "education_level", "education_rank"}
NUMERATOR_FIELDS = {"education_level", "education_rank"}
FORECAST_KINDS = ("share", "count")


@dataclass(frozen=True)
class Plan:
    """What the model needs of a target, before any cohort is loaded."""

    target: Target
    employment_types: tuple[str, ...] | None
    sectors: tuple[str, ...] | None  # None: every sector
    genders: tuple[str, ...]
    population: tuple[Condition, ...]  # conditions on the level
    numerator: tuple[Condition, ...]

    def population_key(self, provinces: tuple[str, ...], units: tuple[str, ...]) -> Population:
        return Population(provinces, units, self.employment_types)

    def goal(self, cohorts: Cohorts) -> Goal:
        t = self.target
        sectors = np.array([self.sectors is None or code in self.sectors
                            for code in cohorts.sectors], dtype=bool)  # fmt: skip
        genders = np.array([code in self.genders for code in GENDERS])
        ranks = np.array([rank("education_level", code) or 0 for code in cohorts.levels])
        population = _levels(self.population, ranks)
        numerator = population & _levels(self.numerator, ranks)
        # A master's degree is studied for from a bachelor's, a bachelor's from anything
        # below it: upgrades into a postgraduate level come from the university levels.
        counted = ranks[numerator]
        bachelor = rank("education_level", "bachelor") or 0
        sources = None
        if len(counted) and counted.min() > bachelor:
            sources = ranks >= bachelor
        return Goal(key=str(t.pk), year=t.year, comparator=t.comparator, value=float(t.value),
                    share=t.indicator.kind == "share", sectors=sectors, genders=genders,
                    population=population, numerator=numerator, sources=sources)  # fmt: skip


class NotForecast(ValueError):
    """Why a target has no model forecast, in words for the reader."""


def plan_for(target: Target) -> Plan:
    indicator = target.indicator
    if indicator is None:
        raise NotForecast(_("Mục tiêu chưa gán vào chỉ tiêu nào."))
    if indicator.kind not in FORECAST_KINDS:
        raise NotForecast(_("Chỉ tiêu loại này không dự báo bằng mô hình dòng vào – dòng ra; "
                            "xu thế từ các năm trước được giữ để tham khảo."))  # fmt: skip
    try:
        population = parse_filter(indicator.population)
        numerator = parse_filter(indicator.numerator)
    except DefinitionError as exc:
        raise NotForecast(str(exc)) from exc
    others = (population.fields - POPULATION_FIELDS) | (numerator.fields - NUMERATOR_FIELDS)
    if others:
        raise NotForecast(
            _("Mô hình dự báo không theo dõi: %(fields)s; xu thế từ các năm trước được giữ "
              "để tham khảo.") % {"fields": ", ".join(sorted(others))}
        )  # fmt: skip
    types: tuple[str, ...] | None = None
    sectors: tuple[str, ...] | None = None
    genders: tuple[str, ...] = GENDERS
    levels = []
    for condition in population.conditions:
        values = _values(condition)
        if condition.field == "employment_type":
            types = _narrow(types, values, condition.op, _all_types())
        elif condition.field == "sector":
            sectors = _narrow(sectors, values, condition.op, None)
        elif condition.field == "gender":
            genders = _narrow(genders, values, condition.op, GENDERS) or ()
        else:
            levels.append(condition)
    if target.sector:
        sectors = tuple(s for s in (sectors or (target.sector,)) if s == target.sector)
    if types is not None:
        types = tuple(t for t in types if t != "retired")
    return Plan(target, types, sectors, genders, tuple(levels), numerator.conditions)


def _values(condition: Condition) -> tuple[str, ...]:
    value = condition.value
    return tuple(value) if isinstance(value, list | tuple) else (value,)


def _narrow(current: tuple[str, ...] | None, values: tuple[str, ...], op: str,
            every: tuple[str, ...] | None) -> tuple[str, ...] | None:  # fmt: skip
    if op == "not_in":
        if every is None:
            raise NotForecast(_("Mô hình dự báo không đọc được điều kiện “khác” theo lĩnh vực."))
        chosen = tuple(v for v in (current or every) if v not in values)
    else:
        chosen = tuple(v for v in values if current is None or v in current)
    return chosen


def _all_types() -> tuple[str, ...]:
    return tuple(codes("employment_type"))


def _levels(conditions: tuple[Condition, ...], ranks: np.ndarray) -> np.ndarray:
    """Which levels (by rank) satisfy every condition on the level."""
    mask = np.ones(len(ranks), dtype=bool)
    for condition in conditions:
        values = _values(condition)
        if condition.field == "education_level":
            wanted = np.array([rank("education_level", v) or 0 for v in values])
        else:
            wanted = np.array([int(v) for v in values])
        op = condition.op
        if op in ("eq", "in"):
            mask &= np.isin(ranks, wanted)
        elif op == "not_in":
            mask &= ~np.isin(ranks, wanted)
        else:
            bound = wanted[0]
            mask &= {"lt": ranks < bound, "lte": ranks <= bound, "gt": ranks > bound,
                     "gte": ranks >= bound}[op]  # fmt: skip
    return mask
