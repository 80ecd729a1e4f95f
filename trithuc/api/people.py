"""The API's people list: the web list's filter, scope and masking, as JSON.

Kept as one small function on purpose: it must stay exactly what `people.views.person_list`
does (the same FilterSet on the same scoped queryset, the same masked rows), so a change
there is made here in the same way."""

from __future__ import annotations

from typing import Any

from django.core.paginator import InvalidPage
from django.http import QueryDict
from django.utils.translation import gettext as _

from trithuc.accounts.services import can_see_sensitive
from trithuc.people.access import require_profile_access
from trithuc.people.filters import PersonFilter
from trithuc.people.models import Person
from trithuc.people.presenters import person_rows
from trithuc.people.views import COUNT_CAP, CappedPaginator


class FilterError(ValueError):
    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(_("bộ lọc không hợp lệ"))
        self.errors = errors


def people_page(
    user: Any, data: QueryDict, page: int, page_size: int, *, with_count: bool = True
) -> dict[str, Any]:
    require_profile_access(user)
    people = PersonFilter(data, queryset=Person.objects.profiles_for(user),
                          sensitive=can_see_sensitive(user))  # fmt: skip
    if not people.is_valid():
        raise FilterError({k: [str(m) for m in v] for k, v in people.errors.items()})
    if not people.sensitive and any(ch.isdigit() for ch in data.get("q", "")):
        # The national ID is masked for this role: it may not be searched either.
        raise FilterError({"q": [_("vai trò của bạn không được tìm theo số định danh")]})
    if not with_count:
        # A system paging through everything needs no count on every page: one row more
        # than the page tells whether there is a next one.
        if page < 1:
            raise InvalidPage
        rows = list(people.qs[(page - 1) * page_size : page * page_size + 1])
        if page > 1 and not rows:
            raise InvalidPage
        return {"count": None, "count_capped": None, "page": page, "pages": None,
                "has_next": len(rows) > page_size,
                "results": person_rows(rows[:page_size], user)}  # fmt: skip
    paginator = CappedPaginator(people.qs, page_size)
    current = paginator.page(page)
    return {
        "count": min(paginator.count, COUNT_CAP) if paginator.count_capped else paginator.count,
        "count_capped": paginator.count_capped,
        "page": current.number,
        "pages": paginator.num_pages,
        "has_next": current.has_next(),
        "results": person_rows(current.object_list, user),
    }
