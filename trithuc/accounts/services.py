"""What a user may do, from their roles; the writes that change who may do what (users,
roles, second factors), each recorded in the audit trail. Scope (which people) is in
people.querysets; which users an administrator manages is in accounts.querysets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction

from trithuc.accounts.models import Account, Membership, Role
from trithuc.accounts.querysets import can_assign, memberships_managed_by
from trithuc.accounts.scope import Capability, forget_scope, recheck, scope_of
from trithuc.audit.services import record_event
from trithuc.orgunits.services import current_province_code


def can_view_profiles(user: Any) -> bool:
    return scope_of(user).can(Capability.READ_PEOPLE)


def can_edit_people(user: Any) -> bool:
    return scope_of(user).can(Capability.EDIT_PEOPLE)


def can_see_sensitive(user: Any) -> bool:
    """Are sensitive fields shown to `user` wherever they read profiles? Only when every
    area where they read people is also one where they read sensitive fields."""
    scope = scope_of(user)
    sensitive = set(scope.areas(Capability.READ_SENSITIVE))
    readable = scope.areas(Capability.READ_PEOPLE)
    return bool(readable) and (scope.everywhere(Capability.READ_SENSITIVE)
                               or all(area in sensitive for area in readable))  # fmt: skip


def can_view_aggregates(user: Any) -> bool:
    return scope_of(user).can(Capability.READ_AGGREGATES)


# ---- two factors ---------------------------------------------------------------------------


def second_factor_required(user: Any) -> bool:
    """Must `user` sign in with a TOTP code? System administrators and superusers must."""
    if user.is_superuser and settings.TRITHUC_2FA_REQUIRED_FOR_SUPERUSERS:
        return True
    return bool(scope_of(user).roles & set(settings.TRITHUC_2FA_REQUIRED_ROLES))


def needs_second_factor(user: Any) -> str | None:
    """ "verify" when the session still lacks the code of a confirmed device, "setup" when
    the user must have a device and has none, None when the session may proceed."""
    from django_otp import user_has_device

    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None and is_verified():
        return None
    if user_has_device(user, confirmed=True):
        return "verify"
    return "setup" if second_factor_required(user) else None


def confirmed_device(user: Any) -> Any:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user: Any) -> Any:
    """The device being set up (created on first use; its secret shown as a QR code)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=False)
    return device


def confirm_device(request: Any, device: Any, token: str) -> bool:
    """Confirm a new device with its first code; the session counts as verified."""
    import django_otp

    if not device.verify_token(token):
        record_event("two_factor", actor=request.user, source="web", request=request,
                     detail={"event": "setup_failed"})  # fmt: skip
        return False
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        type(device).objects.filter(user=device.user).exclude(pk=device.pk).delete()
        django_otp.login(request, device)
        request.session.cycle_key()  # a new session id once the second factor is proven
        record_event("two_factor", actor=request.user, source="web", request=request,
                     detail={"event": "device_confirmed"})  # fmt: skip
    return True


def verify_second_factor(request: Any, token: str) -> bool:
    """Check a code against the user's confirmed devices and mark the session verified."""
    import django_otp

    device = django_otp.match_token(request.user, token)
    if device is None:
        record_event("two_factor", actor=request.user, source="web", request=request,
                     detail={"event": "verify_failed"})  # fmt: skip
        return False
    django_otp.login(request, device)
    request.session.cycle_key()  # a new session id once the second factor is proven
    record_event("two_factor", actor=request.user, source="web", request=request,
                 detail={"event": "verified"})  # fmt: skip
    return True


def remove_devices(target: Any, *, actor: Any, request: Any = None) -> int:
    """Remove every TOTP device of `target` (a lost phone); audited."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    with transaction.atomic():
        count, _ = TOTPDevice.objects.filter(user=target).delete()
        record_event("two_factor", actor=actor, source="web", request=request, obj=target,
                     detail={"event": "devices_removed", "count": count})  # fmt: skip
    return count


# ---- users and memberships ------------------------------------------------------------------


def membership_summary(membership: Membership) -> dict[str, str]:
    return {"role": membership.role, "unit_code": membership.unit_code,
            "agency": str(membership.agency_id or ""),
            "national_id": membership.national_id}  # fmt: skip


def ensure_account(user: Any, created_by: Any = None) -> Account:
    account, _ = Account.objects.get_or_create(user=user, defaults={"created_by": created_by})
    return account


OUTSIDE_ROLES = "Vai trò này nằm ngoài phạm vi bạn được quản lý."


class ScopeError(ValueError):
    """A role outside the administrator's scope, or an inconsistent role; for the user."""


# How a national ID becomes the unit of a profile the actor may see. The registry sits above
# accounts, so `people` registers it when it loads (PeopleConfig.ready).
_profile_unit: Callable[[Any, str], str | None] | None = None


def register_profile_unit(lookup: Callable[[Any, str], str | None]) -> None:
    global _profile_unit
    _profile_unit = lookup


def _check_membership(actor: Any, role: str, unit_code: str, agency: Any,
                      national_id: str) -> str:  # fmt: skip
    """Validate a new role; returns the unit code to store."""
    if role not in Role.values:
        raise ScopeError("Vai trò không hợp lệ.")
    if role == Role.INTELLECTUAL:
        if not (national_id.isdigit() and len(national_id) == 12):
            raise ScopeError("Vai trò trí thức cần số định danh cá nhân 12 chữ số.")
        unit = _profile_unit(actor, national_id) if _profile_unit else None
        if unit is None:
            raise ScopeError("Không có hồ sơ nào với số định danh này trong phạm vi bạn quản lý.")
        unit_code = unit
    elif national_id:
        raise ScopeError("Số định danh chỉ dùng cho vai trò trí thức.")
    if role == Role.NATIONAL_ANALYST and (unit_code or agency is not None):
        # Bound to a province it would be a province's analyst under a misleading name.
        raise ScopeError("Vai trò tổng hợp toàn quốc không gắn với đơn vị hay cơ quan.")
    if not can_assign(actor, unit_code, agency):
        raise ScopeError("Đơn vị hoặc cơ quan này nằm ngoài phạm vi bạn được quản lý.")
    return unit_code


def add_membership(target: Any, *, actor: Any, role: str, unit_code: str = "", agency: Any = None,
                   national_id: str = "", request: Any = None) -> Membership:  # fmt: skip
    unit_code = _check_membership(actor, role, unit_code.strip(), agency, national_id.strip())
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            user=target, role=role, unit_code=unit_code, agency=agency,
            national_id=national_id.strip(),
        )  # fmt: skip
        recheck(memberships_managed_by(actor), membership, OUTSIDE_ROLES)
        forget_scope(target)
        if created:
            record_event("permission", actor=actor, source="web", request=request, obj=target,
                         place=_membership_place(membership),
                         after=membership_summary(membership), detail={"change": "add_role"})  # fmt: skip
    return membership


def remove_membership(membership: Membership, *, actor: Any, request: Any = None) -> None:
    with transaction.atomic():
        recheck(memberships_managed_by(actor), membership, OUTSIDE_ROLES)
        before = membership_summary(membership)
        place = _membership_place(membership)
        target = membership.user
        membership.delete()
        forget_scope(target)
        record_event("permission", actor=actor, source="web", request=request, obj=target,
                     place=place, before=before, detail={"change": "remove_role"})  # fmt: skip


def _membership_place(membership: Membership) -> dict[str, Any]:
    unit = membership.unit_code
    province = current_province_code(unit) or (unit if len(unit) == 2 else "")
    if not unit and membership.agency_id:
        province = membership.agency.province_code  # type: ignore[union-attr]
    return {"province_code": province, "unit_code": unit, "agency_pk": membership.agency_id}


def create_user(*, actor: Any, username: str, password: str, full_name: str = "",
                email: str = "", role: str, unit_code: str = "", agency: Any = None,
                national_id: str = "", request: Any = None) -> Any:  # fmt: skip
    """A new user with one first role inside the administrator's scope."""
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    if user_model.objects.filter(username__iexact=username).exists():
        raise ScopeError("Tên đăng nhập này đã có.")
    unit = _check_membership(actor, role, unit_code.strip(), agency, national_id.strip())
    with transaction.atomic():
        first, _, last = full_name.strip().rpartition(" ")
        user = user_model.objects.create_user(
            username=username, password=password, email=email, first_name=first, last_name=last
        )
        ensure_account(user, created_by=actor)
        record_event("permission", actor=actor, source="web", request=request, obj=user,
                     detail={"change": "create_user"})  # fmt: skip
        add_membership(user, actor=actor, role=role, unit_code=unit, agency=agency,
                       national_id=national_id, request=request)  # fmt: skip
    return user


def set_active(target: Any, active: bool, *, actor: Any, request: Any = None) -> None:
    with transaction.atomic():
        before = target.is_active
        target.is_active = active
        target.save(update_fields=["is_active"])
        record_event("permission", actor=actor, source="web", request=request, obj=target,
                     fields=["is_active"], before={"is_active": before},
                     after={"is_active": active})  # fmt: skip
