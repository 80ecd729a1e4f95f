"""API tokens: one per user or per connected system (a user account of its own, with a
role and scope like any user's). Only a SHA-256 digest of the token is stored: the token
is shown once, when it is issued."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="api_tokens", verbose_name="tài khoản")  # fmt: skip
    name = models.CharField("tên (hệ thống kết nối)", max_length=120)
    # The first characters of the token, to tell tokens apart in lists and the audit trail.
    prefix = models.CharField(max_length=12, unique=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "mã truy cập API"
        verbose_name_plural = "mã truy cập API"

    def __str__(self) -> str:
        # Also the rate limiter's key (ninja's AuthRateThrottle hashes str(request.auth)).
        return f"api-token:{self.prefix}"
