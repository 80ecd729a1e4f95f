"""What the report pages show, computed here so that templates hold no logic."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse

from trithuc.codelists.services import label
from trithuc.indicators.models import Target
from trithuc.plans.models import REVIEW_KINDS, PeriodKind, Plan
from trithuc.reports.models import OfficialReport
from trithuc.reports.narrative import SECTIONS
from trithuc.reports.registry import cell_text
from trithuc.reports.services import baseline_value
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


def baseline_candidates(report: OfficialReport, user: Any) -> Any:
    """Targets a frozen report's figure may become the baseline of: those `user` may
    edit (`Target.editable_by`), of another plan issued after the report's cut-off (or
    undated), for the same indicator and sector as the figure."""
    return (Target.objects.editable_by(user).exclude(plan=report.plan)
            .filter(Q(plan_date__isnull=True) | Q(plan_date__gt=report.as_of))
            .select_related("indicator").order_by("plan_reference", "position", "id"))  # fmt: skip


def _target_label(target: Target) -> str:
    name = target.indicator.name if target.indicator_id else target.source_text[:80]
    return f"{target.plan_reference}: {name} – năm {target.year}"


def _baseline_text(target: Target) -> str:
    if target.baseline_value is None:
        return "chưa có"
    year = f" (năm {target.baseline_year})" if target.baseline_year else ""
    return f"{cell_text(target.baseline_value)}{year}"


def baseline_rows(report: OfficialReport, user: Any) -> list[dict[str, Any]]:
    """Each figure of the frozen report that has a value, with the targets it may
    become the baseline of."""
    candidates = list(baseline_candidates(report, user))
    rows = []
    for figure in (report.figures or {}).get("targets", []):
        if figure.get("value") is None or not figure.get("indicator"):
            continue
        targets = [
            {"uuid": str(t.uuid), "label": _target_label(t), "baseline": _baseline_text(t)}
            for t in candidates
            if t.indicator_id and t.indicator.code == figure["indicator"]
            and (t.sector or None) == figure.get("sector")
        ]  # fmt: skip
        sector = figure.get("sector") or ""
        rows.append({"uuid": figure["uuid"], "name": figure.get("indicator_name") or "",
                     "sector": label("sector", sector) if sector else "",
                     "value_text": figure.get("value_text"), "targets": targets,
                     "target_text": figure.get("target_text") or "", "year": figure.get("year")})  # fmt: skip
    return rows


def baseline_confirmation(
    report: OfficialReport, user: Any, figure_uuid: str, target_uuid: str
) -> dict[str, Any] | None:
    """What "Xác nhận" will change, or None when the pair is not one `baseline_rows`
    offers to this user."""
    row = next((r for r in baseline_rows(report, user) if r["uuid"] == figure_uuid), None)
    if row is None:
        return None
    choice = next((t for t in row["targets"] if t["uuid"] == target_uuid), None)
    if choice is None:
        return None
    target = Target.objects.select_related("indicator").get(uuid=target_uuid)
    figure = next(t for t in report.figures["targets"] if t.get("uuid") == figure_uuid)
    value = baseline_value(figure, target)
    number = report.number.strip() or "…"
    return {"figure": row, "target": choice, "year": report.as_of.year,
            "value": cell_text(value) if value is not None else "—",
            "source": f"Báo cáo số {number} ({report.plan.reference}), số liệu đến "
                      f"{report.as_of.isoformat()}"}  # fmt: skip
