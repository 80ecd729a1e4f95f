"""Finding people by name (ignoring case and diacritics) or national ID.

SQLite answers through an FTS5 index over the folded name, PostgreSQL through a GIN
index on `to_tsvector('simple', name_folded)` (migration 0005); both give the same
answer: every word of the query starts a word of the name, and all but the last match
whole words ("nguyen van an" finds "Nguyễn Văn An" and "Nguyễn Văn Anh", not "Nguyễn Vân
Hoàn"). Both split names at spaces, hyphens and apostrophes.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import BigIntegerField, F, Func, Q, QuerySet
from django.db.models.expressions import RawSQL

from trithuc.lib.text import fold

FTS_TABLE = "people_person_fts"
_WORD = re.compile(r"[0-9a-z]+")


def fts_available() -> bool:
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = %s", [FTS_TABLE])
        return cursor.fetchone() is not None


MANY_MATCHES = 2000


def _fts_count(expression: str) -> int:
    """How many names match, counting at most MANY_MATCHES + 1 (cheap: the FTS index only)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM (SELECT rowid FROM {FTS_TABLE} "  # noqa: S608
            f"WHERE {FTS_TABLE} MATCH %s LIMIT {MANY_MATCHES + 1})",
            [expression],
        )
        return cursor.fetchone()[0]


def search_people(queryset: QuerySet, query: str) -> QuerySet:
    text = query.strip()
    if not text:
        return queryset
    compact = text.replace(" ", "").replace(".", "")
    if compact.isdigit():
        if len(compact) == 12:
            return queryset.filter(national_id=compact)
        return queryset.filter(national_id__startswith=compact)
    words = _WORD.findall(fold(text))
    if not words:
        return queryset.none()
    if connection.vendor == "sqlite" and fts_available():
        expression = (" ".join(f'"{word}"' for word in words[:-1]) + f' "{words[-1]}"*').strip()
        matches = RawSQL(  # noqa: S611 (a constant table name; the query is a parameter)
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",  # noqa: S608
            [expression],
        )
        if _fts_count(expression) <= MANY_MATCHES:
            return queryset.filter(id__in=matches)
        # Many matches ("hoang": 13 % of everyone): "+id" keeps SQLite from fetching and
        # sorting every match by primary key; it walks the ORDER BY (or filter) index
        # instead and probes the match list, stopping at the page's last row.
        plain_id = Func(F("id"), template="+%(expressions)s", output_field=BigIntegerField())
        return queryset.alias(_plain_id=plain_id).filter(_plain_id__in=matches)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVectorField

        # The same expression as the index of migration 0005, so that the planner uses
        # it; the words are [0-9a-z]+ only, so the tsquery needs no quoting.
        folded = Func(
            F("name_folded"),
            template="to_tsvector('simple'::regconfig, %(expressions)s)",
            output_field=SearchVectorField(),
        )
        tsquery = " & ".join([*words[:-1], f"{words[-1]}:*"])
        return queryset.alias(_name_tsv=folded).filter(
            _name_tsv=SearchQuery(tsquery, search_type="raw", config="simple")
        )
    condition = Q()
    for word in words:
        condition &= Q(name_folded__contains=word)
    return queryset.filter(condition)
