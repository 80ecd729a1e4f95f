"""The one gate for every query about people: `Person.objects.visible_to(user)`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


def scope_filter(user: AbstractBaseUser | AnonymousUser, roles: set[str]) -> Q | None:
    """The Q that limits people to what `user` may see through any of `roles`.

    None means no limit (a superuser, or a role over the whole country); an empty
    `Q(pk__in=[])` means nothing at all.
    """
    if not user.is_authenticated:
        return Q(pk__in=[])
    if user.is_superuser:
        return None
    condition = Q(pk__in=[])
    for membership in user.memberships.all():  # type: ignore[union-attr]
        if membership.role not in roles:
            continue
        if membership.role == "intellectual":
            if membership.national_id:
                condition |= Q(national_id=membership.national_id)
            continue
        part = Q()
        if membership.agency_id:
            part &= Q(agency_id=membership.agency_id) | Q(agency__parent_id=membership.agency_id)
        if len(membership.unit_code) == 2:
            part &= Q(province_code=membership.unit_code)
        elif membership.unit_code:
            part &= Q(workplace_unit=membership.unit_code)
        if not part:
            return None
        condition |= part
    return condition


def unit_in_scope(user: AbstractBaseUser | AnonymousUser, province_code: str, unit: str) -> bool:
    """May `user` edit people working in `unit`? The same rule as `scope_filter`."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    codes = getattr(user, "_trithuc_edit_units", None)
    if codes is None:
        from trithuc.accounts.models import EDIT_ROLES

        codes = {
            membership.unit_code
            for membership in user.memberships.all()  # type: ignore[union-attr]
            if membership.role in EDIT_ROLES and not membership.agency_id
        }
        user._trithuc_edit_units = codes  # type: ignore[union-attr]
    return "" in codes or province_code in codes or unit in codes


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> PersonQuerySet:
        from trithuc.accounts.models import PROFILE_ROLES, Role

        condition = scope_filter(user, set(PROFILE_ROLES) | {Role.ANALYST, Role.INTELLECTUAL})
        return self if condition is None else self.filter(condition)

    def editable_by(self, user: AbstractBaseUser | AnonymousUser) -> PersonQuerySet:
        from trithuc.accounts.models import EDIT_ROLES

        condition = scope_filter(user, set(EDIT_ROLES))
        return self if condition is None else self.filter(condition)

    def in_unit(self, code: str | None) -> PersonQuerySet:
        """A province (2 digits) or commune (5 digits) and everything under it."""
        if not code:
            return self
        if len(code) == 2:
            return self.filter(province_code=code)
        return self.filter(workplace_unit=code)
