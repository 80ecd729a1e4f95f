"""Every call to the API goes into the audit trail: who (the token's user, or nobody when
the token was refused), which token, what was asked and what was answered. The rows are
written in batches (`trithuc.api.calls`)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from trithuc.api.calls import CALLS, call_row

API_PREFIX = "/api/"


class ApiAuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(API_PREFIX):
            CALLS.add(call_row(request, response.status_code))
        return response
