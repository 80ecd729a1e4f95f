"""Administration: an administrator adds or changes an indicator without code."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction

from trithuc.indicators import services
from trithuc.indicators.forms import IndicatorAdminForm
from trithuc.indicators.models import Indicator, ReportedFigure, SnapshotState, Target


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    form = IndicatorAdminForm
    list_display = ["code", "name", "kind", "unit", "is_builtin", "is_active"]
    list_filter = ["kind", "is_builtin", "is_active"]
    search_fields = ["code", "name"]
    readonly_fields = ["is_builtin", "created_at", "updated_at"]

    def save_model(self, request: Any, obj: Indicator, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        transaction.on_commit(services.request_refresh)

    def has_delete_permission(self, request: Any, obj: Indicator | None = None) -> bool:
        if obj is not None and (obj.is_builtin or obj.targets.exists()):
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["plan_reference", "indicator", "sector", "unit_code", "year", "comparator",
                    "value", "value_high"]  # fmt: skip
    list_filter = ["plan_reference", "indicator", "year", "unit_code_system"]
    search_fields = ["plan_reference", "source_text", "unit_code"]
    autocomplete_fields = ["indicator"]
    raw_id_fields = ["agency"]
    readonly_fields = ["uuid", "province_code", "created_by", "created_at", "updated_at"]

    def get_queryset(self, request: Any) -> Any:
        return super().get_queryset(request).editable_by(request.user)

    def save_model(self, request: Any, obj: Target, form: Any, change: bool) -> None:
        services.save_target(obj, actor=request.user, source="web")


@admin.register(ReportedFigure)
class ReportedFigureAdmin(admin.ModelAdmin):
    list_display = ["indicator", "unit_code", "sector", "year", "value", "source", "reported_at"]
    list_filter = ["indicator", "year"]
    search_fields = ["unit_code", "source"]
    readonly_fields = ["uuid", "province_code", "reported_by", "reported_at"]

    def get_queryset(self, request: Any) -> Any:
        return super().get_queryset(request).editable_by(request.user)

    def save_model(self, request: Any, obj: ReportedFigure, form: Any, change: bool) -> None:
        services.record_reported_figure(obj, actor=request.user)


@admin.register(SnapshotState)
class SnapshotStateAdmin(admin.ModelAdmin):
    list_display = ["refreshed_at", "as_of", "changed_at", "seconds", "rows", "running"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False
