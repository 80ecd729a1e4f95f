"""Does the policy work? The share of attracted people still in post 1, 3 and 5 years
after their decision, by policy, cohort (decision year), field and locality, and what
each person-year in post cost.

A person counts at horizon k only when k years have passed since their decision on the
day computed (otherwise we cannot know yet); they are retained when they had not left
before the day k years after it."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, Sum

from trithuc.codelists.services import label
from trithuc.orgunits.services import get_current_unit, short_unit_name
from trithuc.talent.models import Commitment, Tranche
from trithuc.talent.services import years_after

HORIZONS = (1, 3, 5)
GROUPINGS = {"policy": "Chính sách", "cohort": "Năm quyết định", "field": "Lĩnh vực",
             "locality": "Địa bàn"}  # fmt: skip


@dataclass(frozen=True)
class Span:
    starts_on: dt.date
    left_on: dt.date | None


@dataclass
class Point:
    years: int
    observed: int
    retained: int

    @property
    def share(self) -> float | None:
        return round(100 * self.retained / self.observed, 1) if self.observed else None


def curve(spans: Iterable[Span], as_of: dt.date, horizons: tuple[int, ...] = HORIZONS
          ) -> list[Point]:  # fmt: skip
    spans = list(spans)
    points = []
    for k in horizons:
        observed = [s for s in spans if years_after(s.starts_on, k) <= as_of]
        retained = [
            s for s in observed if s.left_on is None or s.left_on >= years_after(s.starts_on, k)
        ]
        points.append(Point(k, len(observed), len(retained)))
    return points


def person_years(spans: Iterable[Span], as_of: dt.date) -> float:
    days = sum((min(s.left_on or as_of, as_of) - s.starts_on).days for s in spans
               if s.starts_on <= as_of)  # fmt: skip
    return days / 365.25


@dataclass
class Row:
    key: str
    name: str
    people: int
    points: list[Point]
    paid_vnd: int = 0
    person_years: float = 0.0
    left: int = 0
    exit_reasons: dict[str, int] = field(default_factory=dict)
    field_matches: int = 0

    @property
    def cost_per_person_year(self) -> int | None:
        return round(self.paid_vnd / self.person_years) if self.person_years else None


def _group_key(commitment: Commitment, by: str) -> tuple[str, str]:
    application = commitment.application
    if by == "policy":
        return application.policy.code, application.policy.name
    if by == "cohort":
        return str(commitment.starts_on.year), str(commitment.starts_on.year)
    if by == "field":
        return application.field, label("sector", application.field)
    unit = get_current_unit(application.workplace_unit)
    return application.workplace_unit, short_unit_name(unit) if unit else application.workplace_unit


def retention_table(commitments: Any, as_of: dt.date, by: str = "policy") -> list[Row]:
    """One row per group, and a last row for every commitment together."""
    rows = list(commitments.select_related("application__policy").filter(starts_on__lte=as_of))
    paid = dict(Tranche.objects.filter(commitment__in=[c.pk for c in rows], paid_on__lte=as_of)
                .values("commitment").annotate(s=Sum("amount_vnd")).values_list("commitment", "s"))  # fmt: skip
    groups: dict[tuple[str, str], list[Commitment]] = defaultdict(list)
    for commitment in rows:
        groups[_group_key(commitment, by)].append(commitment)
    table = [
        _row(key, name, members, paid, as_of) for (key, name), members in sorted(groups.items())
    ]
    if rows:
        table.append(_row("", "Tất cả", rows, paid, as_of))
    return table


def _row(key: str, name: str, members: list[Commitment], paid: dict[int, int],
         as_of: dt.date) -> Row:  # fmt: skip
    spans = [Span(c.starts_on, c.left_on if c.left_on and c.left_on <= as_of else None)
             for c in members]  # fmt: skip
    reasons: dict[str, int] = defaultdict(int)
    for c in members:
        if c.left_on and c.left_on <= as_of:
            reasons[c.get_exit_reason_display()] += 1
    return Row(key, name, len(members), curve(spans, as_of),
               paid_vnd=sum(int(paid.get(c.pk, 0) or 0) for c in members),
               person_years=round(person_years(spans, as_of), 2),
               left=sum(reasons.values()), exit_reasons=dict(reasons),
               field_matches=sum(c.post_matches_field for c in members))  # fmt: skip


def attracted_in(commitments: Any, year: int) -> int:
    return commitments.filter(starts_on__year=year).count()


def still_in_post(commitments: Any, day: dt.date) -> Any:
    return commitments.filter(Q(left_on__isnull=True) | Q(left_on__gt=day), starts_on__lte=day)
