"""What the report pages show, computed here so that templates hold no logic."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from trithuc.plans.models import REVIEW_KINDS, PeriodKind, Plan
from trithuc.reports.models import OfficialReport
from trithuc.reports.narrative import SECTIONS
from trithuc.reports.registry import cell_text
from trithuc.reports.word import AGENCY_HEADER, TARGET_HEADER, agency_rows, target_rows


def period_rows(plan: Plan) -> list[dict[str, Any]]:
    """Yearly and review periods with the state of their report."""
    saved = {r.period_id: r for r in OfficialReport.objects.filter(plan=plan, unit_code="")}
    rows = []
    for period in plan.periods.filter(kind__in=[PeriodKind.YEARLY, *REVIEW_KINDS]).order_by(
        "ends_on"
    ):
        report = saved.get(period.pk)
        state = "Chưa soạn"
        if report is not None:
            state = "Đã chốt số liệu" if report.frozen else f"Bản thảo (phiên bản {report.version})"
        rows.append({"period": period, "state": state, "frozen": bool(report and report.frozen),
                     "url": reverse("reports:report_edit", args=[plan.uuid, period.pk])})  # fmt: skip
    return rows


def unit_reports(plan: Plan, user: Any) -> list[dict[str, Any]]:
    """Frozen reports of the units whose plans implement this one (offered upward)."""
    found = (OfficialReport.objects.visible_to(user)
             .filter(plan__in=plan.implemented_by.all(), frozen=True)
             .select_related("plan__owner_agency", "period").order_by("-as_of"))  # fmt: skip
    return [{"agency": r.plan.owner_agency.name if r.plan.owner_agency else r.plan.issuer,
             "plan": r.plan.reference, "period": r.period.label, "as_of": r.as_of,
             "url": reverse("reports:unit_report_docx", args=[r.uuid])} for r in found]  # fmt: skip


def figures_view(data: dict[str, Any]) -> dict[str, Any]:
    tables = []
    for table in data["registry"]["tables"]:
        rows = [[row["label"], *map(cell_text, row["values"])] for row in table["rows"]]
        rows.append(["Tổng số", *map(cell_text, table["totals"])])
        tables.append({"title": table["title"], "header": ["", *table["columns"]], "rows": rows,
                       "in_docx": table["in_docx"]})  # fmt: skip
    return {
        "target_header": TARGET_HEADER, "targets": target_rows(data),
        "agency_header": AGENCY_HEADER, "agencies": agency_rows(data),
        "tables": tables, "total": cell_text(data["registry"]["total"]),
        "tasks": data["tasks"], "children": data["children"],
        "suppressed": data["registry"]["suppressed"], "threshold": data["registry"]["threshold"],
    }  # fmt: skip


def preview_sections(parts: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"key": key, "heading": heading.replace(" (nhận định chung)", "").upper(),
             "lines": [line for line in parts["narrative"].get(key, "").splitlines() if line.strip()]}
            for key, heading in SECTIONS[1:]]  # fmt: skip
