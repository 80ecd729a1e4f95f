"""Which users and memberships an administrator manages: one-line translations of the
administrator's `ADMINISTER_USERS` areas (`trithuc.accounts.scope`). A province area takes
the memberships of every unit under it and of its agencies; an agency area those of the
agency and its children."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from trithuc.accounts.models import Membership
from trithuc.accounts.scope import Area, Capability, scope_of
from trithuc.orgunits.services import current_province_code, units_under

C = Capability


def _area_memberships_q(area: Area) -> Q:
    part = Q()
    if area.commune:
        part &= Q(unit_code=area.commune)
    elif area.province:
        part &= Q(unit_code__in=units_under(area.province) or [area.province]) | Q(
            unit_code="", agency__province_code=area.province
        )
    if area.agencies:
        part &= Q(agency_id__in=sorted(area.agencies))
    return part


def memberships_q(subject: Any) -> Q | None:
    condition = Q(pk__in=[])
    for area in scope_of(subject).areas(C.ADMINISTER_USERS):
        if area.everything:
            return None
        if area.national_id:
            continue
        condition |= _area_memberships_q(area)
    return condition


def is_administrator(user: Any) -> bool:
    return scope_of(user).can(C.ADMINISTER_USERS)


def memberships_managed_by(user: Any) -> QuerySet[Membership]:
    condition = memberships_q(user)
    return Membership.objects.all() if condition is None else Membership.objects.filter(condition)


def users_managed_by(user: Any) -> QuerySet[Any]:
    users = get_user_model().objects.all()
    scope = scope_of(user)
    if not scope.can(C.ADMINISTER_USERS):
        return users.none()
    if scope.everywhere(C.ADMINISTER_USERS):
        return users
    return users.filter(pk__in=memberships_managed_by(user).values("user_id"))


def can_assign(user: Any, unit_code: str, agency: Any = None) -> bool:
    """May `user` give someone a role over `unit_code` and/or `agency`?"""
    scope = scope_of(user)
    if scope.everywhere(C.ADMINISTER_USERS):
        return True
    unit = unit_code or (agency.province_code if agency is not None else "")
    province = current_province_code(unit) if unit else None
    if not province:
        return False
    commune = unit if unit != province else ""
    for area in scope.areas(C.ADMINISTER_USERS):
        if area.commune and commune != area.commune:
            continue
        if not area.commune and area.home_province != province:
            continue
        if area.agencies and (agency is None or agency.pk not in area.agencies):
            continue
        return True
    return False


def manages_entirely(user: Any, target: Any) -> bool:
    """Are all of `target`'s roles inside `user`'s scopes (so `user` may lock the account
    or reset its second factor)? Superusers are managed by superusers only."""
    if target.is_superuser and not user.is_superuser:
        return False
    if scope_of(user).everywhere(C.ADMINISTER_USERS):
        return True
    memberships = list(target.memberships.all())
    managed = set(memberships_managed_by(user).filter(user=target).values_list("pk", flat=True))
    return bool(memberships) and all(m.pk in managed for m in memberships)


def agencies_q(subject: Any) -> Q | None:
    """The agencies an administrator may give roles over."""
    condition = Q(pk__in=[])
    for area in scope_of(subject).areas(C.ADMINISTER_USERS):
        if area.everything:
            return None
        if area.agencies:
            condition |= Q(pk__in=sorted(area.agencies))
        elif area.home_province:
            condition |= Q(province_code=area.home_province)
    return condition
