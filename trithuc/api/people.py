"""The API's people list: the web list's filter, scope and masking, as JSON.

Kept as one small function on purpose: it must stay exactly what `people.views.person_list`
does (the same FilterSet on the same scoped queryset, the same masked rows), so a change
there is made here in the same way."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from typing import Any

from django.core.paginator import InvalidPage
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from trithuc.accounts.services import can_see_sensitive
from trithuc.people.access import require_profile_access
from trithuc.people.filters import SORTS, PersonFilter
from trithuc.people.models import Person
from trithuc.people.paging import page_rows
from trithuc.people.presenters import LIST_FIELDS, list_row_maker, read_list_fields
from trithuc.people.views import COUNT_CAP, CappedPaginator

FILTER_KEYS = frozenset(PersonFilter.base_filters)


class FilterError(ValueError):
    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(_("bộ lọc không hợp lệ"))
        self.errors = errors


def _filtered(user: Any, data: QueryDict) -> QuerySet:
    """The caller's people as the web list filters them (`PersonFilter` on the scoped
    queryset), in the list's order."""
    require_profile_access(user)
    people = Person.objects.profiles_for(user)
    if FILTER_KEYS.isdisjoint(data.keys()):
        # No filter asked: what the FilterSet would answer (nothing cleaned, the name
        # order), without building its form (a millisecond of a call's CPU).
        return people.order_by(*SORTS["name"])
    found = PersonFilter(data, queryset=people, sensitive=can_see_sensitive(user))
    if not found.is_valid():
        raise FilterError({k: [str(m) for m in v] for k, v in found.errors.items()})
    if not found.sensitive and any(ch.isdigit() for ch in data.get("q", "")):
        # The national ID is masked for this role: it may not be searched either.
        raise FilterError({"q": [_("vai trò của bạn không được tìm theo số định danh")]})
    return found.qs


def _columns(queryset: QuerySet, data: QueryDict) -> QuerySet:
    """The list's columns alone, as tuples (`LIST_FIELDS`), and no model instances; a
    name search keeps its model queryset, which `CappedPaginator` takes apart."""
    return queryset if "q" in data else queryset.values_list(*LIST_FIELDS)


def _rows(found: Any, user: Any) -> list[dict[str, Any]]:
    """The masked rows of `found` (tuples of LIST_FIELDS or Person instances)."""
    row = list_row_maker(sensitive=can_see_sensitive(user), today=timezone.localdate())
    read = (lambda item: item) if not found or isinstance(found[0], tuple) else read_list_fields
    return [row(read(item)) for item in found]


def people_after(user: Any, data: QueryDict, after: str, page_size: int) -> dict[str, Any]:
    """The page after a cursor (blank: the first), in name order: a system reading the
    whole list pays for each page what it pays for the first, where `?page=200` makes the
    database read and skip 10,000 rows. The cursor is the last row's sort key and UUID
    (never the sequential id); no count."""
    if data.get("sort", "name") != "name":
        raise FilterError({"sort": [_("phân trang theo con trỏ chỉ theo thứ tự tên")]})
    queryset = _filtered(user, data).order_by("name_sort", "uuid")
    if after:
        name_sort, key = _read_cursor(after)
        # The first condition lets the database start from the cursor in the name index.
        queryset = queryset.filter(Q(name_sort__gte=name_sort),
                                   Q(name_sort__gt=name_sort) | Q(uuid__gt=key))  # fmt: skip
    rows = list(queryset.values_list(*LIST_FIELDS, "name_sort")[: page_size + 1])
    shown = rows[:page_size]
    # The last shown row's sort key (its last value) and UUID (its first).
    cursor = _cursor(shown[-1][-1], shown[-1][0]) if len(rows) > page_size else None
    return {"count": None, "next": cursor, "has_next": cursor is not None,
            "results": _rows([row[:-1] for row in shown], user)}  # fmt: skip


def _cursor(name_sort: str, key: uuid.UUID) -> str:
    raw = json.dumps([name_sort, str(key)], ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _read_cursor(value: str) -> tuple[str, str]:
    try:
        name_sort, key = json.loads(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
        return str(name_sort), str(uuid.UUID(str(key)))
    except (ValueError, TypeError, binascii.Error):
        raise FilterError({"after": [_("con trỏ không hợp lệ")]}) from None


def people_page(
    user: Any, data: QueryDict, page: int, page_size: int, *, with_count: bool = True
) -> dict[str, Any]:
    people = _columns(_filtered(user, data), data)
    if not with_count:
        # A system paging through everything needs no count on every page: one row more
        # than the page tells whether there is a next one.
        if page < 1:
            raise InvalidPage
        rows = page_rows(people, (page - 1) * page_size, page * page_size + 1)
        if page > 1 and not rows:
            raise InvalidPage
        return {"count": None, "count_capped": None, "page": page, "pages": None,
                "has_next": len(rows) > page_size,
                "results": _rows(rows[:page_size], user)}  # fmt: skip
    paginator = CappedPaginator(people, page_size)
    current = paginator.page(page)
    return {
        "count": min(paginator.count, COUNT_CAP) if paginator.count_capped else paginator.count,
        "count_capped": paginator.count_capped,
        "page": current.number,
        "pages": paginator.num_pages,
        "has_next": current.has_next(),
        "results": _rows(current.object_list, user),
    }
