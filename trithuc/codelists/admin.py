"""Administration of the code lists."""

from django.contrib import admin

from trithuc.codelists.models import CodeEntry


@admin.register(CodeEntry)
class CodeEntryAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "list_name", "rank", "valid_from", "valid_to"]
    list_filter = ["list_name"]
    search_fields = ["code", "label"]
    ordering = ["list_name", "rank", "code"]
    list_per_page = 100
