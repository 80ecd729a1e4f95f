"""Personal-data rights of the people in the registry (Law 91/2025/QH15, Decree
356/2025): consents per purpose and the corrections a person asks for. Above `people`,
below every app that publishes or contacts people (experts, consultations)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from trithuc.people.template import COLUMN_BY_FIELD


class ConsentPurpose(models.TextChoices):
    EXPERT_DIRECTORY = "expert_directory", "Xuất hiện trong danh bạ chuyên gia công khai"
    CONSULTATION = "consultation", "Được liên hệ để tham vấn, lấy ý kiến chuyên gia"


class ConsentQuerySet(models.QuerySet):
    def in_force(self, purpose: str, at: dt.datetime | None = None) -> ConsentQuerySet:
        at = at or timezone.now()
        return self.filter(purpose=purpose, given_at__lte=at).filter(
            models.Q(withdrawn_at__isnull=True) | models.Q(withdrawn_at__gt=at)
        )


class Consent(models.Model):
    """A person's consent to one purpose (Law 91/2025/QH15): when given, on what
    evidence, and when withdrawn. A withdrawn consent is kept, not deleted."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        "people.Person", verbose_name="người", on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField("mục đích", max_length=24, choices=ConsentPurpose.choices)
    given_at = models.DateTimeField("đồng ý lúc")
    withdrawn_at = models.DateTimeField("rút lại lúc", null=True, blank=True)
    evidence = models.CharField("căn cứ (phiếu, văn bản, tự xác nhận)", max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người ghi nhận",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("ghi nhận lúc", auto_now_add=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = "sự đồng ý"
        verbose_name_plural = "sự đồng ý xử lý dữ liệu"
        db_table = "accounts_consent"  # the table kept when the model left accounts
        ordering = ["-given_at", "-id"]
        indexes = [models.Index(fields=["person", "purpose"], name="consent_person_purpose")]

    def __str__(self) -> str:
        state = "đã rút lại" if self.withdrawn_at else "còn hiệu lực"
        return f"{self.get_purpose_display()} ({state})"


class CorrectionStatus(models.TextChoices):
    OPEN = "open", "Chờ xử lý"
    DONE = "done", "Đã sửa"
    REJECTED = "rejected", "Không sửa"


class CorrectionRequest(models.Model):
    """An intellectual asks for a field of their own profile to be corrected; a registry
    manager in scope answers it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        "people.Person",
        verbose_name="người",
        on_delete=models.CASCADE,
        related_name="correction_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người yêu cầu",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("gửi lúc", auto_now_add=True)
    field = models.CharField("thông tin cần sửa", max_length=40)
    current_value = models.CharField("giá trị hiện tại", max_length=300, blank=True)
    requested_value = models.CharField("giá trị đúng", max_length=300)
    reason = models.TextField("lý do, căn cứ", max_length=2000, blank=True)
    status = models.CharField(
        "trạng thái", max_length=10, choices=CorrectionStatus.choices, default="open"
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người xử lý",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField("xử lý lúc", null=True, blank=True)
    response = models.TextField("trả lời", max_length=2000, blank=True)

    class Meta:
        verbose_name = "yêu cầu chỉnh sửa hồ sơ"
        verbose_name_plural = "yêu cầu chỉnh sửa hồ sơ"
        db_table = "accounts_correctionrequest"  # the table kept when the model left accounts
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.field}: {self.requested_value} ({self.get_status_display()})"

    @property
    def field_label(self) -> str:
        """The field as the import template names it ("Năm bắt đầu công tác")."""
        column = COLUMN_BY_FIELD.get(self.field)
        return column.header if column else self.field
