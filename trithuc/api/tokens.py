"""Issuing, checking and revoking API tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from trithuc.api.models import ApiToken
from trithuc.audit.services import record_event

PREFIX_LENGTH = 8
# Written to last_used_at at most this often: not one UPDATE per call at 200 calls/s.
TOUCH_EVERY = dt.timedelta(minutes=5)


def digest(raw: str) -> str:
    # A token is 256 random bits: a fast hash is enough, no salt or stretching needed.
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_token(user: Any, *, name: str, actor: Any = None,
                expires_at: dt.datetime | None = None) -> tuple[ApiToken, str]:  # fmt: skip
    """A new token for `user`; returns it with the raw token, which is not kept."""
    raw = "tt_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name, prefix=raw[3 : 3 + PREFIX_LENGTH],
                                        key_hash=digest(raw), created_by=actor,
                                        expires_at=expires_at)  # fmt: skip
        record_event("api_token_issue", actor=actor, actor_name="system", source="command",
                     obj=token, detail={"user_id": user.pk, "prefix": token.prefix,
                                        "name": name})  # fmt: skip
    return token, raw


def revoke_token(token: ApiToken, *, actor: Any = None) -> None:
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
        record_event("api_token_revoke", actor=actor, actor_name="system", source="command",
                     obj=token, detail={"user_id": token.user_id, "prefix": token.prefix})  # fmt: skip


def token_for(raw: str) -> ApiToken | None:
    """The live token `raw` stands for, with its active user; None otherwise."""
    if not raw or not raw.startswith("tt_"):
        return None
    token = (ApiToken.objects.select_related("user")
             .filter(key_hash=digest(raw), revoked_at__isnull=True).first())  # fmt: skip
    now = timezone.now()
    if token is None or not token.user.is_active:
        return None
    if token.expires_at is not None and token.expires_at <= now:
        return None
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
