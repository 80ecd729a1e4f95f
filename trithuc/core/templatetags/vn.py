"""Vietnamese number formatting: 20.000 and 12,5 (dot for thousands, comma for decimals)."""

from django import template

register = template.Library()


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
