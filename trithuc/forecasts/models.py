"""Named scenarios a planner saves: rates per sector and level that replace, in a
forecast, the ones estimated from the registry's history."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trithuc.accounts.scope import Capability, area_q, scope_of


class ScenarioQuerySet(models.QuerySet):
    """A scenario belongs to a province: those who read its aggregates see it, those who
    set its targets (`EDIT_TARGETS`: registry managers, plan coordinators) edit it."""

    def visible_to(self, subject: Any) -> models.QuerySet:
        condition = area_q(scope_of(subject).areas(Capability.READ_AGGREGATES),
                           province="province_code")  # fmt: skip
        return self if condition is None else self.filter(condition)

    def editable_by(self, subject: Any) -> models.QuerySet:
        condition = area_q(scope_of(subject).areas(Capability.EDIT_TARGETS),
                           province="province_code")  # fmt: skip
        return self if condition is None else self.filter(condition)


class Scenario(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("tên kịch bản"), max_length=120)
    province_code = models.CharField(_("mã tỉnh"), max_length=2)
    note = models.TextField(_("ghi chú"), blank=True)
    # [{"sector": code or "", "education_level": code or "", "hire": %, "leave": %,
    #   "upgrade": %}], "" meaning every sector or level, a missing rate the estimate.
    rates = models.JSONField(_("tỉ lệ theo lĩnh vực và trình độ"), default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = ScenarioQuerySet.as_manager()

    class Meta:
        verbose_name = _("kịch bản dự báo")
        verbose_name_plural = _("kịch bản dự báo")
        ordering = ["province_code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["province_code", "name"], name="scenario_name_unique")
        ]

    def __str__(self) -> str:
        return self.name
