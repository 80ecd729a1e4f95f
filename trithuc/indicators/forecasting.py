"""Targets against a model forecast, supplied by an app above this one.

The dashboard shows, for each target a forecast model can count, its projected value in
the target year with an interval, the year it is met, the gap and the yearly intake
needed, in place of the trend lines (kept for the others, such as reported figures).
The model lives in `trithuc.forecasts`, which reads this app: it registers its functions
here in its `AppConfig.ready`, as the apps that publish reported figures do
(`published.py`), so this app never imports it.

The model takes seconds, so a reader never waits for it: the forecaster returns the last
forecast computed in the background with when it was computed, or says it is being
computed (the page polls until it is there); `after_refresh` lets it recompute the
forecasts readers use once the snapshot has been refreshed after a change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from trithuc.indicators.models import Target


@dataclass
class Found:
    """What the dashboard shows of the forecasts of its targets."""

    by_target: dict[int, dict[str, Any]] = field(default_factory=dict)
    # "ready"; "computing" (nothing to show yet); "stale" (shown, the next one computing);
    # "failed"; "none" (no model, or no target it counts)
    state: str = "none"
    computed_at: dt.datetime | None = None
    progress: int = 0  # percent, while computing
    message: str = ""

    @property
    def polling(self) -> bool:
        return self.state in ("computing", "stale")


# forecaster(evaluator, targets) -> what the dashboard shows
Forecaster = Callable[[Any, list[Target]], Found]
_FORECASTERS: list[Forecaster] = []
_REFRESHERS: list[Callable[[], None]] = []


def register(forecaster: Forecaster, refresher: Callable[[], None] | None = None) -> None:
    _FORECASTERS[:] = [forecaster]
    _REFRESHERS[:] = [refresher] if refresher else []


def forecasts(evaluator: Any, targets: list[Target]) -> Found:
    """The forecasts of `targets` for the evaluator's reader (nothing when no model is
    installed)."""
    if not _FORECASTERS or not targets:
        return Found()
    return _FORECASTERS[0](evaluator, targets)


def after_refresh() -> None:
    """The snapshot was refreshed: forecasts computed before the change are stale."""
    for refresher in _REFRESHERS:
        refresher()
