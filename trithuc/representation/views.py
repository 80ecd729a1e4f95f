"""Party development among young intellectuals and representation in planning and elected
bodies: aggregate tables only, small cells suppressed for aggregate roles."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from trithuc.accounts.scope import Capability, scope_of
from trithuc.representation import services
from trithuc.representation.models import RepresentationRecord


def _int(text: str | None, default: int, low: int, high: int) -> int:
    try:
        return max(low, min(high, int(text or default)))
    except ValueError:
        return default


@login_required
@require_GET
def party(request: HttpRequest) -> HttpResponse:
    scope_of(request.user).require(Capability.READ_AGGREGATES,
                                   _("Vai trò của bạn không xem được số liệu tổng hợp."))  # fmt: skip
    year = _int(request.GET.get("nam"), timezone.localdate().year, 2000, 2100)
    age_limit = _int(request.GET.get("tuoi"), services.YOUNG_AGE_LIMIT, 18, 80)
    by = "locality" if request.GET.get("theo") == "dia-ban" else "sector"
    table = services.party_table(request.user, year=year, age_limit=age_limit, by=by)
    terms = sorted(set(RepresentationRecord.objects.counted_for(request.user)
                       .values_list("term", flat=True)))  # fmt: skip
    term = request.GET.get("nhiem_ky") or (terms[-1] if terms else "")
    shares = services.representation_table(request.user, term=term, age_limit=age_limit)
    return render(request, "representation/party.html", {
        "table": table, "year": year, "age_limit": age_limit, "by": by, "terms": terms,
        "term": term, "shares": shares, "groups": services.GROUP_NAMES})  # fmt: skip
