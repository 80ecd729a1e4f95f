"""`{% person_honours person %}`: the honours block of a profile page."""

from __future__ import annotations

from typing import Any

from django import template

from trithuc.honours.models import Honour

register = template.Library()


@register.inclusion_tag("honours/_person_honours.html", takes_context=True)
def person_honours(context: dict[str, Any], person: Any) -> dict[str, Any]:
    user = context["request"].user
    honours = Honour.objects.visible_to(user).filter(person=person).select_related("form")
    return {"honours": list(honours)}
