"""Official reports on a plan for one period (the yearly report under Decree 09/2019,
the 5-year "sơ kết" and 10-year "tổng kết" reviews), the narrative a secretariat edits,
the figures frozen at "Chốt số liệu", and the .docx templates organisations upload.

Figures are never typed: until the report is frozen they are assembled from the data
each time (`trithuc.reports.assemble`); freezing stores that assembly in `figures`.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from trithuc.reports.querysets import ReportQuerySet, ReportTemplateQuerySet


class ReportKind(models.TextChoices):
    YEARLY = "yearly", "Báo cáo năm"
    REVIEW5 = "review5", "Sơ kết 5 năm"
    REVIEW10 = "review10", "Tổng kết 10 năm"


class DocumentStyle(models.TextChoices):
    AUTO = "", "Theo cơ quan ban hành kế hoạch"
    STATE = "state", "Nhà nước (Nghị định 30/2020/NĐ-CP)"
    PARTY = "party", "Đảng (Hướng dẫn 36-HD/VPTW)"


class PdfState(models.TextChoices):
    NONE = "", "Chưa tạo"
    QUEUED = "queued", "Đang chờ"
    RUNNING = "running", "Đang tạo"
    DONE = "done", "Đã tạo"
    FAILED = "failed", "Lỗi"


class OfficialReport(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.CASCADE, related_name="official_reports"
    )
    period = models.ForeignKey(
        "plans.Period", on_delete=models.CASCADE, related_name="official_reports"
    )
    kind = models.CharField("loại báo cáo", max_length=10, choices=ReportKind.choices)
    unit_code = models.CharField("đơn vị", max_length=5, blank=True,
                                 help_text="Để trống: cả tỉnh của kế hoạch.")  # fmt: skip
    as_of = models.DateField("ngày chốt số liệu")
    style = models.CharField("thể thức", max_length=6, choices=DocumentStyle.choices,
                             blank=True, default=DocumentStyle.AUTO)  # fmt: skip
    number = models.CharField("số, ký hiệu", max_length=60, blank=True)
    place = models.CharField("địa danh", max_length=60, blank=True)
    signed_on = models.DateField("ngày ký", null=True, blank=True)
    title = models.CharField("trích yếu", max_length=500, blank=True)
    narrative = models.JSONField("phần lời", default=dict, blank=True)
    recipients = models.TextField("nơi nhận", blank=True)
    signer_authority = models.CharField("quyền hạn ký", max_length=120, blank=True)
    signer_title = models.CharField("chức vụ người ký", max_length=120, blank=True)
    signer_name = models.CharField("họ tên người ký", max_length=120, blank=True)
    template = models.ForeignKey("reports.ReportTemplate", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="reports",
                                 verbose_name="mẫu của cơ quan")  # fmt: skip
    frozen = models.BooleanField("đã chốt số liệu", default=False)
    frozen_at = models.DateTimeField(null=True, blank=True)
    frozen_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    figures = models.JSONField("số liệu đã chốt", default=dict, blank=True)
    pdf_file = models.FileField(upload_to="official-reports/%Y/", blank=True)
    pdf_state = models.CharField(max_length=8, choices=PdfState.choices, blank=True, default="")
    pdf_error = models.TextField(blank=True)
    pdf_version = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = "báo cáo chính thức"
        verbose_name_plural = "báo cáo chính thức"
        ordering = ["plan", "-as_of"]
        constraints = [
            models.UniqueConstraint(fields=["period", "unit_code"], name="unique_official_report"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.plan} – {self.period}"


class ReportTemplate(models.Model):
    """An organisation's own .docx outline (what its superior sent) for a plan's reports,
    with docxtpl placeholders checked at upload (`trithuc.reports.templating`)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.CASCADE, related_name="report_templates"
    )
    name = models.CharField("tên mẫu", max_length=200)
    file = models.FileField(upload_to="report-templates/%Y/")
    placeholders = models.JSONField(default=list, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ReportTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = "mẫu báo cáo"
        verbose_name_plural = "mẫu báo cáo"
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.name
