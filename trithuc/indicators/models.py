"""Indicators (definitions as data), targets set by plans, figures reported by agencies,
and the per-unit per-year snapshot the dashboard reads.

An indicator is a definition, not code: its filters are JSON over the fields of a
person as they stood on a date (see `definitions.py`), so an administrator adds one in
the admin without a release.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models

from trithuc.indicators.areas import area_province
from trithuc.indicators.querysets import ReportedFigureQuerySet, TargetQuerySet


class IndicatorKind(models.TextChoices):
    COUNT = "count", "Số người"
    SHARE = "share", "Tỷ lệ (%)"
    RATIO = "ratio", "Số lần so với năm gốc"
    EVENTS = "events", "Số sự kiện trong kỳ (văn bằng được cấp)"
    REPORTED = "reported", "Số liệu do cơ quan báo cáo"


class Comparator(models.TextChoices):
    AT_LEAST = ">=", "≥ (từ … trở lên)"
    MORE_THAN = ">", "> (trên …)"
    AT_MOST = "<=", "≤ (không quá …)"
    LESS_THAN = "<", "< (dưới …)"
    REACH = "=", "= (đạt …)"
    RANGE = "range", "khoảng (từ … đến …)"


class Indicator(models.Model):
    code = models.SlugField("mã", max_length=60, unique=True)
    name = models.CharField("tên chỉ tiêu", max_length=200)
    kind = models.CharField("loại", max_length=10, choices=IndicatorKind.choices)
    population = models.JSONField(
        "nhóm người được tính (mẫu số)",
        default=dict,
        blank=True,
        help_text='Bộ lọc JSON, ví dụ {"employment_type__in": "@state_staff", '
        '"sector": "{sector}"}. Với chỉ tiêu số người / số lần: những người được đếm.',
    )
    numerator = models.JSONField(
        "điều kiện tử số",
        default=dict,
        blank=True,
        help_text='Chỉ dùng cho tỷ lệ, ví dụ {"education_level__in": "@university_or_higher"}.',
    )
    event_filter = models.JSONField(
        "điều kiện văn bằng",
        default=dict,
        blank=True,
        help_text='Chỉ dùng cho số sự kiện, ví dụ {"level__in": "@doctorate"}.',
    )
    unit = models.CharField("đơn vị tính", max_length=10, default="%")
    noun = models.CharField(
        "danh từ chỉ người",
        max_length=120,
        blank=True,
        help_text='Dùng trong câu "thêm 37 thạc sĩ mỗi năm", ví dụ "thạc sĩ".',
    )
    tolerance = models.FloatField(
        "độ lệch cho phép",
        null=True,
        blank=True,
        help_text="Chênh lệch giữa số báo cáo và số tính được mà không bị đánh dấu; "
        "để trống: 1 điểm % với tỷ lệ, 2% với số người.",
    )
    description = models.TextField("mô tả", blank=True)
    is_builtin = models.BooleanField("có sẵn", default=False, editable=False)
    is_active = models.BooleanField("đang dùng", default=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "chỉ tiêu (định nghĩa)"
        verbose_name_plural = "danh mục chỉ tiêu"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_share(self) -> bool:
        return self.kind == IndicatorKind.SHARE


class Target(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    indicator = models.ForeignKey(
        Indicator,
        verbose_name="chỉ tiêu",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets",
        help_text="Để trống khi câu mục tiêu chưa gán được vào chỉ tiêu nào.",
    )
    unit_code = models.CharField(
        "mã đơn vị", max_length=5, help_text="Tỉnh (2 số), huyện cũ (3 số) hoặc xã (5 số)."
    )
    unit_code_system = models.CharField(
        "hệ mã đơn vị",
        max_length=4,
        choices=[("2025", "Danh mục 2025 (hiện hành)"), ("2004", "Danh mục 2004 (trước 7/2025)")],
        default="2025",
    )
    province_code = models.CharField(
        "mã tỉnh hiện hành", max_length=2, editable=False, db_index=True, blank=True
    )
    agency = models.ForeignKey(
        "orgunits.Agency",
        verbose_name="cơ quan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Mục tiêu của một cơ quan (tính cả các đơn vị trực thuộc); để trống: "
        "mục tiêu của cả đơn vị hành chính.",
    )
    sector = models.CharField("lĩnh vực", max_length=24, blank=True)
    year = models.PositiveSmallIntegerField("năm đạt")
    comparator = models.CharField("so sánh", max_length=5, choices=Comparator.choices)
    value = models.FloatField("giá trị")
    value_high = models.FloatField("giá trị cận trên", null=True, blank=True)
    value_unit = models.CharField("đơn vị tính", max_length=10, blank=True)
    baseline_year = models.PositiveSmallIntegerField("năm gốc", null=True, blank=True)
    baseline_value = models.FloatField("giá trị năm gốc", null=True, blank=True)
    baseline_source = models.CharField("nguồn số liệu gốc", max_length=300, blank=True)
    period_start = models.DateField(
        "tính từ ngày",
        null=True,
        blank=True,
        help_text="Với chỉ tiêu số sự kiện (ví dụ số tiến sĩ được đào tạo): đầu kỳ tính.",
    )
    # Targets loaded from a plan in the plans app point at it; targets loaded by the
    # command from a text file are named only by the plan's number (or issuer) and title.
    plan = models.ForeignKey(
        "plans.Plan",
        verbose_name="kế hoạch",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="targets",
    )
    plan_reference = models.CharField("số hiệu kế hoạch", max_length=120, db_index=True)
    plan_title = models.CharField("tên kế hoạch", max_length=500, blank=True)
    plan_date = models.DateField("ngày ban hành", null=True, blank=True)
    source_text = models.TextField("câu trong văn bản", blank=True)
    source_lines = models.CharField("dòng trong văn bản", max_length=30, blank=True)
    position = models.PositiveIntegerField("thứ tự", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = "mục tiêu"
        verbose_name_plural = "mục tiêu"
        ordering = ["plan_reference", "position", "id"]
        indexes = [models.Index(fields=["unit_code", "year"], name="target_unit_year")]

    def __str__(self) -> str:
        name = self.indicator.name if self.indicator_id else self.source_text[:60]
        return f"{name} – {self.unit_code} – {self.year}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.agency_id:
            self.unit_code, self.unit_code_system = self.agency.province_code, "2025"
        self.province_code = area_province(self.unit_code, self.unit_code_system)
        super().save(*args, **kwargs)


class ReportedFigure(models.Model):
    """A figure an agency reported for an indicator, kept beside the computed value."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    indicator = models.ForeignKey(
        Indicator, verbose_name="chỉ tiêu", on_delete=models.CASCADE, related_name="reported"
    )
    unit_code = models.CharField("mã đơn vị (danh mục 2025)", max_length=5)
    province_code = models.CharField("mã tỉnh", max_length=2, editable=False, blank=True)
    sector = models.CharField("lĩnh vực", max_length=24, blank=True)
    year = models.PositiveSmallIntegerField("năm")
    value = models.FloatField("giá trị")
    numerator = models.PositiveIntegerField("tử số", null=True, blank=True)
    denominator = models.PositiveIntegerField("mẫu số", null=True, blank=True)
    source = models.CharField("nguồn (văn bản, cơ quan báo cáo)", max_length=300)
    note = models.TextField("ghi chú", blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField("nhập lúc", auto_now_add=True)

    objects = ReportedFigureQuerySet.as_manager()

    class Meta:
        verbose_name = "số liệu báo cáo"
        verbose_name_plural = "số liệu báo cáo"
        ordering = ["indicator", "unit_code", "sector", "-year", "-reported_at"]
        indexes = [
            models.Index(fields=["indicator", "unit_code", "year"], name="reported_ind_unit_year")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} – {self.unit_code} – {self.year}: {self.value}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.province_code = area_province(self.unit_code, "2025")
        super().save(*args, **kwargs)


class IndicatorSnapshot(models.Model):
    """One indicator's counts for one current unit and sector, as of one date per year.

    `count` is the numerator of a share, the number of people of a count or ratio, and
    the number of events in that calendar year (up to `as_of`) of an events indicator;
    `base` is the denominator of a share (0 otherwise). Every row is additive: a
    province is the sum of its communes and its province-level row.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("năm")
    as_of = models.DateField("tính tại ngày")
    province_code = models.CharField("mã tỉnh", max_length=2)
    workplace_unit = models.CharField("mã đơn vị", max_length=5)
    sector = models.CharField("lĩnh vực", max_length=24)
    count = models.PositiveIntegerField("số đếm", default=0)
    base = models.PositiveIntegerField("mẫu số", default=0)
    # People of `count` (or of `base` for a share) whose start of work is assumed (the
    # 18th birthday: people.counting), so a past day's figure says it without a recount.
    assumed = models.PositiveIntegerField("số người giả định ngày bắt đầu", default=0)
    # A day asked for besides the yearly ones (a report's cut-off, the day before an
    # events target's period starts): `as_of` is that day; for an events indicator the
    # count runs from 1 January of its year to that day.
    extra = models.BooleanField("ngày tính thêm", default=False)

    class Meta:
        verbose_name = "số liệu tính sẵn"
        verbose_name_plural = "số liệu tính sẵn"
        indexes = [
            models.Index(fields=["province_code", "indicator", "year"], name="snap_prov_ind_year"),
            models.Index(fields=["workplace_unit", "indicator", "year"], name="snap_unit_ind_year"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.workplace_unit} {self.sector} {self.year}"


class PopulationSnapshot(models.Model):
    """How many people the frame holds on the snapshot's refresh day, by current unit and
    sector: what `people_stats(everyone, ["province_code", "sector"])` counts today, kept
    with the snapshot (refreshed with it, province by province) so that the national page
    sums 34 provinces' rows instead of counting the whole country's frame."""

    as_of = models.DateField("tính tại ngày")
    province_code = models.CharField("mã tỉnh", max_length=2)
    workplace_unit = models.CharField("mã đơn vị", max_length=5)
    sector = models.CharField("lĩnh vực", max_length=24)
    count = models.PositiveIntegerField("số người", default=0)

    class Meta:
        verbose_name = "số người tính sẵn"
        verbose_name_plural = "số người tính sẵn"
        indexes = [models.Index(fields=["province_code", "sector"], name="popsnap_prov_sector")]

    def __str__(self) -> str:
        return f"{self.workplace_unit} {self.sector}: {self.count}"


class SnapshotState(models.Model):
    """When the snapshot was last computed, and whether the registry changed since."""

    refreshed_at = models.DateTimeField("tính lúc", null=True, blank=True)
    as_of = models.DateField("tính đến ngày", null=True, blank=True)
    changed_at = models.DateTimeField("cơ sở dữ liệu thay đổi lúc", null=True, blank=True)
    seconds = models.FloatField("thời gian tính (giây)", default=0)
    rows = models.PositiveIntegerField("số dòng", default=0)
    running = models.BooleanField("đang tính", default=False)
    message = models.TextField("thông báo", blank=True)
    # The extra days the snapshot holds ({"frame": [ISO dates], "events": [...]}), kept
    # and recomputed by every refresh.
    extra_days = models.JSONField("ngày tính thêm", default=dict, blank=True)
    # Changes not yet in the snapshot: province code → when it changed (ISO), "*" for a
    # change whose provinces are unknown (only a whole refresh clears it).
    pending = models.JSONField("tỉnh chờ tính lại", default=dict, blank=True)
    # Provinces recomputed alone since the last whole refresh: code → when that
    # computation started (ISO); a slower whole refresh never overwrites them.
    province_refreshed = models.JSONField("tỉnh tính lại riêng", default=dict, blank=True)

    class Meta:
        verbose_name = "trạng thái số liệu tính sẵn"
        verbose_name_plural = "trạng thái số liệu tính sẵn"

    def __str__(self) -> str:
        return f"{self.refreshed_at or 'chưa tính'}"

    @property
    def is_stale(self) -> bool:
        return self.refreshed_at is None or bool(self.pending)

    def stale_for(self, provinces: Iterable[str]) -> bool:
        """Whether a change to these provinces (or an unknown one) awaits its refresh."""
        if self.refreshed_at is None:
            return True
        return "*" in self.pending or any(p in self.pending for p in provinces)

    def refreshed_for(self, provinces: Iterable[str]) -> Any:
        """When the oldest of these provinces' rows was computed (the whole refresh's
        time for a province not recomputed alone since)."""
        if self.refreshed_at is None:
            return None
        times = [
            max(self.refreshed_at, dt.datetime.fromisoformat(self.province_refreshed[p]))
            if p in self.province_refreshed else self.refreshed_at
            for p in provinces
        ]  # fmt: skip
        return min(times, default=self.refreshed_at)


class StructureSnapshot(models.Model):
    """The count of one grouping's cell (`indicators.structure.GROUPINGS`: the annex
    tables of a report) for one province and current unit, on one day the snapshot holds
    (`SnapshotState.extra_days["structure"]`). Additive like `IndicatorSnapshot`: an area
    is the sum of its rows."""

    as_of = models.DateField("tính tại ngày")
    grouping = models.CharField("cách nhóm", max_length=64)
    province_code = models.CharField("mã tỉnh", max_length=2)
    workplace_unit = models.CharField("mã đơn vị", max_length=5)
    # The grouping's values as a JSON list (a boolean stays a boolean).
    key = models.TextField("giá trị nhóm")
    count = models.PositiveIntegerField("số người", default=0)

    class Meta:
        verbose_name = "cơ cấu tính sẵn"
        verbose_name_plural = "cơ cấu tính sẵn"
        indexes = [
            models.Index(fields=["as_of", "province_code"], name="struct_day_prov"),
            models.Index(fields=["as_of", "workplace_unit"], name="struct_day_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.as_of} {self.grouping} {self.workplace_unit} {self.key}"
