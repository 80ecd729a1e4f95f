"""Party development among young intellectuals, as counts only, and the representation of
intellectuals in cadre planning and elected bodies, per person and term.

Party membership is sensitive personal data: the system keeps no person's stage, only
yearly counts by unit, sector, stage and age in whole years (so that the age limit of
"trí thức trẻ" can be chosen when reading)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from trithuc.accounts.scope import Capability, area_q, scope_of
from trithuc.orgunits.services import get_current_unit
from trithuc.people.querysets import person_q

C = Capability


class PartyStage(models.TextChoices):
    OUTSTANDING_MASS = "outstanding_mass", _("Quần chúng ưu tú")
    AWARENESS_CLASS = "awareness_class", _("Học lớp nhận thức về Đảng")
    ADMITTED = "admitted", _("Được kết nạp")
    PROBATIONARY = "probationary", _("Đảng viên dự bị")
    FULL = "full", _("Chuyển đảng viên chính thức")


class PartyCountQuerySet(models.QuerySet):
    def visible_to(self, subject: Any) -> models.QuerySet:
        condition = area_q(scope_of(subject).areas(C.READ_AGGREGATES), province="province_code",
                           commune="unit_code")  # fmt: skip
        return self if condition is None else self.filter(condition)

    def editable_by(self, subject: Any) -> models.QuerySet:
        condition = area_q(scope_of(subject).areas(C.ENTER_PARTY_FIGURES),
                           province="province_code", commune="unit_code")  # fmt: skip
        return self if condition is None else self.filter(condition)


class PartyDevelopmentCount(models.Model):
    province_code = models.CharField(_("mã tỉnh"), max_length=2)
    unit_code = models.CharField(_("mã xã/phường (để trống: cấp tỉnh)"), max_length=5, blank=True)
    year = models.PositiveSmallIntegerField(_("năm"))
    sector = models.CharField(_("lĩnh vực"), max_length=24)
    stage = models.CharField(_("giai đoạn"), max_length=16, choices=PartyStage.choices)
    age = models.PositiveSmallIntegerField(_("tuổi (tròn năm, ngày 31/12)"))
    count = models.PositiveIntegerField(_("số người"))
    is_synthetic = models.BooleanField(_("dữ liệu mô phỏng"), default=False)

    objects = PartyCountQuerySet.as_manager()

    class Meta:
        ordering = ["year", "unit_code", "sector", "stage", "age"]
        constraints = [
            models.UniqueConstraint(
                fields=["province_code", "unit_code", "year", "sector", "stage", "age"],
                name="party_count_cell",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.unit_code or self.province_code} {self.stage}: {self.count}"


class BodyKind(models.TextChoices):
    PARTY_COMMITTEE_PLANNING = "party_planning", _("Quy hoạch cấp ủy")
    POST_PLANNING = "post_planning", _("Quy hoạch chức danh lãnh đạo, quản lý")
    PARTY_COMMITTEE_ELECTED = "party_elected", _("Trúng cử cấp ủy")
    PEOPLES_COUNCIL_ELECTED = "council_elected", _("Trúng cử đại biểu HĐND")


class RecordQuerySet(models.QuerySet):
    def visible_to(self, subject: Any) -> models.QuerySet:
        condition = person_q(subject, C.READ_PEOPLE, prefix="person__")
        return self if condition is None else self.filter(condition)

    def counted_for(self, subject: Any) -> models.QuerySet:
        condition = person_q(subject, C.READ_AGGREGATES, C.READ_PEOPLE, prefix="person__")
        return self if condition is None else self.filter(condition)

    def editable_by(self, subject: Any) -> models.QuerySet:
        condition = person_q(subject, C.ENTER_PARTY_FIGURES, prefix="person__")
        return self if condition is None else self.filter(condition)


class RepresentationRecord(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("loại"), max_length=16, choices=BodyKind.choices)
    term = models.CharField(_("nhiệm kỳ"), max_length=9, help_text="2025-2030")
    body = models.CharField(_("cấp ủy, chức danh, HĐND"), max_length=200)
    unit_code = models.CharField(_("mã đơn vị (tỉnh hoặc xã)"), max_length=5)
    decided_on = models.DateField(_("ngày quyết định, bầu cử"))
    is_synthetic = models.BooleanField(_("dữ liệu mô phỏng"), default=False)

    objects = RecordQuerySet.as_manager()

    class Meta:
        ordering = ["term", "kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "kind", "term", "body"], name="record_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.term}: {self.body}"

    @property
    def unit_label(self) -> str:
        """ "Tỉnh Cao Bằng (04)": the code with its name, as pages show it."""
        unit = get_current_unit(self.unit_code)
        return str(unit) if unit else self.unit_code
