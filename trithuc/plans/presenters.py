"""What the plans pages show, computed here so that templates only lay it out."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from trithuc.plans.due import STATE_LABELS, DueItem, Matrix
from trithuc.plans.models import Plan, ReportState, Task
from trithuc.plans.services import report_due_label


def plan_tree(plans: list[Plan]) -> list[dict[str, Any]]:
    """Plans as rows of a tree by "implements": a plan under the document it implements
    (when that document is among `plans`), each with its depth."""
    by_pk = {p.pk: p for p in plans}
    children: dict[int | None, list[Plan]] = {}
    for plan in plans:
        parents = [p.pk for p in plan.implements.all() if p.pk in by_pk]
        children.setdefault(parents[0] if parents else None, []).append(plan)
    rows: list[dict[str, Any]] = []
    seen: set[int] = set()

    def walk(parent: int | None, depth: int) -> None:
        for plan in sorted(children.get(parent, []), key=lambda p: (p.issued_on, p.pk)):
            if plan.pk in seen:
                continue
            seen.add(plan.pk)
            rows.append({"plan": plan, "depth": depth, "indent": "— " * depth})
            walk(plan.pk, depth + 1)

    walk(None, 0)
    for plan in plans:  # a cycle of "implements" would hide plans: show them at the top
        if plan.pk not in seen:
            rows.append({"plan": plan, "depth": 0, "indent": ""})
    return rows


def task_rows(plan: Plan) -> list[dict[str, Any]]:
    tasks = list(plan.tasks.select_related("lead_agency", "linked_plan", "parent")
                 .prefetch_related("coordinating_agencies"))  # fmt: skip
    depth: dict[int, int] = {}
    rows = []
    for task in _tree_order(tasks):
        depth[task.pk] = depth.get(task.parent_id, -1) + 1 if task.parent_id else 0
        rows.append({
            "task": task, "depth": depth[task.pk], "indent": "— " * depth[task.pk],
            "coordinating": ", ".join(a.name for a in task.coordinating_agencies.all()),
            "deadline": deadline_label(task),
            "unassigned": task.lead_agency_id is None and not task.coordinating_agencies.all(),
        })  # fmt: skip
    return rows


def _tree_order(tasks: list[Task]) -> list[Task]:
    children: dict[int | None, list[Task]] = {}
    for task in tasks:
        children.setdefault(task.parent_id, []).append(task)
    ordered: list[Task] = []

    def walk(parent: int | None) -> None:
        for task in children.get(parent, []):
            ordered.append(task)
            walk(task.pk)

    walk(None)
    return ordered


def deadline_label(task: Task) -> str:
    if task.deadline_kind == "fixed" and task.due_on:
        return f"Hạn {task.due_on:%d/%m/%Y}"
    return task.get_recurrence_display() or "Thường xuyên"


CELL_CLASSES = {
    ("submitted", "done"): "cell-done",
    ("submitted", "in_progress"): "cell-progress",
    ("submitted", "not_started"): "cell-behind",
    ("submitted", "late"): "cell-behind",
}


def cell(item: DueItem | None, today: dt.date) -> dict[str, str]:
    if item is None:
        return {"css": "cell-none", "text": "", "title": "Không được giao"}
    state = item.state(today)
    status = item.report.status if item.report else ""
    css = CELL_CLASSES.get((state, status), f"cell-{state}")
    text = item.report.get_status_display() if state == "submitted" else STATE_LABELS[state]
    return {"css": css, "text": text, "title": f"{item.agency.name}: {text}",
            "url": report_url(item), "lead": "Chủ trì" if item.is_lead else ""}  # fmt: skip


def matrix_rows(matrix: Matrix, today: dt.date) -> list[dict[str, Any]]:
    return [
        {"label": f"{task.number} {task.title}".strip() if task else "Báo cáo chung của kế hoạch",
         "cells": [cell(item, today) for item in items]}
        for task, items in matrix.rows
    ]  # fmt: skip


def report_url(item: DueItem) -> str:
    kwargs = {"plan_uuid": item.plan.uuid, "period_id": item.period.pk, "agency_id": item.agency.pk}
    if item.task is None:
        return reverse("plans:plan_report", kwargs=kwargs)
    return reverse("plans:task_report", kwargs={**kwargs, "task_uuid": item.task.uuid})


def due_rows(items: list[DueItem], today: dt.date) -> list[dict[str, Any]]:
    return [
        {"item": item, "url": report_url(item),
         "what": f"{item.task.number} {item.task.title}".strip() if item.task
         else f"{item.period.get_kind_display()} kế hoạch",
         "state": STATE_LABELS[item.state(today)], "state_code": item.state(today),
         "due": report_due_label(item.period, today),
         "role": "Chủ trì, tổng hợp" if item.is_lead else "Phối hợp"}
        for item in items
    ]  # fmt: skip


def period_choices(plan: Plan, today: dt.date) -> tuple[list[Any], Any]:
    """The plan's periods for the matrix tabs, and the one to show first: the earliest
    whose due date has not passed, else the last one."""
    periods = list(plan.periods.all())
    current = next((p for p in periods if p.due_on >= today), periods[-1] if periods else None)
    return periods, current


def locked(report: Any) -> bool:
    return report is not None and report.state == ReportState.SUBMITTED
