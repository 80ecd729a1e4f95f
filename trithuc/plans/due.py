"""What each agency owes in each period: due items, the owner's matrix, late and
missing reports. Computed from tasks and periods; a report row exists only once an
agency has saved something, so "missing" is simply the absence of a submitted row."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, Q

from trithuc.orgunits.models import Agency
from trithuc.plans.models import (
    REVIEW_KINDS,
    DeadlineKind,
    Period,
    PeriodKind,
    Plan,
    ProgressReport,
    Recurrence,
    ReportState,
    Task,
)
from trithuc.plans.periods import reporting_year


@dataclass
class DueItem:
    plan: Plan
    period: Period
    task: Task | None
    agency: Agency
    is_lead: bool
    report: ProgressReport | None = None

    @property
    def submitted(self) -> bool:
        return self.report is not None and self.report.state == ReportState.SUBMITTED

    def state(self, today: dt.date) -> str:
        """missing, draft, late (not submitted after the due date) or submitted."""
        if self.submitted:
            return "submitted"
        if today > self.period.due_on:
            return "late"
        return "draft" if self.report is not None else "missing"

    @property
    def key(self) -> tuple[int, int | None, int]:
        return (self.period.pk, self.task.pk if self.task else None, self.agency.pk)


STATE_LABELS = {
    "missing": "Chưa báo cáo",
    "draft": "Đang soạn",
    "late": "Quá hạn, chưa nộp",
    "submitted": "Đã nộp",
}


def task_in_period(task: Task, period: Period, regular: list[Period]) -> bool:
    """Is a report on `task` due in `period`? `regular` are the plan's six-monthly and
    yearly periods in cut-off order (a fixed deadline falls in the first one whose
    cut-off is on or after it; after the last cut-off, in the last)."""
    if period.kind in REVIEW_KINDS:
        return False
    if task.deadline_kind == DeadlineKind.FIXED and task.due_on is not None:
        chosen = next(
            (p for p in regular if p.ends_on >= task.due_on), regular[-1] if regular else None
        )
        return chosen is not None and chosen.pk == period.pk
    if task.recurrence == Recurrence.YEARLY:
        return period.kind == PeriodKind.YEARLY
    return True  # every period, six-monthly, or no deadline: reported every period


def task_agencies(task: Task) -> list[tuple[Agency, bool]]:
    """(agency, is_lead) for everyone who reports on `task`, the lead first."""
    found: list[tuple[Agency, bool]] = []
    if task.lead_agency is not None:
        found.append((task.lead_agency, True))
    for agency in task.coordinating_agencies.all():
        if agency.pk != task.lead_agency_id:
            found.append((agency, False))
    return found


def _tasks(plan: Plan) -> list[Task]:
    return list(
        plan.tasks.select_related("lead_agency").prefetch_related(
            Prefetch("coordinating_agencies", queryset=Agency.objects.order_by("name"))
        )
    )


def review_agencies(plan: Plan, tasks: list[Task]) -> list[tuple[Agency, bool]]:
    """Who writes a review report: the owner (consolidating) and every agency with a task."""
    seen: dict[int, tuple[Agency, bool]] = {}
    if plan.owner_agency is not None:
        seen[plan.owner_agency.pk] = (plan.owner_agency, True)
    for task in tasks:
        for agency, _ in task_agencies(task):
            seen.setdefault(agency.pk, (agency, False))
    return list(seen.values())


def plan_due_items(
    plan: Plan, periods: Iterable[Period] | None = None, agency_ids: set[int] | None = None
) -> list[DueItem]:
    """Every due item of `plan` in `periods` (all its periods by default), with reports;
    only those of `agency_ids` when given."""
    all_periods = list(plan.periods.all())
    regular = [p for p in all_periods if p.kind not in REVIEW_KINDS]
    chosen = list(periods) if periods is not None else all_periods
    tasks = _tasks(plan)
    involved = [(task, [(a, lead) for a, lead in task_agencies(task)
                        if agency_ids is None or a.pk in agency_ids]) for task in tasks]  # fmt: skip
    involved = [(task, agencies) for task, agencies in involved if agencies]
    reviewers = [(a, lead) for a, lead in review_agencies(plan, tasks)
                 if agency_ids is None or a.pk in agency_ids]  # fmt: skip
    items: list[DueItem] = []
    for period in chosen:
        if period.kind in REVIEW_KINDS:
            items.extend(DueItem(plan, period, None, agency, lead) for agency, lead in reviewers)
            continue
        for task, agencies in involved:
            if task_in_period(task, period, regular):
                items.extend(DueItem(plan, period, task, agency, lead) for agency, lead in agencies)
    _attach_reports(items, [p.pk for p in chosen], agency_ids)
    return items


def is_due(plan: Plan, period: Period, task: Task | None, agency_id: int) -> bool:
    """Does the agency owe a report on `task` (None: the plan's own) in `period`?"""
    if period.plan_id != plan.pk or (task is not None and task.plan_id != plan.pk):
        return False
    if task is None:
        if period.kind not in REVIEW_KINDS:
            return False
        return any(a.pk == agency_id for a, _ in review_agencies(plan, _tasks(plan)))
    regular = [p for p in plan.periods.all() if p.kind not in REVIEW_KINDS]
    return task_in_period(task, period, regular) and any(
        a.pk == agency_id for a, _ in task_agencies(task)
    )


def _attach_reports(items: list[DueItem], period_ids: list[int],
                    agency_ids: set[int] | None = None) -> None:  # fmt: skip
    if not items:
        return
    query = ProgressReport.objects.filter(period_id__in=period_ids)
    if agency_ids is not None:
        query = query.filter(agency_id__in=agency_ids)
    reports = {(r.period_id, r.task_id, r.agency_id): r for r in query}
    for item in items:
        item.report = reports.get(item.key)


def open_periods(plan: Plan, today: dt.date) -> list[Period]:
    """Periods that have started, newest cut-off last."""
    return [p for p in plan.periods.all() if p.starts_on <= today]


def agency_due_items(
    plans: Iterable[Plan], agency_ids: set[int], today: dt.date, *, include_submitted: bool = False
) -> list[DueItem]:
    """What the agencies in `agency_ids` owe: items of started periods that are not
    submitted (or all of them with `include_submitted`), by due date. Three queries for
    all plans together: an agency's list spans every plan of the province."""
    plans = {plan.pk: plan for plan in plans}
    if not plans or not agency_ids:
        return []
    periods: dict[int, list[Period]] = defaultdict(list)
    for period in Period.objects.filter(plan_id__in=plans, starts_on__lte=today):
        periods[period.plan_id].append(period)
    regular_all: dict[int, list[Period]] = defaultdict(list)
    for period in Period.objects.filter(plan_id__in=plans).exclude(kind__in=REVIEW_KINDS):
        regular_all[period.plan_id].append(period)
    tasks: dict[int, list[Task]] = defaultdict(list)
    for task in (
        Task.objects.filter(plan_id__in=plans)
        .filter(Q(lead_agency_id__in=agency_ids) | Q(coordinating_agencies__in=agency_ids))
        .distinct().select_related("lead_agency")
        .prefetch_related(Prefetch("coordinating_agencies", queryset=Agency.objects.order_by("name")))
    ):  # fmt: skip
        tasks[task.plan_id].append(task)
    owners = {pk: plan.owner_agency_id for pk, plan in plans.items()}
    agencies = {a.pk: a for a in Agency.objects.filter(pk__in=agency_ids)}
    items: list[DueItem] = []
    for plan_id, plan_periods in periods.items():
        plan = plans[plan_id]
        regular = sorted(regular_all[plan_id], key=lambda p: (p.ends_on, p.kind))
        mine = [(t, [(a, lead) for a, lead in task_agencies(t) if a.pk in agency_ids])
                for t in tasks[plan_id]]  # fmt: skip
        reviewers = {a.pk for _, pairs in mine for a, _ in pairs}
        if owners[plan_id] in agency_ids:
            reviewers.add(owners[plan_id])
        for period in plan_periods:
            if period.kind in REVIEW_KINDS:
                items.extend(DueItem(plan, period, None, agencies[pk], pk == owners[plan_id])
                             for pk in sorted(reviewers))  # fmt: skip
                continue
            for task, pairs in mine:
                if task_in_period(task, period, regular):
                    items.extend(DueItem(plan, period, task, a, lead) for a, lead in pairs)
    _attach_reports(items, [p.pk for ps in periods.values() for p in ps], agency_ids)
    if not include_submitted:
        items = [item for item in items if not item.submitted]
    items.sort(key=lambda i: (i.period.due_on, i.plan.pk, i.task.position if i.task else -1))
    return items


def current_cycle_items(items: list[DueItem], today: dt.date) -> list[DueItem]:
    """Items of the current reporting year, plus any earlier one still not submitted."""
    year = reporting_year(today)
    return [
        i for i in items
        if reporting_year(i.period.ends_on) >= year or (not i.submitted and i.period.due_on < today)
    ]  # fmt: skip


@dataclass
class Matrix:
    period: Period
    agencies: list[Agency]
    rows: list[tuple[Task | None, list[DueItem | None]]]


def plan_matrix(plan: Plan, period: Period) -> Matrix:
    """Task × agency for one period; a cell is None where the agency has no duty."""
    items = plan_due_items(plan, [period])
    agencies: dict[int, Agency] = {}
    by_task: dict[int | None, dict[int, DueItem]] = defaultdict(dict)
    order: list[Task | None] = []
    for item in items:
        agencies.setdefault(item.agency.pk, item.agency)
        task_key = item.task.pk if item.task else None
        if task_key not in by_task:
            order.append(item.task)
        by_task[task_key][item.agency.pk] = item
    columns = sorted(agencies.values(), key=lambda a: a.name)
    rows = [
        (task, [by_task[task.pk if task else None].get(a.pk) for a in columns]) for task in order
    ]
    return Matrix(period, columns, rows)


def late_and_missing(plan: Plan, today: dt.date) -> list[DueItem]:
    """Items past their due date and not submitted, oldest first."""
    past = [p for p in plan.periods.all() if p.due_on < today]
    return [i for i in plan_due_items(plan, past) if not i.submitted]
