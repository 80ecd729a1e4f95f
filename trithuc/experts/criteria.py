"""Expert criteria (data) and the counts that become indicators.

The indicators are of kind "reported": `publish_figures` (run by `trithuc expert_figures`,
daily, and after the demo) writes each province's figures for the year as
`ReportedFigure` rows, which targets and the dashboard read like any reported figure:
- `experts_meeting_criteria`: experts meeting the active criteria, per field (sector) and
  in total (sector blank); only experts with a consent in force are counted;
- `expert_adoption_rate`: recommendations adopted (fully or partly) out of those answered;
- `expert_turnaround_days`: mean days from request to synthesis.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from trithuc.codelists.services import codes_at_or_above
from trithuc.experts.models import Consultation, Expert, ExpertCriterion, Recommendation, Response
from trithuc.indicators.models import Indicator, ReportedFigure
from trithuc.privacy.models import ConsentPurpose

COUNT_INDICATOR = "experts_meeting_criteria"
ADOPTION_INDICATOR = "expert_adoption_rate"
TURNAROUND_INDICATOR = "expert_turnaround_days"
SOURCE = "Tính từ danh bạ chuyên gia và các đợt tư vấn, phản biện (trithuc)"


def consenting_experts() -> QuerySet:
    """Experts with a consent in force for either purpose (nobody else is counted)."""
    directory = Expert.objects.listed(ConsentPurpose.EXPERT_DIRECTORY).values("pk")
    consulted = Expert.objects.listed(ConsentPurpose.CONSULTATION).values("pk")
    return Expert.objects.filter(Q(pk__in=directory) | Q(pk__in=consulted))


def meeting(criterion: ExpertCriterion, experts: QuerySet) -> QuerySet:
    condition = Q(projects_led__gte=criterion.min_projects_led,
                  publications__gte=criterion.min_publications,
                  patents__gte=criterion.min_patents)  # fmt: skip
    if criterion.min_education_level:
        condition &= Q(education_level__in=codes_at_or_above("education_level",
                                                             criterion.min_education_level))  # fmt: skip
    if criterion.academic_titles:
        condition &= Q(academic_title__in=criterion.academic_titles)
    return experts.filter(condition)


def meeting_any(experts: QuerySet) -> QuerySet:
    """Experts meeting at least one active criterion."""
    condition = Q(pk__in=[])
    for criterion in ExpertCriterion.objects.filter(is_active=True):
        condition |= Q(pk__in=meeting(criterion, experts).values("pk"))
    return experts.filter(condition)


def counts_by_field(experts: QuerySet) -> Counter[str]:
    counter: Counter[str] = Counter()
    for fields in experts.values_list("fields", flat=True):
        counter.update(set(fields or []))
    return counter


def adoption(consultations: QuerySet) -> tuple[int, int]:
    """(adopted fully or partly, answered) recommendations."""
    answered = Recommendation.objects.filter(consultation__in=consultations).exclude(response="")
    adopted = answered.filter(response__in=[Response.ADOPTED, Response.PARTLY]).count()
    return adopted, answered.count()


def turnaround_days(consultations: QuerySet) -> float | None:
    days = [(c.issued_at - c.created_at).total_seconds() / 86400
            for c in consultations.exclude(issued_at=None).only("issued_at", "created_at")]  # fmt: skip
    return round(sum(days) / len(days), 1) if days else None


def _put(indicator: Indicator, province: str, sector: str, year: int, value: float,
         numerator: int | None = None, denominator: int | None = None) -> None:  # fmt: skip
    ReportedFigure.objects.filter(indicator=indicator, unit_code=province, sector=sector,
                                  year=year, source=SOURCE).delete()  # fmt: skip
    ReportedFigure.objects.create(indicator=indicator, unit_code=province, sector=sector,
                                  year=year, value=value, numerator=numerator,
                                  denominator=denominator, source=SOURCE)  # fmt: skip


def publish_figures(today: dt.date | None = None) -> dict[str, Any]:
    """Write this year's figures of every province with experts or consultations."""
    today = today or timezone.localdate()
    indicators = {i.code: i for i in Indicator.objects.filter(
        code__in=[COUNT_INDICATOR, ADOPTION_INDICATOR, TURNAROUND_INDICATOR])}  # fmt: skip
    provinces = sorted(set(Expert.objects.values_list("province_code", flat=True))
                       | set(Consultation.objects.values_list("province_code", flat=True)))  # fmt: skip
    written: dict[str, Any] = {}
    with transaction.atomic():
        for province in provinces:
            experts = meeting_any(consenting_experts().filter(province_code=province))
            row: dict[str, Any] = {"experts": experts.count()}
            if COUNT_INDICATOR in indicators:
                _put(indicators[COUNT_INDICATOR], province, "", today.year, row["experts"])
                for sector, n in counts_by_field(experts).items():
                    _put(indicators[COUNT_INDICATOR], province, sector, today.year, n)
            consultations = Consultation.objects.filter(province_code=province,
                                                        created_at__year=today.year)  # fmt: skip
            adopted, answered = adoption(consultations)
            row["adoption"] = (adopted, answered)
            if answered and ADOPTION_INDICATOR in indicators:
                _put(indicators[ADOPTION_INDICATOR], province, "", today.year,
                     round(100 * adopted / answered, 1), adopted, answered)  # fmt: skip
            days = turnaround_days(consultations)
            row["turnaround"] = days
            if days is not None and TURNAROUND_INDICATOR in indicators:
                _put(indicators[TURNAROUND_INDICATOR], province, "", today.year, days)
            written[province] = row
    return written
