"""Finding people by name (ignoring case and diacritics) or national ID.

SQLite answers through an FTS5 index over the folded name, PostgreSQL through a GIN
index on `to_tsvector('simple', name_folded)` (migration 0005); both give the same
answer: every word of the query starts a word of the name, and all but the last match
whole words ("nguyen van an" finds "Nguyễn Văn An" and "Nguyễn Văn Anh", not "Nguyễn Vân
Hoàn"). Both split names at spaces, hyphens and apostrophes.

On PostgreSQL the list page counts and pages a name search its own way (`PgNameSearch`,
used by `views.CappedPaginator`): the condition stays the same, only the SQL that finds
the rows changes.
"""

from __future__ import annotations

import contextlib
import json
import math
import re
import time
from collections.abc import Iterator, Sequence

from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.db.models import BooleanField, Expression, F, Model, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.lookups import Exact
from django.db.models.sql.where import AND, WhereNode

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
    instr, then LIKE on ' ' + name + ' ' (separators as spaces): SQLite walks the ORDER BY index
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
        if getattr(query, FTS_DRIVEN, False):  # see fts_driven_count
            id_sql, id_params = compiler.compile(self.id)
            sql = f"({FTS_TABLE} MATCH %s AND {FTS_TABLE}.rowid = {id_sql})"
            return sql, [self.fts_expression, *id_params]
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
        # First the plain substring test of each word, which every match passes and most
        # names walked fail: 8x cheaper than building the padded name ("tran thi" over
        # 1,000,000 people: 32 -> 4 ms for a page).
        tests = []
        for word in sorted(set(self.words)):
            tests.append(f"instr({name_sql}, %s) > 0")
            params += [*name_params, word]
        for pattern in patterns:
            tests.append(f"{padded} LIKE %s")
            params += [*name_params, pattern]
        return f"({' AND '.join(tests)})", params


FTS_DRIVEN = "trithuc_fts_driven"  # attribute of a Query: see fts_driven_count


def fts_driven_count(queryset: QuerySet, limit: int) -> int | None:
    """SQLite: how many rows of a name search with many matches (`_NameMatch`) there
    are, counting at most `limit`, with the FTS index as the outer loop of a join: SQLite
    takes `id IN (FTS matches)` by collecting every match first (130,894 for "hoang":
    60 ms over 1,000,000 people), the join stops at `limit` (19 ms). The other
    conditions of the queryset apply as they are. None when the queryset is not such a
    search (the caller counts it as it is)."""
    query = queryset.query
    # filter(_NameMatch(...)) adds it as `_NameMatch == True` to the top AND.
    matches = [
        child for child in query.where.children
        if isinstance(getattr(child, "lhs", None), _NameMatch)
        and isinstance(child, Exact) and child.rhs is True
    ]  # fmt: skip
    if connection.vendor != "sqlite" or len(matches) != 1 or query.where.negated:
        return None
    if query.where.connector != "AND" or query.distinct or query.combinator or query.is_sliced:
        return None
    driven = queryset.order_by().extra(tables=[FTS_TABLE])  # noqa: S610 (a constant name)
    setattr(driven.query, FTS_DRIVEN, True)
    return driven[:limit].count()


def page_plan(queryset: QuerySet, count: int) -> contextlib.AbstractContextManager:
    """How to fetch a page of `queryset` once its (capped) count is known.

    On PostgreSQL the planner guesses how many people a name search matches
    ('be & thi & hoa:*': 2,662 estimated, 627 found) and may walk the name_sort index
    for a rare name, reading most of the table (4–6 s over 1,000,000 people) where
    sorting 627 matches takes a millisecond. Knowing the count, a search with at most
    SORT_MATCHES_UP_TO matches is fetched without index walks. (SQLite decides in
    `search_people` from the FTS index alone, see `_fts_count`. The list page takes a
    PostgreSQL name search apart with PgNameSearch when it can; this is for the others.)
    """
    if (
        connection.vendor == "postgresql"
        and count <= SORT_MATCHES_UP_TO
        and _pg_name_matches(queryset.query)
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
        return queryset.filter(_PgNameMatch(words))
    condition = Q()
    for word in words:
        condition &= Q(name_folded__contains=word)
    return queryset.filter(condition)


# ---- PostgreSQL: the list page ----------------------------------------------------------
#
# `search_people` filters on `_PgNameMatch`, which compiles to the GIN condition
# `to_tsvector('simple', name_folded) @@ to_tsquery('simple', 'nguyen & van & an:*')`.
# Over 1,000,000 people (EXPLAIN ANALYZE) that costs, for the list page's count and page:
# - a prefix ("an:*", "thi:*", "hoang:*") makes GIN collect every row of every word that
#   starts with it, whatever the other words leave: 25-100 ms ("be & thi & hoa:*" takes
#   40 ms for 627 rows because of the 130,894 "hoang"; "be & thi & hoa" takes 6 ms);
# - a page walks name_sort and reads each row (about 3 µs) to test its name with
#   to_tsvector (3 µs more): name_sort starts with the given name and "Trần" comes late
#   among the family names of each given name, so "tran thi" reads 33,000 rows before
#   its 51st match.
# `PgNameSearch` (used by views.CappedPaginator) asks for the same rows in other shapes,
# chosen from the planner's estimate of the matches:
# - the count: past COUNT_CAP / 2 estimated, it first tries to find COUNT_CAP + 1 matches
#   in parts that cost little: names that start with the query (the btree on
#   name_folded, read without the table once VACUUM has set the visibility map), then
#   names with a longer word the statistics know ("thinh" for "thi"), then the last
#   word as a whole word (both through GIN, whole words only). Otherwise one pass
#   through GIN collects the matches (at most COUNT_CAP + 1) in page order: the count
#   and every page come from it (as page_plan did for up to SORT_MATCHES_UP_TO);
# - the pages of a count past the cap, sorted by name: a one-word query matches a large
#   share of the names and walks name_sort, testing each row (strpos, then
#   to_tsvector); a longer one reads, through GIN, the rows of its whole words ("tran"
#   for "tran thi") within a first slice of name_sort taken from the column's histogram
#   (ANALYZE), widened until it holds the page. Other orders take the plain condition,
#   as before.
# Every row these shapes count or return satisfies the plain condition: tested row by
# row, or implied (a name that starts with "nong van" matches "nong & van:*"; a name
# with the words "tran" and "thinh" matches "tran & thi:*"); and a page is taken from
# all the matches before its end (trithuc/people/tests/test_search_postgres.py compares
# every shape with the plain condition).

NAME_MODE = "trithuc_name_mode"  # attribute of a Query: (mode, longer words)
INDEX, CHECK, NECESSARY, PREFIX, LONGER, EXACT_REST = (
    "index", "check", "necessary", "prefix", "longer", "exact_rest"
)  # fmt: skip
TSV_INDEX = "people_person_name_tsv"  # migration 0005
# A page from the rows of the whole words: the first slice of name_sort should hold this
# many times the rows the page needs, were the matches spread evenly.
SLICE_MARGIN = 8


def _tsv(name: str) -> str:
    return f"to_tsvector('simple'::regconfig, {name})"


def _tsquery(words: Sequence[str]) -> str:
    return " & ".join([*words[:-1], f"{words[-1]}:*"])


def _check(words: Sequence[str], name: str) -> tuple[str, list[object]]:
    """The condition tested row by row, never through an index: strpos first (a word of
    the folded name that starts with a query word contains it), to_tsvector only for
    the rows that pass (ts_match_vq is the function behind @@)."""
    unique = sorted(set(words))
    parts = [f"strpos({name}, %s) > 0" for _ in unique]
    parts.append(f"ts_match_vq({_tsv(name)}, %s::tsquery)")
    return "(" + " AND ".join(parts) + ")", [*unique, _tsquery(words)]


def _pg_sql(mode: str, longer: Sequence[str], words: Sequence[str], name: str) -> tuple[str, list]:
    if mode == INDEX:  # the plain condition, through the GIN index
        return f"{_tsv(name)} @@ to_tsquery('simple'::regconfig, %s)", [_tsquery(words)]
    if mode == CHECK:
        return _check(words, name)
    if mode == NECESSARY:  # the rows of the whole words through GIN, then the check
        sql, params = _check(words, name)
        return f"({_tsv(name)} @@ %s::tsquery AND {sql})", [" & ".join(words[:-1]), *params]
    start = " ".join(words)
    if mode == PREFIX:
        # Names that start with the query: their first words are its whole words (a
        # space follows each) and the next one starts with its last word. The range
        # lets the btree on name_folded find them, starts_with makes sure (the range
        # depends on the collation, starts_with does not).
        end = start[:-1] + chr(ord(start[-1]) + 1)
        return f"({name} >= %s AND {name} < %s AND starts_with({name}, %s))", [start, end, start]
    alternatives = "(" + " | ".join(longer) + ")"
    if mode == LONGER:  # a longer word that starts with the last one; not in PREFIX
        query = " & ".join([*words[:-1], alternatives])
        return f"({_tsv(name)} @@ %s::tsquery AND NOT starts_with({name}, %s))", [query, start]
    if mode == EXACT_REST:  # the last word as a whole word; not in PREFIX nor LONGER
        sql = f"({_tsv(name)} @@ %s::tsquery AND NOT starts_with({name}, %s)"
        params: list[object] = [" & ".join(words), start]
        if longer:
            sql += f" AND NOT ts_match_vq({_tsv(name)}, %s::tsquery)"
            params.append(alternatives)
        return sql + ")", params
    raise ValueError(mode)


class _PgNameMatch(Expression):
    """PostgreSQL: the name condition. It compiles to the GIN condition unless its query
    carries another NAME_MODE (PgNameSearch sets one on its own copies of the query)."""

    output_field = BooleanField()

    def __init__(self, words: Sequence[str]) -> None:
        super().__init__()
        self.words = tuple(words)
        self.name = F("name_folded")

    def get_source_expressions(self) -> list:
        return [self.name]

    def set_source_expressions(self, exprs: list) -> None:
        (self.name,) = exprs

    def as_sql(self, compiler, connection, **extra):  # noqa: ANN001, ANN003, ANN201
        name_sql, name_params = compiler.compile(self.name)
        if name_params:  # a column has none (the SQL repeats it)
            raise ValueError(name_params)
        mode, longer = getattr(compiler.query, NAME_MODE, (INDEX, ()))
        return _pg_sql(mode, longer, self.words, name_sql)


def _pg_name_matches(query: object) -> list[tuple[_PgNameMatch, bool]]:
    """Each _PgNameMatch of the WHERE clause, and whether every row must satisfy it
    (reached through AND only, not negated)."""
    found: list[tuple[_PgNameMatch, bool]] = []

    def walk(node: WhereNode, required: bool) -> None:
        required = required and not node.negated and (node.connector == AND or len(node) == 1)
        for child in node.children:
            if isinstance(child, WhereNode):
                walk(child, required)
            elif isinstance(getattr(child, "lhs", None), _PgNameMatch):
                plain = isinstance(child, Exact) and child.rhs is True
                found.append((child.lhs, required and plain))

    walk(query.where, True)  # type: ignore[attr-defined]
    return found


def has_name_search(queryset: QuerySet) -> bool:
    """Does `queryset` filter by a PostgreSQL name search (`search_people`)?"""
    return bool(_pg_name_matches(queryset.query))


def _with_mode(queryset: QuerySet, mode: str, longer: Sequence[str] = ()) -> QuerySet:
    queryset = queryset.all()
    setattr(queryset.query, NAME_MODE, (mode, tuple(longer)))
    return queryset


def _sql(queryset: QuerySet) -> tuple[str, tuple]:
    return queryset.query.sql_with_params()


class PgNameSearch:
    """The list page's count (exact up to `cap`, `cap + 1` beyond) and pages of a name
    search on PostgreSQL: see the comment above NAME_MODE."""

    @classmethod
    def of(cls, queryset: QuerySet, cap: int) -> PgNameSearch | None:
        """None unless `queryset` is a PostgreSQL name search this class can take apart
        (the caller then counts and pages it as it is)."""
        if connection.vendor != "postgresql" or cap < 1 or queryset.db != DEFAULT_DB_ALIAS:
            return None
        query = queryset.query
        matches = _pg_name_matches(query)
        if len(matches) != 1 or not matches[0][1]:
            return None
        if query.distinct or query.combinator or query.group_by or query.is_sliced:
            return None
        order = _order_columns(queryset)
        if order is None:
            return None
        return cls(queryset, matches[0][0].words, order, cap)

    def __init__(self, queryset: QuerySet, words: Sequence[str],
                 order: list[tuple[str, bool]], cap: int) -> None:  # fmt: skip
        self.queryset = queryset
        self.words = tuple(words)
        self.order = order
        self.cap = cap
        self.ids: list[int] | None = None  # every match in page order, once collected
        self.estimate = self._estimate()
        self.count = self._count()

    # -- the count --------------------------------------------------------------------

    def _estimate(self) -> float:
        """The planner's estimate of the matches (from the statistics of ANALYZE)."""
        sql, params = _sql(_with_mode(self.queryset.order_by(), INDEX).values_list("pk"))
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        return float(plan[0]["Plan"]["Plan Rows"])

    def _count(self) -> int:
        limit = self.cap + 1
        if self.estimate > self.cap / 2 and self._at_least(limit) >= limit:
            return limit
        if SORT_MATCHES_UP_TO > 0:
            ids = self._all_ids(limit)
            if len(ids) >= limit:
                return limit
            if len(ids) <= SORT_MATCHES_UP_TO:
                self.ids = ids
            return len(ids)
        return self._counted(_with_mode(self.queryset.order_by(), INDEX), limit)

    def _at_least(self, limit: int) -> int:
        """Matches counted in parts that cost little to find, up to `limit`; fewer means
        "not proven" (the parts need not hold every match)."""
        found = 0
        for mode in (PREFIX, LONGER, EXACT_REST):
            longer = () if mode == PREFIX else _longer_words(self.words[-1])
            if mode == LONGER and not longer:
                continue
            queryset = _with_mode(self.queryset.order_by(), mode, longer)
            found += self._counted(queryset, limit - found)
            if found >= limit:
                break
        return found

    @staticmethod
    def _counted(queryset: QuerySet, limit: int) -> int:
        # Only name_folded selected: a part found through the btree on name_folded is
        # then counted from the index alone, once VACUUM has set the visibility map.
        sql, params = _sql(queryset.values_list("name_folded")[:limit])
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({sql}) matches", params)  # noqa: S608
            return cursor.fetchone()[0]

    def _all_ids(self, limit: int) -> list[int]:
        """The ids of (at most `limit`) matches in page order, from one pass through GIN."""
        pk = self.queryset.model._meta.pk.name
        columns = list(dict.fromkeys([pk, *(name for name, _ in self.order)]))
        inner = _with_mode(self.queryset.order_by(), INDEX).values_list(*columns)[:limit]
        sql, params = _sql(inner)
        with _without_index_scans(), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {self._column(pk)} FROM ({sql}) matches "  # noqa: S608
                f"ORDER BY {self._order_by()}",
                params,
            )
            return [row[0] for row in cursor.fetchall()]

    # -- pages ------------------------------------------------------------------------

    def rows(self, bottom: int, limit: int) -> list[Model]:
        """At most `limit` matches from the `bottom`-th (0-based), in page order."""
        if self.ids is not None:
            return self._fetch(self.ids[bottom : bottom + limit])
        if [name for name, _ in self.order] == ["name_sort", "id"]:
            if len(self.words) == 1:
                # Walking name_sort, each row tested by itself: past the cap, one word
                # matches a large share of the names.
                return list(_with_mode(self.queryset, CHECK)[bottom : bottom + limit])
            ids = self._ids_from_whole_words(bottom + limit)
            if ids is not None:
                return self._fetch(ids[bottom:])
        # Other orders: as the planner sees fit (it may sort what GIN finds).
        return list(self.queryset[bottom : bottom + limit])

    def _fetch(self, ids: list[int]) -> list[Model]:
        if not ids:
            return []
        rows = _with_mode(self.queryset, CHECK).filter(pk__in=ids)
        found = {row.pk: row for row in rows}
        return [found[pk] for pk in ids if pk in found]

    def _ids_from_whole_words(self, needed: int) -> list[int] | None:
        """The ids of the first `needed` matches in name order, read through GIN from the
        rows of the query's whole words (at least one) within a first slice of name_sort;
        None without statistics."""
        descending = self.order[0][1]
        if self.order[1][1] != descending:
            return None
        bounds = _statistics("people_person", "name_sort", "histogram_bounds")
        if len(bounds) < 3:  # noqa: PLR2004
            return None
        if descending:
            bounds.reverse()
        share = SLICE_MARGIN * needed / max(self.estimate, self.count, 1.0)
        while True:
            position = math.ceil(share * (len(bounds) - 1))
            edge = bounds[position] if position < len(bounds) - 1 else None
            ids = self._sliced_ids(edge, descending, needed)
            if len(ids) >= needed or edge is None:
                return ids
            share *= 4

    def _sliced_ids(self, edge: str | None, descending: bool, needed: int) -> list[int]:
        inner = _with_mode(self.queryset.order_by(), NECESSARY)
        if edge is not None:
            inner = inner.filter(**{"name_sort__gt" if descending else "name_sort__lt": edge})
        pk = self.queryset.model._meta.pk.name
        sql, params = _sql(inner.values_list(pk, "name_sort"))
        # OFFSET 0 keeps the planner from walking name_sort within the slice: it collects
        # the slice's rows (a BitmapAnd of GIN and name_sort) and sorts them.
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {self._column(pk)} FROM ({sql} OFFSET 0) matches "  # noqa: S608
                f"ORDER BY {self._order_by()} LIMIT %s",
                [*params, needed],
            )
            return [row[0] for row in cursor.fetchall()]

    @staticmethod
    def _column(name: str) -> str:
        return connection.ops.quote_name(name)

    def _order_by(self) -> str:
        return ", ".join(
            f"{self._column(name)} {'DESC' if descending else 'ASC'}"
            for name, descending in self.order
        )


def _order_columns(queryset: QuerySet) -> list[tuple[str, bool]] | None:
    """(field name, descending) for each term of the queryset's ordering; None unless
    they are all columns of the model's own table."""
    query = queryset.query
    if query.extra_order_by:
        return None
    meta = queryset.model._meta
    order = query.order_by or (meta.ordering if query.default_ordering else ())
    columns = []
    for item in order:
        if not isinstance(item, str) or "__" in item or item.lstrip("-") in ("", "?"):
            return None
        name = item.lstrip("-")
        try:
            field = meta.pk if name == "pk" else meta.get_field(name)
        except Exception:  # noqa: BLE001 (an annotation, a reverse relation)
            return None
        # (The SQL built around `values_list` names the columns after the fields.)
        if not field.concrete or field.is_relation or field.column != field.name:
            return None
        columns.append((field.name, item.startswith("-")))
    return columns or None


def _longer_words(word: str) -> list[str]:
    """Words longer than `word` that start with it, among the most common words of the
    GIN index's statistics (ANALYZE); only [0-9a-z] words, as a tsquery takes them."""
    common = _statistics(TSV_INDEX, None, "most_common_elems")
    return sorted(w for w in common if w != word and w.startswith(word) and _WORD.fullmatch(w))


# pg_stats changes when ANALYZE runs; what is read from it only chooses how to search.
STATISTICS_SECONDS = 60
_statistics_read: dict[tuple[str, str, str | None, str], tuple[float, list[str]]] = {}


def _statistics(table: str, column: str | None, kind: str) -> list[str]:
    """A list of values from pg_stats (`kind`: histogram_bounds, most_common_elems),
    read at most once a minute per database once there are some."""
    key = (connection.alias, table, column, kind)
    now = time.monotonic()
    read = _statistics_read.get(key)
    if read is None or now - read[0] > STATISTICS_SECONDS:
        read = (now, _read_statistics(table, column, kind))
        if read[1]:
            _statistics_read[key] = read
    return list(read[1])


def _read_statistics(table: str, column: str | None, kind: str) -> list[str]:
    if kind not in ("histogram_bounds", "most_common_elems"):
        raise ValueError(kind)
    sql = (
        f"SELECT {kind}::text::text[] FROM pg_stats "  # noqa: S608
        "WHERE schemaname = current_schema() AND tablename = %s"
    )
    params = [table]
    if column is not None:
        sql += " AND attname = %s"
        params.append(column)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return list(row[0]) if row and row[0] else []
