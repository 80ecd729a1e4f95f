"""Administrative units (before and after the 1 July 2025 reform) and agencies."""

import datetime as dt

from django.db import models

from trithuc.lib.text import fold

REFORM_DATE = dt.date(2025, 7, 1)


class CodeSystem(models.TextChoices):
    # QĐ 124/2004/QĐ-TTg: 63 provinces, districts, communes (until 30/6/2025).
    LEGACY = "2004", "Danh mục 2004 (63 tỉnh, trước 01/7/2025)"
    # QĐ 19/2025/QĐ-TTg: 34 provinces, communes, no district level (from 01/7/2025).
    CURRENT = "2025", "Danh mục 2025 (34 tỉnh, từ 01/7/2025)"


class UnitLevel(models.TextChoices):
    PROVINCE = "province", "Tỉnh/thành phố"
    DISTRICT = "district", "Huyện/quận/thị xã"
    COMMUNE = "commune", "Xã/phường/đặc khu"


class AdministrativeUnit(models.Model):
    code_system = models.CharField("hệ mã", max_length=4, choices=CodeSystem.choices)
    code = models.CharField("mã", max_length=5)
    level = models.CharField("cấp", max_length=8, choices=UnitLevel.choices)
    name = models.CharField("tên", max_length=120)
    unit_type = models.CharField("loại", max_length=40, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="đơn vị cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    province_code = models.CharField("mã tỉnh", max_length=2, db_index=True)
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)
    name_folded = models.CharField(max_length=120, editable=False, db_index=True)

    class Meta:
        verbose_name = "đơn vị hành chính"
        verbose_name_plural = "đơn vị hành chính"
        ordering = ["code_system", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code_system", "code"], name="unique_unit_code"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class UnitMapping(models.Model):
    """An old unit and the new unit (or one of the new units) that took over its area."""

    old_unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name="đơn vị cũ",
        on_delete=models.CASCADE,
        related_name="mapped_to",
    )
    new_unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name="đơn vị mới",
        on_delete=models.CASCADE,
        related_name="mapped_from",
    )
    is_partial = models.BooleanField("chỉ một phần diện tích", default=False)

    class Meta:
        verbose_name = "chuyển đổi đơn vị hành chính"
        verbose_name_plural = "chuyển đổi đơn vị hành chính"
        constraints = [
            models.UniqueConstraint(fields=["old_unit", "new_unit"], name="unique_unit_mapping"),
        ]

    def __str__(self) -> str:
        return f"{self.old_unit} → {self.new_unit}"


class AgencyKind(models.TextChoices):
    PARTY = "party", "Cơ quan Đảng"
    GOVERNMENT = "government", "Chính quyền"
    DEPARTMENT = "department", "Sở, ban, ngành"
    FRONT = "front", "Mặt trận, đoàn thể"
    ASSOCIATION = "association", "Hội"
    PUBLIC_SERVICE = "public_service", "Đơn vị sự nghiệp"
    ENTERPRISE = "enterprise", "Doanh nghiệp"
    OTHER = "other", "Khác"


class Agency(models.Model):
    name = models.CharField("tên cơ quan", max_length=200)
    short_name = models.CharField("tên viết tắt", max_length=60, blank=True)
    kind = models.CharField("loại", max_length=20, choices=AgencyKind.choices, default="other")
    province_code = models.CharField("mã tỉnh", max_length=2, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="cơ quan cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    aliases = models.JSONField("tên gọi khác", default=list, blank=True)
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)
    name_folded = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        verbose_name = "cơ quan"
        verbose_name_plural = "cơ quan"
        ordering = ["province_code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["province_code", "name"], name="unique_agency_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)
