"""The unit picker's suggestions: reference data anyone signed in may read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from trithuc.orgunits.services import find_units


@login_required
@require_GET
def unit_search(request: HttpRequest) -> HttpResponse:
    """`<option>`s for the datalist of a `UnitInput`: the box sends its own value under its
    field's name (`field`), or `q`."""
    field = request.GET.get("field") or "q"
    text = (request.GET.get(field) or request.GET.get("q") or "")[:160]
    within = request.GET.get("within") or None
    matches = find_units(text, within=within, limit=20) if len(text.strip()) >= 2 else []
    return render(request, "orgunits/unit_options.html", {"matches": matches})
