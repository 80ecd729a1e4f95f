"""Users, roles, consents and correction requests in the Django admin. Every change of
who may do what made here is recorded in the audit trail, as on the account pages."""

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from trithuc.accounts.models import Membership
from trithuc.accounts.services import _membership_place, membership_summary
from trithuc.audit.services import record_event

PRIVILEGES = ["is_active", "is_staff", "is_superuser"]


def superusers_only(request: Any) -> bool:
    """The Django admin works outside every scope (no `visible_to` gate on its lists):
    superusers only, never staff given model permissions."""
    return bool(request.user.is_active and request.user.is_superuser)


admin.site.has_permission = superusers_only  # type: ignore[method-assign]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit_code", "agency", "national_id"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit_code", "national_id"]
    raw_id_fields = ["user", "agency"]

    def save_model(self, request: Any, obj: Membership, form: Any, change: bool) -> None:
        before = membership_summary(Membership.objects.get(pk=obj.pk)) if change else {}
        super().save_model(request, obj, form, change)
        record_event("permission", actor=request.user, source="admin", request=request,
                     obj=obj.user, place=_place(obj), before=before,
                     after=membership_summary(obj), detail={"change": "admin_save_role"})  # fmt: skip

    def delete_model(self, request: Any, obj: Membership) -> None:
        before, user, place = membership_summary(obj), obj.user, _place(obj)
        super().delete_model(request, obj)
        record_event("permission", actor=request.user, source="admin", request=request,
                     obj=user, place=place, before=before,
                     detail={"change": "admin_remove_role"})  # fmt: skip

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        for membership in queryset:
            self.delete_model(request, membership)


def _place(membership: Membership) -> dict[str, Any]:
    return _membership_place(membership)


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class AuditedUserAdmin(UserAdmin):
    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        old = User.objects.filter(pk=obj.pk).first() if change else None
        before = {name: getattr(old, name) for name in PRIVILEGES} if old else {}
        super().save_model(request, obj, form, change)
        after = {name: getattr(obj, name) for name in PRIVILEGES}
        changed = [name for name in PRIVILEGES if before.get(name) != after[name]]
        if changed or not change:
            record_event("permission", actor=request.user, source="admin", request=request,
                         obj=obj, fields=changed, before={k: before.get(k) for k in changed},
                         after={k: after[k] for k in changed},
                         detail={"change": "admin_save_user"})  # fmt: skip

    def save_related(self, request: Any, form: Any, formsets: Any, change: bool) -> None:
        obj = form.instance
        groups = set(obj.groups.values_list("name", flat=True)) if change else set()
        rights = set(obj.user_permissions.values_list("codename", flat=True)) if change else set()
        super().save_related(request, form, formsets, change)
        new_groups = set(obj.groups.values_list("name", flat=True))
        new_rights = set(obj.user_permissions.values_list("codename", flat=True))
        if (groups, rights) != (new_groups, new_rights):
            record_event("permission", actor=request.user, source="admin", request=request,
                         obj=obj, fields=["groups", "user_permissions"],
                         before={"groups": sorted(groups), "user_permissions": sorted(rights)},
                         after={"groups": sorted(new_groups),
                                "user_permissions": sorted(new_rights)})  # fmt: skip

    def delete_model(self, request: Any, obj: Any) -> None:
        name = obj.username
        record_event("permission", actor=request.user, source="admin", request=request, obj=obj,
                     detail={"change": "admin_delete_user", "username": name})  # fmt: skip
        super().delete_model(request, obj)

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        # The "delete selected" action: one audited deletion per user.
        for user in queryset:
            self.delete_model(request, user)
