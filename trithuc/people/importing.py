"""Importing people from a spreadsheet in the published template.

`import_people` reads the file in chunks, checks every row against the template's rules,
and writes the valid rows in one transaction: a crash, a kill or a strict import with a
bad row leaves the registry as it was.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from trithuc.codelists.services import label
from trithuc.lib.spreadsheet import Limits, Sheet, SpreadsheetError, check_file, open_sheet
from trithuc.lib.text import fold_alnum, nfc
from trithuc.orgunits.services import match_agency
from trithuc.people.models import Employment, Person
from trithuc.people.parallel import ChildFailed, parallel_available, validated_in_child
from trithuc.people.search import TSV_INDEX
from trithuc.people.signals import people_added
from trithuc.people.template import (
    BLANK_REQUIRED,
    COLUMN_BY_FIELD,
    COLUMNS,
    EXAMPLE_NAME,
    EXAMPLE_NATIONAL_ID,
    as_text,
    check_columns,
    header_field,
    in_training_with_level,
    is_blank,
)
from trithuc.people.writing import (
    ADDED,
    PARAMS_PER_QUERY,
    Batch,
    Record,
    batch_from_columns,
    degree_change,
    fetch_existing,
    insert_batch,
    insert_people,
    secondary_indexes_deferred,
    update_people,
    write_training_years,
)

HEADER_SEARCH_ROWS = 30
HEADER_MAX_ROWS = 3  # a header may spread over this many rows
MIN_KNOWN_HEADERS = 3
CHUNK_ROWS = 5000
ANALYZE_AFTER_ROWS = 10_000
# From this many rows (those that go to a background task anyway) the rows are checked
# in a second process while this one writes: the two CPUs of a small server each do
# half of the work.
PARALLEL_MIN_ROWS = 20_000
DEGREE_CHANGES_SHOWN = 200
ERRORS_PER_COLUMN = 200  # errors (and warnings) kept with their row, per column  # rows listed in the preview; the counts cover every row
ProgressCallback = Callable[[int, int], None]
# May the importing user write people of (province_code, workplace_unit)?
ScopeCheck = Callable[[str, str], bool]
OUT_OF_SCOPE = "đơn vị công tác của người này nằm ngoài phạm vi bạn được quản lý"


class ImportAborted(Exception):
    """Raised inside the transaction to roll it back (strict mode, dry run)."""


@dataclass
class Header:
    row: int  # the last header row (data starts after it)
    fields: dict[int, str]  # column index → field
    unknown: dict[int, str]  # column index → header text that matched no field
    texts: dict[int, str]  # column index → header text as written
    examples: list[int] = field(default_factory=list)  # rows that were the template's example


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[dict[str, object]] = field(default_factory=list)
    warnings: list[dict[str, object]] = field(default_factory=list)
    header: Header | None = None
    committed: bool = False
    # Changed highest degrees: "sửa trình độ" (corrections) and "thêm bằng mới".
    level_corrections: int = 0
    degrees_added: int = 0
    degree_changes: list[dict[str, object]] = field(default_factory=list)

    # Every error is counted; the first ERRORS_PER_COLUMN of each column are kept with
    # their row (a file of 100,000 bad rows would otherwise hold millions in memory, in
    # the job's row and in its error report).
    error_counts: dict[str, int] = field(default_factory=dict)
    warning_counts: dict[str, int] = field(default_factory=dict)
    error_row_numbers: set[int | None] = field(default_factory=set)
    # The provinces whose counts the written rows may change (the registry_changed
    # signal names them, so the indicator snapshot refreshes those alone).
    provinces: set[str] = field(default_factory=set)
    # The national IDs of the people this import created, and the provinces whose
    # figures the import brought up to date in its own transaction (`people_added`).
    added_ids: list[str] = field(default_factory=list)
    fresh_provinces: set[str] = field(default_factory=set)

    def add_error(self, row: int | None, column: str, message: str) -> None:
        self.error_row_numbers.add(row)
        seen = self.error_counts.get(column, 0)
        self.error_counts[column] = seen + 1
        if seen < ERRORS_PER_COLUMN:
            self.errors.append({"row": row, "column": column, "message": message})

    def add_warning(self, row: int | None, column: str, message: str) -> None:
        seen = self.warning_counts.get(column, 0)
        self.warning_counts[column] = seen + 1
        if seen < ERRORS_PER_COLUMN:
            self.warnings.append({"row": row, "column": column, "message": message})

    def merge(
        self,
        errors: list[dict],
        error_counts: dict[str, int],
        warning_counts: dict[str, int],
        error_rows: set[int | None],
        warnings: list[dict],
    ) -> None:
        """Errors and warnings found elsewhere (the checking process), with their counts."""
        for items, counts, mine, kept in ((errors, error_counts, self.error_counts, self.errors),
                                          (warnings, warning_counts, self.warning_counts,
                                           self.warnings)):  # fmt: skip
            room = {column: max(0, ERRORS_PER_COLUMN - mine.get(column, 0)) for column in counts}
            for item in items:
                if room.get(item["column"], 0) > 0:
                    room[item["column"]] -= 1
                    kept.append(item)
            for column, n in counts.items():
                mine[column] = mine.get(column, 0) + n
        self.error_row_numbers |= error_rows

    @property
    def error_total(self) -> int:
        return sum(self.error_counts.values())

    @property
    def error_rows(self) -> int:
        return len(self.error_row_numbers)

    def as_dict(self) -> dict[str, object]:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "level_corrections": self.level_corrections,
            "degrees_added": self.degrees_added,
            "degree_changes": self.degree_changes,
            "errors": self.errors,
            "warnings": self.warnings,
            "error_total": self.error_total,
            "error_counts": self.error_counts,
            "warning_counts": self.warning_counts,
            "errors_capped": any(n > ERRORS_PER_COLUMN for n in self.error_counts.values()),
            "errors_per_column": ERRORS_PER_COLUMN,
        }


def upload_limits() -> Limits:
    return Limits(
        max_bytes=settings.TRITHUC_UPLOAD_MAX_BYTES,
        max_rows=settings.TRITHUC_UPLOAD_MAX_ROWS,
        max_unzipped_bytes=settings.TRITHUC_UPLOAD_MAX_UNZIPPED_BYTES,
    )


# Finds the field a header text names: the template's by default; another layout (the
# CSDL CBCCVC exchange, `people.cbccvc`) passes its own.
HeaderLookup = Callable[[object], str | None]


def _match_headers(cells: list[object]) -> dict[int, str]:
    return {
        index: found
        for index, cell in enumerate(cells)
        if not is_blank(cell) and (found := header_field(cell)) is not None
    }


def locate_header(
    rows: Iterator[tuple[int, list[object]]],
    mapping: dict[str, str] | None = None,
    lookup: HeaderLookup = header_field,
) -> tuple[Header | None, Iterator[tuple[int, list[object]]]]:
    """Find the header: the first row (or two or three rows read as one, as clerks merge
    a group title such as "Trình độ" above the column names) naming 3 known headers.

    `mapping` maps folded header texts to fields (or "" to ignore) for files whose
    headers differ from the template. Returns the header and the rows after it.
    """
    mapping = mapping or {}
    buffered = list(itertools.islice(rows, HEADER_SEARCH_ROWS + HEADER_MAX_ROWS))
    texts = [[("" if is_blank(c) else nfc(str(c))) for c in cells] for _, cells in buffered]
    for position in range(min(len(buffered), HEADER_SEARCH_ROWS)):
        best: tuple[dict[int, str], dict[int, str], dict[int, str]] | None = None
        depth = 0
        for size in range(1, HEADER_MAX_ROWS + 1):
            if position + size > len(buffered):
                break
            found = _resolve_rows(texts[position : position + size], mapping, lookup)
            if best is None or len(found[0]) > len(best[0]):
                best, depth = found, size
        if best is not None and len(best[0]) >= MIN_KNOWN_HEADERS:
            last = position + depth - 1
            rest = itertools.chain(buffered[last + 1 :], rows)
            return Header(buffered[last][0], *best), rest
    return None, iter(())


def _resolve(
    cells: list[str], mapping: dict[str, str], lookup: HeaderLookup = header_field
) -> tuple[dict[int, str], dict[int, str], dict[int, str]]:
    fields: dict[int, str] = {}
    unknown: dict[int, str] = {}
    texts: dict[int, str] = {}
    for index, text in enumerate(cells):
        if not text:
            continue
        texts[index] = text
        folded = fold_alnum(text)
        if folded in mapping:
            if mapping[folded]:
                fields[index] = mapping[folded]
            continue
        found = lookup(text)
        if found is None:
            unknown[index] = text
        elif found != "row_number":
            fields[index] = found
    return fields, unknown, texts


def _resolve_rows(
    rows: list[list[str]], mapping: dict[str, str], lookup: HeaderLookup = header_field
) -> tuple[dict[int, str], dict[int, str], dict[int, str]]:
    """Header rows read as one: each column's texts joined top to bottom; a column that
    matches nothing so joined is tried by its lower parts (the name under group titles
    such as "Thông tin cá nhân" / "Trình độ", whose merged cells hold text only in their
    first column), then by each part alone."""
    if len(rows) == 1:
        return _resolve(rows[0], mapping, lookup)
    width = max(len(row) for row in rows)
    column_parts = [
        [row[index] for row in rows if index < len(row) and row[index]] for index in range(width)
    ]
    fields, unknown, texts = _resolve([" ".join(parts) for parts in column_parts], mapping, lookup)
    for index in list(unknown):
        parts = column_parts[index]
        candidates = [" ".join(parts[k:]) for k in range(1, len(parts))]
        candidates += list(reversed(parts))
        for part in candidates:
            folded = fold_alnum(part)
            found = mapping.get(folded) if folded in mapping else lookup(part)
            if found and found != "row_number":
                fields[index] = found
                texts[index] = part
                del unknown[index]
                break
    return fields, unknown, texts


def import_people(
    path: Path,
    *,
    actor_id: int | None = None,
    source: str = "command",
    strict: bool = False,
    dry_run: bool = False,
    mapping: dict[str, str] | None = None,
    job_id: int | None = None,
    progress: ProgressCallback | None = None,
    today: dt.date | None = None,
    sheet_name: str | None = None,
    scope: ScopeCheck | None = None,
    opener: Callable[[Path, str | None], Sheet] = open_sheet,
) -> ImportReport:
    """Check and import a template file; see the module docstring for the guarantees.

    `opener` reads the file as rows in the template's layout: `open_sheet` for a file in
    the template, `people.cbccvc.importing.CbccvcReader.open` for an export of CSDL
    CBCCVC (translated row by row, so that every rule below applies unchanged)."""
    today = today or timezone.localdate()
    report = ImportReport()
    limits = upload_limits()
    try:
        check_file(path, limits)
        sheet = opener(path, sheet_name)
    except SpreadsheetError as exc:
        report.add_error(None, "", str(exc))
        return report
    header, rows = locate_header(sheet.rows, mapping)
    if header is None:
        report.add_error(
            None, "",
            "Không tìm thấy dòng tiêu đề: cần một dòng có ít nhất 3 tiêu đề cột của mẫu "
            "(ví dụ 'Số định danh cá nhân', 'Họ và tên', 'Ngày sinh').",
        )  # fmt: skip
        return report
    report.header = header
    _check_columns(header, report)
    if any(error["row"] == header.row for error in report.errors):
        return report
    total = max(sheet.total_rows - header.row, 0)
    # Only `pending_rows` refers to the parsed sheet from here: a forked checking
    # process takes it, and this process can then free its copy (1 GB at 1,000,000 rows).
    pending_rows = [rows]
    del sheet, rows
    try:
        with transaction.atomic():
            options = WriteOptions(today, dry_run, actor_id, source, job_id, scope)
            _run(pending_rows, header, report, total, limits, progress, options)
            if dry_run or (strict and report.error_total):
                raise ImportAborted
            report.fresh_provinces = _announce_new_people(report)
            report.committed = True
    except ImportAborted:
        report.committed = False
    except (SpreadsheetError, ChildFailed) as exc:
        report.add_error(None, "", str(exc))
        report.committed = False
    if not report.committed and not dry_run:
        report.created = report.updated = 0
    if report.committed and report.created + report.updated >= ANALYZE_AFTER_ROWS:
        refresh_statistics()
    return report


def _announce_new_people(report: ImportReport) -> set[str]:
    """`people_added`, when the import only created people (no profile changed, no
    training statement restated): the provinces its receivers brought up to date."""
    if not report.added_ids or report.updated or report.unchanged:
        return set()
    answers = people_added.send(sender=Person, national_ids=report.added_ids,
                                provinces=frozenset(report.provinces))  # fmt: skip
    fresh = [set(answer or ()) for _, answer in answers]
    return set.intersection(*fresh) if fresh else set()


def refresh_statistics() -> None:
    """Give the query planner fresh statistics after a big import: without them
    PostgreSQL estimates 2 rows for "sector = 'education'" and sorts 250,000.

    PostgreSQL also gets the people table vacuumed, as its manual advises after a bulk
    load, rather than whenever autovacuum comes (if it is on): until then name searches
    read the name index's pending list (20,000 entries after 1,000,000 rows) and cannot
    answer from an index alone (search.PgNameSearch). VACUUM cannot run inside a
    transaction; within one (a caller's atomic block) only the pending list is merged.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if connection.in_atomic_block:
                cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [TSV_INDEX])
                cursor.execute("ANALYZE people_person, people_employment, people_qualification")
            else:
                cursor.execute("VACUUM (ANALYZE) people_person")
                cursor.execute("ANALYZE people_employment, people_qualification")
        elif connection.vendor == "sqlite":
            cursor.execute("ANALYZE people_person")


def _check_columns(header: Header, report: ImportReport) -> None:
    present = set(header.fields.values())
    for column in COLUMNS:
        if column.required and column.field not in present:
            report.add_error(header.row, column.header, "thiếu cột bắt buộc trong tệp")
    seen: dict[str, int] = {}
    for index, name in sorted(header.fields.items()):
        if name in seen:
            report.add_error(
                header.row, COLUMN_BY_FIELD[name].header, "cột bị lặp lại trong dòng tiêu đề"
            )
        seen[name] = index
    for text in header.unknown.values():
        report.add_warning(header.row, text, "cột không có trong mẫu, đã bỏ qua")


@dataclass(frozen=True)
class WriteOptions:
    """How one import writes: shared by every chunk of the run."""

    today: dt.date
    dry_run: bool
    actor_id: int | None
    source: str
    job_id: int | None
    scope: ScopeCheck | None


def _run(
    pending_rows: list[Iterator[tuple[int, list[object]]]],
    header: Header,
    report: ImportReport,
    total: int,
    limits: Limits,
    progress: ProgressCallback | None,
    options: WriteOptions,
) -> None:
    validator = Validator(header, report, limits, options.today)
    if total >= PARALLEL_MIN_ROWS and parallel_available():
        chunks = validated_in_child(validator, pending_rows)
    else:
        chunks = validator.chunks(pending_rows.pop())
    processed = 0
    with secondary_indexes_deferred(0 if options.dry_run else total):
        for count, valid in chunks:
            processed += count
            _write_chunk(valid, report, options)
            if progress:
                progress(processed, total)


class Validator:
    """Checks rows chunk by chunk, remembering across chunks what the rules need
    (national IDs seen, memoised cell checks, rows that may be a signature block)."""

    def __init__(self, header: Header, report: ImportReport, limits: Limits, today: dt.date):
        self.header = header
        self.report = report
        self.limits = limits
        self.today = today
        self.seen_ids: dict[str, int] = {}
        self.memo: dict[tuple, dict] = {}
        self.pending_skips: list[int] = []
        self.rows_with_data = 0

    def chunks(self, rows: Iterator[tuple[int, list[object]]]) -> Iterator[tuple[int, Batch]]:
        """(rows read, valid records) per chunk; errors and warnings go to the report."""
        report = self.report
        while True:
            chunk = list(itertools.islice(rows, CHUNK_ROWS))
            if not chunk:
                break
            if self.rows_with_data + len(chunk) > self.limits.max_rows:
                raise SpreadsheetError(
                    f"Tệp có quá nhiều dòng; giới hạn là {self.limits.max_rows:,} dòng "
                    "mỗi lần nhập."
                )
            before = report.rows  # the child empties the report after each chunk
            valid = _validate_chunk(
                chunk, self.header, report, self.seen_ids, self.pending_skips, self.today,
                self.memo,
            )  # fmt: skip
            self.rows_with_data += report.rows - before
            yield len(chunk), valid
        for number in self.pending_skips:
            report.add_warning(
                number, "", "dòng không có số định danh và họ tên (ví dụ phần ký tên), đã bỏ qua"
            )
        self.pending_skips.clear()
        for number in self.header.examples:
            report.add_warning(number, "", "dòng ví dụ của mẫu nhập, không nhập")
        self.header.examples.clear()


def _validate_chunk(
    chunk: list[tuple[int, list[object]]],
    header: Header,
    report: ImportReport,
    seen_ids: dict[str, int],
    pending_skips: list[int],
    today: dt.date,
    memo: dict[tuple, dict] | None = None,
) -> Batch:
    numbers, rows, skipped_before = _rows_with_data(chunk, header, pending_skips)
    _in_training_levels(rows, header)
    # Transposed at C speed (rows padded to one width first, rarely needed).
    width = max(header.fields, default=-1) + 1
    if any(len(cells) < width for cells in rows):
        rows = [[*cells, *[None] * (width - len(cells))] for cells in rows]
    transposed = list(zip(*rows, strict=False)) if rows else []
    columns = {
        name: transposed[index] if transposed else [] for index, name in header.fields.items()
    }
    del rows, transposed
    checked = check_columns(columns, len(numbers), today, memo)
    del columns
    errors, warnings = checked.errors, checked.warnings
    setdefault = seen_ids.setdefault
    for position, (number, national_id) in enumerate(
        zip(numbers, checked.values["national_id"], strict=True)
    ):
        if national_id is not None:
            first = setdefault(national_id, number)
            if first != number:
                errors.setdefault(position, []).append(
                    ("national_id", f"số {national_id} trùng với dòng {first} trong tệp")
                )
    # Rows that skipped_before calls signature-block rows were not, as data followed.
    report.rows += len(numbers) + sum(map(len, skipped_before.values()))
    for position in sorted({*skipped_before, *errors, *warnings}):
        for skipped in skipped_before.get(position, ()):
            for name in ("national_id", "full_name"):
                report.add_error(skipped, COLUMN_BY_FIELD[name].header, BLANK_REQUIRED)
        number = numbers[position]
        for name, message in warnings.get(position, ()):
            report.add_warning(number, COLUMN_BY_FIELD[name].header, message)
        for name, message in errors.get(position, ()):
            report.add_error(number, COLUMN_BY_FIELD[name].header, message)
    valid = [position for position in range(len(numbers)) if position not in errors]
    return batch_from_columns(numbers, checked.values, valid)


def _in_training_levels(rows: list[list[object]], header: Header) -> None:
    """ "Đang đào tạo" written "x" with the level in the next column (a column of the
    file no template field took, often under a merged "Đang đào tạo" group title): the
    level is what the row says."""
    index = next((i for i, name in header.fields.items() if name == "in_training"), None)
    if index is None or index + 1 in header.fields:
        return
    for cells in rows:
        if index < len(cells):
            beside = cells[index + 1] if index + 1 < len(cells) else None
            cells[index] = in_training_with_level(cells[index], beside)


def _rows_with_data(
    chunk: list[tuple[int, list[object]]], header: Header, pending_skips: list[int]
) -> tuple[list[int], list[list[object]], dict[int, list[int]]]:
    """The rows to check (number, cells), leaving out blank rows, and rows without a
    national ID and a name: those may be the signature block under the table, and are
    kept in `pending_skips` until a row with data follows them (then they are errors,
    listed by the position of that row)."""
    id_index = next((i for i, name in header.fields.items() if name == "national_id"), None)
    name_index = next((i for i, name in header.fields.items() if name == "full_name"), None)
    indexes = list(header.fields)
    numbers: list[int] = []
    rows: list[list[object]] = []
    skipped_before: dict[int, list[int]] = {}
    examples = header.examples
    for number, cells in chunk:
        width = len(cells)
        if (
            id_index is not None
            and id_index < width
            and cells[id_index] == EXAMPLE_NATIONAL_ID  # the template writes it as text
            and name_index is not None
            and name_index < width
            and as_text(cells[name_index]) == EXAMPLE_NAME
        ):
            examples.append(number)  # the template's example row: never a person
            continue
        if id_index is None or id_index >= width or is_blank(cells[id_index]):
            if all(is_blank(cells[index]) for index in indexes if index < width):
                continue
            if name_index is None or name_index >= width or is_blank(cells[name_index]):
                pending_skips.append(number)
                continue
        if pending_skips:
            skipped_before[len(numbers)] = pending_skips[:]
            pending_skips.clear()
        numbers.append(number)
        rows.append(cells)
    return numbers, rows, skipped_before


def _write_chunk(batch: Batch, report: ImportReport, options: WriteOptions) -> None:
    existing = fetch_existing(batch.national_ids)
    if not existing:
        _write_new(batch, report, options)
        return

    scope = options.scope
    new: list[Record] = []
    changed: list[tuple[int, Record]] = []
    unchanged: list[tuple[int, Record]] = []
    for record in batch.records():
        found = existing.get(record.national_id)
        if scope is not None and not (
            scope(str(record.value("province_code")), str(record.value("workplace_unit")))
            and (found is None or scope(found[2], found[3]))
        ):
            report.add_error(record.row, COLUMN_BY_FIELD["workplace_unit"].header, OUT_OF_SCOPE)
            continue
        if found is None:
            new.append(record)
        elif found[1] == record.digest:
            report.unchanged += 1
            unchanged.append((found[0], record))
        else:
            changed.append((found[0], record))
    report.created += len(new)
    report.updated += len(changed)
    _note_degree_changes(changed, report)
    if options.dry_run:
        return
    report.provinces |= touched_provinces(new, changed, unchanged)
    report.added_ids += [record.national_id for record in new]
    write_training_years(
        [(pk, bool(record.value("upskilled_to_standard")),
          bool(record.value("continuing_education"))) for pk, record in unchanged
         if record.value("upskilled_to_standard") or record.value("continuing_education")],
        options.today.year,
    )  # fmt: skip
    for record in (*new, *(r for _, r in changed)):
        agency = match_agency(str(record.value("employer")), str(record.value("province_code")))
        record.agency_id = agency.pk if agency else None
    insert_people(new, today=options.today)
    update_people(
        changed, today=options.today, actor_id=options.actor_id, source=options.source,
        job_id=options.job_id,
    )  # fmt: skip


def touched_provinces(
    new: list[Record], changed: list[tuple[int, Record]], unchanged: list[tuple[int, Record]]
) -> set[str]:
    """The provinces whose counts writing these rows may change: where the new and
    restated people work now (unchanged rows may state this year's training), and every
    province an updated person's history holds (a corrected degree or start of work
    changes past years there)."""
    found = {str(r.value("province_code")) for r in new}
    found |= {str(r.value("province_code")) for _, r in (*changed, *unchanged)}
    ids = [pk for pk, _ in changed]
    for start in range(0, len(ids), PARAMS_PER_QUERY):
        found.update(Employment.objects.filter(person_id__in=ids[start : start + PARAMS_PER_QUERY])
                     .values_list("province_code", flat=True).distinct())  # fmt: skip
    return found


def _note_degree_changes(changed: list[tuple[int, Record]], report: ImportReport) -> None:
    """Count, and list the first rows of, the two rules a changed highest degree follows:
    "sửa trình độ" (the stored degree is superseded) and "thêm bằng mới"."""
    if not changed:
        return

    ids = [pk for pk, _ in changed]
    stored: dict[int, dict[str, object]] = {}
    for start in range(0, len(ids), 900):
        for row in Person.objects.filter(pk__in=ids[start : start + 900]).values(
            "id", "education_level", "education_year"
        ):
            stored[row["id"]] = row
    for pk, record in changed:
        old = stored.get(pk)
        new = {"education_level": record.value("education_level"),
               "education_year": record.value("education_year")}  # fmt: skip
        kind = degree_change(old, new) if old is not None else None
        if kind is None:
            continue
        if kind == ADDED:
            report.degrees_added += 1
        else:
            report.level_corrections += 1
        if len(report.degree_changes) < DEGREE_CHANGES_SHOWN:
            report.degree_changes.append({
                "row": record.row, "kind": kind,
                "old": _degree_text(old), "new": _degree_text(new),
            })  # fmt: skip


def _degree_text(values: dict[str, object]) -> str:
    level = str(values.get("education_level") or "none")
    year = values.get("education_year")
    return f"{label('education_level', level)}{f' ({year})' if year else ''}"


def _write_new(batch: Batch, report: ImportReport, options: WriteOptions) -> None:
    """A chunk of people none of whom is in the registry (a first load): the scope and
    the agency are looked up once per distinct pair of values, not once per row."""
    provinces = batch.column("province_code")
    if options.scope is not None:
        pairs = list(zip(provinces, batch.column("workplace_unit"), strict=True))
        allowed = {pair: options.scope(str(pair[0]), str(pair[1])) for pair in set(pairs)}
        inside = [position for position, pair in enumerate(pairs) if allowed[pair]]
        if len(inside) < len(batch):
            header = COLUMN_BY_FIELD["workplace_unit"].header
            for position, pair in enumerate(pairs):
                if not allowed[pair]:
                    report.add_error(batch.rows[position], header, OUT_OF_SCOPE)
            batch = batch.subset(inside)
            provinces = batch.column("province_code")
    report.created += len(batch)
    if options.dry_run or not len(batch):
        return
    report.provinces |= {str(p) for p in provinces}
    report.added_ids += list(batch.national_ids)
    pairs = list(zip(batch.column("employer"), provinces, strict=True))
    agencies = {}
    for employer, province in set(pairs):
        agency = match_agency(str(employer), str(province))
        agencies[employer, province] = agency.pk if agency else None
    insert_batch(batch, list(map(agencies.__getitem__, pairs)), today=options.today)
