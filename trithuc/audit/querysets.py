"""Who may read which audit events.

Administrators read the events placed in their scope (a person's unit, a membership's
unit or agency) and the unplaced events (logins, exports, imports) of the users they
manage. Superusers and country-wide administrators read everything; other roles nothing.
"""

from __future__ import annotations

from typing import Any

from django.db.models import CharField, Q
from django.db.models.functions import Cast

from trithuc.accounts.querysets import admin_scopes, users_managed_by


def _place_q(unit: str, agency: int | None) -> Q:
    from trithuc.orgunits.models import Agency

    part = Q()
    if len(unit) == 2:
        part &= Q(province_code=unit)
    elif unit:
        part &= Q(unit_code=unit)
    if agency:
        children = Agency.objects.filter(parent_id=agency).values("pk")
        part &= Q(agency_pk=agency) | Q(agency_pk__in=children)
    return part


def audit_scope_filter(user: Any) -> Q | None:
    scopes = admin_scopes(user)
    if scopes is None:
        return None
    if not scopes:
        return Q(pk__in=[])
    placed = Q(pk__in=[])
    for unit, agency in scopes:
        placed |= _place_q(unit, agency)
    managed = users_managed_by(user)
    accounts = managed.annotate(key=Cast("pk", CharField())).values("key")
    people = Q(actor__in=managed) | Q(object_type="auth.user", object_id__in=accounts)
    unplaced = Q(province_code="", unit_code="", agency_pk=None)
    return placed | (unplaced & people)
