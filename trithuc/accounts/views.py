"""Account pages: the user's own account and second factor, administrators' user pages,
the intellectual's own profile ("Hồ sơ của tôi"), and correction requests for managers."""

from __future__ import annotations

import base64
import io
import uuid

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trithuc.accounts import services
from trithuc.accounts.access import (
    get_user_for_admin,
    require_administrator,
)
from trithuc.accounts.forms import (
    MembershipForm,
    TokenForm,
    UserCreateForm,
)
from trithuc.accounts.models import Membership
from trithuc.accounts.querysets import (
    is_administrator,
    manages_entirely,
    memberships_managed_by,
    users_managed_by,
)
from trithuc.accounts.scope import scope_of
from trithuc.audit.services import record_event

PAGE_SIZE = 50


# ---- the user's own account ---------------------------------------------------------------


@login_required
@require_GET
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "memberships": user.memberships.select_related("agency"),  # type: ignore[union-attr]
        "device": services.confirmed_device(user),
        "required": services.second_factor_required(user),
        "is_admin": is_administrator(user),
        "is_intellectual": scope_of(user).keeps_own_profile,
        "can_edit": services.can_edit_people(user),
    }
    return render(request, "accounts/account.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        record_event("update", actor=user, source="web", request=request, obj=user,
                     fields=["password"])  # fmt: skip
        messages.success(request, "Đã đổi mật khẩu.")
        return redirect("accounts:account")
    return render(request, "accounts/password_change.html", {"form": form})


def _qr_data_uri(text: str) -> str:
    """The QR code of `text` as an inline SVG image, drawn here (no outside service)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=12)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    device = services.confirmed_device(request.user)
    if device is not None:
        return render(request, "accounts/otp_setup.html", {
            "device": device, "required": services.second_factor_required(request.user),
            "form": TokenForm()})  # fmt: skip
    pending = services.pending_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.confirm_device(request, pending, form.cleaned_data["token"]):
            messages.success(request, "Đã bật xác thực hai bước.")
            return redirect(_next_url(request, "accounts:account"))
        form.add_error("token", "Mã không đúng hoặc đã hết hạn; thử mã mới trên ứng dụng.")
    secret = base64.b32encode(pending.bin_key).decode()
    context = {"form": form, "qr": _qr_data_uri(pending.config_url),
               "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
               "next": request.GET.get("next", "")}  # fmt: skip
    return render(request, "accounts/otp_setup.html", context)


@login_required
@require_POST
def otp_disable(request: HttpRequest) -> HttpResponse:
    """Turn the second factor off: not for those who must use it; needs a current code."""
    if services.second_factor_required(request.user):
        raise PermissionDenied("Tài khoản quản trị bắt buộc dùng xác thực hai bước.")
    form = TokenForm(request.POST)
    device = services.confirmed_device(request.user)
    if device is None or not form.is_valid() or not device.verify_token(form.cleaned_data["token"]):
        messages.error(request, "Mã không đúng; xác thực hai bước vẫn đang bật.")
        return redirect("accounts:otp_setup")
    services.remove_devices(request.user, actor=request.user, request=request)
    messages.success(request, "Đã tắt xác thực hai bước.")
    return redirect("accounts:account")


def _next_url(request: HttpRequest, default: str) -> str:
    from django.urls import reverse
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


# ---- administrators: users and roles in their scope -------------------------------------


@login_required
@require_GET
def user_list(request: HttpRequest) -> HttpResponse:
    require_administrator(request.user)
    users = users_managed_by(request.user).select_related("account").order_by("username")
    query = request.GET.get("q", "").strip()
    if query:
        users = users.filter(username__icontains=query) | users.filter(last_name__icontains=query)
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    scoped = memberships_managed_by(request.user).filter(user__in=page.object_list)
    roles: dict[int, list[Membership]] = {}
    for membership in scoped.select_related("agency"):
        roles.setdefault(membership.user_id, []).append(membership)
    rows = [{"user": user, "memberships": roles.get(user.pk, [])} for user in page.object_list]
    return render(request, "accounts/user_list.html", {"page": page, "rows": rows, "q": query})


@login_required
@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    require_administrator(request.user)
    form = UserCreateForm(request.POST or None, admin=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.create_user(
                actor=request.user, username=data["username"], password=data["password"],
                full_name=data["full_name"], email=data["email"], role=data["role"],
                unit_code=data["unit_code"], agency=data["agency"],
                national_id=data["national_id"], request=request,
            )  # fmt: skip
        except services.ScopeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Đã tạo tài khoản {user.username}.")
            return redirect("accounts:user_detail", account_uuid=user.account.uuid)
    return render(request, "accounts/user_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def user_detail(request: HttpRequest, account_uuid: uuid.UUID) -> HttpResponse:
    """A user's roles inside the administrator's scope; POST adds one."""
    target = get_user_for_admin(request.user, account_uuid)
    form = MembershipForm(request.POST or None, admin=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_membership(target, actor=request.user, role=data["role"],
                                    unit_code=data["unit_code"], agency=data["agency"],
                                    national_id=data["national_id"], request=request)  # fmt: skip
        except services.ScopeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Đã thêm vai trò.")
            return redirect("accounts:user_detail", account_uuid=account_uuid)
    in_scope = memberships_managed_by(request.user).filter(user=target).select_related("agency")
    context = {
        "target": target,
        "memberships": in_scope,
        "others": target.memberships.exclude(pk__in=in_scope.values("pk")).count(),
        "form": form,
        "whole": manages_entirely(request.user, target),
        "device": services.confirmed_device(target),
    }
    return render(request, "accounts/user_detail.html", context)


@login_required
@require_POST
def membership_remove(request: HttpRequest, account_uuid: uuid.UUID) -> HttpResponse:
    target = get_user_for_admin(request.user, account_uuid)
    membership = get_object_or_404(
        memberships_managed_by(request.user).filter(user=target), pk=request.POST.get("membership")
    )
    services.remove_membership(membership, actor=request.user, request=request)
    messages.success(request, "Đã bỏ vai trò.")
    return redirect("accounts:user_detail", account_uuid=account_uuid)


@login_required
@require_POST
def user_active(request: HttpRequest, account_uuid: uuid.UUID) -> HttpResponse:
    target = get_user_for_admin(request.user, account_uuid)
    if not manages_entirely(request.user, target) or target.pk == request.user.pk:
        raise PermissionDenied("Tài khoản này có vai trò ngoài phạm vi bạn quản lý.")
    active = request.POST.get("active") == "1"
    services.set_active(target, active, actor=request.user, request=request)
    messages.success(request, "Đã mở khóa tài khoản." if active else "Đã khóa tài khoản.")
    return redirect("accounts:user_detail", account_uuid=account_uuid)


@login_required
@require_POST
def user_otp_reset(request: HttpRequest, account_uuid: uuid.UUID) -> HttpResponse:
    target = get_user_for_admin(request.user, account_uuid)
    if not manages_entirely(request.user, target):
        raise PermissionDenied("Tài khoản này có vai trò ngoài phạm vi bạn quản lý.")
    services.remove_devices(target, actor=request.user, request=request)
    messages.success(request, "Đã xóa thiết bị xác thực; người dùng sẽ cài lại khi đăng nhập.")
    return redirect("accounts:user_detail", account_uuid=account_uuid)


# ---- "Hồ sơ của tôi": the intellectual's own profile -------------------------------------
