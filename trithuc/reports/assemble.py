"""Assembling a report's figures from the data: the plan's deployment, every task's
status and texts from the agencies' progress reports, every target's value at the
cut-off date, the registry's annex tables, who reported and who did not, and the frozen
reports of the units whose plans implement this one.

The result is plain JSON (numbers as numbers): the same dict feeds the editor page, the
.docx, the .xlsx and `trithuc report --format json`, and is what freezing stores."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from django.utils import timezone

from trithuc.accounts.scope import scope_of
from trithuc.dialogues.models import Request
from trithuc.dialogues.services import summarize
from trithuc.indicators import wording
from trithuc.indicators.models import Target
from trithuc.indicators.projection import STATUS_LABELS
from trithuc.indicators.snapshots import ExtraDays, hold_days
from trithuc.indicators.values import Evaluator, period_start
from trithuc.orgunits.models import AdministrativeUnit
from trithuc.orgunits.services import get_current_unit, short_unit_name
from trithuc.plans.due import STATE_LABELS, plan_due_items
from trithuc.plans.models import (
    REVIEW_KINDS,
    Period,
    PeriodKind,
    Plan,
    ProgressReport,
    ReportStatus,
)
from trithuc.reports import registry
from trithuc.reports.models import OfficialReport, ReportKind

SCHEMA = 1
KIND_OF_PERIOD = {PeriodKind.YEARLY: ReportKind.YEARLY,
                  PeriodKind.MID_TERM_REVIEW: ReportKind.REVIEW5,
                  PeriodKind.FINAL_REVIEW: ReportKind.REVIEW10}  # fmt: skip
PERIOD_OF_KIND = {v: k for k, v in KIND_OF_PERIOD.items()}
STATUS_ORDER = [ReportStatus.DONE, ReportStatus.IN_PROGRESS, ReportStatus.LATE,
                ReportStatus.NOT_STARTED]  # fmt: skip
STATUS_TEXT = dict(ReportStatus.choices)


def default_as_of(period: Period, today: dt.date | None = None) -> dt.date:
    """The cut-off date, or today for a period (a review) whose cut-off is still ahead."""
    today = today or timezone.localdate()
    return min(period.ends_on, today)


def report_year(period: Period) -> int:
    return period.ends_on.year


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _reports_in_scope(plan: Plan, period: Period, as_of: dt.date) -> list[ProgressReport]:
    """The progress reports a report draws on: those of the period for a yearly report;
    for a review, each agency's latest report on each task up to the cut-off and the
    agencies' own review reports."""
    query = ProgressReport.objects.filter(plan=plan).select_related("agency", "period", "task")
    if period.kind not in REVIEW_KINDS:
        return list(query.filter(period=period))
    latest: dict[tuple[int | None, int], ProgressReport] = {}
    regular = query.exclude(period__kind__in=REVIEW_KINDS).filter(period__ends_on__lte=as_of)
    for report in regular.order_by("period__ends_on", "pk"):
        latest[(report.task_id, report.agency_id)] = report
    return list(latest.values()) + list(query.filter(period=period))


def _report_json(report: ProgressReport, lead_id: int | None) -> dict[str, Any]:
    return {
        "agency": report.agency.name,
        "is_lead": report.agency_id == lead_id,
        "period": report.period.label,
        "status": report.status,
        "status_label": STATUS_TEXT.get(report.status, report.status),
        "state": report.state,
        "achievements": report.achievements,
        "difficulties": report.difficulties,
        "figures": report.figures,
    }


def consolidated_status(reports: list[dict[str, Any]]) -> str:
    """The lead agency's status (its report is the consolidated one); without it, the
    least advanced status among the coordinating agencies; "" when nobody reported."""
    lead = [r for r in reports if r["is_lead"]]
    if lead:
        return lead[0]["status"]
    found = {r["status"] for r in reports}
    for status in reversed(STATUS_ORDER):
        if status in found:
            return status
    return ""


def _tasks(plan: Plan, reports: list[ProgressReport]) -> list[dict[str, Any]]:
    by_task: dict[int, list[ProgressReport]] = defaultdict(list)
    for report in reports:
        if report.task_id:
            by_task[report.task_id].append(report)
    rows = []
    for task in plan.tasks.select_related("lead_agency", "linked_plan").order_by("position", "pk"):
        texts = sorted((_report_json(r, task.lead_agency_id) for r in by_task.get(task.pk, [])),
                       key=lambda r: (not r["is_lead"], r["agency"]))  # fmt: skip
        status = consolidated_status(texts)
        rows.append({
            "number": task.number, "title": task.title,
            "lead": task.lead_agency.name if task.lead_agency else "",
            "requires_plan": task.requires_plan,
            "linked_plan": task.linked_plan.reference if task.linked_plan else None,
            "status": status, "status_label": STATUS_TEXT.get(status, "Chưa có báo cáo"),
            "reports": texts,
        })  # fmt: skip
    return rows


def _deployment(plan: Plan, as_of: dt.date) -> list[dict[str, Any]]:
    children = plan.implemented_by.filter(issued_on__lte=as_of).select_related("owner_agency")
    return [{"number": c.reference, "title": c.title, "issuer": c.issuer,
             "agency": c.owner_agency.name if c.owner_agency else c.issuer,
             "issued_on": c.issued_on.isoformat()} for c in children.order_by("issued_on", "pk")]  # fmt: skip


def _snapshot_days(targets: list[Target], as_of: dt.date) -> ExtraDays:
    """The days the report reads besides the snapshot's yearly ones: the cut-off (its
    targets and its annexes' structure), and the day before each events target's period
    starts."""
    starts = {period_start(t, as_of) - dt.timedelta(days=1) for t in targets
              if t.indicator is not None and t.indicator.kind == "events"}  # fmt: skip
    return ExtraDays(frame=(as_of,), events=tuple(sorted(starts)), structure=(as_of,))


def _plan_targets(plan: Plan) -> list[Target]:
    return list(Target.objects.filter(plan=plan).select_related("indicator", "agency")
                .order_by("plan_reference", "position", "id"))  # fmt: skip


def _targets(plan: Plan, as_of: dt.date, unit: str | None, suppress: bool,
             fresh: bool = False, targets: list[Target] | None = None) -> list[dict[str, Any]]:  # fmt: skip
    """Every target at the cut-off, read from the indicator snapshot (`assemble` taught it
    the report's days), or with `fresh` computed from the registry."""
    targets = _plan_targets(plan) if targets is None else targets
    # The report reads its plan's area whole, as `trithuc indicators show` does; the
    # reader's right to it was checked by the caller (Capability.MAKE_REPORTS).
    evaluator = Evaluator(None, as_of=as_of, unit=unit, use_snapshot=not fresh)
    evaluator.suppress = suppress
    rows = []
    for row in evaluator.evaluate_all(targets):
        data = row.as_json()
        target = row.target
        data.update(
            target_text=row.target_text, value_text=row.value_text,
            status_label=STATUS_LABELS.get(row.status, row.status),
            baseline_year=target.baseline_year, baseline_value=target.baseline_value,
            baseline_source=target.baseline_source,
            reported_computed=None if row.suppressed else row.reported_computed,
        )  # fmt: skip
        rows.append(data)
    return rows


def _agency_reports(
    plan: Plan, period: Period, as_of: dt.date, today: dt.date
) -> list[dict[str, Any]]:
    if period.kind in REVIEW_KINDS:
        periods = [p for p in plan.periods.all() if p.ends_on <= as_of or p.pk == period.pk]
    else:
        periods = [period]
    counts: dict[str, Counter] = defaultdict(Counter)
    for item in plan_due_items(plan, periods):
        state = item.state(today)
        counts[item.agency.name][state] += 1
        counts[item.agency.name]["due"] += 1
    return [{"agency": name, "due": c["due"], "submitted": c["submitted"], "late": c["late"],
             "draft": c["draft"], "missing": c["missing"]}
            for name, c in sorted(counts.items())]  # fmt: skip


def _difficulties(
    tasks: list[dict[str, Any]], reviews: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    found = []
    for task in tasks:
        for report in task["reports"]:
            if report["difficulties"].strip():
                found.append({"agency": report["agency"], "task": task["number"],
                              "text": report["difficulties"].strip()})  # fmt: skip
    for report in reviews:
        if report["difficulties"].strip():
            found.append(
                {"agency": report["agency"], "task": "", "text": report["difficulties"].strip()}
            )
    return found


def _children(plan: Plan, period: Period, user: Any) -> list[dict[str, Any]]:
    """Frozen reports of the same kind and year on plans implementing this one."""
    kind = KIND_OF_PERIOD.get(period.kind)
    reports = OfficialReport.objects.filter(plan__in=plan.implemented_by.all(), frozen=True,
                                            kind=kind)  # fmt: skip
    if kind == ReportKind.YEARLY:
        reports = reports.filter(period__ends_on__year=period.ends_on.year)
    if user is not None:
        reports = reports.filter(pk__in=OfficialReport.objects.visible_to(user).values("pk"))
    found = []
    for report in reports.select_related("plan__owner_agency").order_by("plan__issued_on"):
        figures = report.figures or {}
        statuses = Counter(t["status"] or "none" for t in figures.get("tasks", []))
        found.append({
            "uuid": str(report.uuid), "plan": report.plan.reference,
            "agency": report.plan.owner_agency.name if report.plan.owner_agency else report.plan.issuer,
            "number": report.number, "as_of": report.as_of.isoformat(),
            "tasks": {"total": sum(statuses.values()), "done": statuses.get("done", 0),
                      "in_progress": statuses.get("in_progress", 0),
                      "late": statuses.get("late", 0)},
            "targets": [{"indicator": t.get("indicator_name") or t.get("text", "")[:80],
                         "value": t.get("value"), "value_text": t.get("value_text"),
                         "target_text": t.get("target_text"), "status_label": t.get("status_label")}
                        for t in figures.get("targets", [])],
            "results": (report.narrative or {}).get("results", ""),
            "limitations": (report.narrative or {}).get("limitations", ""),
        })  # fmt: skip
    return found


def _unit_names(province: str) -> dict[str, str]:
    units = AdministrativeUnit.objects.filter(province_code=province, code_system="2025")
    return {u.code: short_unit_name(u) for u in units}


def place_name(plan: Plan, unit: str | None = None) -> str:
    found = get_current_unit(unit or plan.province_code) if (unit or plan.province_code) else None
    return short_unit_name(found) if found else ""


def _intellectual_requests(plan: Plan, period: Period, as_of: dt.date) -> dict[str, Any]:
    """The kiến nghị raised at meetings with intellectuals of the plan's province in the
    period, and how many were answered (seed 003: leaders hear and answer them)."""
    requests = Request.objects.filter(meeting__province_code=plan.province_code,
                                      meeting__held_on__lte=as_of)  # fmt: skip
    if period.starts_on:
        requests = requests.filter(meeting__held_on__gte=period.starts_on)
    summary = summarize(requests, as_of)
    return {"total": summary.total, "answered": summary.answered, "in_time": summary.in_time,
            "overdue": summary.overdue, "sentence": summary.sentence if summary.total else ""}  # fmt: skip


def assemble(plan: Plan, period: Period, *, unit: str = "", as_of: dt.date | None = None,
             user: Any = None, today: dt.date | None = None,
             fresh: bool = False) -> dict[str, Any]:  # fmt: skip
    """Every figure of the report on `plan` for `period`, as JSON, as `user` may read it
    (None: the system, nothing hidden); targets from the indicator snapshot, or with
    `fresh` from the registry as it is now."""
    today = today or timezone.localdate()
    as_of = as_of or default_as_of(period, today)
    suppress = user is not None and scope_of(user).hides_small_cells
    area = unit or plan.province_code
    reports = _reports_in_scope(plan, period, as_of)
    tasks = _tasks(plan, reports)
    reviews = [_report_json(r, plan.owner_agency_id) for r in reports if r.task_id is None]
    plan_targets = _plan_targets(plan)
    if not fresh:
        # The first report of a cut-off teaches the snapshot its days; later ones read them.
        hold_days(_snapshot_days(plan_targets, as_of))
    # Everyone of the area (the reader's right to it was checked by the caller).
    grouped = registry.grouped_counts(None, area, as_of, use_snapshot=not fresh) if area else {}
    annexes = registry.annex_tables(grouped, suppress, _unit_names(plan.province_code))
    targets = _targets(plan, as_of, unit or None, suppress, fresh, plan_targets)
    task_counts = Counter(t["status"] or "none" for t in tasks)
    target_counts = Counter(t["status"] for t in targets)
    return {
        "schema": SCHEMA,
        "plan": {"number": plan.reference, "kind": plan.kind, "kind_label": plan.get_kind_display(),
                 "title": plan.title, "issuer": plan.issuer, "issued_on": plan.issued_on.isoformat(),
                 "province_code": plan.province_code,
                 "owner_agency": plan.owner_agency.name if plan.owner_agency else None},
        "kind": KIND_OF_PERIOD.get(period.kind, ReportKind.YEARLY),
        "period": {"label": period.label, "kind": period.kind, "starts_on": _iso(period.starts_on),
                   "ends_on": _iso(period.ends_on), "due_on": _iso(period.due_on)},
        "year": report_year(period),
        "as_of": as_of.isoformat(),
        "unit": {"code": area, "name": place_name(plan, unit)},
        "computed_on": today.isoformat(),
        "suppressed": suppress,
        "deployment": _deployment(plan, as_of),
        "tasks": tasks,
        "task_counts": {"total": len(tasks), **{k: task_counts.get(k, 0) for k in
                        ["done", "in_progress", "late", "not_started", "none"]}},
        "reviews": reviews,
        "targets": targets,
        "target_counts": dict(sorted(target_counts.items())),
        "difficulties": _difficulties(tasks, reviews),
        "intellectual_requests": _intellectual_requests(plan, period, as_of),
        "registry": annexes,
        "agency_reports": _agency_reports(plan, period, as_of, today),
        "children": _children(plan, period, user),
        "state_labels": STATE_LABELS,
    }  # fmt: skip


def number_text(value: float | None, digits: int = 0) -> str:
    return wording.number(value, digits) if value is not None else "—"
