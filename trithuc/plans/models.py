"""Plans in a chain of documents, their tasks, the reporting periods they are followed
in, and the progress reports agencies write for each period.

A period is stored (not computed on the fly) so that reports, reminders and the owner's
matrix all point at the same row; `trithuc.plans.periods` computes them.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from trithuc.plans.querysets import PlanPartQuerySet, PlanQuerySet


class DocumentKind(models.TextChoices):
    RESOLUTION = "NQ", "Nghị quyết"
    CONCLUSION = "KL", "Kết luận"
    PROGRAMME = "CTr", "Chương trình hành động"
    PLAN = "KH", "Kế hoạch"
    DECISION = "QĐ", "Quyết định"
    DIRECTIVE = "CT", "Chỉ thị"
    REPORT = "BC", "Báo cáo"
    OTHER = "other", "Văn bản khác"


class ReportingFrequency(models.TextChoices):
    YEARLY = "yearly", "Hằng năm (15/12 năm trước – 14/12)"
    SIX_MONTHLY = "six_monthly", "6 tháng và hằng năm (kỳ 6 tháng: 15/12 năm trước – 14/6)"


class Plan(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField("loại văn bản", max_length=6, choices=DocumentKind.choices,
                            default=DocumentKind.PLAN)  # fmt: skip
    number = models.CharField("số hiệu", max_length=60, blank=True,
                              help_text="Ví dụ 140-KH/TU; để trống nếu văn bản không ghi số.")  # fmt: skip
    title = models.CharField("trích yếu", max_length=500)
    issued_on = models.DateField("ngày ban hành")
    issuer = models.CharField("cơ quan ban hành", max_length=200)
    province_code = models.CharField("mã tỉnh", max_length=2, db_index=True)
    owner_agency = models.ForeignKey(
        "orgunits.Agency", verbose_name="cơ quan theo dõi", null=True, blank=True,
        on_delete=models.PROTECT, related_name="owned_plans",
        help_text="Cơ quan theo dõi, đôn đốc và tổng hợp báo cáo chung của kế hoạch.",
    )  # fmt: skip
    implements = models.ManyToManyField(
        "self", verbose_name="thực hiện văn bản", symmetrical=False, blank=True,
        related_name="implemented_by",
    )  # fmt: skip
    implements_numbers = models.JSONField(
        "số hiệu văn bản cấp trên", default=list, blank=True,
        help_text="Các văn bản cấp trên như in trong văn bản (có thể chưa có trong hệ thống).",
    )  # fmt: skip
    objectives = models.TextField("mục tiêu", blank=True)
    reporting_frequency = models.CharField("kỳ báo cáo", max_length=12,
                                           choices=ReportingFrequency.choices,
                                           default=ReportingFrequency.YEARLY)  # fmt: skip
    due_days_after_cutoff = models.PositiveSmallIntegerField(
        "hạn nộp sau ngày chốt số liệu (ngày)", default=6,
        help_text="Ví dụ 6: kỳ chốt 14/12 thì hạn nộp 20/12.",
    )  # fmt: skip
    remind_days_before = models.PositiveSmallIntegerField("nhắc trước hạn (ngày)", default=7)
    mid_term_review_on = models.DateField("hạn sơ kết (5 năm)", null=True, blank=True)
    final_review_on = models.DateField("hạn tổng kết (10 năm)", null=True, blank=True)
    source_file = models.FileField("tệp gốc", upload_to="plans/%Y/", blank=True)
    source_name = models.CharField("tên tệp gốc", max_length=255, blank=True)
    source_text = models.TextField("nội dung văn bản", blank=True)
    parsed = models.JSONField("kết quả đọc văn bản", default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = "kế hoạch"
        verbose_name_plural = "kế hoạch"
        ordering = ["-issued_on", "number"]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """The number, or for a plan printed without one, its issuer and date."""
        if self.number:
            return self.number
        return f"{self.issuer} ngày {self.issued_on:%d/%m/%Y}"


class DeadlineKind(models.TextChoices):
    FIXED = "fixed", "Có thời hạn"
    RECURRING = "recurring", "Định kỳ / thường xuyên"


class Recurrence(models.TextChoices):
    EVERY_PERIOD = "every_period", "Thường xuyên (báo cáo mỗi kỳ)"
    YEARLY = "yearly", "Hằng năm"
    SIX_MONTHLY = "six_monthly", "6 tháng một lần"


class Task(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    parent = models.ForeignKey("self", verbose_name="thuộc nhiệm vụ", null=True, blank=True,
                               on_delete=models.CASCADE, related_name="children")  # fmt: skip
    number = models.CharField("số mục", max_length=20, blank=True)
    title = models.CharField("nhiệm vụ", max_length=500)
    description = models.TextField("nội dung", blank=True)
    position = models.PositiveIntegerField(default=0)
    lead_agency = models.ForeignKey(
        "orgunits.Agency", verbose_name="cơ quan chủ trì", null=True, blank=True,
        on_delete=models.PROTECT, related_name="led_tasks",
    )  # fmt: skip
    coordinating_agencies = models.ManyToManyField(
        "orgunits.Agency", verbose_name="cơ quan phối hợp", blank=True,
        related_name="coordinated_tasks",
    )  # fmt: skip
    agencies_as_printed = models.JSONField(
        "cơ quan như ghi trong văn bản", default=list, blank=True,
        help_text="Tên cơ quan như văn bản ghi, kể cả những tên chung chưa gán được.",
    )  # fmt: skip
    deadline_kind = models.CharField("loại thời hạn", max_length=10,
                                     choices=DeadlineKind.choices,
                                     default=DeadlineKind.RECURRING)  # fmt: skip
    due_on = models.DateField("thời hạn", null=True, blank=True)
    recurrence = models.CharField("tần suất", max_length=14, choices=Recurrence.choices,
                                  blank=True, default=Recurrence.EVERY_PERIOD)  # fmt: skip
    deadline_text = models.CharField("thời hạn như ghi trong văn bản", max_length=200,
                                     blank=True)  # fmt: skip
    requires_plan = models.BooleanField(
        "phải ban hành kế hoạch", default=False,
        help_text="Nhiệm vụ là ban hành kế hoạch, chương trình thực hiện; bằng chứng là "
        "văn bản đó, được liên kết khi có trong hệ thống.",
    )  # fmt: skip
    linked_plan = models.ForeignKey(Plan, verbose_name="văn bản thực hiện", null=True,
                                    blank=True, on_delete=models.SET_NULL,
                                    related_name="evidence_for")  # fmt: skip

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        verbose_name = "nhiệm vụ"
        verbose_name_plural = "nhiệm vụ"
        ordering = ["plan", "position", "id"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


class PeriodKind(models.TextChoices):
    SIX_MONTHLY = "six_monthly", "6 tháng"
    YEARLY = "yearly", "Năm"
    MID_TERM_REVIEW = "mid_term_review", "Sơ kết"
    FINAL_REVIEW = "final_review", "Tổng kết"


REVIEW_KINDS = (PeriodKind.MID_TERM_REVIEW, PeriodKind.FINAL_REVIEW)


class Period(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="periods")
    kind = models.CharField("loại kỳ", max_length=16, choices=PeriodKind.choices)
    starts_on = models.DateField("từ ngày")
    ends_on = models.DateField("đến ngày (chốt số liệu)")
    due_on = models.DateField("hạn nộp")

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        verbose_name = "kỳ báo cáo"
        verbose_name_plural = "kỳ báo cáo"
        ordering = ["plan", "ends_on", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind", "ends_on"], name="unique_plan_period")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_review(self) -> bool:
        return self.kind in REVIEW_KINDS

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.SIX_MONTHLY:
            return f"6 tháng đầu năm {self.ends_on.year}"
        if self.kind == PeriodKind.YEARLY:
            return f"Năm {self.ends_on.year}"
        return f"{self.get_kind_display()} ({self.due_on:%m/%Y})"


class ReportStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Chưa triển khai"
    IN_PROGRESS = "in_progress", "Đang thực hiện"
    DONE = "done", "Hoàn thành"
    LATE = "late", "Chậm tiến độ"


class ReportState(models.TextChoices):
    DRAFT = "draft", "Đang soạn"
    SUBMITTED = "submitted", "Đã nộp"


class ProgressReport(models.Model):
    """What one agency reports for one task (or, with no task, for the plan as a whole:
    the review reports) in one period. The lead agency's report on a task is the
    consolidated one: its page shows the coordinating agencies' reports beside it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reports")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="reports")
    task = models.ForeignKey(Task, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="reports")  # fmt: skip
    agency = models.ForeignKey("orgunits.Agency", on_delete=models.PROTECT,
                               related_name="progress_reports")  # fmt: skip
    status = models.CharField("tình hình thực hiện", max_length=12,
                              choices=ReportStatus.choices,
                              default=ReportStatus.NOT_STARTED)  # fmt: skip
    achievements = models.TextField("kết quả đã làm", blank=True)
    figures = models.JSONField("số liệu", default=list, blank=True)
    difficulties = models.TextField("khó khăn, kiến nghị", blank=True)
    state = models.CharField("trạng thái", max_length=10, choices=ReportState.choices,
                             default=ReportState.DRAFT)  # fmt: skip
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    updated_at = models.DateTimeField(auto_now=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    submitted_at = models.DateTimeField(null=True, blank=True)
    reopened_count = models.PositiveSmallIntegerField(default=0)

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        verbose_name = "báo cáo tiến độ"
        verbose_name_plural = "báo cáo tiến độ"
        constraints = [
            models.UniqueConstraint(fields=["period", "task", "agency"],
                                    name="unique_task_report"),
            models.UniqueConstraint(fields=["period", "agency"],
                                    condition=models.Q(task__isnull=True),
                                    name="unique_plan_report"),
        ]  # fmt: skip

    def __str__(self) -> str:
        what = self.task.number if self.task_id else "báo cáo chung"
        return f"{self.plan} – {what} – {self.agency} – {self.period}"


class ReportAttachment(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE,
                               related_name="attachments")  # fmt: skip
    file = models.FileField(upload_to="reports/%Y/")
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "tệp đính kèm"
        verbose_name_plural = "tệp đính kèm"
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class ReminderKind(models.TextChoices):
    BEFORE = "before", "Nhắc trước hạn"
    LATE = "late", "Quá hạn"


class Reminder(models.Model):
    """One reminder sent to one agency for one period: kept so that running the daily
    command twice on a day sends nothing twice."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="reminders")
    agency = models.ForeignKey("orgunits.Agency", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=ReminderKind.choices)
    sent_on = models.DateField()
    recipients = models.JSONField(default=list)
    items = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "lần nhắc"
        verbose_name_plural = "lần nhắc"
        constraints = [
            models.UniqueConstraint(fields=["period", "agency", "kind", "sent_on"],
                                    name="unique_reminder_per_day"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()} – {self.agency} – {self.period} ({self.sent_on:%d/%m/%Y})"
        )


class DraftStatus(models.TextChoices):
    READY = "ready", "Chờ kiểm tra"
    READING = "reading", "Đang đọc văn bản"
    FAILED = "failed", "Không đọc được"


class PlanDraft(models.Model):
    """An uploaded plan document and what the parser read from it, waiting for the
    user's review. Nothing becomes a plan until the review is confirmed.

    A .doc/.odt/.rtf or a scan is read in a background task (`status` READING until
    then); a scan keeps its pages as recognised (`pages`: text, confidence, lines with
    their confidence, the page image) for the user to correct beside the image."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    province_code = models.CharField(max_length=2)
    source_file = models.FileField(upload_to="plan-drafts/%Y/")
    source_name = models.CharField(max_length=255)
    text = models.TextField()
    parsed = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=DraftStatus, default=DraftStatus.READY)
    message = models.TextField(blank=True, default="")
    pages = models.JSONField(default=list, blank=True)
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")  # fmt: skip
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                   related_name="+")  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "văn bản chờ duyệt"
        verbose_name_plural = "văn bản chờ duyệt"

    def __str__(self) -> str:
        return self.source_name


class PriorityField(models.Model):
    """A training field a plan names as a shortage to train or recruit for ("lĩnh vực còn
    thiếu"), as one or more codes of the national list (a ngành, nhóm or lĩnh vực: a
    person counts when their coded field starts with one), with the number of people the
    plan wants by a year when it says so."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priority_fields")
    label = models.CharField("tên lĩnh vực ưu tiên", max_length=200)
    codes = models.JSONField("mã ngành", default=list)
    need = models.PositiveIntegerField("nhu cầu (số người)", null=True, blank=True)
    need_year = models.PositiveSmallIntegerField("năm cần đạt", null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "lĩnh vực ưu tiên"
        verbose_name_plural = "lĩnh vực ưu tiên"
        ordering = ["plan", "position", "id"]

    def __str__(self) -> str:
        return self.label
