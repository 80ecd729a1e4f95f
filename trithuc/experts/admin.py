from django.contrib import admin

from trithuc.experts.models import ExpertCriterion


@admin.register(ExpertCriterion)
class ExpertCriterionAdmin(admin.ModelAdmin):
    """Expert criteria are data: an administrator adds or changes them here."""

    list_display = ["code", "name", "organisation", "min_education_level", "min_projects_led",
                    "min_publications", "is_active"]  # fmt: skip
