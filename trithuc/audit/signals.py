"""Sign-in events written to the audit trail: login, failed login, logout, lockout."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from trithuc.audit.services import record_event


@receiver(user_logged_in, dispatch_uid="trithuc_audit_login")
def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record_event("login", actor=user, source="web", request=request)


@receiver(user_logged_out, dispatch_uid="trithuc_audit_logout")
def on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    reason = getattr(request, "_trithuc_logout_reason", "user")
    record_event("logout", actor=user, source="web", request=request, detail={"reason": reason})


def _account(username: str) -> Any:
    """The account a failed attempt targeted; an unknown name is not stored (people type
    their password into the name field)."""
    if not username:
        return None
    return get_user_model().objects.filter(username=username).first()


@receiver(user_login_failed, dispatch_uid="trithuc_audit_login_failed")
def on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None,
                    **kwargs: Any) -> None:  # fmt: skip
    username = str(credentials.get("username") or "")[:150]
    account = _account(username)
    record_event("login_failed", source="web", request=request, obj=account,
                 actor_name=account.username if account else "",
                 detail={"known_user": account is not None,
                         "locked_out": bool(getattr(request, "axes_locked_out", False))})  # fmt: skip


def on_locked_out(sender: Any, request: Any, username: str | None = None,
                  ip_address: str | None = None, **kwargs: Any) -> None:  # fmt: skip
    account = _account(str(username or "")[:150])
    record_event("lockout", source="web", request=request, obj=account,
                 actor_name=account.username if account else "",
                 detail={"known_user": account is not None})  # fmt: skip


def connect_axes() -> None:
    from axes.signals import user_locked_out

    user_locked_out.connect(on_locked_out, dispatch_uid="trithuc_audit_lockout")
