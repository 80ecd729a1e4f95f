"""Fetching experts, consultations and invitations for a user: 404 outside the scope,
403 without the capability (the rule of `people.access`)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from trithuc.accounts.scope import Capability, area_q, scope_of
from trithuc.experts import links
from trithuc.experts.models import Consultation, Expert, Invitation
from trithuc.orgunits.models import Agency
from trithuc.privacy.models import ConsentPurpose


def require(user: Any, capability: Capability, message: str) -> None:
    scope_of(user).require(capability, message)


def require_directory(user: Any) -> None:
    scope = scope_of(user)
    if not (scope.can(Capability.READ_EXPERTS) or scope.can(Capability.MANAGE_CONSULTATIONS)):
        raise PermissionDenied(_("Vai trò của bạn không được xem danh bạ chuyên gia."))


def require_secretariat(user: Any) -> None:
    require(user, Capability.MANAGE_CONSULTATIONS,
            _("Chỉ thư ký tư vấn, phản biện được làm việc này."))  # fmt: skip


def sees_contacts(user: Any) -> bool:
    """Contact details are for the consultation secretariat only."""
    return scope_of(user).can(Capability.MANAGE_CONSULTATIONS)


def get_expert(user: Any, expert_uuid: Any) -> Expert:
    require_directory(user)
    return get_object_or_404(Expert.objects.visible_to(user), uuid=expert_uuid)


def get_managed_expert(user: Any, expert_uuid: Any) -> Expert:
    """An expert the secretariat keeps (whatever their consent: it records consents)."""
    require_secretariat(user)
    return get_object_or_404(Expert.objects.editable_by(user), uuid=expert_uuid)


def require_consultations(user: Any) -> None:
    scope = scope_of(user)
    if not (scope.can(Capability.MANAGE_CONSULTATIONS)
            or scope.can(Capability.REQUEST_CONSULTATIONS)):  # fmt: skip
        raise PermissionDenied(_("Vai trò của bạn không làm việc với đề nghị tư vấn, phản biện."))


def get_consultation(user: Any, consultation_uuid: Any) -> Consultation:
    require_consultations(user)
    return get_object_or_404(Consultation.objects.visible_to(user).select_related("requester"),
                             uuid=consultation_uuid)  # fmt: skip


def get_managed_consultation(user: Any, consultation_uuid: Any) -> Consultation:
    require_secretariat(user)
    return get_object_or_404(Consultation.objects.managed_by(user), uuid=consultation_uuid)


def get_requested_consultation(user: Any, consultation_uuid: Any) -> Consultation:
    require(user, Capability.REQUEST_CONSULTATIONS,
            _("Chỉ cơ quan đề nghị được trả lời các kiến nghị."))  # fmt: skip
    return get_object_or_404(Consultation.objects.requested_by(user), uuid=consultation_uuid)


def get_managed_invitation(user: Any, invitation_uuid: Any) -> Invitation:
    require_secretariat(user)
    return get_object_or_404(
        Invitation.objects.filter(consultation__in=Consultation.objects.managed_by(user)),
        uuid=invitation_uuid,
    )


def get_own_invitation(request: Any, invitation_uuid: Any) -> tuple[Invitation, bool]:
    """The invitation answered by its expert: signed in as themself, or holding the
    one-time link in this session. (invitation, via_link). An expert who withdrew their
    consent to be consulted no longer reaches it."""
    consenting = Expert.objects.listed(ConsentPurpose.CONSULTATION)
    invitations = Invitation.objects.filter(expert__in=consenting).select_related(
        "consultation", "consultation__requester", "expert")  # fmt: skip
    if links.granted(request.session, invitation_uuid):
        return get_object_or_404(invitations, uuid=invitation_uuid), True
    require(request.user, Capability.OWN_PROFILE,
            _("Trang này dành cho chuyên gia được mời."))  # fmt: skip
    return get_object_or_404(invitations.own(request.user), uuid=invitation_uuid), False


def requestable_agencies(user: Any) -> Any:
    """The agencies on whose behalf `user` may ask for a consultation."""
    from_scope = area_q(scope_of(user).areas(Capability.REQUEST_CONSULTATIONS),
                        province="province_code", agency="pk")  # fmt: skip
    agencies = Agency.objects.order_by("name")
    return agencies if from_scope is None else agencies.filter(from_scope)
