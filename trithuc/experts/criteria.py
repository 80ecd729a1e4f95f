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
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from trithuc.accounts.scope import Capability, scope_of
from trithuc.audit.services import record_event
from trithuc.codelists.services import codes, codes_at_or_above
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


# ---- editing the criteria (the secretariat's page) -----------------------------------------

CRITERION_FIELDS = ["name", "organisation", "min_education_level", "academic_titles",
                    "min_projects_led", "min_publications", "min_patents", "is_active"]  # fmt: skip


@dataclass
class CriterionInput:
    code: str
    name: str
    organisation: str = ""
    min_education_level: str = ""
    academic_titles: list[str] = field(default_factory=list)
    min_projects_led: int = 0
    min_publications: int = 0
    min_patents: int = 0
    is_active: bool = True


def save_criterion(data: CriterionInput, *, actor: Any, request: Any = None) -> ExpertCriterion:
    """Create or change a criterion (by its code). The criteria serve every province's
    counts, so only the consultation secretariat changes them, and each change is audited."""
    code = data.code.strip().lower()
    if not re.fullmatch(r"[a-z0-9_-]{1,60}", code):
        raise ValidationError(_("Mã tiêu chí chỉ gồm chữ không dấu, số, '-' và '_'."))
    if not data.name.strip():
        raise ValidationError(_("Hãy ghi tên tiêu chí."))
    if data.min_education_level and data.min_education_level not in codes("education_level"):
        raise ValidationError(_("Trình độ không có trong danh mục."))
    unknown = sorted(set(data.academic_titles) - set(codes("academic_title")))
    if unknown:
        raise ValidationError(_("Học hàm không có trong danh mục: %s.") % ", ".join(unknown))
    with transaction.atomic():
        if not scope_of(actor).can(Capability.MANAGE_CONSULTATIONS):
            raise PermissionDenied(_("Chỉ thư ký tư vấn, phản biện được sửa tiêu chí chuyên gia."))
        criterion = ExpertCriterion.objects.select_for_update().filter(code=code).first()
        created = criterion is None
        criterion = criterion or ExpertCriterion(code=code)
        before = {name: getattr(criterion, name) for name in CRITERION_FIELDS}
        for name in CRITERION_FIELDS:
            value = getattr(data, name)
            setattr(criterion, name, value.strip() if isinstance(value, str) else value)
        criterion.save()
        after = {name: getattr(criterion, name) for name in CRITERION_FIELDS}
        record_event("create" if created else "update", actor=actor, source="web",
                     request=request, obj=criterion, place={},
                     fields=[n for n in CRITERION_FIELDS if created or before[n] != after[n]],
                     before={} if created else before, after=after)  # fmt: skip
    return criterion
