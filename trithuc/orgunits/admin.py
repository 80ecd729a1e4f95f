"""Administration of administrative units, the old→new mapping and agencies."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from trithuc.lib.text import fold
from trithuc.orgunits.models import AdministrativeUnit, Agency, UnitMapping


class FoldedSearchMixin:
    """Search also on the folded name, so "cao bang" finds "Cao Bằng"."""

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        results, may_have_duplicates = super().get_search_results(  # type: ignore[misc]
            request, queryset, search_term
        )
        folded = fold(search_term)
        if folded:
            results |= queryset.filter(name_folded__contains=folded)
        return results, may_have_duplicates


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["code", "name", "level", "unit_type", "province_code", "code_system"]
    list_filter = ["code_system", "level", "unit_type", "province_code"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]
    list_per_page = 100
    readonly_fields = ["name_folded"]


@admin.register(UnitMapping)
class UnitMappingAdmin(admin.ModelAdmin):
    list_display = ["old_unit", "new_unit", "is_partial"]
    list_filter = ["is_partial", "old_unit__level", "new_unit__province_code"]
    search_fields = ["old_unit__code", "old_unit__name", "new_unit__code", "new_unit__name"]
    raw_id_fields = ["old_unit", "new_unit"]
    list_select_related = ["old_unit", "new_unit"]


class CurrentFilter(admin.SimpleListFilter):
    title = "còn hiệu lực"
    parameter_name = "current"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", "Còn hiệu lực"), ("no", "Đã hết hiệu lực")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.filter(valid_to__isnull=True)
        if self.value() == "no":
            return queryset.filter(valid_to__isnull=False)
        return queryset


@admin.register(Agency)
class AgencyAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "short_name",
        "kind",
        "province_code",
        "parent",
        "valid_from",
        "valid_to",
    ]
    list_filter = ["kind", "province_code", CurrentFilter]
    search_fields = ["name", "short_name"]
    raw_id_fields = ["parent"]
    list_select_related = ["parent"]
    fields = [
        "name",
        "short_name",
        "kind",
        "province_code",
        "parent",
        "aliases",
        "valid_from",
        "valid_to",
    ]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        results, dupes = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            aliases = Agency.objects.values_list("pk", "aliases")
            matched = [pk for pk, names in aliases if _alias_contains(names, search_term)]
            if matched:
                results |= queryset.filter(pk__in=matched)
        return results, dupes


def _alias_contains(aliases: object, term: str) -> bool:
    folded = fold(term)
    return isinstance(aliases, list) and any(folded in fold(str(a)) for a in aliases)
