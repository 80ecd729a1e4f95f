"""An indicator's definition in plain Vietnamese, written from its JSON filters (so the
words shown beside a figure always say what was counted): the employment types of its
population, the level set of its numerator, and, for event counts, the period.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from trithuc.codelists.services import codes as all_codes
from trithuc.codelists.services import ethnic_minority_codes, label
from trithuc.indicators.definitions import (
    EVENT_FIELDS,
    EVENT_POPULATION_FIELDS,
    Condition,
    Filter,
    parse_filter,
)

FIELD_WORDS = {
    "sector": "lĩnh vực",
    "employment_type": "loại hình",
    "gender": "giới tính",
    "ethnicity": "dân tộc",
    "academic_title": "học hàm",
    "political_theory_level": "lý luận chính trị",
    "in_training": "đang đào tạo",
    "workplace_unit": "đơn vị",
    "province_code": "tỉnh",
    "position": "chức vụ",
    "employer": "cơ quan",
    "religion": "tôn giáo",
}
CODED = {"sector", "employment_type", "gender", "academic_title", "political_theory_level",
         "in_training"}  # fmt: skip


def _lower_first(text: str) -> str:
    # "Chuyên khoa I" → "chuyên khoa I" (not "chuyên khoa i")
    return text[:1].lower() + text[1:]


def _labels(list_name: str, codes: list[str]) -> str:
    return ", ".join(_lower_first(label(list_name, code)) for code in codes)


def _levels(codes: list[str]) -> str:
    every = all_codes("education_level")
    chosen = [code for code in every if code in set(codes)]
    if not chosen:
        return "không trình độ nào"
    lowest = chosen[0]
    if chosen == every[every.index(lowest) :] and len(chosen) > 1:
        lowest_label = _lower_first(label("education_level", lowest))
        return f"từ {lowest_label} trở lên ({_labels('education_level', chosen)})"
    if len(chosen) == 1:
        return f"đúng bằng {_lower_first(label('education_level', lowest))}"
    return _labels("education_level", chosen)


def _condition(condition: Condition) -> str:
    name, op, value = condition.field, condition.op, condition.value
    values = value if isinstance(value, list) else [value]
    if name == "employment_type" and op == "in":
        return _labels("employment_type", values)
    if name == "employment_type" and op == "not_in":
        return f"không phải {_labels('employment_type', values)}"
    if name in {"education_level", "level"}:
        text = _levels(values)
        return f"trình độ cao nhất {'không ' if op == 'not_in' else ''}{text}"
    if name == "age":
        words = {"lt": "dưới", "lte": "không quá", "gt": "trên", "gte": "từ", "eq": "đúng"}
        return f"{words.get(op, op)} {value} tuổi tại ngày tính"
    if name == "is_leader":
        return "lãnh đạo, quản lý" if value else "không giữ chức vụ lãnh đạo, quản lý"
    if name == "is_expert":
        return "có lĩnh vực chuyên gia" if value else "không có lĩnh vực chuyên gia"
    if name == "upskilled_to_standard":
        return "đã bồi dưỡng theo tiêu chuẩn ngạch, chức danh (theo số liệu khai đến năm tính)"
    if name == "continuing_education":
        return "được đào tạo liên tục trong năm tính"
    if name == "party_member":
        return "đảng viên" if value else "không phải đảng viên"
    if name == "ethnicity" and op == "in" and set(values) == set(ethnic_minority_codes()):
        return "người dân tộc thiểu số"
    if name == "gender" and op == "eq":
        return _labels("gender", values)
    words = FIELD_WORDS.get(name, name)
    shown = _labels(name, values) if name in CODED else ", ".join(map(str, values))
    negate = "không " if op == "not_in" else ""
    return f"{words} {negate}là {shown}"


def filter_text(flt: Filter) -> str:
    parts = [_condition(c) for c in flt.conditions]
    if flt.uses_sector:
        parts.append("thuộc lĩnh vực của mục tiêu")
    return "; ".join(parts) or "mọi người"


def definition_text(indicator: Any, *, period: tuple[dt.date, dt.date] | None = None) -> str:
    """What the figure counts, in a sentence or two a reader can check against the plan."""
    if indicator is None:
        return ""
    kind = indicator.kind
    if kind == "reported":
        return "Số liệu do cơ quan báo cáo (cơ sở dữ liệu không lưu thông tin này)."
    if kind == "events":
        population = filter_text(parse_filter(indicator.population,
                                              allowed=EVENT_POPULATION_FIELDS))  # fmt: skip
        events = filter_text(parse_filter(indicator.event_filter, allowed=EVENT_FIELDS,
                                          sector_ok=False))  # fmt: skip
        events = events.replace("trình độ cao nhất ", "văn bằng ")
        when = ""
        if period is not None:
            when = f" từ {period[0]:%d/%m/%Y} đến {period[1]:%d/%m/%Y}"
        return (f"Số người lần đầu được cấp {events}{when}, khi đang công tác và thuộc nhóm: "
                f"{population}.")  # fmt: skip
    population = filter_text(parse_filter(indicator.population))
    if kind == "share":
        numerator = filter_text(parse_filter(indicator.numerator))
        return f"Mẫu số: {population}, tại ngày tính. Tử số: trong số đó, {numerator}."
    if kind == "ratio":
        return f"Số người ({population}, tại ngày tính) chia cho số của năm gốc."
    return f"Số người: {population}, tại ngày tính."
