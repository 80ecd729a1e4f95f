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


class DashboardForecast(models.Model):
    """The forecast of one plan's targets as one kind of reader sees it on the dashboard
    (the same scope of aggregates, small cells hidden or not, unit and date asked),
    computed in the background (`forecasts.background`) so no reader waits for the model.

    `basis` is the fingerprint of what `result` was computed from (start date, the
    registry's last change, the targets); `wanted` the one asked for last. A result
    whose basis is not today's is shown as stale while the next is computed."""

    key = models.CharField(max_length=64, unique=True)
    # The reader it was last asked for: its scope is the key's (`visible_to`).
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                             related_name="+")  # fmt: skip
    plans = models.JSONField(default=list)
    unit = models.CharField(max_length=10, blank=True)
    as_of_asked = models.DateField(null=True, blank=True)
    basis = models.CharField(max_length=64, blank=True)
    wanted = models.CharField(max_length=64, blank=True)
    state = models.CharField(max_length=10, default="queued")  # queued, running, done, failed
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.TextField(blank=True)
    result = models.JSONField(default=dict, blank=True)  # {target pk: what the page shows}
    as_of = models.DateField(null=True, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    requested_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("dự báo trên bảng theo dõi")
        verbose_name_plural = _("dự báo trên bảng theo dõi")

    def __str__(self) -> str:
        return f"{', '.join(self.plans)} ({self.state})"
