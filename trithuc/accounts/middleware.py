"""Session rules for signed-in users, after authentication and django-otp:

1. A session idle for longer than `TRITHUC_SESSION_IDLE_SECONDS` is signed out.
2. A user with a confirmed TOTP device must enter a code before anything else
   (the password alone gives access to the verification page only).
3. A user who must use two factors (system administrators, superusers) and has no
   confirmed device is sent to set one up.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse

from trithuc.accounts.services import needs_second_factor

SEEN_KEY = "_trithuc_seen"
STATIC_PREFIX = "/" + settings.STATIC_URL.lstrip("/")
# Pages a half-signed-in user may still open.
VERIFY_PAGES = {"otp_verify", "logout"}
SETUP_PAGES = {"accounts:otp_setup", "logout"}


def _url_name(request: HttpRequest) -> str | None:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    return match.view_name


def _redirect(request: HttpRequest, url_name: str) -> HttpResponse:
    url = f"{reverse(url_name)}?{urlencode({'next': request.get_full_path()})}"
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


class AccountSecurityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not request.path.startswith(STATIC_PREFIX):
            if self._idle_too_long(request):
                request._trithuc_logout_reason = "idle"  # type: ignore[attr-defined]
                logout(request)
                messages.info(request, "Phiên làm việc đã hết hạn do không hoạt động. "
                                       "Vui lòng đăng nhập lại.")  # fmt: skip
                return _redirect(request, "login")
            step = needs_second_factor(user)
            name = _url_name(request)
            if step == "verify" and name not in VERIFY_PAGES:
                return _redirect(request, "otp_verify")
            if step == "setup" and name not in SETUP_PAGES:
                return _redirect(request, "accounts:otp_setup")
        return self.get_response(request)

    @staticmethod
    def _idle_too_long(request: HttpRequest) -> bool:
        now = int(time.time())
        seen = request.session.get(SEEN_KEY)
        if seen is not None and now - int(seen) > settings.TRITHUC_SESSION_IDLE_SECONDS:
            return True
        if seen is None or now - int(seen) >= 60:  # one session write a minute at most
            request.session[SEEN_KEY] = now
        return False
