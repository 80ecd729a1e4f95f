"""`{{ code|unit_label }}`: a unit code shown with its name, wherever a page shows one."""

from __future__ import annotations

from django import template

from trithuc.orgunits import services

register = template.Library()


@register.filter
def unit_label(code: object) -> str:
    """ "Phường Thục Phán (01273)"; the code as given when it names no current unit."""
    return services.unit_label(code) if code not in (None, "") else ""


@register.filter
def unit_name(code: object) -> str:
    """ "Phường Thục Phán" for 01273; "" when the code names no current unit."""
    return services.unit_name(code) if code not in (None, "") else ""
