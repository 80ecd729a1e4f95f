"""The filter language: checking, macros, SQL fragments; built-ins are sound."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from trithuc.indicators.definitions import (
    Condition,
    DefinitionError,
    check_indicator,
    filter_sql,
    parse_filter,
    years_before,
)
from trithuc.indicators.models import Indicator

pytestmark = pytest.mark.django_db
PARSER_NAMES = {
    "share_university_or_higher", "share_masters", "share_postgraduate", "phd_trained_count",
    "share_trained_to_standard", "share_continuous_training",
    "share_qualification_matching_job_position", "share_leaders_under_40",
    "intellectuals_count_ratio",
}  # fmt: skip


def test_builtins_cover_every_parser_name_and_the_extra_three():
    codes = set(Indicator.objects.filter(is_builtin=True).values_list("code", flat=True))
    assert codes >= PARSER_NAMES
    assert {"share_women", "share_ethnic_minorities", "experts_count"} <= codes


def test_the_parser_names_are_the_parsers_closed_list():
    from trithuc.lib.plan_parser import targets

    source = Path(targets.__file__).read_text(encoding="utf-8")
    for name in PARSER_NAMES:
        assert f'"{name}"' in source


def test_every_builtin_definition_is_sound():
    for indicator in Indicator.objects.filter(is_builtin=True):
        errors = check_indicator(
            indicator.kind, indicator.population, indicator.numerator, indicator.event_filter
        )
        assert errors == {}, (indicator.code, errors)


def test_macros_expand_and_sector_placeholder_is_dropped():
    flt = parse_filter({"employment_type__in": "@state_staff", "sector": "{sector}"})
    assert flt.uses_sector
    assert flt.conditions == (
        Condition("employment_type", "in", ["cadre", "civil_servant", "public_employee"]),
    )


def test_education_levels_compare_by_rank():
    flt = parse_filter({"education_level__gte": "master"})
    assert flt.conditions[0].op == "in"
    assert flt.conditions[0].value[0] == "master"
    assert "bachelor" not in flt.conditions[0].value
    assert "doctor_of_science" in flt.conditions[0].value


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"salary": 1}, "Trường 'salary'"),
        ({"sector__like": "x"}, "Phép so sánh"),
        ({"sector": "space"}, "mã không có trong danh mục"),
        ({"gender__in": "female"}, "cần một danh sách"),
        ({"age__lt": "40"}, "số nguyên"),
        ({"is_leader": "yes"}, "true hoặc false"),
        ({"sector__gte": "health"}, "lớn/nhỏ"),
        ({"gender": "{sector}"}, "{sector}"),
        ({"ethnicity__in": "@nobody"}, "Không có danh sách"),
        ([1, 2], "đối tượng JSON"),
    ],
)
def test_bad_filters_are_refused_in_vietnamese(raw, message):
    with pytest.raises(DefinitionError, match=message):
        parse_filter(raw)


def test_check_indicator_reports_by_field():
    assert "numerator" in check_indicator("share", {}, {}, {})
    assert "event_filter" in check_indicator("events", {}, {}, {})
    assert "population" in check_indicator("events", {"age__lt": 40}, {}, {"level": "doctor"})
    assert check_indicator("reported", {}, {}, {}) == {}
    assert check_indicator("count", {"is_expert": True}, {}, {}) == {}


def test_age_is_whole_years_on_the_day():
    day = dt.date(2026, 11, 22)
    sql, params = filter_sql(parse_filter({"age__lt": 40}), day)
    assert sql == "p.birth_date > %s"
    assert params == [dt.date(1986, 11, 22)]
    assert years_before(dt.date(2024, 2, 29), 41) == dt.date(1983, 2, 28)


def test_values_are_parameters_never_sql():
    sql, params = filter_sql(parse_filter({"employer": "x'; DROP TABLE people_person; --"}), None)
    assert "DROP" not in sql
    assert params == ["x'; DROP TABLE people_person; --"]
