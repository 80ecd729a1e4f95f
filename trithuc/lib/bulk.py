"""Fast bulk writes through the database connection, for imports of 100,000s of rows.

Django's `bulk_create` on SQLite sends about 40 rows per INSERT (a 999-parameter cap),
which makes it 20× slower than one `executemany`; on PostgreSQL `COPY` is 7× faster
than `bulk_create`. Both run inside the caller's transaction, so a failed import still
rolls back whole. The ORM stays in charge of everything else.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from itertools import chain

from django.db import connection as default_connection
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper

Converter = Callable[[object], object]


# Cached: an import writes the same timestamp on every row, and birth dates repeat.
@functools.lru_cache(maxsize=65536)
def sqlite_datetime(value: object) -> object:
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.isoformat(" ")
    return value


@functools.lru_cache(maxsize=65536)
def _sqlite_date(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value


def _sqlite_uuid(value: object) -> object:
    return value.hex if hasattr(value, "hex") and not isinstance(value, str) else value


def _json(value: object) -> object:
    return json.dumps(value, ensure_ascii=False)


def _converters(
    model: type[models.Model], columns: Sequence[str], vendor: str
) -> list[Converter | None]:
    result: list[Converter | None] = []
    for name in columns:
        field = model._meta.get_field(name)
        converter: Converter | None = None
        if isinstance(field, models.JSONField):
            converter = _json
        elif vendor == "sqlite":
            if isinstance(field, models.DateTimeField):
                converter = sqlite_datetime
            elif isinstance(field, models.DateField):
                converter = _sqlite_date
            elif isinstance(field, models.UUIDField):
                converter = _sqlite_uuid
        result.append(converter)
    return result


def active_converters(
    model: type[models.Model],
    columns: Sequence[str],
    connection: BaseDatabaseWrapper = default_connection,
) -> list[tuple[int, Converter]]:
    """(index, converter) of the columns whose values `bulk_insert` converts (dates as
    text on SQLite...), for callers that prepare rows elsewhere (another process) and
    pass `prepared=True`."""
    return list(_active(_converters(model, columns, connection.vendor)))


def bulk_insert(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Iterable[Sequence[object]],
    connection: BaseDatabaseWrapper = default_connection,
    *,
    prepared: bool = False,
) -> int:
    """Insert `rows` (tuples in `columns` order, field names) into `model`'s table.

    `prepared`: every value is already what the database takes (see
    `active_converters`).
    Returns the number of rows written. Must run inside a transaction.
    """
    converters = [] if prepared else _converters(model, columns, connection.vendor)
    db_columns = [model._meta.get_field(name).column for name in columns]
    table = connection.ops.quote_name(model._meta.db_table)
    quoted = ", ".join(connection.ops.quote_name(column) for column in db_columns)
    count = 0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for row in _converted(rows, converters):
                    copy.write_row(row)
                    count += 1
        return count
    # SQLite: many rows per INSERT (as many as its limit on parameters allows), not
    # executemany's one statement run per row: 20 % less time for 100,000 people.
    batch = list(_converted(rows, converters))
    per_statement = max(1, _parameter_limit(connection) // max(len(columns), 1))
    one_row = "(" + ", ".join(["?"] * len(columns)) + ")"
    with connection.cursor() as cursor, connection.wrap_database_errors:
        # Straight to sqlite3 with its own "?" marks: Django's cursor rewrites each "%s"
        # of a statement with a regular expression, 4.9 s of the 100,000-row import's
        # CPU for statements of 32,000 parameters (cProfile, bench_registry --profile).
        raw = cursor.cursor
        for start in range(0, len(batch), per_statement):
            part = batch[start : start + per_statement]
            values = ", ".join([one_row] * len(part))
            sqlite3.Cursor.execute(
                raw,
                f"INSERT INTO {table} ({quoted}) VALUES {values}",  # noqa: S608
                list(chain.from_iterable(part)),
            )
    return len(batch)


def _parameter_limit(connection: BaseDatabaseWrapper) -> int:
    """How many parameters one SQLite statement takes (32,766 since SQLite 3.32; Django
    assumes the old 999)."""
    connection.ensure_connection()
    try:
        return int(connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    except (AttributeError, sqlite3.Error):  # Python < 3.11
        return int(connection.features.max_query_params)


def bulk_update(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Iterable[Sequence[object]],
    connection: BaseDatabaseWrapper = default_connection,
) -> int:
    """UPDATE `columns` by primary key; each row is (*values, pk)."""
    converters = [*_converters(model, columns, connection.vendor), None]
    table = connection.ops.quote_name(model._meta.db_table)
    assignments = ", ".join(
        f"{connection.ops.quote_name(model._meta.get_field(name).column)} = %s" for name in columns
    )
    pk = connection.ops.quote_name(model._meta.pk.column)
    batch = list(_converted(rows, converters))
    if batch:
        with connection.cursor() as cursor:
            cursor.executemany(f"UPDATE {table} SET {assignments} WHERE {pk} = %s", batch)  # noqa: S608
    return len(batch)


def _converted(
    rows: Iterable[Sequence[object]], converters: Sequence[Converter | None]
) -> Iterable[Sequence[object]]:
    """`rows` with their values converted, looking up the active converters once."""
    active = _active(converters)
    if not active:
        return rows
    return (_apply(row, active) for row in rows)


def _apply(row: Sequence[object], active: list[tuple[int, Converter]]) -> list[object]:
    row = list(row)
    for index, converter in active:
        value = row[index]
        if value is not None:
            row[index] = converter(value)
    return row


_ACTIVE: dict[tuple, list[tuple[int, Converter]]] = {}


def _active(converters: Sequence[Converter | None]) -> list[tuple[int, Converter]]:
    key = tuple(converters)
    found = _ACTIVE.get(key)
    if found is None:
        found = _ACTIVE[key] = [(i, c) for i, c in enumerate(converters) if c is not None]
    return found
