"""Who may see or change what: the one place that reads roles and memberships.

A user's memberships become one immutable `Scope`, built once per request (the
middleware attaches it as `request.scope`) and once per command or task run on behalf of
a user. A scope is a set of grants, each a capability over an `Area`: the whole country,
a province (and every commune in it), a commune, an agency (and its child agencies), or
one person's own profile. Which capabilities a role carries is `ROLE_CAPABILITIES`.

Querysets translate a scope into a filter with `area_q` (one line each); single objects
come through each app's `get_<thing>_for_user` helpers (404 outside `visible_to`, 403
without the capability). A unit's province always comes from the administrative-unit tables,
never from the digits of its code: since the 2025 reform a commune's code does not start
with its province's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from trithuc.accounts.models import Role
from trithuc.orgunits.models import Agency
from trithuc.orgunits.services import current_province_code, units_under


class Capability(StrEnum):
    READ_PEOPLE = "read_people"  # open profiles and lists of people
    READ_SENSITIVE = "read_sensitive"  # see, search, filter, sort and export sensitive fields
    EDIT_PEOPLE = "edit_people"  # create, change and import profiles; answer corrections
    READ_AGGREGATES = "read_aggregates"  # counts, indicators, dashboards (small cells hidden
    # from roles without READ_PEOPLE)
    EDIT_TARGETS = "edit_targets"  # a plan's targets of the units held whole
    COORDINATE_PLANS = "coordinate_plans"  # create and manage plans, tasks, follow reports
    REPORT_FOR_AGENCY = "report_for_agency"  # write an agency's progress reports and figures
    FOLLOW_PLANS = "follow_plans"  # read the national documents every follower sees
    ADMINISTER_USERS = "administer_users"  # users, roles and second factors
    READ_AUDIT = "read_audit"  # the audit trail
    OWN_PROFILE = "own_profile"  # one's own profile, consents and correction requests
    # issue 18: attract, keep and honour
    MANAGE_TALENT = "manage_talent"  # attraction policies, applications, decisions, ledgers
    MANAGE_HONOURS = "manage_honours"  # honours, nominations, meetings and their requests
    ENTER_PARTY_FIGURES = "enter_party_figures"  # Party development counts, planning records
    # experts (issue 17)
    READ_EXPERTS = "read_experts"  # the expert directory (consented experts, no contacts)
    REQUEST_CONSULTATIONS = "request_consultations"  # an agency asks experts, answers them
    MANAGE_CONSULTATIONS = "manage_consultations"  # the secretariat: contacts, invitations
    MAKE_REPORTS = "make_reports"  # official reports of managed plans, with the aggregates
    # of the plan's area (small cells hidden from roles without READ_PEOPLE)


C = Capability
ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.SYSTEM_ADMIN: frozenset({
        C.READ_PEOPLE, C.READ_SENSITIVE, C.EDIT_PEOPLE, C.READ_AGGREGATES, C.EDIT_TARGETS,
        C.COORDINATE_PLANS, C.FOLLOW_PLANS, C.ADMINISTER_USERS, C.READ_AUDIT,
        C.MANAGE_TALENT, C.MANAGE_HONOURS, C.ENTER_PARTY_FIGURES,
        C.MAKE_REPORTS,
    }),
    Role.REGISTRY_MANAGER: frozenset({
        C.READ_PEOPLE, C.READ_SENSITIVE, C.EDIT_PEOPLE, C.READ_AGGREGATES, C.EDIT_TARGETS,
        C.MANAGE_TALENT, C.MANAGE_HONOURS, C.ENTER_PARTY_FIGURES,
    }),
    Role.REGISTRY_VIEWER: frozenset({C.READ_PEOPLE, C.READ_AGGREGATES}),
    Role.ANALYST: frozenset({C.READ_AGGREGATES}),
    Role.PLAN_COORDINATOR: frozenset({
        C.COORDINATE_PLANS, C.FOLLOW_PLANS, C.EDIT_TARGETS, C.REPORT_FOR_AGENCY,
        C.MAKE_REPORTS,
    }),
    Role.AGENCY_REPORTER: frozenset({C.REPORT_FOR_AGENCY, C.FOLLOW_PLANS}),
    Role.INTELLECTUAL: frozenset({C.OWN_PROFILE}),
    Role.CONSULT_SECRETARIAT: frozenset({C.READ_EXPERTS, C.MANAGE_CONSULTATIONS}),
    # Issue 19: a national installation's figures, every province, small cells hidden
    # (no READ_PEOPLE); not the expert directory, which names people.
    Role.NATIONAL_ANALYST: frozenset({C.READ_AGGREGATES}),
}  # fmt: skip
# Experts (issue 17): who reads the directory and who may ask for a consultation.
for _role in (Role.SYSTEM_ADMIN, Role.REGISTRY_MANAGER, Role.REGISTRY_VIEWER, Role.ANALYST,
              Role.PLAN_COORDINATOR, Role.AGENCY_REPORTER):  # fmt: skip
    ROLE_CAPABILITIES[_role] |= {C.READ_EXPERTS}
for _role in (Role.PLAN_COORDINATOR, Role.AGENCY_REPORTER):
    ROLE_CAPABILITIES[_role] |= {C.REQUEST_CONSULTATIONS}


NO_PERSON = "-"  # an intellectual's role not linked to a profile yet: matches nobody


@dataclass(frozen=True)
class Area:
    """Where one grant applies. Every dimension that is set narrows it (an agency bound to
    a province: that agency's people in that province)."""

    everything: bool = False
    province: str = ""  # the province held whole, or the province the commune lies in
    commune: str = ""
    agency: int = 0  # the agency the membership names
    agencies: frozenset[int] = frozenset()  # that agency and its child agencies
    agency_province: str = ""
    national_id: str = ""  # own profile only

    @property
    def whole_unit(self) -> bool:
        """A province or a commune held whole (no agency, not one person)."""
        return not self.everything and not self.agencies and not self.national_id

    @property
    def home_province(self) -> str:
        return self.province or self.agency_province

    def contains_unit(self, province: str, unit: str = "") -> bool:
        """Does this area hold the place (province, and commune when known) whole or in
        part? Agencies are not judged here (see `area_q`)."""
        if self.everything:
            return True
        if self.national_id:
            return False
        if self.commune:
            return unit == self.commune
        return bool(self.home_province) and province == self.home_province


@dataclass(frozen=True)
class Grant:
    capability: Capability
    area: Area
    role: str


@dataclass(frozen=True)
class Scope:
    user_id: int | None = None
    superuser: bool = False
    grants: tuple[Grant, ...] = ()
    roles: frozenset[str] = field(default_factory=frozenset)  # the memberships' roles

    @property
    def authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def hides_small_cells(self) -> bool:
        """Are counts below the threshold hidden? For roles that cannot open profiles."""
        return not self.can(C.READ_PEOPLE)

    def can(self, capability: Capability) -> bool:
        return self.superuser or any(g.capability == capability for g in self.grants)

    def areas(self, capability: Capability) -> tuple[Area, ...]:
        if self.superuser:
            return (Area(everything=True),)
        return tuple(dict.fromkeys(g.area for g in self.grants if g.capability == capability))

    def everywhere(self, capability: Capability) -> bool:
        return any(area.everything for area in self.areas(capability))

    def require(self, capability: Capability, message: str) -> None:
        if not self.can(capability):
            raise PermissionDenied(message)

    def agencies(self, capability: Capability) -> frozenset[int]:
        """The agencies (with their children) a capability is bound to."""
        found: set[int] = set()
        for area in self.areas(capability):
            found |= area.agencies
        return frozenset(found)

    def bound_agencies(self, capability: Capability) -> frozenset[int]:
        """The agencies named by the memberships themselves (not their children)."""
        return frozenset(a.agency for a in self.areas(capability) if a.agency)

    def provinces(self, capability: Capability) -> frozenset[str]:
        """Every province a capability touches, whole or in part."""
        return frozenset(a.home_province for a in self.areas(capability) if a.home_province)

    def only_province(self, *capabilities: Capability) -> str | None:
        """The one province these capabilities lie in (for a unit picker to keep to);
        None for a reader of several provinces or of the whole country."""
        if any(a.everything for c in capabilities for a in self.areas(c)):
            return None
        found = {p for c in capabilities for p in self.provinces(c)}
        return found.pop() if len(found) == 1 else None

    def first_agency(self) -> int | None:
        """The agency the user's first agency-bound role names (shared import mappings)."""
        return next((g.area.agency for g in self.grants if g.area.agency), None)

    def touched_provinces(self) -> frozenset[str]:
        """Every province any grant lies in (a commune's or an agency's included)."""
        return frozenset(g.area.home_province for g in self.grants if g.area.home_province)

    def national_ids(self) -> frozenset[str]:
        """The national IDs of the profiles this user holds as their own."""
        return frozenset(
            g.area.national_id for g in self.grants
            if g.capability == C.OWN_PROFILE and g.area.national_id != NO_PERSON
        )  # fmt: skip

    @property
    def keeps_own_profile(self) -> bool:
        """Holds the intellectual's role (linked to a profile or not yet)."""
        return any(g.capability == C.OWN_PROFILE for g in self.grants)

    @property
    def only_own_profile(self) -> bool:
        """An intellectual and nothing else (their home page is their profile)."""
        return bool(self.grants) and all(g.capability == C.OWN_PROFILE for g in self.grants)

    def allows_unit(self, capability: Capability, province: str, unit: str = "") -> bool:
        """May the capability act on a place held whole (province, commune)? Grants bound
        to an agency or a person never cover a whole place."""
        return any(
            area.everything or (area.whole_unit and area.contains_unit(province, unit))
            for area in self.areas(capability)
        )

    def place_codes(self, capability: Capability) -> tuple[str, ...]:
        """The communes and provinces the capability covers (codes, in order), so a page
        can say where its figures come from; () when it covers everywhere or no place."""
        areas = self.areas(capability)
        if any(area.everything for area in areas):
            return ()
        codes = {area.commune or area.home_province for area in areas}
        return tuple(sorted(code for code in codes if code and code != "??"))

    def home_province(self, *capabilities: Capability) -> str | None:
        for capability in capabilities:
            for area in self.areas(capability):
                if area.home_province:
                    return area.home_province
        return None


def _area_of(membership: Any, children: dict[int, set[int]]) -> Area:
    if membership.role == Role.INTELLECTUAL:
        return Area(national_id=membership.national_id or NO_PERSON)
    unit = membership.unit_code or ""
    province = current_province_code(unit) or "" if unit else ""
    if unit and not province:
        province = "??"  # an unknown code matches no real place
    commune = unit if unit and unit != province else ""
    agencies: frozenset[int] = frozenset()
    agency_province = ""
    if membership.agency_id:
        agencies = frozenset({membership.agency_id, *children.get(membership.agency_id, ())})
        agency_province = membership.agency.province_code
    if not unit and not agencies:
        return Area(everything=True)
    return Area(province=province, commune=commune, agency=membership.agency_id or 0,
                agencies=agencies, agency_province=agency_province)  # fmt: skip


def build_scope(user: Any) -> Scope:
    """Read `user`'s memberships once into a Scope."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Scope()
    memberships = list(user.memberships.select_related("agency").all())
    if user.is_superuser:
        return Scope(user_id=user.pk, superuser=True, roles=frozenset(m.role for m in memberships))
    agency_ids = {m.agency_id for m in memberships if m.agency_id}
    children: dict[int, set[int]] = {}
    if agency_ids:
        for pk, parent in Agency.objects.filter(parent_id__in=agency_ids).values_list(
            "pk", "parent_id"
        ):
            children.setdefault(parent, set()).add(pk)
    grants = []
    for membership in memberships:
        area = _area_of(membership, children)
        for capability in ROLE_CAPABILITIES.get(membership.role, ()):
            if capability == C.REPORT_FOR_AGENCY and not area.agencies:
                continue  # reporting is always for an agency
            grants.append(Grant(capability, area, membership.role))
    return Scope(user_id=user.pk, grants=tuple(grants),
                 roles=frozenset(m.role for m in memberships))  # fmt: skip


def scope_of(subject: Any) -> Scope:
    """The scope of a user (built once and kept on the user object) or a scope itself."""
    if isinstance(subject, Scope):
        return subject
    if subject is None or not getattr(subject, "is_authenticated", False):
        return Scope()
    cached = getattr(subject, "_trithuc_scope", None)
    if cached is None:
        cached = build_scope(subject)
        subject._trithuc_scope = cached
    return cached


def forget_scope(user: Any) -> None:
    """Drop a user's cached scope after their memberships changed."""
    if hasattr(user, "_trithuc_scope"):
        del user._trithuc_scope


def area_q(
    areas: Iterable[Area],
    *,
    province: str | None = None,
    commune: str | None = None,
    agency: str | None = None,
    national_id: str | None = None,
    communes_of_province: bool = False,
) -> Q | None:
    """Translate areas into a filter on a model whose fields for each dimension are named;
    a dimension the model lacks (None) cannot be matched, so an area needing it matches
    nothing. None means no limit, `Q(pk__in=[])` nothing.

    `communes_of_province`: the model has only a unit field (`commune`), which holds
    provinces and communes alike; a province area then matches every unit under it."""
    condition = Q(pk__in=[])
    for area in areas:
        if area.everything:
            return None
        part = _one_area_q(area, province, commune, agency, national_id, communes_of_province)
        if part is not None:
            condition |= part
    return condition


def _one_area_q(
    area: Area,
    province: str | None,
    commune: str | None,
    agency: str | None,
    national_id: str | None,
    communes_of_province: bool,
) -> Q | None:
    if area.national_id:
        return Q(**{national_id: area.national_id}) if national_id else None
    part = Q()
    if area.commune:
        if not commune:
            return None
        part &= Q(**{commune: area.commune})
    elif area.province:
        if communes_of_province and commune:
            part &= Q(**{f"{commune}__in": units_under(area.province) or [area.province]})
        elif province:
            part &= Q(**{province: area.province})
        else:
            return None
    if area.agencies:
        if not agency:
            return None
        part &= Q(**{f"{agency}__in": sorted(area.agencies)})
    return part


def reporters_of(agency_id: int) -> Q:
    """Memberships (`memberships__` prefixed, for a user query) of those who report for
    an agency in the first place: its reporters (a coordinator bound to it reports too, but
    reminders go to the reporters)."""
    return Q(memberships__role=Role.AGENCY_REPORTER, memberships__agency_id=agency_id)


def visible_q(scope: Scope, capability: Capability, **fields: Any) -> Q | None:
    """`area_q` over the areas where `scope` has `capability`."""
    return area_q(scope.areas(capability), **fields)


class OutOfScope(PermissionDenied):
    """A write whose object lies, before or after the change, outside the actor's scope."""


def recheck(queryset: Any, obj: Any, message: str) -> None:
    """Inside the write's transaction: is `obj` (as saved) still in the actor's
    `editable_by` queryset? Raising rolls the write back."""
    if obj.pk is None or not queryset.filter(pk=obj.pk).exists():
        raise OutOfScope(message)
