"""Security headers on every response: a content security policy without inline scripts
or styles, a permissions policy, and no caching of pages for signed-in users."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        headers = response.headers
        headers.setdefault("Content-Security-Policy", settings.TRITHUC_CONTENT_SECURITY_POLICY)
        headers.setdefault("Permissions-Policy", settings.TRITHUC_PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if "Cache-Control" not in headers and getattr(user, "is_authenticated", False):
            # Pages and downloads hold personal data: keep them out of shared caches and
            # the browser's disk cache.
            patch_cache_control(response, private=True, no_store=True)
        return response
