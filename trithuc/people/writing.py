"""Writing validated profiles to the registry in bulk, with their history.

New profiles get their first employment and qualification rows; changed profiles get a
`PersonChange` per changed field, and a new employment or qualification row when what
they record has changed. Everything here runs inside the caller's transaction.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import os
import time
from collections.abc import Callable, Iterator, Sequence
from itertools import repeat
from numbers import Number

from django.db import connection
from django.db.models import F
from django.utils import timezone

from trithuc.codelists.services import rank
from trithuc.lib.bulk import active_converters, bulk_insert, bulk_update, sqlite_datetime
from trithuc.lib.text import fold, given_name_sort_key
from trithuc.people.models import Employment, Person, PersonChange, Qualification, TrainingYear
from trithuc.people.periods import sync_current_periods
from trithuc.people.template import DATA_FIELDS

EMPLOYMENT_FIELDS = (
    "employer", "workplace_unit", "sector", "employment_type", "position", "is_leader",
)  # fmt: skip
QUALIFICATION_FIELDS = ("education_level", "education_year")
# Person columns written from a validated record, beyond the template fields.
DERIVED_COLUMNS = (
    "name_folded", "name_sort", "birth_year_only", "province_code", "agency",
    "content_hash", "updated_at",
)  # fmt: skip
PERSON_COLUMNS = (*DATA_FIELDS, *DERIVED_COLUMNS)
# Record.person_values: the columns known from the row alone.
_PREFIX_COLUMNS = PERSON_COLUMNS[: PERSON_COLUMNS.index("agency")]
_PREFIX_INDEX = {name: index for index, name in enumerate(_PREFIX_COLUMNS)}
_NATIONAL_ID = _PREFIX_INDEX["national_id"]
PARAMS_PER_QUERY = 900
DEFER_INDEXES_MIN_ROWS = 20_000
# Kept while the other indexes are rebuilt: an updated profile closes its open
# employment period by person (update_people), one query per person.
KEEP_DURING_LOAD = frozenset({"emp_person_to"})


class Record:
    """One valid row: its spreadsheet row number and cleaned values, with what is
    derived from them alone computed where the row is checked (possibly another
    process: see people.parallel)."""

    __slots__ = ("row", "_values", "agency_id", "digest", "person_values")

    def __init__(
        self,
        row: int,
        values: dict[str, object] | None = None,
        agency_id: int | None = None,
        digest: str = "",
        person_values: Sequence[object] = (),
    ) -> None:
        self.row = row
        self._values = values
        self.agency_id = agency_id
        # The person's columns from DATA_FIELDS to province_code (_PREFIX_COLUMNS), as
        # the database takes them (bulk.active_converters).
        self.person_values = person_values or _prepared(values or {})
        self.digest = digest or content_hash(values or {})

    @property
    def values(self) -> dict[str, object]:
        """The cleaned values by field; built from person_values on first use (a record
        from the checking process carries only those)."""
        if self._values is None:
            self._values = dict(zip(_PREFIX_COLUMNS, self.person_values, strict=True))
        return self._values

    @property
    def national_id(self) -> str:
        return str(self.person_values[_NATIONAL_ID])

    def value(self, name: str) -> object:
        """One prepared column (_PREFIX_COLUMNS) without building `values`."""
        return self.person_values[_PREFIX_INDEX[name]]


class Batch:
    """The valid rows of one chunk, column by column: what the checking process sends
    (a few lists pickle and unpickle far faster than one object per row) and what a
    first load writes without a Python object per person."""

    __slots__ = ("rows", "columns", "digests")

    def __init__(
        self, rows: list[int], columns: list[Sequence[object]], digests: list[str]
    ) -> None:
        self.rows = rows  # spreadsheet row numbers
        self.columns = columns  # _PREFIX_COLUMNS, as the database takes them
        self.digests = digests

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, name: str) -> Sequence[object]:
        return self.columns[_PREFIX_INDEX[name]]

    @property
    def national_ids(self) -> Sequence[str]:
        return self.columns[_NATIONAL_ID]  # type: ignore[return-value]

    def records(self) -> list[Record]:
        rows = zip(*self.columns, strict=True) if self.columns else ()
        return [
            Record(row, None, None, digest, values)
            for row, values, digest in zip(self.rows, rows, self.digests, strict=True)
        ]

    def subset(self, positions: Sequence[int]) -> Batch:
        if len(positions) == len(self.rows):
            return self
        return Batch(
            [self.rows[i] for i in positions],
            [[column[i] for i in positions] for column in self.columns],
            [self.digests[i] for i in positions],
        )

    @classmethod
    def of(cls, records: Sequence[Record]) -> Batch:
        columns = [list(column) for column in zip(*(r.person_values for r in records), strict=True)]
        return cls([r.row for r in records], columns, [r.digest for r in records])


def _prepared(values: dict[str, object]) -> list[object]:
    row = [
        *map(values.get, DATA_FIELDS),
        *name_keys(str(values["full_name"])),
        bool(values.get("birth_year_only")),
        values.get("province_code"),
    ]
    for index in _TEXT_INDEXES:  # text columns are NOT NULL: blanks are ""
        if row[index] is None:
            row[index] = ""
    for index, convert in _prefix_converters():
        if row[index] is not None:
            row[index] = convert(row[index])
    return row


@functools.cache
def _prefix_converters() -> list[tuple[int, Callable[[object], object]]]:
    """The prefix columns the database takes converted (a date as text on SQLite),
    looked up once per process: connection.vendor costs a context-local read per row."""
    return active_converters(Person, _PREFIX_COLUMNS)


def canonical(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


# Fields added to the template after profiles were stored: hashed only when filled, so
# that the profiles stored before keep their hash (a re-import stays "unchanged").
LATE_FIELDS = ("work_start_year",)
HASHED_FIELDS = tuple(name for name in DATA_FIELDS if name not in LATE_FIELDS)


def _late_suffix(values: Sequence[object]) -> str:
    return "".join(f"\x1e{value}" for value in values if value is not None and value != "")


def content_hash(values: dict[str, object]) -> str:
    # canonical() for every value, with text (most of them) passed through as is.
    parts = [
        value if type(value) is str else canonical(value)
        for value in map(values.get, HASHED_FIELDS)
    ]
    parts.append(("1" if values.get("birth_year_only") else "0")
                 + _late_suffix([values.get(name) for name in LATE_FIELDS]))  # fmt: skip
    return hashlib.md5("\x1f".join(parts).encode(), usedforsecurity=False).hexdigest()


@functools.lru_cache(maxsize=65536)
def name_keys(full_name: str) -> tuple[str, str]:
    """(name_folded, name_sort) of a name: full names repeat a lot in a province."""
    return fold(full_name), given_name_sort_key(full_name)


def fetch_existing(national_ids: Sequence[str]) -> dict[str, tuple[int, str, str, str]]:
    """national_id → (id, content_hash, province_code, workplace_unit) of known profiles."""
    found: dict[str, tuple[int, str, str, str]] = {}
    select = (
        "SELECT national_id, id, content_hash, province_code, workplace_unit FROM people_person "
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One array parameter per chunk: PostgreSQL plans "= ANY(array)" once, where
            # an IN list of 900 parameters costs a parse and plan per query.
            cursor.execute(select + "WHERE national_id = ANY(%s)", [list(national_ids)])
            chunks: list[list[tuple]] = [cursor.fetchall()]
        else:
            chunks = []
            for start in range(0, len(national_ids), PARAMS_PER_QUERY):
                chunk = national_ids[start : start + PARAMS_PER_QUERY]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(select + f"WHERE national_id IN ({marks})", list(chunk))
                chunks.append(cursor.fetchall())
        for rows in chunks:
            for national_id, pk, digest, province, unit in rows:
                found[national_id] = (pk, digest, province, unit)
    return found


def batch_from_columns(
    numbers: Sequence[int], values: dict[str, list[object]], positions: Sequence[int]
) -> Batch:
    """The rows at `positions` (the valid rows) of checked columns
    (template.check_columns), their prepared columns and digests computed column by
    column: what `Record(row, values)` gives, at a fraction of the cost."""
    everything = len(positions) == len(numbers)

    def pick(column: Sequence[object]) -> list[object]:
        return list(column) if everything else [column[i] for i in positions]

    data = [pick(values[name]) for name in DATA_FIELDS]
    year_only = [bool(flag) for flag in pick(values["birth_year_only"])]
    names = [name_keys(str(name)) for name in data[DATA_FIELDS.index("full_name")]]
    flags = ["1" if flag else "0" for flag in year_only]
    late = [data[DATA_FIELDS.index(name)] for name in LATE_FIELDS]
    if any(value is not None and value != "" for column in late for value in column):
        flags = [flag + _late_suffix(row) for flag, *row in zip(flags, *late, strict=True)]
    digests = [
        hashlib.md5("\x1f".join(parts).encode(), usedforsecurity=False).hexdigest()
        for parts in zip(
            *(_canonical_column(data[DATA_FIELDS.index(name)]) for name in HASHED_FIELDS),
            flags,
            strict=True,
        )
    ]
    prepared = [
        *data,
        [folded for folded, _ in names],
        [sort for _, sort in names],
        year_only,
        pick(values["province_code"]),
    ]
    for index in _TEXT_INDEXES:  # text columns are NOT NULL: blanks are ""
        prepared[index] = ["" if value is None else value for value in prepared[index]]
    for index, convert in _prefix_converters():
        prepared[index] = [None if value is None else convert(value) for value in prepared[index]]
    return Batch([numbers[position] for position in positions], prepared, digests)


def _canonical_column(column: Sequence[object]) -> Sequence[str]:
    kinds = set(map(type, column))
    if kinds == {str}:
        return column  # type: ignore[return-value]
    if len({kind for kind in kinds if issubclass(kind, Number)}) <= 1:
        # Values of one number type (or none): equal values have one canonical form.
        texts = {value: canonical(value) for value in set(column)}
        return list(map(texts.__getitem__, column))
    return [value if type(value) is str else canonical(value) for value in column]


def _person_row(record: Record, now: dt.datetime) -> list[object]:
    return [*record.person_values, record.agency_id, record.digest, now]


_TEXT_COLUMNS = {
    field_.name
    for field_ in Person._meta.get_fields()
    if getattr(field_, "get_internal_type", lambda: "")() in {"CharField", "EmailField"}
}
# Record.person_values stops before "agency": the columns after it are never blank.
_TEXT_INDEXES = [index for index, name in enumerate(_PREFIX_COLUMNS) if name in _TEXT_COLUMNS]


def _fts_pausable() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'people_person_fts_pause'")
        return cursor.fetchone() is not None


def ordered_uuids(count: int) -> list[str]:
    """`count` time-ordered UUIDs (version 7, RFC 9562) as 32 hex digits, the form
    SQLite stores and PostgreSQL reads.

    Consecutive values sort in creation order, so the unique index on `uuid` grows at
    its end instead of taking 100,000s of inserts at random places (0.8 s of 3.5 for
    100,000 rows on SQLite). They still cannot be guessed: 48 random bits each, beside
    the millisecond and a counter (RFC 9562 §6.2, method 1, with a 26-bit counter).
    """
    if count >= 1 << 26:
        raise ValueError("at most 67,108,863 UUIDs per call")
    head = (time.time_ns() // 1_000_000) << 80 | 7 << 76 | 2 << 62
    noise = os.urandom(6 * count)
    result = []
    for index in range(count):
        tail = int.from_bytes(noise[6 * index : 6 * index + 6], "big")
        counter = (index >> 14) << 64 | (index & 0x3FFF) << 48
        result.append(f"{head | counter | tail:032x}")
    return result


@contextlib.contextmanager
def secondary_indexes_deferred(expected_rows: int) -> Iterator[bool]:
    """On SQLite, for a load at least twice as big as the registry already is (a first
    load, a province's yearly refresh into a young registry), drop the secondary indexes of the people, employment
    and qualification tables and build them again at the end: sorting 100,000 keys once
    costs a third of inserting them one by one into eight B-trees. Yields whether it
    did.

    Runs inside the caller's transaction: if the load fails, the rollback brings the
    indexes back with everything else; readers keep their snapshot (WAL) meanwhile.
    PostgreSQL keeps its indexes: dropping one locks the table against every reader
    until the import commits.
    """
    if connection.vendor != "sqlite" or expected_rows < DEFER_INDEXES_MIN_ROWS:
        yield False
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM people_person")
        if cursor.fetchone()[0] > expected_rows // 2:
            yield False
            return
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            "AND tbl_name IN ('people_person', 'people_employment', 'people_qualification') "
            "ORDER BY tbl_name, name"
        )
        indexes = [(name, sql) for name, sql in cursor.fetchall() if name not in KEEP_DURING_LOAD]
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield True
    with connection.cursor() as cursor:
        for _, sql in indexes:
            cursor.execute(sql)


def insert_people(records: Sequence[Record], *, today: dt.date) -> int:
    """Insert new profiles (with their agency_id set) and their first history rows."""
    if not records:
        return 0
    return insert_batch(Batch.of(records), [r.agency_id for r in records], today=today)


def insert_batch(batch: Batch, agency_ids: Sequence[int | None], *, today: dt.date) -> int:
    """`insert_people` for a batch: no Python object per person on the way."""
    if not len(batch):
        return 0
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM people_person")
        before = cursor.fetchone()[0]
    # The first period (_first_history) is the latest: open, from the start of work.
    columns = ("uuid", *PERSON_COLUMNS, "created_at", "is_synthetic", "has_period",
               "period_from")  # fmt: skip
    # SQLite: index the new names in the FTS table with one statement, not one trigger
    # run per row (4x faster). The pause row is removed whatever happens (and lives in
    # the caller's transaction anyway). Not a savepoint: in a transaction of 100,000s of
    # rows SQLite copies every index page the savepoint touches to its sub-journal, and
    # the import slows down chunk after chunk (15 s → 60 s for 100,000 rows).
    pause = connection.vendor == "sqlite" and _fts_pausable()
    if pause:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO people_person_fts_pause (paused) VALUES (1)")
    # Rows as the database takes them: the columns were prepared where the rows were
    # checked, the UUIDs are hex text, and the timestamp is converted once.
    stamp = sqlite_datetime(now) if connection.vendor == "sqlite" else now
    count = len(batch)
    try:
        bulk_insert(
            Person,
            columns,
            zip(
                ordered_uuids(count),
                *batch.columns,
                agency_ids,
                batch.digests,
                repeat(stamp, count),
                repeat(stamp, count),
                repeat(False, count),
                repeat(True, count),
                _year_starts(batch.column("work_start_year")),
                strict=True,
            ),  # fmt: skip
            prepared=True,
        )
    finally:
        if pause:
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM people_person_fts_pause")
    if pause:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO people_person_fts (rowid, name_folded) "
                "SELECT id, name_folded FROM people_person WHERE id > %s",
                [before],
            )
    _first_history(before, list(batch.national_ids), today.year)
    return count


def _year_starts(years: Sequence[object]) -> list[object]:
    """1 January of each year (None stays None), as the database takes a date: what
    `_first_history` writes as the first period's start."""
    if connection.vendor == "sqlite":
        return [None if year is None else f"{int(year):04d}-01-01" for year in years]  # type: ignore[call-overload]
    return [None if year is None else dt.date(int(year), 1, 1) for year in years]  # type: ignore[call-overload]


def _first_history(before: int, national_ids: list[str], year: int) -> None:
    """The first employment and qualification rows of the people just inserted, copied
    from their own columns inside the database (what `_employment_values` and
    `_qualification_values` give, without a Python row per person).

    The new people are those with an id above `before`; on PostgreSQL, where another
    transaction may commit people in between, only those of this load (by national ID).
    """
    if connection.vendor == "postgresql":
        ours = "id > %s AND national_id = ANY(%s)"
        params: list[object] = [before, national_ids]
        awarded = "make_date(education_year, 1, 1)"
        started = "make_date(work_start_year, 1, 1)"
    else:  # one writer at a time: every id above `before` is ours
        ours = "id > %s"
        params = [before]
        awarded = "printf('%%04d-01-01', education_year)"
        started = "printf('%%04d-01-01', work_start_year)"
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO people_employment (person_id, employer, workplace_unit, sector, "
            "employment_type, position, is_leader, province_code, agency_id, valid_from, "
            "valid_to) SELECT id, employer, workplace_unit, sector, employment_type, position, "
            "is_leader, province_code, agency_id, CASE WHEN work_start_year IS NULL THEN NULL "
            f"ELSE {started} END, NULL FROM people_person WHERE {ours} ORDER BY id",  # noqa: S608
            params,
        )
        cursor.execute(
            "INSERT INTO people_qualification (person_id, level, field, year, awarded_on) "
            "SELECT id, education_level, training_field, education_year, CASE WHEN "
            f"education_year IS NULL THEN NULL ELSE {awarded} END FROM people_person "  # noqa: S608
            f"WHERE {ours} AND education_level NOT IN ('', 'none') ORDER BY id",
            params,
        )
        # The training flags stated by this load hold for its year (people.counting).
        cursor.execute(
            "INSERT INTO people_trainingyear (person_id, year, upskilled_to_standard, "
            "continuing_education) SELECT id, %s, upskilled_to_standard, continuing_education "
            f"FROM people_person WHERE {ours} AND (upskilled_to_standard "  # noqa: S608
            "OR continuing_education) ORDER BY id",
            [year, *params],
        )


def _employment_values(record: Record) -> list[object]:
    values = record.values
    return [
        *[values.get(name) or ("" if name != "is_leader" else False) for name in EMPLOYMENT_FIELDS],
        values.get("province_code"),
        record.agency_id,
    ]


def _qualification_values(values: dict[str, object], today: dt.date) -> list[object]:
    year = values.get("education_year")
    awarded = dt.date(int(year), 1, 1) if year else None  # type: ignore[call-overload]
    return [values["education_level"], values.get("training_field") or "", year, awarded]


def update_people(
    changed: Sequence[tuple[int, Record]],
    *,
    today: dt.date,
    actor_id: int | None,
    source: str,
    job_id: int | None,
) -> int:
    """Apply changed records to existing profiles (id, record), keeping their history."""
    if not changed:
        return 0
    now = timezone.now()
    old_rows = _fetch_values([pk for pk, _ in changed])
    changes: list[list[object]] = []
    closing: list[tuple[object, int]] = []
    employments: list[list[object]] = []
    qualifications: list[list[object]] = []
    corrected: dict[int, dict[str, object]] = {}
    starts: list[tuple[int, object, object]] = []
    for pk, record in changed:
        old = old_rows[pk]
        new = record.values
        for name in DATA_FIELDS:
            if canonical(old.get(name)) != canonical(new.get(name)):
                changes.append(
                    [pk, now, actor_id, source, job_id, name,
                     canonical(old.get(name)), canonical(new.get(name))]
                )  # fmt: skip
        if any(canonical(old.get(n)) != canonical(new.get(n)) for n in EMPLOYMENT_FIELDS):
            closing.append((today, pk))
            employments.append([pk, *_employment_values(record), today, None])
        level_changed = any(
            canonical(old.get(n)) != canonical(new.get(n)) for n in QUALIFICATION_FIELDS
        )
        if level_changed:
            if degree_change(old, new) == ADDED:
                if new.get("education_level") not in ("", "none", None):
                    qualifications.append([pk, *_qualification_values(new, today)])
            else:
                corrected[pk] = new
        if canonical(old.get("work_start_year")) != canonical(new.get("work_start_year")):
            starts.append((pk, old.get("work_start_year"), new.get("work_start_year")))
    bulk_update(
        Person,
        PERSON_COLUMNS,
        (_person_row(record, now) + [pk] for pk, record in changed),
    )
    bulk_insert(
        PersonChange,
        ("person", "changed_at", "actor", "source", "import_job", "field", "old_value",
         "new_value"),
        changes,
    )  # fmt: skip
    if closing:
        with connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE people_employment SET valid_to = %s "
                "WHERE person_id = %s AND valid_to IS NULL",
                [(day.isoformat() if connection.vendor == "sqlite" else day, pk)
                 for day, pk in closing],
            )  # fmt: skip
    bulk_insert(
        Employment,
        ("person", *EMPLOYMENT_FIELDS, "province_code", "agency", "valid_from", "valid_to"),
        employments,
    )
    qualifications += _correct_degrees(corrected, now, today)
    bulk_insert(Qualification, ("person", "level", "field", "year", "awarded_on"), qualifications)
    _move_first_starts(starts)
    # The latest period changed for these people: a new one, or the start of the first.
    sync_current_periods([pk for _, pk in closing] + [pk for pk, _, _ in starts])
    write_training_years(
        [(pk, bool(r.values.get("upskilled_to_standard")),
          bool(r.values.get("continuing_education"))) for pk, r in changed],
        today.year,
    )  # fmt: skip
    return len(changed)


ADDED = "added"  # "thêm bằng mới": a higher level than the highest stored
CORRECTED = "corrected"  # "sửa trình độ": a lower level, or the same level in another year


def degree_change(old: dict[str, object], new: dict[str, object]) -> str | None:
    """How a statement of the highest degree changes a profile: None when it does not,
    ADDED when it names a higher level (a new degree beside the old ones), CORRECTED
    otherwise (the stored degree was wrong: it is superseded, not counted)."""
    if all(canonical(old.get(n)) == canonical(new.get(n)) for n in QUALIFICATION_FIELDS):
        return None
    old_rank = rank("education_level", str(old.get("education_level") or "none")) or 0
    new_rank = rank("education_level", str(new.get("education_level") or "none")) or 0
    return ADDED if new_rank > old_rank else CORRECTED


def _correct_degrees(
    corrected: dict[int, dict[str, object]], now: dt.datetime, today: dt.date
) -> list[list[object]]:
    """Supersede the stored degrees a correction contradicts (every degree ranked above
    the stated level, and the stated level's own degree when its year differs); return
    the qualification rows to add for the stated degree."""
    if not corrected:
        return []
    ids = list(corrected)
    stored: dict[int, list[Qualification]] = {}
    for start in range(0, len(ids), PARAMS_PER_QUERY):
        for qualification in Qualification.objects.filter(
            person_id__in=ids[start : start + PARAMS_PER_QUERY], superseded_at__isnull=True
        ):
            stored.setdefault(qualification.person_id, []).append(qualification)
    superseded: list[int] = []
    added: list[list[object]] = []
    for pk, new in corrected.items():
        level = str(new.get("education_level") or "none")
        level_rank = rank("education_level", level) or 0
        year = new.get("education_year")
        kept = False
        for qualification in stored.get(pk, []):
            held = rank("education_level", qualification.level) or 0
            same = qualification.level == level and qualification.year == year
            if held > level_rank or (held == level_rank and not same):
                superseded.append(qualification.pk)
            elif same:
                kept = True
        if not kept and level not in ("", "none"):
            added.append([pk, *_qualification_values(new, today)])
    for start in range(0, len(superseded), PARAMS_PER_QUERY):
        Qualification.objects.filter(pk__in=superseded[start : start + PARAMS_PER_QUERY]).update(
            superseded_at=now
        )
    return added


def _move_first_starts(starts: Sequence[tuple[int, object, object]]) -> None:
    """A stated (or corrected) year of starting work dates the person's first period."""
    for pk, old_year, new_year in starts:
        first = (
            Employment.objects.filter(person_id=pk)
            .order_by(F("valid_from").asc(nulls_first=True), "id")
            .first()
        )
        if first is None:
            continue
        if new_year is None:
            if old_year is not None and first.valid_from == dt.date(int(old_year), 1, 1):  # type: ignore[call-overload]
                Employment.objects.filter(pk=first.pk).update(valid_from=None)
            continue
        start = dt.date(int(new_year), 1, 1)  # type: ignore[call-overload]
        if first.valid_to is None or first.valid_to > start:
            Employment.objects.filter(pk=first.pk).update(valid_from=start)


def write_training_years(items: Sequence[tuple[int, bool, bool]], year: int) -> None:
    """Record the training flags a statement of `year` gives (person id, upskilled,
    continuing): a row when a flag is set, or when the person has rows already (a flag
    cleared is then a fact too)."""
    if not items:
        return
    with_rows: set[int] = set()
    quiet = [pk for pk, upskilled, continuing in items if not (upskilled or continuing)]
    for start in range(0, len(quiet), PARAMS_PER_QUERY):
        with_rows.update(
            TrainingYear.objects.filter(
                person_id__in=quiet[start : start + PARAMS_PER_QUERY]
            ).values_list("person_id", flat=True)
        )
    rows = [[pk, year, u, c] for pk, u, c in items if u or c or pk in with_rows]
    ids = [row[0] for row in rows]
    for start in range(0, len(ids), PARAMS_PER_QUERY):
        TrainingYear.objects.filter(
            person_id__in=ids[start : start + PARAMS_PER_QUERY], year=year
        ).delete()
    bulk_insert(
        TrainingYear, ("person", "year", "upskilled_to_standard", "continuing_education"), rows
    )


def _fetch_values(ids: Sequence[int]) -> dict[int, dict[str, object]]:
    result: dict[int, dict[str, object]] = {}
    for start in range(0, len(ids), PARAMS_PER_QUERY):
        chunk = ids[start : start + PARAMS_PER_QUERY]
        for row in Person.objects.filter(pk__in=chunk).values(
            "id", "birth_year_only", *DATA_FIELDS
        ):
            result[row["id"]] = row
    return result
