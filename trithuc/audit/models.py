"""The audit trail: append-only records of who did what, when, from where."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from trithuc.audit.querysets import audit_scope_filter


class AuditAction(models.TextChoices):
    CREATE = "create", "Tạo"
    UPDATE = "update", "Sửa"
    DELETE = "delete", "Xóa"
    IMPORT = "import", "Nhập tệp"
    EXPORT = "export", "Xuất tệp"
    VIEW_SENSITIVE = "view_sensitive", "Xem dữ liệu nhạy cảm"
    VIEW = "view", "Xem hồ sơ (các trường nhạy cảm đã che)"
    SEARCH = "search", "Tìm theo số định danh"
    LOGIN = "login", "Đăng nhập"
    LOGIN_FAILED = "login_failed", "Đăng nhập sai"
    PERMISSION = "permission", "Thay đổi quyền"
    LOGOUT = "logout", "Đăng xuất"
    LOCKOUT = "lockout", "Tạm khóa đăng nhập"
    TWO_FACTOR = "two_factor", "Xác thực hai bước"
    PRUNE = "prune", "Xóa nhật ký hết hạn lưu giữ"
    LOAD_TARGETS = "load_targets", "Nạp mục tiêu từ kế hoạch"
    PLAN_DRAFT_UPLOAD = "plan_draft_upload", "Tải lên văn bản kế hoạch"
    PLAN_IMPORT = "plan_import", "Lưu kế hoạch từ văn bản"
    PLAN_CREATE = "plan_create", "Tạo kế hoạch"
    PLAN_UPDATE = "plan_update", "Sửa kế hoạch"
    TASK_CREATE = "task_create", "Tạo nhiệm vụ"
    TASK_UPDATE = "task_update", "Sửa, giao nhiệm vụ"
    REPORT_SAVE = "report_save", "Lưu báo cáo tiến độ"
    REPORT_SUBMIT = "report_submit", "Nộp báo cáo tiến độ"
    REPORT_REOPEN = "report_reopen", "Mở lại báo cáo tiến độ"
    SEND_REMINDERS = "send_reminders", "Gửi nhắc hạn báo cáo"
    # Official reports (trithuc.reports)
    REPORT_DRAFT_CREATE = "report_draft_create", "Tạo bản thảo báo cáo năm, sơ kết, tổng kết"
    REPORT_DRAFT_SAVE = "report_draft_save", "Lưu bản thảo báo cáo năm, sơ kết, tổng kết"
    REPORT_FREEZE = "report_freeze", "Chốt số liệu báo cáo"
    REPORT_UNFREEZE = "report_unfreeze", "Mở chốt số liệu báo cáo"
    REPORT_PDF = "report_pdf", "Tạo bản PDF của báo cáo"
    TEMPLATE_UPLOAD = "template_upload", "Tải lên mẫu báo cáo"
    TARGET_BASELINE = "target_baseline", "Lấy số liệu gốc của mục tiêu từ báo cáo"
    API_CALL = "api_call", "Gọi API"
    API_TOKEN_ISSUE = "api_token_issue", "Cấp mã truy cập API"
    API_TOKEN_REVOKE = "api_token_revoke", "Thu hồi mã truy cập API"


class AuditEventQuerySet(models.QuerySet):
    def visible_to(self, user: object) -> AuditEventQuerySet:
        """Events an administrator may read: see `trithuc.audit.querysets`."""
        condition = audit_scope_filter(user)
        return self if condition is None else self.filter(condition)

    def update(self, **kwargs: object) -> int:
        raise PermissionError("Nhật ký chỉ được ghi thêm, không được sửa.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Nhật ký chỉ được xóa theo chính sách lưu giữ.")


class AuditEvent(models.Model):
    at = models.DateTimeField("lúc", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField("tên đăng nhập", max_length=150, blank=True)
    action = models.CharField("hành động", max_length=20, choices=AuditAction.choices)
    source = models.CharField("nguồn", max_length=10, blank=True)
    ip_address = models.GenericIPAddressField("địa chỉ IP", null=True, blank=True)
    object_type = models.CharField("loại đối tượng", max_length=60, blank=True)
    object_id = models.CharField("mã đối tượng", max_length=64, blank=True)
    object_repr = models.CharField("đối tượng", max_length=200, blank=True)
    fields = models.JSONField("trường", default=list, blank=True)
    before = models.JSONField("trước", default=dict, blank=True)
    after = models.JSONField("sau", default=dict, blank=True)
    detail = models.JSONField("chi tiết", default=dict, blank=True)
    # Whose data the event is about (a person's UUID), and where: for scoping and for
    # a person's right of access.
    subject_id = models.CharField("mã người được nói đến", max_length=64, blank=True,
                                  db_index=True)  # fmt: skip
    province_code = models.CharField("mã tỉnh", max_length=2, blank=True)
    unit_code = models.CharField("mã đơn vị", max_length=5, blank=True)
    agency_pk = models.BigIntegerField("mã cơ quan", null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "sự kiện nhật ký"
        verbose_name_plural = "nhật ký hệ thống"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_name} {self.get_action_display()}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise PermissionError("Nhật ký chỉ được ghi thêm, không được sửa.")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("Nhật ký chỉ được xóa theo chính sách lưu giữ.")
