"""Writes with consequences for indicators: targets from a plan or by hand, reported
figures, and the refresh of the snapshot after the registry changes. Views, the command
and tasks all call these."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from trithuc.audit.services import record_event
from trithuc.indicators import forecasting
from trithuc.indicators.areas import CURRENT, LEGACY, AreaError, resolve_area
from trithuc.indicators.models import Indicator, ReportedFigure, Target
from trithuc.indicators.snapshots import (
    add_people,
    forget_cached_pages,
    mark_changed,
)
from trithuc.indicators.tasks import refresh_indicators
from trithuc.indicators.values import Evaluator, TargetRow
from trithuc.lib.plan_parser import parse_plan_file
from trithuc.lib.text import fold
from trithuc.orgunits.models import REFORM_DATE, AdministrativeUnit

logger = logging.getLogger(__name__)
COMPARATORS = {">=", ">", "<=", "<", "=", "range"}


class TargetError(ValueError):
    pass


@dataclass
class LoadResult:
    plan_reference: str
    unit_code: str
    code_system: str
    created: int = 0
    updated: int = 0
    without_indicator: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.updated


def plan_reference_of(parsed: dict[str, Any]) -> str:
    """The document number, or (a plan printed without one) its issuer and date."""
    if parsed.get("number"):
        return str(parsed["number"])
    issuer = str(parsed.get("issuer") or "Kế hoạch không số")
    date = _date(parsed.get("date"))
    return f"{issuer} ngày {date:%d/%m/%Y}" if date else issuer


def _date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def infer_province(issuer: str) -> str | None:
    """The province of a provincial issuer ("Tỉnh ủy Cao Bằng", "UBND tỉnh Lâm Đồng")."""
    folded = fold(issuer or "")
    if "tinh" not in folded.split():
        return None
    found = {
        unit.code
        for unit in AdministrativeUnit.objects.filter(level="province")
        if folded.endswith(" " + fold(_short(unit.name)))
    }
    return found.pop() if len(found) == 1 else None


def _short(name: str) -> str:
    for prefix in ("Thành phố ", "Tỉnh "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _code_system(parsed: dict[str, Any], requested: str | None, date: dt.date | None) -> str:
    if requested:
        return requested
    date = _date(parsed.get("date")) or date
    return LEGACY if date is not None and date < REFORM_DATE else CURRENT


def load_targets(
    parsed: dict[str, Any],
    *,
    unit_code: str | None = None,
    code_system: str | None = None,
    plan_reference: str | None = None,
    plan_date: dt.date | None = None,
    actor: Any = None,
    source: str = "command",
    plan: Any = None,
) -> LoadResult:
    """Create or update the targets of a parsed plan (`trithuc.lib.plan_parser`).

    Loading the same plan again updates its targets instead of adding copies. A target
    whose indicator the parser could not name is kept, with no indicator.
    """
    unit_code = unit_code or infer_province(str(parsed.get("issuer") or ""))
    if not unit_code:
        raise TargetError("Không xác định được đơn vị của kế hoạch; hãy chỉ rõ mã đơn vị (--unit).")
    system = _code_system(parsed, code_system, plan_date)
    try:
        resolve_area(unit_code, system)
    except AreaError as exc:
        raise TargetError(str(exc)) from exc
    reference = plan_reference or plan_reference_of(parsed)
    result = LoadResult(reference, unit_code, system)
    indicators = {i.code: i for i in Indicator.objects.all()}
    years = [t["year"] for t in parsed.get("targets", []) if t.get("year")]
    plan_date = _date(parsed.get("date")) or plan_date  # the document's own date wins
    printed = _printed_targets(plan)
    with transaction.atomic():
        for position, item in enumerate(parsed.get("targets", []), start=1):
            item = _with_printed_details(item, printed)
            values = _target_values(item, indicators, years, result)
            values.update(
                unit_code=unit_code, unit_code_system=system, plan_reference=reference,
                plan_title=str(parsed.get("title") or "")[:500], plan_date=plan_date,
                position=position, plan=plan,
                period_start=_date(item.get("period_start")) or plan_date,
            )  # fmt: skip
            _upsert(values, actor, result)
        record_event(
            "load_targets", actor=actor, source=source,
            detail={"plan": reference, "unit": unit_code, "created": result.created,
                    "updated": result.updated},
        )  # fmt: skip
    return result


def _printed_targets(plan: Any) -> list[dict[str, Any]]:
    """The targets as the parser read them from the plan's document, when the plan keeps
    its parser output (`Plan.parsed`)."""
    parsed = getattr(plan, "parsed", None) or {}
    targets = parsed.get("targets") if isinstance(parsed, dict) else None
    return [t for t in targets or [] if isinstance(t, dict)]


def _with_printed_details(item: dict[str, Any], printed: list[dict[str, Any]]) -> dict[str, Any]:
    """A reviewed target with the baseline and line numbers the document printed.

    The plan import's review screen edits indicator, comparator, values, year and sector
    and hands back only those: without this, a ratio target ("1,5 lần so với năm 2020",
    baseline 17.178 in a footnote) would lose the baseline it is measured against.
    What the reviewer changed is kept; only what the review does not carry is added.
    """
    if item.get("baseline") and item.get("lines"):
        return item
    same_text = [t for t in printed if t.get("text") == item.get("text")]
    keys = ("indicator", "sector", "year")
    match = next((t for t in same_text if all(t.get(k) == item.get(k) for k in keys)), None)
    if match is None and len(same_text) == 1:
        match = same_text[0]
    if match is None:
        return item
    extra = {name: match[name] for name in ("baseline", "lines")
             if match.get(name) and not item.get(name)}  # fmt: skip
    return {**item, **extra}


def _target_values(
    item: dict[str, Any], indicators: dict[str, Indicator], years: list[int], result: LoadResult
) -> dict[str, Any]:
    code = indicator_for_wording(str(item.get("indicator") or ""), item.get("population"))
    indicator = indicators.get(code) or indicators.get(str(item.get("indicator") or ""))
    if indicator is None:
        result.without_indicator += 1
    value = item.get("value")
    low, high = (value[0], value[1]) if isinstance(value, list) else (value, None)
    year = item.get("year") or (max(years) if years else timezone.localdate().year)
    if not item.get("year"):
        result.warnings.append(f"'{item.get('text', '')[:60]}…' không nêu năm: lấy năm {year}.")
    baseline = item.get("baseline") or {}
    lines = item.get("lines") or []
    return {
        "indicator": indicator,
        "sector": item.get("sector") or "",
        "year": int(year),
        "comparator": item.get("comparator") if item.get("comparator") in COMPARATORS else ">=",
        "value": float(low or 0),
        "value_high": float(high) if high is not None else None,
        "value_unit": str(item.get("unit") or ""),
        "baseline_year": baseline.get("year"),
        "baseline_value": baseline.get("value"),
        "baseline_source": str(baseline.get("source") or "")[:300],
        "source_text": str(item.get("text") or ""),
        "source_lines": "–".join(str(n) for n in lines[:2]),
    }


CADRES_SUFFIX = "_with_cadres"


def indicator_for_wording(code: str, population: object) -> str:
    """The built-in whose population is the one the plan's words name: a share (or a
    count of doctorates) of "cán bộ, công chức, viên chức" counts cadres too (the
    `…_with_cadres` twin); of "công chức, viên chức" it does not (the plain code)."""
    base = code.removesuffix(CADRES_SUFFIX)
    if population == "state_staff":
        return base + CADRES_SUFFIX
    if population == "civil_and_public_servants":
        return base
    return code


def _upsert(values: dict[str, Any], actor: Any, result: LoadResult) -> Target:
    key = {name: values[name] for name in ("plan_reference", "unit_code", "unit_code_system",
                                            "source_text", "sector", "year", "indicator")}  # fmt: skip
    target = Target.objects.filter(**key).first()
    if target is None:
        target = Target(created_by=actor if getattr(actor, "is_authenticated", False) else None)
        result.created += 1
    else:
        result.updated += 1
    for name, value in values.items():
        setattr(target, name, value)
    target.save()
    return target


def load_targets_file(path: Path, **kwargs: Any) -> LoadResult:
    return load_targets(parse_plan_file(path), **kwargs)


def save_target(target: Target, *, actor: Any, source: str = "web") -> Target:
    """Create or change one target by hand."""
    created = target.pk is None
    if created and getattr(actor, "is_authenticated", False):
        target.created_by = actor
    with transaction.atomic():
        target.save()
        record_event("create" if created else "update", actor=actor, source=source, obj=target)
    return target


def record_reported_figure(figure: ReportedFigure, *, actor: Any, source: str = "web") -> None:
    if getattr(actor, "is_authenticated", False):
        figure.reported_by = actor
    with transaction.atomic():
        figure.save()
        record_event("report_figure", actor=actor, source=source, obj=figure,
                     detail={"value": figure.value, "source": figure.source})  # fmt: skip


def evaluate_targets(
    targets: list[Target], *, user: Any = None, as_of: dt.date | None = None,
    unit: str | None = None, fresh: bool = False, baseline: str = "plan",
) -> list[TargetRow]:  # fmt: skip
    """Values of `targets`; `fresh` computes them from the registry now instead of
    reading the snapshot (which may predate the last change: each row says)."""
    evaluator = Evaluator(user, as_of=as_of, unit=unit, use_snapshot=not fresh,
                          baseline=baseline)  # fmt: skip
    return evaluator.evaluate_all(targets)


# --- refreshing ----------------------------------------------------------------------


def add_new_people(
    national_ids: Sequence[str] = (), provinces: Iterable[str] = (), **_: Any
) -> set[str]:
    """A receiver of `people_added` (inside the import's transaction): the new people's
    rows go into the snapshot with them (`snapshots.add_people`); returns the provinces
    whose figures are then up to date."""
    return add_people(national_ids, provinces)


def request_refresh(
    provinces: Iterable[str] | None = None, fresh: Iterable[str] = (), **_: Any
) -> None:
    """After the registry changed: say the figures are stale and queue their refresh,
    of the provinces the change touched when the sender names them (an import into one
    province), of everything otherwise; `fresh` provinces already have their rows
    (`add_new_people`): only the pages and forecasts computed before are forgotten.

    Never raises: an import that committed must not fail because of its aftermath.
    """
    fresh = set(fresh)
    touched = None if provinces is None else sorted(set(provinces) - fresh)
    try:
        if fresh and not touched and touched is not None:
            forget_cached_pages()
            forecasting.after_refresh()
            return
        mark_changed(touched)
        refresh_indicators.enqueue(requested_at=timezone.now().isoformat(), provinces=touched)
    except Exception:  # noqa: BLE001
        logger.exception("Could not queue the refresh of indicators")
