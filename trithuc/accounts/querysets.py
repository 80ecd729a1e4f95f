"""Which users and memberships an administrator manages: those inside the scopes of the
administrator's own `system_admin` memberships (a unit and everything under it, and/or an
agency and its children). Superusers and country-wide administrators manage everyone.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from trithuc.accounts.models import Membership, Role

Scope = tuple[str, int | None]  # (unit_code, agency_id)


def admin_scopes(user: Any) -> list[Scope] | None:
    """The scopes `user` administers; None means everything, [] nothing."""
    if not getattr(user, "is_authenticated", False):
        return []
    if user.is_superuser:
        return None
    scopes = [(m.unit_code, m.agency_id) for m in user.memberships.all()
              if m.role == Role.SYSTEM_ADMIN]  # fmt: skip
    if any(not unit and agency is None for unit, agency in scopes):
        return None
    return scopes


def is_administrator(user: Any) -> bool:
    return admin_scopes(user) != []


def _units_q(unit: str) -> Q:
    """Memberships whose unit lies in `unit` (a province takes its communes too)."""
    if len(unit) != 2:
        return Q(unit_code=unit)
    from trithuc.orgunits.services import units_under

    return (Q(unit_code=unit) | Q(unit_code__in=units_under(unit)[1:])
            | Q(unit_code="", agency__province_code=unit))  # fmt: skip


def _agency_q(agency_id: int, field: str = "agency") -> Q:
    return Q(**{f"{field}_id": agency_id}) | Q(**{f"{field}__parent_id": agency_id})


def memberships_managed_by(user: Any) -> QuerySet[Membership]:
    scopes = admin_scopes(user)
    if scopes is None:
        return Membership.objects.all()
    condition = Q(pk__in=[])
    for unit, agency in scopes:
        part = Q()
        if unit:
            part &= _units_q(unit)
        if agency:
            part &= _agency_q(agency)
        condition |= part
    return Membership.objects.filter(condition)


def users_managed_by(user: Any) -> QuerySet[Any]:
    users = get_user_model().objects.all()
    if admin_scopes(user) is None:
        return users
    return users.filter(pk__in=memberships_managed_by(user).values("user_id"))


def _unit_within(scope_unit: str, unit: str) -> bool:
    from trithuc.orgunits.services import current_province_code

    if not scope_unit:
        return True
    if len(scope_unit) == 2:
        return unit == scope_unit or (len(unit) == 5 and current_province_code(unit) == scope_unit)
    return unit == scope_unit


def can_assign(user: Any, unit_code: str, agency: Any = None) -> bool:
    """May `user` give someone a role over `unit_code` and/or `agency`?"""
    scopes = admin_scopes(user)
    if scopes is None:
        return True
    unit = unit_code or (agency.province_code if agency is not None else "")
    for scope_unit, scope_agency in scopes:
        if not unit or not _unit_within(scope_unit, unit):
            continue
        if scope_agency and (agency is None or scope_agency not in (agency.pk, agency.parent_id)):
            continue
        return True
    return False


def manages_entirely(user: Any, target: Any) -> bool:
    """Are all of `target`'s roles inside `user`'s scopes (so `user` may lock the account
    or reset its second factor)? Superusers are managed by superusers only."""
    if target.is_superuser and not user.is_superuser:
        return False
    if admin_scopes(user) is None:
        return True
    memberships = list(target.memberships.all())
    managed = set(memberships_managed_by(user).filter(user=target).values_list("pk", flat=True))
    return bool(memberships) and all(m.pk in managed for m in memberships)
