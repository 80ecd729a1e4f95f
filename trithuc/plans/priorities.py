"""A plan's priority (shortage) fields: the training fields it names to train or recruit
for, as codes of the national list, with the number of people wanted by a year.

Seed 003 (Cao Bằng) names them in words: "Khai thác mỏ; luyện kim; môi trường; công
nghệ thực phẩm; công nghệ sinh học; quản lý kinh tế, nhất là kinh tế đối ngoại". A
coordinator who manages the plan enters each as one or more codes (a ngành, a nhóm ngành
or a lĩnh vực: a person counts when their coded field starts with one); the forecast
page counts them (`forecasts/priority.py`). Every write is re-checked inside its
transaction and audited as a change of the plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max

from trithuc.audit.services import record_event
from trithuc.codelists.services import codes as list_codes
from trithuc.plans.access import check_plan_write
from trithuc.plans.models import Plan, PriorityField

LIST_NAME = "training_field"
MAX_FIELDS = 50
_SEPARATORS = re.compile(r"[\s,;]+")


class PriorityError(ValueError):
    """Input a priority field cannot be saved with; the message is Vietnamese."""


@dataclass(frozen=True)
class PriorityInput:
    label: str
    codes: tuple[str, ...]
    need: int | None = None
    need_year: int | None = None


def parse_codes(text: str) -> tuple[str, ...]:
    """Codes typed as "75206, 7520310" (commas, semicolons or spaces); each one must be a
    code of the national list."""
    known = set(list_codes(LIST_NAME))
    found = tuple(dict.fromkeys(part for part in _SEPARATORS.split(text or "") if part))
    if not found:
        raise PriorityError("Hãy ghi ít nhất một mã ngành, nhóm ngành hoặc lĩnh vực.")
    unknown = [code for code in found if code not in known]
    if unknown:
        raise PriorityError("Mã không có trong danh mục ngành đào tạo: " + ", ".join(unknown) + ".")
    return found


def _checked(item: PriorityInput) -> PriorityInput:
    label = " ".join((item.label or "").split())
    if not label:
        raise PriorityError("Hãy ghi tên lĩnh vực ưu tiên.")
    if len(label) > 200:
        raise PriorityError("Tên lĩnh vực ưu tiên dài quá 200 ký tự.")
    known = set(list_codes(LIST_NAME))
    if not item.codes or any(code not in known for code in item.codes):
        raise PriorityError("Mã ngành không có trong danh mục ngành đào tạo.")
    if (item.need is None) != (item.need_year is None):
        raise PriorityError("Nhu cầu cần ghi cả số người và năm cần đạt.")
    if item.need is not None and item.need < 0:
        raise PriorityError("Số người cần phải không âm.")
    if item.need_year is not None and not 2000 <= item.need_year <= 2100:
        raise PriorityError("Năm cần đạt phải trong khoảng 2000–2100.")
    return PriorityInput(label, tuple(item.codes), item.need, item.need_year)


def add_priority_field(plan: Plan, item: PriorityInput, *, actor: Any,
                       source: str = "web") -> PriorityField:  # fmt: skip
    """Add one priority field to `plan` (last in its list)."""
    item = _checked(item)
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        check_plan_write(actor, plan)
        if plan.priority_fields.count() >= MAX_FIELDS:
            raise PriorityError(f"Một kế hoạch ghi được tối đa {MAX_FIELDS} lĩnh vực ưu tiên.")
        last = plan.priority_fields.aggregate(last=Max("position"))["last"]
        saved = PriorityField.objects.create(
            plan=plan, label=item.label, codes=list(item.codes), need=item.need,
            need_year=item.need_year, position=(last or 0) + 1,
        )  # fmt: skip
        record_event("plan_update", actor=actor, source=source, obj=plan,
                     detail={"priority_field_added": item.label, "codes": list(item.codes),
                             "need": item.need, "need_year": item.need_year})  # fmt: skip
    return saved


def remove_priority_field(field: PriorityField, *, actor: Any, source: str = "web") -> None:
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=field.plan_id)
        check_plan_write(actor, plan)
        label = field.label
        PriorityField.objects.filter(pk=field.pk, plan=plan).delete()
        record_event("plan_update", actor=actor, source=source, obj=plan,
                     detail={"priority_field_removed": label})  # fmt: skip


# Seed 003's shortage fields, as the demo plan lists them (the needs are invented for
# the demo: "số người cần đến năm 2030").
DEMO_PRIORITIES = (
    PriorityInput("Khai thác mỏ", ("75206",), 40, 2030),
    PriorityInput("Luyện kim", ("7520309", "7520310"), 20, 2030),
    PriorityInput("Môi trường", ("74403", "7520320", "7510406", "7850101"), 60, 2030),
    PriorityInput("Công nghệ thực phẩm", ("75401",), 30, 2030),
    PriorityInput("Công nghệ sinh học", ("7420201",), 25, 2030),
    PriorityInput("Quản lý kinh tế, nhất là kinh tế đối ngoại", ("7310110", "7310106"), 50, 2030),
)


def add_demo_priorities(plan: Plan, *, actor: Any = None) -> None:
    if plan.priority_fields.exists():
        return
    for item in DEMO_PRIORITIES:
        add_priority_field(plan, item, actor=actor, source="demo")
