"""Who sees which expert, consultation and invitation: the scope of `accounts.scope`
translated once per model.

- The directory: experts with a consent in force for the public directory, of the
  provinces where the user holds READ_EXPERTS (the directory is province-wide).
- The secretariat (MANAGE_CONSULTATIONS) also sees experts who consented only to be
  consulted, as candidates; no one sees an expert without a consent in force.
- Consultations: the secretariat's province, and the requesting agency's own
  (REQUEST_CONSULTATIONS bound to that agency, or to the whole province).
- Invitations: the expert's own (OWN_PROFILE, by national ID), besides the consultation's.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.db.models import Q

from trithuc.accounts.scope import Capability, Scope, area_q, scope_of
from trithuc.people.models import Person
from trithuc.privacy.models import Consent, ConsentPurpose

DIRECTORY = ConsentPurpose.EXPERT_DIRECTORY
CONSULTATION = ConsentPurpose.CONSULTATION


def _province_q(scope: Scope, capability: Capability, field: str) -> Q | None:
    """Every province where the scope holds `capability` (None: everywhere)."""
    if scope.everywhere(capability):
        return None
    return Q(**{f"{field}__in": sorted(scope.provinces(capability))})


def _and(queryset: models.QuerySet, condition: Q | None) -> models.QuerySet:
    return queryset if condition is None else queryset.filter(condition)


class ExpertQuerySet(models.QuerySet):
    def listed(self, purpose: str = DIRECTORY, at: dt.datetime | None = None) -> ExpertQuerySet:
        """Experts whose consent to `purpose` is in force (the registry's consent for a
        linked person, the expert's own record otherwise)."""
        outside = self.model._meta.get_field("consents").related_model
        return self.filter(
            Q(person__isnull=False,
              person_id__in=Consent.objects.in_force(purpose, at).values("person_id"))
            | Q(person__isnull=True,
                pk__in=outside.objects.in_force(purpose, at).values("expert_id"))
        )  # fmt: skip

    def visible_to(self, subject: Any) -> ExpertQuerySet:
        scope = scope_of(subject)
        if not scope.authenticated:
            return self.none()
        parts = []
        if scope.can(Capability.READ_EXPERTS):
            directory = self.listed(DIRECTORY)
            parts.append(_and(directory, _province_q(scope, Capability.READ_EXPERTS,
                                                     "province_code")))  # fmt: skip
        if scope.can(Capability.MANAGE_CONSULTATIONS):
            parts.append(self.candidates_for(scope))
        if not parts:
            return self.none()
        condition = Q(pk__in=[])
        for part in parts:
            condition |= Q(pk__in=part.order_by().values("pk"))
        return self.filter(condition)

    def candidates_for(self, subject: Any) -> ExpertQuerySet:
        """Experts the secretariat may invite: consented to be consulted, in its provinces."""
        scope = scope_of(subject)
        if not scope.can(Capability.MANAGE_CONSULTATIONS):
            return self.none()
        return _and(self.listed(CONSULTATION),
                    _province_q(scope, Capability.MANAGE_CONSULTATIONS, "province_code"))  # fmt: skip

    def editable_by(self, subject: Any) -> ExpertQuerySet:
        """The secretariat's experts (whatever their consent: it records consents), and
        one's own profile."""
        scope = scope_of(subject)
        if not scope.authenticated:
            return self.none()
        condition = Q(person__national_id__in=sorted(scope.national_ids()))
        if scope.can(Capability.MANAGE_CONSULTATIONS):
            managed = _province_q(scope, Capability.MANAGE_CONSULTATIONS, "province_code")
            if managed is None:
                return self.all()
            condition |= managed
        return self.filter(condition)

    def own(self, subject: Any) -> ExpertQuerySet:
        return self.filter(person__national_id__in=sorted(scope_of(subject).national_ids()))


def consultation_q(scope: Scope, capability: Capability, prefix: str = "") -> Q | None:
    return area_q(scope.areas(capability), province=f"{prefix}province_code",
                  agency=f"{prefix}requester_id")  # fmt: skip


class ConsultationQuerySet(models.QuerySet):
    def visible_to(self, subject: Any) -> ConsultationQuerySet:
        scope = scope_of(subject)
        if not scope.authenticated:
            return self.none()
        condition = Q(pk__in=[])
        for capability in (Capability.MANAGE_CONSULTATIONS, Capability.REQUEST_CONSULTATIONS):
            if scope.can(capability):
                part = consultation_q(scope, capability)
                if part is None:
                    return self.all()
                condition |= part
        return self.filter(condition)

    def managed_by(self, subject: Any) -> ConsultationQuerySet:
        """The secretariat's consultations."""
        scope = scope_of(subject)
        if not scope.can(Capability.MANAGE_CONSULTATIONS):
            return self.none()
        return _and(self, consultation_q(scope, Capability.MANAGE_CONSULTATIONS))

    def requested_by(self, subject: Any) -> ConsultationQuerySet:
        """The consultations the subject asks for and answers, on behalf of an agency."""
        scope = scope_of(subject)
        if not scope.can(Capability.REQUEST_CONSULTATIONS):
            return self.none()
        return _and(self, consultation_q(scope, Capability.REQUEST_CONSULTATIONS))

    editable_by = managed_by


class InvitationQuerySet(models.QuerySet):
    def visible_to(self, subject: Any) -> InvitationQuerySet:
        scope = scope_of(subject)
        if not scope.authenticated:
            return self.none()
        condition = Q(expert__person__national_id__in=sorted(scope.national_ids()))
        if scope.can(Capability.MANAGE_CONSULTATIONS):
            managed = consultation_q(scope, Capability.MANAGE_CONSULTATIONS, "consultation__")
            if managed is None:
                return self.all()
            condition |= managed
        return self.filter(condition)

    def own(self, subject: Any) -> InvitationQuerySet:
        """The invitations addressed to the subject as an expert (answered by them alone)."""
        return self.filter(expert__person__national_id__in=sorted(scope_of(subject).national_ids()))

    editable_by = own


def linkable_people(subject: Any) -> models.QuerySet:
    """Registry people the secretariat may open an expert profile for: a consent to the
    directory or to consultation in force, no profile yet, in the secretariat's provinces."""
    scope = scope_of(subject)
    if not scope.can(Capability.MANAGE_CONSULTATIONS):
        return Person.objects.none()
    consenting = Consent.objects.filter(
        Q(pk__in=Consent.objects.in_force(DIRECTORY).values("pk"))
        | Q(pk__in=Consent.objects.in_force(CONSULTATION).values("pk"))
    ).values("person_id")
    people = Person.objects.filter(pk__in=consenting, expert__isnull=True)
    return _and(people, _province_q(scope, Capability.MANAGE_CONSULTATIONS, "province_code"))
