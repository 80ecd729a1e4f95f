"""What the indicator dashboard shows of each target's forecast, as plain data and
Vietnamese sentences (registered with `indicators.forecasting` in `apps.py`)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from trithuc.codelists.services import label
from trithuc.forecasts.goals import NotForecast, plan_for
from trithuc.forecasts.targets import MEANINGFUL, TargetForecast, forecast_targets
from trithuc.indicators import wording
from trithuc.indicators.models import Target
from trithuc.lib import disclosure


def forecastable(target: Target) -> bool:
    """Whether the model counts this target (the others keep their trend lines)."""
    try:
        plan_for(target)
    except NotForecast:
        return False
    return True


def compute_for_dashboard(evaluator: Any, targets: list[Target],
                          progress: Callable[[int, int], None] | None = None,
                          ) -> dict[int, dict[str, Any]]:  # fmt: skip
    """Per target, its forecast as the dashboard shows it to the evaluator's reader: their
    people (`evaluator.people`), the unit they read, small populations hidden from
    aggregate roles. Seconds on a province: the background task runs it
    (`forecasts.background`), never a page."""
    found = forecast_targets(targets, evaluator.as_of, area_of=evaluator.area_of,
                             people=evaluator.people, progress=progress)  # fmt: skip
    out: dict[int, dict[str, Any]] = {}
    for target in targets:
        result = found[target.pk]
        if isinstance(result, str):
            out[target.pk] = {"note": result}
        elif evaluator.suppress and result.population < disclosure.threshold():
            out[target.pk] = {"hidden": True}
        else:
            out[target.pk] = describe(result)
    return out


def describe(result: TargetForecast) -> dict[str, Any]:
    t = result.target
    unit = t.indicator.unit if t.indicator else ""
    value, low, high = result.in_year(t.year)
    data = result.as_json()
    data.update({
        "value_text": wording.with_unit(value, unit),
        "interval_text": _("khoảng %(low)s – %(high)s") % {
            "low": wording.with_unit(low, unit), "high": wording.with_unit(high, unit)},
        "met_text": met_text(result),
        "gap_text": gap_text(result.gap, unit),
        "needed_text": needed_text(result.needed or {}),
        "small_text": small_text(result),
        "backtest_text": backtest_text(result.backtest, unit),
    })  # fmt: skip
    return data


def backtest_text(backtest: dict[str, Any] | None, unit: str) -> str:
    """The same forecast made some years ago for today, beside today's value."""
    if not backtest:
        return ""
    if backtest.get("note"):
        return str(backtest["note"])
    if backtest.get("error") is None:
        return ""
    where = (_("trong khoảng 95% của nó") if backtest.get("inside")
             else _("ngoài khoảng 95% của nó"))  # fmt: skip
    return _("Kiểm tra lại: chạy từ %(years)s năm trước, mô hình dự báo %(forecast)s cho hôm "
             "nay; thực tế %(actual)s (sai %(error)s, %(where)s).") % {
        "years": backtest["years"], "forecast": wording.with_unit(backtest["forecast"], unit),
        "actual": wording.with_unit(backtest["actual"], unit),
        "error": _signed(backtest["error"], unit),
        "where": where}  # fmt: skip


def met_text(result: TargetForecast) -> str:
    if result.met_year is None:
        return _("Chưa đạt đến năm %(year)s") % {"year": result.years[-1]}
    if result.met_year == result.years[0]:
        return _("Đã đạt từ năm bắt đầu dự báo")
    return _("Đạt từ năm %(year)s") % {"year": result.met_year}


def gap_text(gap: float | None, unit: str) -> str:
    if gap is None:
        return ""
    if gap > 1e-9:
        return _("Còn thiếu %(gap)s ở năm đích") % {"gap": wording.with_unit(gap, unit)}
    return _("Vượt %(gap)s ở năm đích") % {"gap": wording.with_unit(-gap, unit)}


def needed_text(needed: dict[str, Any]) -> str:
    reason = needed.get("reason")
    if reason == "met":
        return _("Không cần thêm: theo dự báo, mục tiêu đạt với các dòng vào, ra như hiện nay.")
    if reason == "unreachable":
        return _(
            "Theo mô hình, nâng trình độ hay tuyển thêm đều không đủ để đạt mục tiêu đúng hạn."
        )
    if reason == "no_lever":
        return _(
            "Không có trình độ thấp hơn để nâng lên và không tuyển được theo định nghĩa chỉ tiêu."
        )
    if not needed.get("kind") or not needed.get("per_year"):
        return ""
    people = math.ceil(needed["per_year"] - 1e-9)
    first, last = needed["years"]
    to = label("education_level", needed["to"]).lower()
    if needed["kind"] == "upgrade":
        sources = ", ".join(label("education_level", code).lower() for code in needed["from"])
        return _("Cần nâng trình độ khoảng %(n)s người mỗi năm (từ %(from)s lên %(to)s), "
                 "%(first)s–%(last)s.") % {"n": wording.number(people), "from": sources,
                                          "to": to, "first": first, "last": last}  # fmt: skip
    return _("Cần tuyển thêm khoảng %(n)s người trình độ %(to)s mỗi năm, %(first)s–%(last)s.") % {
        "n": wording.number(people), "to": to, "first": first, "last": last}  # fmt: skip


def small_text(result: TargetForecast) -> str:
    if result.population >= MEANINGFUL:
        return ""
    return _("Nhóm tính chỉ có %(n)s người: dự báo cho nhóm nhỏ như vậy ít ý nghĩa.") % {
        "n": wording.number(result.population)}  # fmt: skip


def _signed(error: float, unit: str) -> str:
    """An error with its sign, two decimals under one (never "-0")."""
    if abs(error) < 0.005:
        return wording.with_unit(0, unit)
    text = wording.number(error, 2 if abs(error) < 1 else 1)
    text = ("+" if error > 0 else "") + text
    return f"{text}%" if unit == "%" else f"{text} {unit}".strip()
