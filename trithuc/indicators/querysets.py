"""Who sees which targets and figures, and over which units a user may read aggregates.

The registry's gate is `Person.objects.visible_to(user)`; aggregates follow the same
memberships. `aggregate_scope` states them in units, so that values can be read from
the per-unit snapshot: a unit membership sees that unit (and everything under it) whole.
Memberships scoped to an agency or to one person are "gated": their values are computed
live from the registry through `Person.objects.visible_to(user)` itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Q

from trithuc.accounts.scope import Capability, scope_of
from trithuc.orgunits.services import current_province_code

C = Capability


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    provinces: frozenset[str] = field(default_factory=frozenset)  # seen whole
    communes: frozenset[str] = field(default_factory=frozenset)  # seen whole
    gated_provinces: frozenset[str] = field(default_factory=frozenset)  # agency memberships
    # Which agencies: two agencies of one province count different people, so they must
    # never share a cached answer (the key carries them).
    agencies: frozenset[int] = field(default_factory=frozenset)

    @property
    def gated(self) -> bool:
        return bool(self.gated_provinces)

    @property
    def empty(self) -> bool:
        return not (self.everything or self.provinces or self.communes or self.gated_provinces)

    def touches_province(self, code: str) -> bool:
        if self.everything or code in self.provinces or code in self.gated_provinces:
            return True
        return any(_province_of(commune) == code for commune in self.communes)

    @property
    def partial(self) -> bool:
        """Sees some communes or agencies only: values cover what is in scope."""
        return not self.everything and bool(self.communes or self.gated_provinces)

    def key(self) -> str:
        if self.everything:
            return "*"
        parts = sorted(self.provinces) + sorted(self.communes)
        parts += [f"g{code}" for code in sorted(self.gated_provinces)]
        parts += [f"a{pk}" for pk in sorted(self.agencies)]
        return ",".join(parts) or "-"


def _province_of(code: str) -> str:
    if len(code) == 2:
        return code
    return current_province_code(code) or "??"


def _scope(user: Any, *capabilities: Capability) -> Scope:
    """The units where `user` holds any of `capabilities`, as the indicators read them."""
    scope = scope_of(user)
    provinces: set[str] = set()
    communes: set[str] = set()
    gated: set[str] = set()
    agencies: set[int] = set()
    for capability in capabilities:
        for area in scope.areas(capability):
            if area.national_id:
                continue
            if area.everything:
                return Scope(everything=True)
            if area.agencies:
                gated.add(area.agency_province)
                agencies |= area.agencies
            elif area.commune:
                communes.add(area.commune)
            elif area.province:
                provinces.add(area.province)
    return Scope(
        provinces=frozenset(provinces),
        communes=frozenset(communes),
        gated_provinces=frozenset(gated),
        agencies=frozenset(agencies),
    )


def aggregate_scope(user: Any) -> Scope:
    """The units whose aggregates `user` may read."""
    return _scope(user, C.READ_AGGREGATES)


def _province_q(scope: Scope) -> Q | None:
    if scope.everything:
        return None
    provinces = set(scope.provinces) | set(scope.gated_provinces)
    provinces |= {_province_of(code) for code in scope.communes}
    return Q(province_code__in=sorted(provinces))


def _edit_q(scope: Scope, system_field: str | None = "unit_code_system") -> Q | None:
    """Targets/figures a user may change: those of units they hold whole."""
    if scope.everything:
        return None
    condition = Q(pk__in=[])
    if scope.provinces:
        condition |= Q(province_code__in=sorted(scope.provinces))
    if scope.communes:
        current = {system_field: "2025"} if system_field else {}
        condition |= Q(unit_code__in=sorted(scope.communes), **current)
    return condition


class TargetQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> TargetQuerySet:
        condition = _province_q(aggregate_scope(user))
        return self if condition is None else self.filter(condition)

    def editable_by(self, user: Any) -> TargetQuerySet:
        condition = _edit_q(target_edit_scope(user))
        return self if condition is None else self.filter(condition)

    def for_plan(self, reference: str | None) -> TargetQuerySet:
        return self.filter(plan_reference=reference) if reference else self


class ReportedFigureQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> ReportedFigureQuerySet:
        condition = _province_q(aggregate_scope(user))
        return self if condition is None else self.filter(condition)

    def editable_by(self, user: Any) -> ReportedFigureQuerySet:
        scope = report_scope(user)
        condition = _edit_q(scope, system_field=None)
        if condition is None:
            return self
        if scope.gated_provinces:
            # An agency's reporter keeps the figures they entered for their province.
            condition |= Q(province_code__in=sorted(scope.gated_provinces), reported_by=user)
        return self.filter(condition)


def report_scope(user: Any) -> Scope:
    return _scope(user, C.EDIT_TARGETS, C.REPORT_FOR_AGENCY)


def target_edit_scope(user: Any) -> Scope:
    return _scope(user, C.EDIT_TARGETS)
