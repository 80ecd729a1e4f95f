"""`{{ amount|vnd }}`: integer đồng with dots between thousands, as Vietnamese documents
print them (300.000.000)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def vnd(value: Any) -> str:
    if value is None or value == "":
        return ""
    return f"{int(value):,}".replace(",", ".")
