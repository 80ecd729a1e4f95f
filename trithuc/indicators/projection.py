"""Where a target will land: two simple models, a status, and the yearly change needed.

Pure Python (no Django), so the rules are easy to test. Time is in fractional years:
the end of year Y is Y + 1, a date inside a year is Y + (day of year) / (days in year),
and a target "by 2030" is due at the end of 2030.

- Linear trend: the least-squares slope of the values since 2015, applied from the
  latest value to the due date.
- Simple exponential smoothing: smoothing (α = 0.5) of the yearly changes, applied the
  same way. Smoothing the values themselves would forecast a flat line (today's value,
  which the dashboard already shows); smoothing the changes weights recent years more
  than the linear trend does.

For an events indicator (doctorates awarded) the models forecast the yearly number of
events instead, and the projection is what was achieved so far plus the forecast.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

ALPHA = 0.5
ON_TRACK = "on_track"
AT_RISK = "at_risk"
OFF_TRACK = "off_track"
ACHIEVED = "achieved"
MISSED = "missed"
UNKNOWN = "unknown"
STATUS_LABELS = {
    ON_TRACK: "Đúng tiến độ",
    AT_RISK: "Có nguy cơ",
    OFF_TRACK: "Chậm tiến độ",
    ACHIEVED: "Đã đạt",
    MISSED: "Không đạt",
    UNKNOWN: "Chưa đủ số liệu",
}


def year_fraction(day: dt.date) -> float:
    start = dt.date(day.year, 1, 1)
    length = (dt.date(day.year + 1, 1, 1) - start).days
    return day.year + ((day - start).days + 1) / length


def due(year: int) -> float:
    return float(year + 1)


def meets(value: float | None, comparator: str, target: float, high: float | None = None) -> bool:
    """Whether a value meets a target. Targets "đạt X" (=) and ranges are reached from
    below: a value at or above X (the low end of a range) meets them."""
    if value is None:
        return False
    eps = 1e-9
    if comparator == ">":
        return value > target + eps
    if comparator == "<=":
        return value <= target + eps
    if comparator == "<":
        return value < target - eps
    return value >= target - eps  # ">=", "=", "range"


def decreasing(comparator: str) -> bool:
    return comparator in {"<=", "<"}


def linear_slope(points: Sequence[tuple[float, float]]) -> float | None:
    if len(points) < 2:
        return None
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    sxx = sum((x - mean_x) ** 2 for x, _ in points)
    if sxx == 0:
        return None
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / sxx


def smoothed_rate(points: Sequence[tuple[float, float]], alpha: float = ALPHA) -> float | None:
    """Exponentially smoothed change per year between consecutive points."""
    rates = [
        (y2 - y1) / (x2 - x1)
        for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False)
        if x2 > x1
    ]
    return ses(rates, alpha)


def ses(values: Sequence[float], alpha: float = ALPHA) -> float | None:
    if not values:
        return None
    level = values[0]
    for value in values[1:]:
        level = alpha * value + (1 - alpha) * level
    return level


@dataclass
class Projection:
    linear: float | None
    smoothing: float | None

    @property
    def values(self) -> list[float]:
        return [v for v in (self.linear, self.smoothing) if v is not None]

    def disagree(self, comparator: str, target: float, high: float | None = None) -> bool:
        """The two models give different answers (one meets the target, one does not)."""
        if self.linear is None or self.smoothing is None:
            return False
        return meets(self.linear, comparator, target, high) != meets(
            self.smoothing, comparator, target, high
        )


def project_level(
    points: Sequence[tuple[float, float]], year: int, *, lower: float = 0.0, upper: float | None
) -> Projection:
    """Projections of a level (a share, a count) to the end of `year`."""
    if not points:
        return Projection(None, None)
    x_last, y_last = points[-1]
    horizon = max(0.0, due(year) - x_last)

    def clamp(value: float) -> float:
        value = max(lower, value)
        return min(upper, value) if upper is not None else value

    slope = linear_slope(points)
    rate = smoothed_rate(points)
    return Projection(
        clamp(y_last + slope * horizon) if slope is not None else None,
        clamp(y_last + rate * horizon) if rate is not None else None,
    )


def project_events(
    yearly: Sequence[tuple[int, int]], achieved: float, as_of: dt.date, year: int
) -> Projection:
    """Projections of events achieved so far plus events expected until the end of
    `year`, from the yearly counts of complete years."""
    full = [(float(y), float(n)) for y, n in yearly if y < as_of.year]
    if not full:
        return Projection(None, None)
    horizon = max(0.0, due(year) - year_fraction(as_of))
    slope = linear_slope(full)
    linear = None
    if slope is not None:
        mean_x = sum(x for x, _ in full) / len(full)
        mean_y = sum(y for _, y in full) / len(full)
        expected = _integrate_line(mean_x, mean_y, slope, year_fraction(as_of), due(year))
        linear = achieved + max(0.0, expected)
    level = ses([n for _, n in full])
    smoothing = achieved + max(0.0, level) * horizon if level is not None else None
    return Projection(linear, smoothing)


def _integrate_line(mean_x: float, mean_y: float, slope: float, start: float, end: float) -> float:
    """Expected events between two times, from a yearly-count line (never negative)."""
    total = 0.0
    step = 0.25
    t = start
    while t < end - 1e-9:
        width = min(step, end - t)
        middle = t + width / 2 - 0.5  # counts of year Y sit at x = Y
        total += max(0.0, mean_y + slope * (middle - mean_x)) * width
        t += width
    return total


def status(
    value: float | None,
    projection: Projection,
    comparator: str,
    target: float,
    high: float | None,
    *,
    as_of: dt.date,
    year: int,
) -> str:
    if value is None:
        return UNKNOWN
    if as_of >= dt.date(year, 12, 31):
        return ACHIEVED if meets(value, comparator, target, high) else MISSED
    projected = projection.values
    if not projected:
        return ON_TRACK if meets(value, comparator, target, high) else UNKNOWN
    ok = [meets(v, comparator, target, high) for v in projected]
    if all(ok):
        return ON_TRACK
    return AT_RISK if any(ok) else OFF_TRACK


def progress_percent(value: float | None, comparator: str, target: float) -> int | None:
    """How far along the bar is (0–100)."""
    if value is None:
        return None
    if decreasing(comparator):
        if value <= target:
            return 100
        return max(0, min(100, round(100 * target / value))) if value else 100
    if target <= 0:
        return 100
    return max(0, min(100, math.floor(100 * value / target)))


def years_left(as_of: dt.date, year: int) -> int:
    return max(0, year - as_of.year)
