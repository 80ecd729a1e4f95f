"""API tokens: one per user or per connected system (a user account of its own, with a
role and scope like any user's). Only a SHA-256 digest of the token is stored: the token
is shown once, when it is issued."""

from __future__ import annotations

import uuid

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


class ApiImportStatus(models.TextChoices):
    QUEUED = "queued", "Đang chờ"
    RUNNING = "running", "Đang nhập"
    DONE = "done", "Hoàn thành"
    FAILED = "failed", "Lỗi"


class ApiImport(models.Model):
    """A file posted to `/api/imports/`, imported by the task worker (`api/imports.py`).
    The file is deleted once read; the report stays, the command's JSON report."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name="tài khoản")  # fmt: skip
    original_name = models.CharField("tên tệp", max_length=255)
    stored_path = models.CharField(max_length=500)
    strict = models.BooleanField("chỉ nhập khi không có lỗi", default=False)
    dry_run = models.BooleanField("chỉ kiểm tra", default=False)
    status = models.CharField("trạng thái", max_length=10, choices=ApiImportStatus.choices,
                              default=ApiImportStatus.QUEUED)  # fmt: skip
    report = models.JSONField("kết quả", default=dict, blank=True)
    message = models.TextField("thông báo", blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    finished_at = models.DateTimeField("xong lúc", null=True, blank=True)

    class Meta:
        verbose_name = "lượt nhập qua API"
        verbose_name_plural = "lượt nhập qua API"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"
