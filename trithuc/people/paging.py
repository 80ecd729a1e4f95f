"""A page of a list asked by number (`OFFSET`), fetched by a deferred join on PostgreSQL.

`people[5000:5051]` makes PostgreSQL read from the table each of the 5,000 rows it skips
(and, when the list is filtered by sector, each row the filter drops on the way: 33,000
for `sector=health` at that page over 100,000 people). `page_rows` asks for the same rows
in one statement of two steps:

    SELECT … FROM people_person WHERE <the list's conditions>
      AND id IN (SELECT id FROM people_person WHERE <the same> ORDER BY <the same>
                 LIMIT 51 OFFSET 5000)
    ORDER BY <the same>

The inner step selects only the page's ids; the index `person_prov_name_sort` (province,
name_sort, id, sector, education_level) holds every column it reads for a province's list
in name order, filtered by sector or level or not, so PostgreSQL walks it without the
table (an index-only scan, once VACUUM has set the visibility map: `import_people` runs it
after a big import) and reads from the table only the page's rows. The rows and their order
are those of the plain slice: the same conditions and ordering, which ends with the
primary key, so no two rows tie (trithuc/api/tests/test_paging.py pages through both).

Not used for a first page (nothing skipped), a name search (its pages have their own
paths: search.PgNameSearch, search.page_plan), an ordering that may tie, or on SQLite
(not measured there: its pages are fetched as before; the test forces it to check it).
"""

from __future__ import annotations

from django.db import connections
from django.db.models import QuerySet

from trithuc.people.search import has_name_search

# The databases on which a page is fetched by a deferred join.
DEFERRED_ON = frozenset({"postgresql"})


def page_rows(queryset: QuerySet, bottom: int, top: int) -> list:
    """`list(queryset[bottom:top])`, the rows it skips read from an index alone where it
    can (see the module's docstring)."""
    if not _deferrable(queryset, bottom):
        return list(queryset[bottom:top])
    page_ids = queryset.values_list("pk", flat=True)[bottom:top]
    return list(queryset.filter(pk__in=page_ids))


def _deferrable(queryset: QuerySet, bottom: int) -> bool:
    query = queryset.query
    if bottom <= 0 or connections[queryset.db].vendor not in DEFERRED_ON:
        return False
    if query.is_sliced or query.is_empty() or query.distinct or query.combinator:
        return False
    if query.group_by is not None or query.extra_order_by or has_name_search(queryset):
        return False
    # The last term of the ordering must be the primary key: a total order, so that the
    # page's ids are the page's rows.
    order = query.order_by or (queryset.model._meta.ordering if query.default_ordering else ())
    last = order[-1] if order else None
    pk = queryset.model._meta.pk
    return isinstance(last, str) and last.lstrip("-") in ("pk", pk.name, pk.attname)
