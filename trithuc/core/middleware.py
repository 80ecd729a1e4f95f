"""Security headers on every response: a content security policy without inline scripts
or styles, a permissions policy, and no caching of pages for signed-in users. Requests
whose body is larger than any upload we accept are refused before anything reads them."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

# Room for the form fields and multipart boundaries around the largest file we accept.
BODY_MARGIN_BYTES = 1024 * 1024


def body_limit() -> int:
    """The largest request body: the largest upload (a people import) plus the form."""
    return settings.TRITHUC_UPLOAD_MAX_BYTES + BODY_MARGIN_BYTES


def _too_large(request: HttpRequest) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False  # Django reads a malformed length as no body at all
    return length > body_limit()


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _too_large(request):
            # Before the CSRF check reads the body: Django would otherwise stream a file
            # of any size to a temporary file before a view could look at its size.
            limit_mb = settings.TRITHUC_UPLOAD_MAX_BYTES // 1024 // 1024
            response = HttpResponse(
                f"Tệp tải lên quá lớn: giới hạn là {limit_mb} MB.",
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        else:
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
