"""Vietnamese numbers (20.000 and 12,5: dot for thousands, comma for decimals) and dates
(dd/mm/yyyy, and the one date box of hand-written forms)."""

from typing import Any

from django import template
from django.utils.safestring import SafeString

from trithuc.lib.forms import DateInput, format_date

register = template.Library()


@register.simple_tag
def date_input(*name: Any, value: Any = "", required: bool = False, **attrs: Any) -> SafeString:
    """The one date box (typed dd/mm/yyyy) for a page whose form is written by hand; the
    name may come in parts ("t-", i, "-due_on")."""
    attrs = {key.replace("_", "-"): value for key, value in attrs.items()}  # aria_label
    if required:
        attrs["required"] = True
    return DateInput(attrs).render("".join(str(part) for part in name), format_date(value))


@register.filter
def vn_date(value: Any) -> str:
    return format_date(value)


def format_number(value: object, decimals: int = 0) -> str:
    if value is None or value == "":
        return ""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)
    text = f"{number:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


@register.filter
def vn_number(value: object, decimals: int = 0) -> str:
    return format_number(value, int(decimals))
