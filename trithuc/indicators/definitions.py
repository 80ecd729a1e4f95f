"""The filter language of indicator definitions: JSON over a person as of a date.

A filter is a JSON object; every key is `field` or `field__lookup`, and every condition
must hold. The fields are what the registry knows of a person on the date counted:

- from the employment period in force that day: `workplace_unit`, `province_code`,
  `sector`, `employment_type`, `position`, `is_leader`, `employer`, `agency` (id);
- from the degrees awarded by that day: `education_level` (compared by rank, so
  `education_level__gte: "bachelor"` means bachelor or above) and `education_rank`;
- from the birth date: `age` (whole years on that day: someone who turns 40 that day
  is 40, not under 40);
- from the training flags stated for the year counted (`people.TrainingYear`):
  `upskilled_to_standard` (as last stated by that year), `continuing_education` (that
  year's);
- from the profile as it is now (the registry keeps no history of these): `gender`,
  `ethnicity`, `religion`, `academic_title`, `political_theory_level`, `party_member`,
  `in_training`, `expert_field`, `is_expert` (an expert field is filled).

Lookups: none (equals), `in`, `not_in`, `ne`, and `lt`, `lte`, `gt`, `gte` for `age`,
`education_rank` and `education_level`. A value may name a list: `@state_staff`
(cadres, civil servants, public employees: a plan's "cán bộ, công chức, viên chức"),
`@civil_and_public_servants` (a plan's "công chức, viên chức"), `@university_or_higher`, `@postgraduate`,
`@doctorate`, `@ethnic_minority`. `"sector": "{sector}"` stands for the target's sector
and is dropped for a target set for every sector; a target's sector always limits the
people counted. An events indicator's `event_filter` uses the degree's `level`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from trithuc.codelists.services import (
    codes,
    codes_at_or_above,
    ethnic_minority_codes,
    postgraduate_levels,
    rank,
    university_or_higher_levels,
)
from trithuc.people.counting import CONTINUING, LEVEL_RANK, UPSKILLED

SECTOR_PLACEHOLDER = "{sector}"

EMPLOYMENT_COLUMNS = {
    "workplace_unit": "e.workplace_unit",
    "province_code": "e.province_code",
    "sector": "e.sector",
    "employment_type": "e.employment_type",
    "position": "e.position",
    "is_leader": "e.is_leader",
    "employer": "e.employer",
    "agency": "e.agency_id",
}
PERSON_COLUMNS = {
    name: f"p.{name}"
    for name in (
        "gender", "ethnicity", "religion", "academic_title", "political_theory_level",
        "party_member", "in_training", "expert_field",
    )
}  # fmt: skip
# Stated per year (people.counting): the flags of the year counted.
TRAINING_COLUMNS = {"upskilled_to_standard": UPSKILLED, "continuing_education": CONTINUING}
BOOLEAN_FIELDS = {
    "is_leader", "party_member", "upskilled_to_standard", "continuing_education", "is_expert",
}  # fmt: skip
ORDERED_FIELDS = {"age", "education_rank", "education_level"}
DERIVED_FIELDS = {"education_level", "education_rank", "age", "is_expert"}
FRAME_FIELDS = (
    set(EMPLOYMENT_COLUMNS) | set(PERSON_COLUMNS) | set(TRAINING_COLUMNS) | DERIVED_FIELDS
)
EVENT_FIELDS = {"level"}
# Event indicators attribute a degree to the job held on the day it was awarded; the
# fields that would need that day's age or degrees are not available there.
EVENT_POPULATION_FIELDS = FRAME_FIELDS - {
    "education_level",
    "education_rank",
    "age",
    *TRAINING_COLUMNS,
}
LOOKUPS = {"", "in", "not_in", "ne", "lt", "lte", "gt", "gte"}
CODED_FIELDS = {
    "sector": "sector", "employment_type": "employment_type", "gender": "gender",
    "ethnicity": "ethnicity", "education_level": "education_level", "level": "education_level",
    "academic_title": "academic_title", "political_theory_level": "political_theory_level",
    "in_training": "in_training",
}  # fmt: skip


def _state_staff() -> list[str]:
    return ["cadre", "civil_servant", "public_employee"]


def _civil_and_public_servants() -> list[str]:
    return ["civil_servant", "public_employee"]


def _university() -> list[str]:
    return university_or_higher_levels()


def _postgraduate() -> list[str]:
    return postgraduate_levels()


def _doctorate() -> list[str]:
    return codes_at_or_above("education_level", "doctor")


def _minorities() -> list[str]:
    return ethnic_minority_codes()


MACROS: dict[str, Callable[[], list[str]]] = {
    "@state_staff": _state_staff,
    "@civil_and_public_servants": _civil_and_public_servants,
    "@university_or_higher": _university,
    "@postgraduate": _postgraduate,
    "@doctorate": _doctorate,
    "@ethnic_minority": _minorities,
}


class DefinitionError(ValueError):
    pass


@dataclass(frozen=True)
class Condition:
    field: str
    op: str  # eq, in, not_in, lt, lte, gt, gte
    value: Any


@dataclass(frozen=True)
class Filter:
    conditions: tuple[Condition, ...]
    uses_sector: bool = False

    @property
    def fields(self) -> set[str]:
        return {condition.field for condition in self.conditions}


def expand(value: Any) -> Any:
    """A macro name replaced by its list; anything else unchanged."""
    if isinstance(value, str) and value.startswith("@"):
        try:
            return list(MACROS[value]())
        except KeyError:
            names = ", ".join(sorted(MACROS))
            raise DefinitionError(f"Không có danh sách '{value}'. Có thể dùng: {names}.") from None
    return value


def parse_filter(
    raw: Mapping[str, Any] | None, *, allowed: set[str] = FRAME_FIELDS, sector_ok: bool = True
) -> Filter:
    """Check a JSON filter and put it in a normal form (macros expanded)."""
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise DefinitionError('Bộ lọc phải là một đối tượng JSON, ví dụ {"sector": "health"}.')
    conditions: list[Condition] = []
    uses_sector = False
    for key, value in raw.items():
        name, _, lookup = str(key).partition("__")
        if name not in allowed:
            raise DefinitionError(
                f"Trường '{name}' không dùng được ở đây. Có thể dùng: {', '.join(sorted(allowed))}."
            )
        if lookup not in LOOKUPS:
            raise DefinitionError(f"Phép so sánh '{lookup}' không có; dùng: in, not_in, ne, lt…")
        if value == SECTOR_PLACEHOLDER:
            if name != "sector" or lookup or not sector_ok:
                raise DefinitionError('\'{sector}\' chỉ dùng như {"sector": "{sector}"}.')
            uses_sector = True
            continue
        conditions.append(_condition(name, lookup, expand(value)))
    return Filter(tuple(conditions), uses_sector)


def _condition(name: str, lookup: str, value: Any) -> Condition:
    if lookup in {"lt", "lte", "gt", "gte"} and name not in ORDERED_FIELDS:
        raise DefinitionError(f"'{name}__{lookup}': chỉ so sánh lớn/nhỏ với tuổi và trình độ.")
    if lookup in {"in", "not_in"} and not isinstance(value, list):
        raise DefinitionError(f"'{name}__{lookup}' cần một danh sách.")
    if lookup not in {"in", "not_in"} and isinstance(value, list | dict):
        raise DefinitionError(f"'{name}' cần một giá trị, không phải danh sách.")
    if name in BOOLEAN_FIELDS and not all(isinstance(v, bool) for v in _values(value)):
        raise DefinitionError(f"'{name}' nhận true hoặc false.")
    if name in {"age", "education_rank"} and not all(
        isinstance(v, int) and not isinstance(v, bool) for v in _values(value)
    ):
        raise DefinitionError(f"'{name}' nhận số nguyên.")
    _check_codes(name, _values(value))
    op = {"": "eq", "ne": "not_in"}.get(lookup, lookup)
    if lookup == "ne":
        value = [value]
    if name in {"education_level", "level"}:
        return _levels_condition(name, op, value)
    return Condition(name, op, value)


def _values(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _check_codes(name: str, values: list[Any]) -> None:
    list_name = CODED_FIELDS.get(name)
    if list_name is None:
        return

    known = set(codes(list_name))
    if not known:  # code lists not loaded (should not happen): accept
        return
    unknown = [str(v) for v in values if v not in known]
    if unknown:
        raise DefinitionError(f"'{name}': mã không có trong danh mục: {', '.join(unknown)}.")


def _levels_condition(name: str, op: str, value: Any) -> Condition:
    """Education levels as a set of codes, whatever the lookup."""
    every = codes("education_level")
    ranks = {code: rank("education_level", code) or 0 for code in every}
    if op in {"lt", "lte", "gt", "gte"}:
        floor = ranks[value]
        keep = {
            "lt": lambda r: r < floor,
            "lte": lambda r: r <= floor,
            "gt": lambda r: r > floor,
            "gte": lambda r: r >= floor,
        }[op]
        return Condition(name, "in", [code for code in every if keep(ranks[code])])
    return Condition(name, op, value)


# --- indicator definitions -----------------------------------------------------------


def check_indicator(
    kind: str,
    population: Mapping[str, Any] | None,
    numerator: Mapping[str, Any] | None,
    event_filter: Mapping[str, Any] | None,
) -> dict[str, str]:
    """Errors by field name ({} when the definition is sound)."""
    errors: dict[str, str] = {}
    checks: list[tuple[str, Callable[[], object]]] = []
    if kind == "events":
        checks.append(
            ("population", lambda: parse_filter(population, allowed=EVENT_POPULATION_FIELDS))
        )
        checks.append(("event_filter", lambda: _require(event_filter, EVENT_FIELDS)))
    elif kind != "reported":
        checks.append(("population", lambda: parse_filter(population)))
    if kind == "share":
        checks.append(("numerator", lambda: _require(numerator, FRAME_FIELDS)))
    for name, check in checks:
        try:
            check()
        except DefinitionError as exc:
            errors[name] = str(exc)
    return errors


def _require(raw: Mapping[str, Any] | None, allowed: set[str]) -> Filter:
    if not raw:
        raise DefinitionError("Cần ít nhất một điều kiện.")
    return parse_filter(raw, allowed=allowed, sector_ok=False)


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day `years` earlier (28 February for a 29 February that does not exist)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


# --- SQL -----------------------------------------------------------------------------


def column(name: str) -> str:
    if name in EMPLOYMENT_COLUMNS:
        return EMPLOYMENT_COLUMNS[name]
    if name in PERSON_COLUMNS:
        return PERSON_COLUMNS[name]
    if name in TRAINING_COLUMNS:
        return TRAINING_COLUMNS[name]
    if name in {"education_level", "education_rank"}:
        return LEVEL_RANK
    if name == "is_expert":
        return "(p.expert_field <> '')"
    if name == "level":
        return "q.level"
    raise DefinitionError(name)


def filter_sql(flt: Filter, as_of: dt.date | None) -> tuple[str, list[Any]]:
    """The WHERE fragment of a filter (always true for an empty one), with its params."""
    parts: list[str] = []
    params: list[Any] = []
    for condition in flt.conditions:
        sql, values = _condition_sql(condition, as_of)
        parts.append(sql)
        params.extend(values)
    return (" AND ".join(parts) if parts else "1=1"), params


def _condition_sql(condition: Condition, as_of: dt.date | None) -> tuple[str, list[Any]]:
    name, op, value = condition.field, condition.op, condition.value
    if name == "age":
        return _age_sql(op, value, as_of)
    if name == "education_level":
        value = [rank("education_level", v) or 0 for v in _values(value)]
        op = {"eq": "in"}.get(op, op)
    if name == "is_expert":
        return ("(p.expert_field <> '')" if value else "(p.expert_field = '')"), []
    col = column(name)
    if op in {"in", "not_in"}:
        if not value:
            return ("1=0" if op == "in" else "1=1"), []
        marks = ", ".join(["%s"] * len(value))
        negate = "NOT " if op == "not_in" else ""
        return f"{col} {negate}IN ({marks})", list(value)
    sign = {"eq": "=", "lt": "<", "lte": "<=", "gt": ">", "gte": ">="}[op]
    return f"{col} {sign} %s", [value]


def _age_sql(op: str, value: int, as_of: dt.date | None) -> tuple[str, list[Any]]:
    """Whole years on `as_of`, as a comparison of birth dates (index-friendly)."""
    if as_of is None:
        raise DefinitionError("Tuổi cần ngày tính.")
    # age >= n  <=>  born on or before the day n years earlier
    if op == "eq":
        return "(p.birth_date <= %s AND p.birth_date > %s)", [
            years_before(as_of, value),
            years_before(as_of, value + 1),
        ]
    if op in {"in", "not_in"}:
        parts = [_age_sql("eq", v, as_of) for v in value]
        sql = " OR ".join(part for part, _ in parts) or "1=0"
        params = [p for _, values in parts for p in values]
        return (f"NOT ({sql})" if op == "not_in" else f"({sql})"), params
    n = {"lt": value, "gte": value, "lte": value + 1, "gt": value + 1}[op]
    sign = ">" if op in {"lt", "lte"} else "<="
    return f"p.birth_date {sign} %s", [years_before(as_of, n)]
