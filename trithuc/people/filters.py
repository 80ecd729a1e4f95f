"""One FilterSet for the people list, shared by the page, the export and the API."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils import timezone

from trithuc.codelists.services import choices
from trithuc.orgunits.forms import UnitField
from trithuc.people.search import search_people
from trithuc.people.stats import AGE_BANDS, _years_before

AGE_BAND_CHOICES = [
    ("under_30", "Dưới 30"), ("30_39", "30–39"), ("40_49", "40–49"), ("50_59", "50–59"),
    ("60_and_over", "Từ 60"),
]  # fmt: skip
YES_CHOICES = [("1", "Có"), ("0", "Không")]
SORT_CHOICES = [
    ("name", "Tên (A–Z)"), ("-name", "Tên (Z–A)"), ("full_name", "Họ và tên (A–Z)"),
    ("-birth_date", "Trẻ nhất trước"), ("birth_date", "Lớn tuổi nhất trước"),
    ("-updated_at", "Cập nhật gần nhất"),
]  # fmt: skip
SORTS = {
    "name": ("name_sort", "id"), "-name": ("-name_sort", "-id"),
    "full_name": ("name_folded", "id"), "-birth_date": ("-birth_date", "id"),
    "birth_date": ("birth_date", "id"), "-updated_at": ("-updated_at", "-id"),
}  # fmt: skip

# What reads a sensitive field (birth date, ethnicity, national ID).
MASKED_FILTERS = ("ethnicity", "age_band")
MASKED_SORTS = {"-birth_date", "birth_date"}


def _code_choices(list_name: str) -> list[tuple[str, str]]:
    return choices(list_name)


class UnitFilter(django_filters.CharFilter):
    """A unit chosen by name (or code), cleaned to its current code by `UnitField`."""

    field_class = UnitField


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="Tìm theo tên hoặc số định danh")
    unit = UnitFilter(method="filter_unit", label="Đơn vị (xã, phường hoặc tỉnh)")
    sector = django_filters.ChoiceFilter(empty_label="Tất cả", label="Lĩnh vực")
    education_level = django_filters.ChoiceFilter(empty_label="Tất cả", label="Trình độ")
    employment_type = django_filters.ChoiceFilter(empty_label="Tất cả", label="Loại hình")
    gender = django_filters.ChoiceFilter(empty_label="Tất cả", label="Giới tính")
    ethnicity = django_filters.ChoiceFilter(empty_label="Tất cả", label="Dân tộc")
    age_band = django_filters.ChoiceFilter(
        empty_label="Tất cả", method="filter_age_band", choices=AGE_BAND_CHOICES, label="Độ tuổi"
    )
    is_leader = django_filters.ChoiceFilter(
        empty_label="Tất cả", method="filter_flag", choices=YES_CHOICES, label="Lãnh đạo, quản lý"
    )
    expert = django_filters.ChoiceFilter(
        empty_label="Tất cả", method="filter_expert", choices=YES_CHOICES, label="Chuyên gia"
    )
    training = django_filters.ChoiceFilter(
        empty_label="Tất cả", method="filter_training", choices=YES_CHOICES, label="Đang đào tạo"
    )
    sort = django_filters.ChoiceFilter(
        method="filter_sort", choices=SORT_CHOICES, label="Sắp xếp", empty_label=None
    )

    def __init__(self, *args: object, sensitive: bool = False, **kwargs: object) -> None:
        """`sensitive`: may the reader see sensitive fields? When not, every filter,
        search and sort order that reads one is gone (a masked ethnicity must not be
        learnt by filtering on it, a masked ID by searching its digits one at a time)."""
        self.sensitive = sensitive
        self.id_search_refused = False
        super().__init__(*args, **kwargs)
        # The choices first: the form is built (and kept) the first time it is read.
        for name in ("sector", "education_level", "employment_type", "gender", "ethnicity"):
            self.filters[name].extra["choices"] = _code_choices(name)
        if not sensitive:
            for name in MASKED_FILTERS:
                self.filters.pop(name, None)
                self.form.fields.pop(name, None)
            self.form.fields["sort"].choices = [
                choice for choice in SORT_CHOICES if choice[0] not in MASKED_SORTS
            ]
            self.form.fields["q"].label = "Tìm theo tên"

    @property
    def qs(self) -> QuerySet:
        queryset = super().qs
        if self.unit_error:
            # An unknown unit is answered with its message, never with the whole list.
            return queryset.none()
        if not self.form.cleaned_data.get("sort"):
            queryset = queryset.order_by(*SORTS["name"])
        return queryset

    @property
    def unit_error(self) -> str:
        """Why the unit typed names no unit ("" when it does, or none was typed)."""
        return " ".join(self.form.errors.get("unit", [])) if self.is_bound else ""

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not self.sensitive and any(ch.isdigit() for ch in value):
            self.id_search_refused = True
            return queryset.none()
        return search_people(queryset, value)

    def filter_unit(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.in_unit(value)

    def filter_age_band(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        today = timezone.localdate()
        limits = [0, *[limit for limit, _ in AGE_BANDS], 200]
        labels = [label for _, label in AGE_BANDS] + ["60_and_over"]
        index = labels.index(value)
        return queryset.filter(
            birth_date__lte=_years_before(today, limits[index]),
            birth_date__gt=_years_before(today, limits[index + 1]),
        )

    def filter_flag(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(**{name: value == "1"})

    def filter_expert(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "1":
            return queryset.exclude(expert_field="")
        return queryset.filter(expert_field="")

    def filter_training(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "1":
            return queryset.exclude(in_training="")
        return queryset.filter(in_training="")

    def filter_sort(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not self.sensitive and value in MASKED_SORTS:
            value = "name"
        return queryset.order_by(*SORTS.get(value, SORTS["name"]))
