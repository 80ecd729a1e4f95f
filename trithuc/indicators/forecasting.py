"""Targets against a model forecast, supplied by an app above this one.

The dashboard shows, for each target a forecast model can count, its projected value in
the target year with an interval, the year it is met, the gap and the yearly intake
needed, in place of the trend lines (kept for the others, such as reported figures).
The model lives in `trithuc.forecasts`, which reads this app: it registers its function
here in its `AppConfig.ready`, as the apps that publish reported figures do
(`published.py`), so this app never imports it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from trithuc.indicators.models import Target

# forecaster(evaluator, targets) -> {target id: what the dashboard shows}
Forecaster = Callable[[Any, list[Target]], dict[int, dict[str, Any]]]
_FORECASTERS: list[Forecaster] = []


def register(forecaster: Forecaster) -> None:
    _FORECASTERS[:] = [forecaster]


def forecasts(evaluator: Any, targets: list[Target]) -> dict[int, dict[str, Any]]:
    """Per target id, its forecast for the dashboard ({} when no model is installed)."""
    if not _FORECASTERS or not targets:
        return {}
    return _FORECASTERS[0](evaluator, targets)
