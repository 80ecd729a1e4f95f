"""Counting people by any grouping, today or as of a past date, in one grouped query."""

from __future__ import annotations

import datetime as dt

from django.db.models import (
    Case,
    CharField,
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models import Value as V

from trithuc.people.models import Employment, Qualification

# Fields a count can be grouped by, each with its stable codes.
PERSON_FIELDS = {
    "gender", "ethnicity", "religion", "academic_title", "political_theory_level",
    "party_member", "upskilled_to_standard", "continuing_education", "in_training",
}  # fmt: skip
EMPLOYMENT_FIELDS = {"sector", "employment_type", "workplace_unit", "province_code", "is_leader"}
GROUPABLE = PERSON_FIELDS | EMPLOYMENT_FIELDS | {"education_level", "age_band", "is_expert"}
AGE_BANDS = ((30, "under_30"), (40, "30_39"), (50, "40_49"), (60, "50_59"))


class StatsError(ValueError):
    pass


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def age_band_expression(day: dt.date, prefix: str = "") -> Case:
    whens = [
        When(**{f"{prefix}birth_date__gt": _years_before(day, limit)}, then=V(label))
        for limit, label in AGE_BANDS
    ]
    return Case(*whens, default=V("60_and_over"), output_field=CharField())


def check_fields(by: list[str]) -> None:
    unknown = [name for name in by if name not in GROUPABLE]
    if unknown:
        raise StatsError(
            f"Không thể nhóm theo: {', '.join(unknown)}. Có thể dùng: {', '.join(sorted(GROUPABLE))}"
        )


def people_stats(
    people: QuerySet, by: list[str], *, unit: str | None = None, as_of: dt.date | None = None
) -> list[dict[str, object]]:
    """Counts of `people` grouped by `by`, optionally as they stood on `as_of`."""
    check_fields(by)
    if as_of is None:
        return _current_stats(people.in_unit(unit), by)
    return _as_of_stats(people, by, unit, as_of)


def _current_stats(people: QuerySet, by: list[str]) -> list[dict[str, object]]:
    from django.utils import timezone

    annotations: dict[str, object] = {}
    if "age_band" in by:
        annotations["age_band"] = age_band_expression(timezone.localdate())
    if "is_expert" in by:
        annotations["is_expert"] = Case(When(expert_field="", then=V(False)), default=V(True))
    rows = people.annotate(**annotations).values(*by).annotate(count=Count("id")).order_by(*by)
    return [dict(row) for row in rows]


def _rank_case(field: str) -> Case:
    from trithuc.codelists.services import choices, rank

    return Case(
        *[When(**{field: code}, then=V(rank("education_level", code) or 0))
          for code, _ in choices("education_level")],
        default=V(0), output_field=IntegerField(),
    )  # fmt: skip


def _as_of_stats(
    people: QuerySet, by: list[str], unit: str | None, as_of: dt.date
) -> list[dict[str, object]]:
    employments = Employment.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=as_of),
        Q(valid_to__isnull=True) | Q(valid_to__gt=as_of),
        person__in=people.filter(birth_date__lte=as_of).values("id"),
    )
    if unit:
        field = "province_code" if len(unit) == 2 else "workplace_unit"
        employments = employments.filter(**{field: unit})
    annotations: dict[str, object] = {}
    if "education_level" in by:
        held = (
            Qualification.objects.filter(person=OuterRef("person"))
            .filter(Q(awarded_on__isnull=True) | Q(awarded_on__lte=as_of))
            .annotate(rank=_rank_case("level"))
            .order_by("-rank")
            .values("level")[:1]
        )
        annotations["education_level"] = Case(
            When(Q(level_held__isnull=True), then=V("none")),
            default="level_held",
            output_field=CharField(),
        )
        employments = employments.annotate(level_held=Subquery(held))
    if "age_band" in by:
        annotations["age_band"] = age_band_expression(as_of, "person__")
    if "is_expert" in by:
        annotations["is_expert"] = Case(
            When(person__expert_field="", then=V(False)), default=V(True)
        )
    for name in PERSON_FIELDS & set(by):
        annotations[name] = _person_field(name)
    rows = (
        employments.annotate(**annotations)
        .values(*by)
        .annotate(count=Count("person", distinct=True))
        .order_by(*by)
    )
    return [dict(row) for row in rows]


def _person_field(name: str) -> object:
    from django.db.models import F

    return F(f"person__{name}")
