"""What the registry pages show: labels for codes, masked sensitive fields, chart data.

Kept out of templates (no logic there) and out of views (which stay thin).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from operator import attrgetter
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from trithuc.accounts.services import can_see_sensitive, can_view_profiles
from trithuc.codelists.services import choices, label
from trithuc.codelists.services import label as code_label
from trithuc.orgunits.services import unit_label
from trithuc.people.masking import MASK, SENSITIVE_FIELDS, masked, masked_age
from trithuc.people.models import Person
from trithuc.people.stats import people_stats_sets
from trithuc.people.template import COLUMN_BY_FIELD, DATA_FIELDS

CODED = {"gender", "ethnicity", "employment_type", "sector", "education_level",
         "academic_title", "political_theory_level", "in_training"}  # fmt: skip
FLAGS = {"is_leader", "party_member", "upskilled_to_standard", "continuing_education"}


def display_value(person: Person, name: str, *, sensitive: bool) -> str:
    value = getattr(person, name)
    if name in SENSITIVE_FIELDS and not sensitive:
        return masked(name, value)
    if name == "birth_date":
        return str(value.year) if person.birth_year_only else value.strftime("%d/%m/%Y")
    if name in CODED:
        return label(name, value) if value else ""
    if name in FLAGS:
        return "Có" if value else "Không"
    if name == "workplace_unit":
        return unit_label(value) if value else ""
    return "" if value is None else str(value)


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


# What a row of the people list shows, read in this order: the API reads these columns
# alone (`values_list`), the web list takes them from its model instances.
LIST_FIELDS = ("uuid", "full_name", "national_id", "birth_date", "gender", "employer", "sector",
               "education_level", "employment_type", "is_leader", "is_synthetic")  # fmt: skip
read_list_fields = attrgetter(*LIST_FIELDS)


def person_rows(people: Any, user: Any) -> list[dict[str, object]]:
    """The list's rows of `people` (model instances), masked for `user`."""
    row = list_row_maker(sensitive=can_see_sensitive(user), today=timezone.localdate())
    return [row(read_list_fields(person)) for person in people]


def list_row_maker(*, sensitive: bool, today: dt.date) -> Callable[[tuple], dict[str, object]]:
    """A function from the values of LIST_FIELDS to the list's row: `display_value`'s
    rules for these fields (masking, code labels), without a model instance, so that the
    API answers 50 rows from tuples (issue 19)."""

    def row(values: tuple) -> dict[str, object]:
        (key, full_name, national_id, birth_date, gender, employer, sector, level, kind,
         is_leader, is_synthetic) = values  # fmt: skip
        if sensitive:
            shown_id, age = (
                "" if national_id is None else str(national_id),
                age_on(birth_date, today),
            )
        else:
            shown_id, age = masked("national_id", national_id), masked_age(birth_date, today)
        return {
            "uuid": str(key),  # as JSON writes it; rendered at half the cost as text
            "full_name": full_name,
            "national_id": shown_id,
            "age": age,
            "gender": label("gender", gender) if gender else "",
            "employer": employer,
            "sector": label("sector", sector) if sector else "",
            "education_level": label("education_level", level) if level else "",
            "employment_type": label("employment_type", kind) if kind else "",
            "is_leader": is_leader,
            "is_synthetic": is_synthetic,
        }

    return row


def profile_sections(person: Person, *, sensitive: bool) -> list[dict[str, object]]:
    groups = [
        ("Thông tin cá nhân", ["national_id", "full_name", "birth_date", "gender", "ethnicity",
                               "religion", "party_member", "phone", "email"]),
        ("Công tác", ["workplace_unit", "employer", "employment_type", "sector", "position",
                      "is_leader", "work_start_year"]),
        ("Trình độ", ["education_level", "education_year", "training_field", "academic_title",
                      "political_theory_level", "upskilled_to_standard", "continuing_education",
                      "in_training", "in_training_until", "expert_field"]),
    ]  # fmt: skip
    assert {name for _, names in groups for name in names} == set(DATA_FIELDS)
    sections = [
        {
            "title": title,
            "items": [
                {
                    "label": COLUMN_BY_FIELD[name].header,
                    "value": display_value(person, name, sensitive=sensitive),
                }
                for name in names
            ],
        }  # fmt: skip
        for title, names in groups
    ]
    # The coded field beside the free text (issue 15): people/fields.py matched it.
    items = sections[-1]["items"]
    items.insert(3, {"label": _("Mã ngành đào tạo"), "value": field_code_text(person)})  # type: ignore[attr-defined]
    return sections


def field_code_text(person: Person) -> str:
    """The coded training field as "7480201 Công nghệ thông tin", or why there is none."""
    if person.field_code:
        return f"{person.field_code} {code_label('training_field', person.field_code)}"
    if person.training_field:
        return _("chưa khớp danh mục ngành đào tạo")
    return ""


def employment_rows(person: Person) -> list[dict[str, object]]:
    return [
        {
            "valid_from": period.valid_from, "valid_to": period.valid_to,
            "employer": period.employer, "workplace_unit": period.workplace_unit,
            "sector": label("sector", period.sector),
            "employment_type": label("employment_type", period.employment_type),
            "position": period.position, "is_leader": period.is_leader,
        }
        for period in person.employments.order_by("-valid_from", "-id")
    ]  # fmt: skip


def qualification_rows(person: Person) -> list[dict[str, object]]:
    return [
        {"level": label("education_level", degree.level), "field": degree.field,
         "year": degree.year}
        for degree in person.qualifications.order_by("-awarded_on", "-id")
    ]  # fmt: skip


def change_rows(person: Person, *, sensitive: bool, limit: int = 200) -> list[dict[str, object]]:
    """The field history, with the values of sensitive fields masked for roles that
    see them masked on the profile."""
    rows = []
    for change in person.changes.select_related("actor")[:limit]:
        hidden = change.field in SENSITIVE_FIELDS and not sensitive
        column = COLUMN_BY_FIELD.get(change.field)
        rows.append({
            "changed_at": change.changed_at,
            "actor": change.actor.username if change.actor else "",
            "source": change.get_source_display(),
            "field": column.header if column else change.field,
            "old_value": MASK if hidden and change.old_value else change.old_value,
            "new_value": MASK if hidden and change.new_value else change.new_value,
        })  # fmt: skip
    return rows


def _in_order(rows: list[dict[str, Any]], field: str) -> list[dict[str, Any]]:
    """Rows by their code, as `people_stats` orders them (no code last)."""
    return sorted(rows, key=lambda row: (row[field] is None, str(row[field] or "")))


def _labelled(rows: list[dict[str, Any]], field: str) -> list[dict[str, Any]]:
    return [{**row, "label": label(field, row[field])} for row in rows]


def suppress_small(rows: list[dict[str, Any]], user: Any) -> list[dict[str, Any]]:
    """Hide counts below the threshold from roles without profile access."""
    if can_view_profiles(user):
        return rows
    threshold = settings.TRITHUC_SMALL_CELL_THRESHOLD
    return [{**row, "count": row["count"] if row["count"] >= threshold else None}
            for row in rows]  # fmt: skip


def summary_context(
    user: Any, unit: str | None, *, as_of: dt.date | None = None
) -> dict[str, object]:
    people: QuerySet = Person.objects.visible_to(user)
    # One grouped query of the frame, its margins summed from it (three queries before:
    # 816 ms warm for a province of 1,000,000 people's registry).
    found = people_stats_sets(people, [("sector",), ("education_level",),
                                       ("sector", "education_level")], unit=unit, as_of=as_of)  # fmt: skip
    sector_counts = _labelled(_in_order(found[("sector",)], "sector"), "sector")
    total = sum(row["count"] for row in sector_counts)
    by_sector = suppress_small(sector_counts, user)
    by_level = suppress_small(
        _labelled(_in_order(found[("education_level",)], "education_level"), "education_level"),
        user,
    )
    by_sector_level = found[("sector", "education_level")]
    levels = [code for code, _ in choices("education_level")]
    sectors = [code for code, _ in choices("sector")]
    matrix = {(row["sector"], row["education_level"]): row["count"] for row in by_sector_level}
    table = [
        {"sector": label, "counts": [matrix.get((code, level), 0) for level in levels],
         "total": sum(matrix.get((code, level), 0) for level in levels)}
        for code, label in choices("sector")
    ]  # fmt: skip
    table = [row for row in table if row["total"]]
    chart = {
        "sectors": [row["label"] for row in by_sector],
        "sector_counts": [row["count"] for row in by_sector],
        "levels": [row["label"] for row in by_level],
        "level_counts": [row["count"] for row in by_level],
    }
    return {
        "total": total,
        "by_sector": by_sector,
        "by_level": by_level,
        "level_labels": [label for _, label in choices("education_level")],
        "table": suppress_small_table(table, user),
        "chart": chart,
        "unit": unit or "",
        "sectors": sectors,
    }


def suppress_small_table(table: list[dict[str, Any]], user: Any) -> list[dict[str, Any]]:
    if can_view_profiles(user):
        return table
    threshold = settings.TRITHUC_SMALL_CELL_THRESHOLD
    return [
        {
            **row,
            "counts": [c if c == 0 or c >= threshold else None for c in row["counts"]],
            "total": row["total"] if row["total"] >= threshold else None,
        }
        for row in table
    ]
