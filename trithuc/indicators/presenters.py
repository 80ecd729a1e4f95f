"""What the indicator pages show, as plain data (cacheable, no logic in templates)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from typing import Any
from urllib.parse import urlencode

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from trithuc.codelists.services import label
from trithuc.indicators import forecasting, wording
from trithuc.indicators.models import SnapshotState, Target
from trithuc.indicators.projection import STATUS_LABELS
from trithuc.indicators.querysets import aggregate_scope
from trithuc.indicators.snapshots import generation, get_state
from trithuc.indicators.values import DrillRow, Evaluator, TargetRow, drill_down
from trithuc.lib.safe_export import SafeWorkbook

CACHE_SECONDS = 24 * 3600
HIDDEN = "ẩn"  # what a hidden cell shows, as on the registry's summary page


def sector_label(code: str) -> str:
    if not code:
        return "Chung"

    return label("sector", code)


def plan_choices(user: Any) -> list[str]:
    return list(
        Target.objects.visible_to(user)
        .order_by("plan_reference")
        .values_list("plan_reference", flat=True)
        .distinct()
    )


def row_data(row: TargetRow) -> dict[str, Any]:
    """One line of the dashboard (and of its XLSX export)."""
    t = row.target
    hidden = row.suppressed
    data = row.as_json()
    projection = row.projection
    return {
        **data,
        "name": row.indicator.name if row.indicator else "(chưa gán chỉ tiêu)",
        "drillable": bool(row.indicator and row.indicator.kind != "reported" and not hidden),
        "sector_label": sector_label(t.sector),
        "unit_name": row.area.name if row.area else t.unit_code,
        "target_text": row.target_text,
        "value_text": row.value_text,
        "status_label": STATUS_LABELS.get(row.status, row.status),
        "linear_text": "" if hidden else wording.with_unit(projection.linear, row.unit),
        "official_target": wording.official_target(t.comparator, t.value, t.value_high, row.unit),
        "smoothing_text": "" if hidden else wording.with_unit(projection.smoothing, row.unit),
        "projections_differ": row.projections_differ,
        "projection_text": projection_text(row),
        "needed_text": _needed_text(row.needed),
        "reported_text": _reported_text(row),
        "reported_source": row.reported.source if row.reported else "",
        "fraction": "" if hidden or row.base is None else
        f"{wording.number(row.count)}/{wording.number(row.base)}",
        "baseline_text": _baseline_text(t),
        "reconciliation": "" if hidden else _reconciliation_text(row),
        "assumed_text": "" if hidden else _assumed_text(row),
        "computed_text": _time_text(row.computed_at),
        "kind": row.indicator.kind if row.indicator else "",
        "report_query": _report_query(row),
    }  # fmt: skip


def _needed_text(needed: str) -> str:
    """ "Cần: thêm 37 thạc sĩ mỗi năm", or the sentence as it is once the target is met."""
    if not needed or needed.startswith("Đã đạt"):
        return needed
    return _("Cần: %(needed)s") % {"needed": needed}


def _report_query(row: TargetRow) -> str:
    """The report form's fields for this target, so an agency enters the missing figure
    in one step."""
    t = row.target
    if row.indicator is None:
        return ""
    return urlencode({"indicator": row.indicator.pk, "unit_code": t.unit_code,
                      "sector": t.sector, "year": row.as_of.year})  # fmt: skip


def _reported_text(row: TargetRow) -> str:
    if row.reported is None:
        return ""
    return f"{wording.with_unit(row.reported.value, row.unit)} ({row.reported.year})"


def _baseline_text(t: Target) -> str:
    if not t.baseline_year and not t.baseline_value:
        return ""
    value = wording.number(t.baseline_value) if t.baseline_value else "tính từ cơ sở dữ liệu"
    return f"Năm gốc {t.baseline_year or ''}: {value}".strip()


def _reconciliation_text(row: TargetRow) -> str:
    """The plan's baseline beside the registry's own count on the same date: they come
    from different sources (a plan's footnote counts people the registry may not hold)."""
    t = row.target
    if not t.baseline_value or row.registry_baseline is None:
        return ""
    gap = t.baseline_value - row.registry_baseline
    used = {"plan": "đang so với số của kế hoạch", "registry": "đang so với số của cơ sở dữ liệu"}
    return (
        f"Cơ sở dữ liệu có {wording.number(row.registry_baseline)} vào cuối năm "
        f"{t.baseline_year}, số của kế hoạch là {wording.number(t.baseline_value)} "
        f"(chênh {wording.number(gap)}; hai số từ hai nguồn khác nhau)"
        + (f"; {used[row.baseline_used]}" if row.baseline_used in used else "")
        + "."
    )


def _assumed_text(row: TargetRow) -> str:
    if not row.assumed:
        return ""
    return (
        f"{wording.number(row.assumed)} người trong số được tính không có năm bắt đầu công "
        "tác: được tính từ ngày đủ 18 tuổi."
    )


def _time_text(moment: dt.datetime | None) -> str:
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return f"{local:%H:%M} ngày {local:%d/%m/%Y}"


def freshness(state: SnapshotState) -> dict[str, Any]:
    refreshed = timezone.localtime(state.refreshed_at) if state.refreshed_at else None
    changed = timezone.localtime(state.changed_at) if state.changed_at else None
    return {
        "refreshed_at": refreshed,
        "time_text": f"{refreshed:%H:%M} ngày {refreshed:%d/%m/%Y}" if refreshed else "",
        "stale": state.is_stale,
        "changed_text": f"{changed:%H:%M} ngày {changed:%d/%m/%Y}" if changed else "",
        "running": state.running,
        "failed": state.message,
    }


def dashboard_rows(
    user: Any,
    plan: str | None,
    unit: str | None,
    as_of: dt.date | None = None,
    baseline: str = "plan",
) -> dict[str, Any]:
    """The rows of one plan for one reader, cached until the next snapshot refresh, with
    the forecasts of their targets as they stand now (`forecasting`: computed in the
    background, never here) and what the page says of them (`forecast`)."""
    state = get_state()
    raw = ":".join([
        "indicators:dashboard", str(generation()), str(state.refreshed_at),
        str(timezone.localdate()), plan or "*",
        unit or "-", str(as_of or ""), aggregate_scope(user).key(),
        str(Evaluator.suppresses(user)), baseline,
    ])  # fmt: skip
    key = "indicators:dashboard:" + hashlib.sha256(raw.encode()).hexdigest()
    found = cache.get(key)
    targets = list(Target.objects.visible_to(user).for_plan(plan).select_related("indicator"))
    evaluator = Evaluator(user, as_of=as_of, unit=unit, baseline=baseline)
    if found is None:
        rows = [row_data(row) for row in evaluator.evaluate_all(targets)]
        found = {"rows": rows, "as_of": evaluator.as_of, "state": freshness(state)}
        cache.set(key, found, CACHE_SECONDS)
    forecasts = forecasting.forecasts(evaluator, targets)
    _with_forecasts(found["rows"], targets, forecasts.by_target)
    found["forecast"] = forecast_state(forecasts)
    return found


def forecast_state(found: forecasting.Found) -> dict[str, Any]:
    """What the page says of its forecasts: when they were computed, whether they are
    stale, or that they are being computed (the page then polls, `polling`)."""
    return {
        "state": found.state, "polling": found.polling, "progress": found.progress,
        "time_text": _time_text(found.computed_at), "message": found.message,
    }  # fmt: skip


def forecast_state_for(user: Any, plan: str | None, unit: str | None,
                       as_of: dt.date | None = None) -> dict[str, Any]:  # fmt: skip
    """`forecast_state` alone, for the page's polling (no rows, no cache)."""
    targets = list(Target.objects.visible_to(user).for_plan(plan).select_related("indicator"))
    evaluator = Evaluator(user, as_of=as_of, unit=unit)
    return forecast_state(forecasting.forecasts(evaluator, targets))


def target_groups(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The dashboard's rows grouped by what they measure (indicator, sector, unit), with
    one cell per target year side by side (2030 beside 2045) instead of one line each."""
    years = sorted({row["year"] for row in rows})
    groups: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in rows:
        key = (row["name"], row["indicator"], row["sector"], row["unit"], row["agency"])
        group = groups.get(key)
        if group is None:
            group = groups[key] = {"first": row, "by_year": {}, "texts": []}
        group["by_year"].setdefault(row["year"], []).append(row)
        if row["text"] and row["text"] not in group["texts"]:
            group["texts"].append(row["text"])
    result = []
    for group in groups.values():
        first = group["first"]
        values = {r["value_text"] for cells in group["by_year"].values() for r in cells}
        result.append({
            **first,
            "source_texts": group["texts"],
            "same_value": len(values) == 1,
            "cells": [{"year": year, "targets": group["by_year"].get(year, [])}
                      for year in years],
        })  # fmt: skip
    return {"years": years, "groups": result}


def plan_target_table(targets: Any) -> dict[str, Any]:
    """A plan's targets as its page shows them: one line per indicator, sector and unit,
    one column per target year (2030 beside 2045), each written as the document writes
    it ("≥ 98%", "1,5 lần", "06 tiến sĩ")."""
    targets = list(targets)
    years = sorted({t.year for t in targets})
    groups: dict[tuple[Any, ...], dict[str, Any]] = {}
    for t in targets:
        name = t.indicator.name if t.indicator else _("— chưa gán chỉ tiêu —")
        unit = t.indicator.unit if t.indicator and t.indicator.unit else t.value_unit
        group = groups.setdefault((name, t.sector, t.unit_code, t.agency_id), {
            "name": name, "sector": sector_label(t.sector), "by_year": {}, "texts": [],
        })  # fmt: skip
        group["by_year"].setdefault(t.year, []).append(
            wording.official_target(t.comparator, t.value, t.value_high, unit or "")
        )
        if t.source_text and t.source_text not in group["texts"]:
            group["texts"].append(t.source_text)
    rows = [{**group, "cells": [{"year": y, "text": "; ".join(group["by_year"].get(y, [])) or "–"}
                                for y in years]}
            for group in groups.values()]  # fmt: skip
    return {"years": years, "rows": rows}


def projection_text(row: TargetRow) -> str:
    """What the two estimates say for the target year, in plain words: "khoảng 41,2%",
    or "từ 38,5% đến 41,2%" when the two ways of estimating disagree."""
    if row.suppressed:
        return ""
    known = sorted(v for v in (row.projection.linear, row.projection.smoothing) if v is not None)
    if not known:
        return ""
    low, high = wording.with_unit(known[0], row.unit), wording.with_unit(known[-1], row.unit)
    if low == high:
        return _("khoảng %(value)s") % {"value": low}
    return _("từ %(low)s đến %(high)s") % {"low": low, "high": high}


def _with_forecasts(rows: list[dict[str, Any]], targets: list[Target],
                    found: dict[int, dict[str, Any]]) -> None:  # fmt: skip
    """The model's forecast replaces the trend lines, the status and the intake needed of
    the targets it can count; the others keep them."""
    by_uuid = {str(target.uuid): target for target in targets}
    for row in rows:
        target = by_uuid.get(str(row["uuid"]))
        forecast = found.get(target.pk) if target is not None else None
        row["forecast"] = forecast
        if (
            not forecast
            or row["suppressed"]
            or forecast.get("hidden")
            or not forecast.get("status")
        ):
            continue
        if row["status"] in ("achieved", "missed"):  # met already, or its year is over
            continue
        row["status"] = forecast["status"]
        row["status_label"] = STATUS_LABELS.get(forecast["status"], forecast["status"])
        row["needed"] = forecast["needed_text"]
        row["needed_text"] = forecast["needed_text"]  # a whole sentence ("Cần nâng…")
        row["projection_text"] = ""  # the forecast says it instead of the trend lines


def sparkline_data(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        row["uuid"]: {
            "years": [year for year, _ in row["series"]],
            "values": [value for _, value in row["series"]],
            "unit": row["value_unit"] or "",
            "target": None if row["suppressed"] else row["target"],
            "forecast": None if row["suppressed"] else _fan(row.get("forecast"), row["year"]),
        }
        for row in rows
    }


def _fan(forecast: dict[str, Any] | None, year: int) -> dict[str, list[Any]] | None:
    """The forecast to the target year, with its interval: the chart's fan."""
    if not forecast or not forecast.get("series"):
        return None
    points = [point for point in forecast["series"] if point[0] <= year]
    return {"years": [p[0] for p in points], "values": [p[1] for p in points],
            "low": [p[2] for p in points], "high": [p[3] for p in points],
            "label": gettext("dự báo")}  # fmt: skip


def drill_context(user: Any, target: Target, by: str) -> dict[str, Any]:
    """The drill-down page: its table and its chart read the same rows, so a group hidden
    from the table (a small one, or one that would give a small one away) has no bar."""
    evaluator = Evaluator(user)
    rows: list[DrillRow] = drill_down(evaluator, target, by)
    unit = target.indicator.unit if target.indicator else ""
    shown = [r for r in rows if not r.suppressed]
    share = bool(target.indicator and target.indicator.is_share)
    return {
        "rows": [
            {
                "name": r.name,
                "code": r.code,
                "value": r.value,
                # One word for every hidden row: the page does not say which were small.
                "value_text": HIDDEN if r.suppressed
                else wording.with_unit(r.value, "%" if share else "người"),
                "fraction": "" if r.suppressed or r.base is None else
                f"{wording.number(r.count)}/{wording.number(r.base)}",
            }
            for r in rows
        ],
        "chart": {
            "labels": [r.name for r in shown],
            "values": [round(r.value, 2) if r.value is not None else None for r in shown],
        },
        "suppressed": evaluator.suppress,
        "threshold": _threshold(),
        "as_of": evaluator.as_of,
        "unit": unit,
        "state": freshness(evaluator.state),
    }  # fmt: skip


def _threshold() -> int:
    from django.conf import settings

    return settings.TRITHUC_SMALL_CELL_THRESHOLD


HEADERS = [
    "Kế hoạch", "Chỉ tiêu", "Lĩnh vực", "Đơn vị", "Năm đích", "Mục tiêu",
    "Giá trị hiện nay", "Đơn vị tính", "Tử số", "Mẫu số", "Tiến độ (%)", "Trạng thái",
    "Ước tính năm đích (theo đà từ 2015)", "Ước tính năm đích (theo những năm gần đây)",
    "Cần thay đổi mỗi năm", "Số báo cáo", "Nguồn số báo cáo", "Khác số báo cáo",
    "Câu trong văn bản", "Tính đến ngày", "Ghi chú", "Cách tính", "Tính lúc",
    "Số cũ (cơ sở dữ liệu đã thay đổi sau khi tính)", "Năm gốc", "Số năm gốc của kế hoạch",
    "Số năm gốc của cơ sở dữ liệu", "Số người giả định bắt đầu công tác từ 18 tuổi",
]  # fmt: skip
# Decimals a figure is read with: a share to one tenth of a point, a ratio to hundredths.
DECIMALS = {"%": 1, "lần": 2}


def _figure(value: Any, unit: str) -> Any:
    return round(value, DECIMALS.get(unit, 1)) if isinstance(value, int | float) else value


def write_xlsx(rows: list[dict[str, Any]], as_of: dt.date) -> io.BytesIO:
    """The dashboard's rows as an XLSX file, headed in Vietnamese, figures rounded as read
    (shares to one decimal). Plan sentences and notes come from uploaded documents, so
    text goes through `SafeWorkbook` (no formula, even when edited)."""
    buffer = io.BytesIO()
    book = SafeWorkbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Chỉ tiêu")
    bold = book.add_format({"bold": True, "bg_color": "#E8EEF5", "text_wrap": True})
    formats = {0: book.add_format({"num_format": "#,##0"}),
               1: book.add_format({"num_format": "#,##0.0"}),
               2: book.add_format({"num_format": "#,##0.00"})}  # fmt: skip
    for col, header in enumerate(HEADERS):
        sheet.write_string(0, col, header, bold)
    for r, row in enumerate(rows, start=1):
        unit = row["value_unit"] or ""
        figure = formats[DECIMALS.get(unit, 1)]
        values = [
            row["plan"], row["name"], row["sector_label"], row["unit_name"], row["year"],
            row["official_target"], (_figure(row["value"], unit), figure), unit,
            row["numerator"], row["denominator"],
            (None if row["progress"] is None else round(row["progress"]), formats[0]),
            row["status_label"],
            (_figure(row["projection"]["linear"], unit), figure),
            (_figure(row["projection"]["smoothing"], unit), figure), row["needed"] or "",
            (_figure(row["reported"]["value"], unit) if row["reported"] else None, figure),
            row["reported_source"], "có" if row["disagrees"] else "", row["text"],
            as_of.strftime("%d/%m/%Y"), row["error"] or row["note"] or "", row["definition"],
            row["computed_text"], "có" if row["stale"] else "",
            (row["baseline"] or {}).get("year"), (row["baseline"] or {}).get("plan"),
            (row["baseline"] or {}).get("registry"), row["assumed_start"],
        ]  # fmt: skip
        for col, item in enumerate(values):
            value, style = item if isinstance(item, tuple) else (item, None)
            if value is None or value == "":
                continue
            if isinstance(value, int | float):
                sheet.write_number(r, col, value, style)
            else:
                sheet.write_string(r, col, str(value))
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, 1, 48)
    sheet.set_column(18, 18, 60)
    sheet.set_column(21, 21, 60)
    sheet.freeze_panes(1, 2)
    book.close()
    buffer.seek(0)
    return buffer
