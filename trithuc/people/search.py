"""Finding people by name (ignoring case and diacritics) or national ID.

SQLite answers through an FTS5 index over the folded name, PostgreSQL through a GIN
index on `to_tsvector('simple', name_folded)` (migration 0005); both give the same
answer: every word of the query starts a word of the name, and all but the last match
whole words ("nguyen van an" finds "Nguyễn Văn An" and "Nguyễn Văn Anh", not "Nguyễn Vân
Hoàn"). Both split names at spaces, hyphens and apostrophes.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator

from django.db import connection, transaction
from django.db.models import BooleanField, Expression, F, Func, Q, QuerySet
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


# How a page of search results is fetched (both databases): up to this many matching
# names, find the matches through the name index and sort them (10,000 rows sort in a
# few milliseconds); beyond, walk the ORDER BY index (name_sort, or the filter's index)
# and test each row, stopping at the page's last row. Walking is what makes "hoang"
# (130,894 of 1,000,000) fast, and what makes a rare name slow: "be thi hoa" sorts by
# its given name, so a walk reads half the index before the first match.
SORT_MATCHES_UP_TO = 10_000


def _fts_count(expression: str) -> int:
    """How many names match, counting at most SORT_MATCHES_UP_TO + 1 (the FTS index only)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM (SELECT rowid FROM {FTS_TABLE} "  # noqa: S608
            f"WHERE {FTS_TABLE} MATCH %s LIMIT {SORT_MATCHES_UP_TO + 1})",
            [expression],
        )
        return cursor.fetchone()[0]


# The characters FTS5's unicode61 tokenizer splits folded names at (NAME_RE allows no
# others besides letters).
_SEPARATORS = ("-", "'", "\u2019")


class _NameMatch(Expression):
    """SQLite, many matches: the FTS condition, in the form that suits the query.

    In an ordered query (a page) it tests the folded name itself, word by word, with
    LIKE on ' ' + name + ' ' (separators as spaces): SQLite walks the ORDER BY index
    (person_name_sort_folded holds name_folded, so without reading the table) or the
    filter's index and stops at the page's last row. The FTS form would first collect
    every match (130,894 for "hoang") to probe them. In an unordered query (the list's
    capped count) it stays `id IN (FTS matches)`: rowid look-ups stopping at the cap.
    Both forms select the same people (tests/test_speed_paths.py).
    """

    output_field = BooleanField()

    def __init__(self, fts_expression: str, words: list[str]) -> None:
        super().__init__()
        self.fts_expression = fts_expression
        self.words = words
        self.id = F("id")
        self.name = F("name_folded")

    def get_source_expressions(self) -> list:
        return [self.id, self.name]

    def set_source_expressions(self, exprs: list) -> None:
        self.id, self.name = exprs

    def as_sql(self, compiler, connection, **extra):  # noqa: ANN001, ANN003, ANN201
        query = compiler.query
        ordered = bool(query.order_by) or (
            query.default_ordering and bool(query.get_meta().ordering)
        )
        if not ordered:
            id_sql, id_params = compiler.compile(self.id)
            sql = f"{id_sql} IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)"
            return sql, [*id_params, self.fts_expression]
        name_sql, name_params = compiler.compile(self.name)
        spaced = name_sql
        for separator in _SEPARATORS:
            spaced = f"replace({spaced}, '{separator.replace(chr(39), chr(39) * 2)}', ' ')"
        padded = f"(' ' || {spaced} || ' ')"
        patterns = [f"% {word} %" for word in self.words[:-1]] + [f"% {self.words[-1]}%"]
        params: list[object] = []
        for pattern in patterns:
            params += [*name_params, pattern]
        sql = " AND ".join(f"{padded} LIKE %s" for _ in patterns)
        return f"({sql})", params


def page_plan(queryset: QuerySet, count: int) -> contextlib.AbstractContextManager:
    """How to fetch a page of `queryset` once its (capped) count is known.

    On PostgreSQL the planner guesses how many people a name search matches
    ('be & thi & hoa:*': 2,662 estimated, 627 found) and may walk the name_sort index
    for a rare name, reading most of the table (4–6 s over 1,000,000 people) where
    sorting 627 matches takes a millisecond. Knowing the count, a search with at most
    SORT_MATCHES_UP_TO matches is fetched without index walks. (SQLite decides in
    `search_people` from the FTS index alone, see `_fts_count`.)
    """
    if (
        connection.vendor == "postgresql"
        and count <= SORT_MATCHES_UP_TO
        and "_name_tsv" in queryset.query.annotations
    ):
        return _without_index_scans()
    return contextlib.nullcontext()


@contextlib.contextmanager
def _without_index_scans() -> Iterator[None]:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_indexscan = off")
        yield
        # Back to the default at once: inside an outer transaction the setting would
        # last until that one ends. (On an error the savepoint's rollback undoes it.)
        cursor.execute("SET LOCAL enable_indexscan TO DEFAULT")


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
        if _fts_count(expression) <= SORT_MATCHES_UP_TO:
            return queryset.filter(id__in=matches)
        # Many matches ("hoang": 13 % of everyone): see _NameMatch.
        return queryset.filter(_NameMatch(expression, words))
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
