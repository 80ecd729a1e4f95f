"""The audit trail in the Django admin: read-only (no add, change, delete or actions)."""

from typing import Any

from django.contrib import admin

from trithuc.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_name", "action", "source", "ip_address", "object_type",
                    "object_repr"]  # fmt: skip
    list_filter = ["action", "source"]
    search_fields = ["actor_name", "object_id", "object_repr", "subject_id"]
    date_hierarchy = "at"
    actions = None

    def get_queryset(self, request: Any) -> Any:
        return super().get_queryset(request).visible_to(request.user)

    def get_readonly_fields(self, request: Any, obj: Any = None) -> list[str]:
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
