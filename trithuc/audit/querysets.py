"""Who may read which audit events: a translation of the reader's `READ_AUDIT` areas.

Administrators read the events placed in their areas (a person's unit, a membership's
unit or agency) and the unplaced events (logins, exports, imports) of the users they
manage. Superusers and country-wide administrators read everything; other roles nothing.
"""

from __future__ import annotations

from typing import Any

from django.db.models import CharField, Q
from django.db.models.functions import Cast

from trithuc.accounts.querysets import users_managed_by
from trithuc.accounts.scope import Capability, area_q, scope_of


def audit_scope_filter(user: Any) -> Q | None:
    scope = scope_of(user)
    if not scope.can(Capability.READ_AUDIT):
        return Q(pk__in=[])
    placed = area_q(scope.areas(Capability.READ_AUDIT), province="province_code",
                    commune="unit_code", agency="agency_pk")  # fmt: skip
    if placed is None:
        return None
    managed = users_managed_by(user)
    accounts = managed.annotate(key=Cast("pk", CharField())).values("key")
    people = Q(actor__in=managed) | Q(object_type="auth.user", object_id__in=accounts)
    unplaced = Q(province_code="", unit_code="", agency_pk=None)
    return placed | (unplaced & people)
