"""Every call to the API goes into the audit trail: who (the token's user, or nobody when
the token was refused), which token, what was asked and what was answered. The rows are
written in batches (`trithuc.api.calls`).

API calls also skip the middleware of signed-in browsers (issue 19): a call carries a
bearer token, never a session, so the session, session-user, second-factor, messages and
idle-session middleware have nothing to do for it (`TokenAuth` sets `request.user`);
settings.py puts the subclasses below in their places. Security headers, CSRF (its views
are exempt), the request log, the audit row and the replica middleware still run for
every call."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpRequest, HttpResponse
from django_otp.middleware import OTPMiddleware

from trithuc.accounts.middleware import AccountSecurityMiddleware
from trithuc.api.calls import CALLS, call_row

API_PREFIX = "/api/"


def is_api_call(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


class ApiAuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(API_PREFIX):
            CALLS.add(call_row(request, response.status_code))
        return response


class WebSessionMiddleware(SessionMiddleware):
    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request) if is_api_call(request) else super().__call__(request)


class WebAuthenticationMiddleware(AuthenticationMiddleware):
    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_api_call(request):
            request.user = AnonymousUser()  # until TokenAuth sets the token's user
            return self.get_response(request)
        return super().__call__(request)


class WebOTPMiddleware(OTPMiddleware):
    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request) if is_api_call(request) else super().__call__(request)


class WebMessageMiddleware(MessageMiddleware):
    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request) if is_api_call(request) else super().__call__(request)


class WebAccountSecurityMiddleware(AccountSecurityMiddleware):
    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request) if is_api_call(request) else super().__call__(request)
