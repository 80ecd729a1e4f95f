"""Issuing, checking and revoking API tokens.

A checked token is kept in the process for `TRITHUC_API_TOKEN_CACHE_SECONDS` with its user
and that user's scope (built once): at 200 calls a second the two queries of every call
(token with user, memberships) were a fifth of its time. Within that many seconds a
revoked token, a deactivated user or a changed role may still be honoured by another
server process (docs/THREAT_MODEL.md); the process that revokes forgets at once. An
expiry date is checked on every call.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import secrets
import threading
import time
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from trithuc.accounts.scope import scope_of
from trithuc.api.models import ApiToken
from trithuc.audit.services import record_event

PREFIX_LENGTH = 8
# Written to last_used_at at most this often: not one UPDATE per call at 200 calls/s.
TOUCH_EVERY = dt.timedelta(minutes=5)
CACHE_LIMIT = 1000  # tokens kept per process; past it the cache starts again empty
_cache: dict[str, tuple[float, ApiToken]] = {}
_cache_lock = threading.Lock()


def digest(raw: str) -> str:
    # A token is 256 random bits: a fast hash is enough, no salt or stretching needed.
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_token(user: Any, *, name: str, actor: Any = None,
                expires_at: dt.datetime | None = None) -> tuple[ApiToken, str]:  # fmt: skip
    """A new token for `user`; returns it with the raw token, which is not kept."""
    raw = "tt_" + secrets.token_urlsafe(32)
    while raw[3] == "-":  # a prefix starting with "-" reads as an option to `api_token revoke`
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
    forget_tokens()
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
        record_event("api_token_revoke", actor=actor, actor_name="system", source="command",
                     obj=token, detail={"user_id": token.user_id, "prefix": token.prefix})  # fmt: skip


def token_for(raw: str) -> ApiToken | None:
    """The live token `raw` stands for, with its active user; None otherwise."""
    if not raw or not raw.startswith("tt_"):
        return None
    key = digest(raw)
    now = timezone.now()
    kept = _cache.get(key)
    if kept is not None and kept[0] > time.monotonic():
        token = kept[1]
        if token.expires_at is None or token.expires_at > now:
            return _copy(token)
    token = (ApiToken.objects.select_related("user")
             .filter(key_hash=key, revoked_at__isnull=True).first())  # fmt: skip
    if token is None or not token.user.is_active:
        return None
    if token.expires_at is not None and token.expires_at <= now:
        return None
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    seconds = settings.TRITHUC_API_TOKEN_CACHE_SECONDS
    if seconds > 0:
        scope_of(token.user)  # built once, kept on the user object with the token
        with _cache_lock:
            if len(_cache) >= CACHE_LIMIT:
                _cache.clear()
            _cache[key] = (time.monotonic() + seconds, token)
        return _copy(token)
    return token


def _copy(token: ApiToken) -> ApiToken:
    """Each request its own objects (the scope, immutable, is shared)."""
    user = copy.copy(token.user)
    token = copy.copy(token)
    token.user = user
    return token


def forget_tokens() -> None:
    """Drop this process's kept tokens (after a revocation, in tests)."""
    with _cache_lock:
        _cache.clear()
