"""Every call to the API goes into the audit trail: who (the token's user, or nobody when
the token was refused), which token, what was asked and what was answered."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from trithuc.audit.services import record_event

API_PREFIX = "/api/"


class ApiAuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(API_PREFIX):
            token = getattr(request, "api_token", None)
            record_event(
                "api_call",
                actor=request.user if token is not None else None,
                actor_name="" if token is not None else "api-anonymous",
                source="api",
                request=request,
                detail={
                    "method": request.method,
                    "path": request.path,
                    "query": request.GET.urlencode()[:500],
                    "status": response.status_code,
                    "token": token.prefix if token is not None else "",
                    "request_id": getattr(request, "request_id", ""),
                },
            )
        return response
