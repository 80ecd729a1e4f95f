"""Numbers and sentences in Vietnamese: "1.234", "98,5%", "thêm 37 thạc sĩ mỗi năm
trong ngành nông nghiệp"."""

from __future__ import annotations

import math

from trithuc.codelists.services import label
from trithuc.indicators.projection import decreasing


def number(value: float | int | None, decimals: int = 0) -> str:
    """Vietnamese number: dot between thousands, comma before decimals (no trailing 0s)."""
    if value is None:
        return "–"
    text = f"{value:,.{decimals}f}"
    if decimals:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def with_unit(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "%":
        return f"{number(value, 1)}%"
    if unit == "lần":
        return f"{number(value, 2)} lần"
    return f"{number(value, 1)} {unit}".strip()


def target_text(comparator: str, value: float, high: float | None, unit: str) -> str:
    if comparator == "range" and high is not None:
        return f"{number(value, 2)}–{with_unit(high, unit)}"
    sign = {">=": "≥ ", ">": "> ", "<=": "≤ ", "<": "< ", "=": ""}.get(comparator, "")
    return sign + with_unit(value, unit)


def official_number(value: float, unit: str) -> str:
    """A target's figure as official documents write it: "98%", "1,5 lần", "12 văn bản",
    and a count under ten with its leading zero ("06 tiến sĩ")."""
    if unit in ("%", "lần"):
        return with_unit(value, unit)
    if float(value).is_integer() and 0 <= value < 10:
        return f"{int(value):02d} {unit}".strip()
    return with_unit(value, unit)


def official_target(comparator: str, value: float, high: float | None, unit: str) -> str:
    """ "≥ 98%", "1,5 lần", "từ 15 đến 20%", "06 tiến sĩ": a target as a document states it,
    without the form's notation ("≥ (từ … trở lên)")."""
    if comparator == "range" and high is not None:
        low = official_number(value, unit).removesuffix(unit).strip() if unit else number(value, 2)
        return f"từ {low} đến {official_number(high, unit)}"
    sign = {">=": "≥ ", ">": "> ", "<=": "≤ ", "<": "< "}.get(comparator, "")
    return sign + official_number(value, unit)


def sector_phrase(sector: str) -> str:
    if not sector:
        return ""

    name = label("sector", sector)
    if sector == "other":
        return " trong các lĩnh vực khác"
    return f" trong ngành {name[:1].lower()}{name[1:]}"


def _per_year(years: int) -> str:
    return "mỗi năm" if years > 0 else "trong năm nay"


def needed_people_text(
    needed: float, years: int, noun: str, sector: str, *, verb: str = "thêm"
) -> str:
    """ "thêm 37 thạc sĩ mỗi năm trong ngành nông nghiệp" from a total still needed."""
    if needed <= 0:
        return "Đã đạt mục tiêu."
    noun = noun or "người"
    total = math.ceil(needed - 1e-9)
    if years > 1 and total < years:
        # "1 a year" would overstate 2 doctorates wanted over 4 years: say the total.
        return f"{verb} {number(total)} {noun}{sector_phrase(sector)} (cả {years} năm còn lại)"
    per_year = math.ceil(needed / max(years, 1) - 1e-9)
    return f"{verb} {number(per_year)} {noun} {_per_year(years)}{sector_phrase(sector)}"


def needed_points_text(gap: float, years: int, unit: str, sector: str) -> str:
    if gap <= 0:
        return "Đã đạt mục tiêu."
    per_year = gap / max(years, 1)
    what = f"{number(per_year, 1)} điểm phần trăm" if unit == "%" else with_unit(per_year, unit)
    return f"tăng {what} {_per_year(years)}{sector_phrase(sector)}"


def people_needed_for_share(
    count: int, base: int, comparator: str, target: float
) -> tuple[float, str]:
    """People to add to the numerator (or remove) to meet a share, with the denominator
    as it is today; the verb is "thêm" or "giảm"."""
    goal = target * base / 100
    if decreasing(comparator):
        allowed = math.floor(goal + 1e-9) if comparator == "<=" else math.ceil(goal - 1e-9) - 1
        return count - allowed, "giảm"
    needed = math.floor(goal + 1e-9) + 1 if comparator == ">" else math.ceil(goal - 1e-9)
    return needed - count, "thêm"
