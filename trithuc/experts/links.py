"""Signed one-time links for experts outside the system: the link names the invitation
and a nonce kept on it; the first use marks it used and grants this browser session the
invitation (and only that one)."""

from __future__ import annotations

import secrets
from typing import Any

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from trithuc.audit.services import record_event
from trithuc.experts.models import Invitation

SALT = "trithuc.experts.invitation"
MAX_AGE = 60 * 24 * 3600  # a link outlives the longest consultation
SESSION_KEY = "expert_invitations"


class LinkError(Exception):
    pass


def new_nonce() -> str:
    return secrets.token_hex(16)


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"i": str(invitation.uuid), "n": invitation.link_nonce}, salt=SALT)


def invitation_url(invitation: Invitation) -> str:
    return reverse("experts:invitation_link", kwargs={"token": invitation_token(invitation)})


def redeem(token: str, session: Any, *, request: Any = None) -> Invitation:
    """Check the link, mark it used and grant the session the invitation."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired:
        raise LinkError(_("Đường dẫn đã hết hạn: hãy liên hệ thư ký để được gửi lại.")) from None
    except signing.BadSignature:
        raise LinkError(_("Đường dẫn không hợp lệ.")) from None
    with transaction.atomic():
        invitation = (Invitation.objects.select_for_update()
                      .filter(uuid=data.get("i"), link_nonce=data.get("n")).first())  # fmt: skip
        if invitation is None or not invitation.link_nonce:
            raise LinkError(_("Đường dẫn không hợp lệ."))
        if invitation.link_used_at is not None:
            raise LinkError(_("Đường dẫn này đã được dùng một lần: hãy liên hệ thư ký để được "
                              "gửi đường dẫn mới."))  # fmt: skip
        invitation.link_used_at = timezone.now()
        invitation.save(update_fields=["link_used_at"])
        record_event("update", actor=None, actor_name=invitation.expert.full_name[:150],
                     source="link", request=request, obj=invitation,
                     place={"province_code": invitation.consultation.province_code},
                     fields=["link_used_at"], detail={"step": "one_time_link"})  # fmt: skip
    granted = list(session.get(SESSION_KEY, []))
    granted.append(str(invitation.uuid))
    session[SESSION_KEY] = granted
    return invitation


def granted(session: Any, invitation_uuid: Any) -> bool:
    return str(invitation_uuid) in session.get(SESSION_KEY, [])


def reissue(invitation: Invitation) -> None:
    """A fresh nonce: earlier links stop working."""
    invitation.link_nonce = new_nonce()
    invitation.link_used_at = None
    invitation.save(update_fields=["link_nonce", "link_used_at"])
