"""The catalogue of honours (forms and titles) and each person's honours and nominations."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trithuc.accounts.scope import Capability, scope_of
from trithuc.people.querysets import person_q


class HonourLevel(models.TextChoices):
    STATE = "state", _("Nhà nước")
    MINISTERIAL = "ministerial", _("Bộ, ngành trung ương")
    PROVINCIAL = "provincial", _("Tỉnh")


class HonourForm(models.Model):
    """A form or title: an order, a medal, a title (Nhà giáo Nhân dân…), a certificate of
    merit, or the province's own award. `province_code` blank: in every province's
    catalogue."""

    code = models.SlugField(_("mã"), max_length=60, unique=True)
    name = models.CharField(_("tên hình thức, danh hiệu"), max_length=200)
    level = models.CharField(_("cấp"), max_length=12, choices=HonourLevel.choices)
    province_code = models.CharField(_("mã tỉnh (để trống: toàn quốc)"), max_length=2,
                                     blank=True)  # fmt: skip
    min_years_service = models.PositiveSmallIntegerField(_("số năm công tác tối thiểu"),
                                                         default=0)  # fmt: skip
    requires = models.ForeignKey("self", verbose_name=_("phải có trước"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")  # fmt: skip
    min_years_since_required = models.PositiveSmallIntegerField(
        _("số năm tối thiểu sau danh hiệu phải có trước"), default=0
    )

    class Meta:
        verbose_name = _("hình thức khen thưởng")
        ordering = ["level", "name"]

    def __str__(self) -> str:
        return self.name


class PersonScopedQuerySet(models.QuerySet):
    """Honours and nominations: read with their person's profile, written by who manages
    honours where the person works."""

    def visible_to(self, subject: Any) -> models.QuerySet:
        condition = person_q(subject, Capability.READ_PEOPLE, Capability.MANAGE_HONOURS,
                             Capability.OWN_PROFILE, prefix="person__")  # fmt: skip
        return self if condition is None else self.filter(condition)

    def editable_by(self, subject: Any) -> models.QuerySet:
        condition = person_q(subject, Capability.MANAGE_HONOURS, prefix="person__")
        return self if condition is None else self.filter(condition)

    def counted_for(self, subject: Any) -> models.QuerySet:
        """For counts: the people whose aggregates `subject` may read."""
        scope = scope_of(subject)
        condition = person_q(scope, Capability.READ_AGGREGATES, Capability.MANAGE_HONOURS,
                             prefix="person__")  # fmt: skip
        return self if condition is None else self.filter(condition)


class Honour(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="honours")
    form = models.ForeignKey(HonourForm, on_delete=models.PROTECT, related_name="honours")
    decision_number = models.CharField(_("số quyết định"), max_length=60)
    decision_date = models.DateField(_("ngày quyết định"))
    level = models.CharField(_("cấp quyết định"), max_length=12, choices=HonourLevel.choices)
    is_synthetic = models.BooleanField(_("dữ liệu mô phỏng"), default=False)

    objects = PersonScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-decision_date", "id"]
        indexes = [models.Index(fields=["decision_date"], name="honour_date")]

    def __str__(self) -> str:
        return f"{self.form} ({self.decision_number})"


class NominationStatus(models.TextChoices):
    ELIGIBLE = "eligible", _("Đủ điều kiện, đang đề nghị")
    INELIGIBLE = "ineligible", _("Chưa đủ điều kiện")
    AWARDED = "awarded", _("Đã được khen thưởng")


class Nomination(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    form = models.ForeignKey(HonourForm, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm xét"))
    status = models.CharField(_("trạng thái"), max_length=12, choices=NominationStatus.choices)
    checks = models.JSONField(_("kết quả kiểm tra"), default=list)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PersonScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-created_at"]

    def __str__(self) -> str:
        return f"{self.form} – {self.year}"
