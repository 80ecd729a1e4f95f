from __future__ import annotations

from typing import Any

from django.contrib import admin

from trithuc.privacy.models import Consent, CorrectionRequest


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ["person", "purpose", "given_at", "withdrawn_at", "evidence"]
    list_filter = ["purpose"]
    raw_id_fields = ["person", "recorded_by"]

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False  # recorded and withdrawn through the services (audited)

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(CorrectionRequest)
class CorrectionRequestAdmin(ConsentAdmin):
    list_display = ["person", "field", "requested_value", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["person", "requested_by", "handled_by"]
