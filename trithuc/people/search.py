"""Finding people by name (ignoring case and diacritics) or national ID.

SQLite answers through an FTS5 index over the folded name, PostgreSQL through a trigram
index; both give the same answer: every word of the query starts a word of the name,
and all but the last match whole words ("nguyen van an" finds "Nguyễn Văn An" and
"Nguyễn Văn Anh", not "Nguyễn Vân Hoàn").
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import Q, QuerySet
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
        expression = " ".join(f'"{word}"' for word in words[:-1]) + f' "{words[-1]}"*'
        return queryset.filter(
            id__in=RawSQL(  # noqa: S611 (a constant table name; the query is a parameter)
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",  # noqa: S608
                [expression.strip()],
            )
        )
    if connection.vendor == "postgresql":
        condition = Q()
        for word in words[:-1]:
            condition &= Q(name_folded__regex=rf"(^| ){word}( |$)")
        condition &= Q(name_folded__regex=rf"(^| ){words[-1]}")
        return queryset.filter(condition)
    condition = Q()
    for word in words:
        condition &= Q(name_folded__contains=word)
    return queryset.filter(condition)
