"""Official reports as a scope sees them (translations of `trithuc.accounts.scope`).

- A report is written by whoever manages its plan (`Plan.editable_by`) and holds
  `Capability.MAKE_REPORTS`: an agency's coordinator writes the reports of the plans
  their agency owns, a province's coordinator those of the province's plans.
- Upward: a frozen report on a plan that implements another plan is also seen (read
  only) by whoever manages that parent plan: it is that unit's report to them.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from trithuc.accounts.scope import Capability, scope_of
from trithuc.plans.models import Plan


def _managed_plans(subject: Any) -> Any:
    if not scope_of(subject).can(Capability.MAKE_REPORTS):
        return Plan.objects.none()
    return Plan.objects.editable_by(subject)


class ReportQuerySet(models.QuerySet):
    def visible_to(self, subject: Any) -> ReportQuerySet:
        managed = _managed_plans(subject).values("pk")
        return self.filter(
            Q(plan__in=managed) | Q(frozen=True, plan__implements__in=managed)
        ).distinct()

    def editable_by(self, subject: Any) -> ReportQuerySet:
        return self.filter(plan__in=_managed_plans(subject).values("pk"))


class ReportTemplateQuerySet(models.QuerySet):
    def visible_to(self, subject: Any) -> ReportTemplateQuerySet:
        return self.filter(plan__in=_managed_plans(subject).values("pk"))

    def editable_by(self, subject: Any) -> ReportTemplateQuerySet:
        return self.visible_to(subject)


def reportable_plans(subject: Any) -> Any:
    """The plans whose reports `subject` writes."""
    return _managed_plans(subject)
