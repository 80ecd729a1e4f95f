"""Reading an export of CSDL CBCCVC as rows of the import template.

`CbccvcReader.open` is the import's `opener` (`people.importing.import_people`): it finds
the CBCCVC header, translates each row into the template's fields and codes (the table in
`layout`), and hands the rows on, so that the template's pipeline — every rule, the
preview, all-or-nothing writing, the scope check, degree corrections, the audit record —
runs unchanged. `finish` then names every error and warning by the CBCCVC column it
came from.

The file is parsed once and read twice. The first pass (in this process, where the database may be
read) translates every row to collect what it says — code translations that failed,
old commune codes, units written by name — and the national IDs; the registry's values
of the people already known are then loaded once. The second pass is the stream the
import reads, possibly in its checking process (`people.parallel`), which may not query
the database: it only reads what the first pass loaded.

A known person keeps what the national database does not hold (sector, expert field,
training in progress, training flags), and what a `keep_when_blank` column leaves empty.
No message depends on whether a person is known: a user must not learn from a warning
that a national ID is registered outside their scope.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from trithuc.codelists.data import ETHNICITY
from trithuc.codelists.services import match_code
from trithuc.lib.spreadsheet import Sheet, SpreadsheetError, sheet_reader
from trithuc.lib.text import fold, fold_alnum, nfc
from trithuc.orgunits.services import (
    UnknownUnit,
    current_province_code,
    resolve_unit,
    successor_names,
)
from trithuc.people.cbccvc import layout
from trithuc.people.importing import Header, ImportReport, locate_header
from trithuc.people.models import Person, TrainingYear
from trithuc.people.template import COLUMN_BY_FIELD, DATA_FIELDS, FALSE_WORDS, TRUE_WORDS, as_text

# A value no template rule accepts: a cell the translation could not read is handed on
# as this, so the template's check refuses the row (never written), and `finish` puts
# the translation's message in place of the template's.
REFUSED = "⛔"
HEADER_LOOKUP: dict[str, str] = {}
for _column in layout.COLUMNS:
    for _name in (_column.header, *_column.aliases):
        HEADER_LOOKUP[fold_alnum(_name)] = _column.key

# The CBCCVC columns each template field is read from, first choice first.
SOURCES: dict[str, tuple[str, ...]] = {}
for _column in layout.COLUMNS:
    if _column.field:
        SOURCES.setdefault(_column.field, ())
        SOURCES[_column.field] += (_column.key,)
SOURCES["is_leader"] = ("position",)
SOURCES["sector"] = ("sector", "grade_code")
FIELD_BY_TEMPLATE_HEADER = {COLUMN_BY_FIELD[name].header: name for name in DATA_FIELDS}
MISSING_COLUMN = "thiếu cột bắt buộc trong tệp"
YEAR_AT_END = re.compile(r"(?:^|\D)(\d{4})\s*$")
GRADE_V = re.compile(r"^V\.?(\d{2})\.(\d{2})\.(\d{2})$")
GRADE_OLD = re.compile(r"^(\d{2})[A-Z]?\.(\d{3})$")
_ETHNICITY_BY_1979 = {entry.extra["code_1979"]: entry.code for entry in ETHNICITY}


def header_key(text: object) -> str | None:
    """The layout's column a header text names (None: a column the layout does not know)."""
    if text is None:
        return None
    return HEADER_LOOKUP.get(fold_alnum(str(text)))


class _Refused(Exception):
    """A cell the translation cannot read; the message says why, in Vietnamese."""


def _blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _words(text: str, words: dict[str, str]) -> tuple[str, str] | None:
    """(code, the rest) when `text` starts with one of `words` (longest first)."""
    folded = fold_alnum(text)
    for word in sorted(words, key=len, reverse=True):
        key = fold_alnum(word)
        if folded == key or folded.startswith(key + " "):
            rest = nfc(text)
            # The rest as written: drop as many words as the key has.
            rest = " ".join(rest.split(" ")[len(word.split(" ")) :]).strip(" -–,:")
            return words[word], rest
    return None


def title_name(text: str) -> str:
    """ "NGUYỄN VĂN AN" (a name in capitals, as Mẫu 2C writes it) → "Nguyễn Văn An"."""
    if text.upper() != text or text.lower() == text:
        return text
    return " ".join(word[:1] + word[1:].lower() for word in text.lower().title().split(" "))


@functools.lru_cache(maxsize=4096)
def is_leader_position(position: str) -> bool:
    """Whether a position names a leadership or management post (layout.LEADER_WORDS)."""
    text = " " + nfc(position).lower() + " "
    for word in layout.NOT_LEADER_WORDS:
        text = text.replace(" " + word + " ", " ")
    return any(f" {word} " in text for word in layout.LEADER_WORDS)


def grade(code: str) -> tuple[str | None, str | None]:
    """(employment type, sector) a grade code gives; None where it says nothing."""
    text = re.sub(r"\s+", "", code).upper()
    match = GRADE_V.match(text)
    if match:
        return "public_employee", layout.GRADE_V_SECTORS.get(match[1])
    match = GRADE_OLD.match(text)
    if match:
        prefix = match[1]
        if prefix in layout.GRADE_OLD_PUBLIC_EMPLOYEE:
            return "public_employee", layout.GRADE_OLD_PUBLIC_EMPLOYEE[prefix]
        if prefix in layout.GRADE_AMBIGUOUS:
            return None, None
        return "civil_servant", layout.GRADE_CIVIL_SECTORS.get(
            prefix, layout.GRADE_CIVIL_DEFAULT_SECTOR
        )
    return None, None


def ethnicity_from_code(text: str) -> str | None:
    """The registry's ethnicity code (2008 list) for a code of ETHNICITY_CODE_SYSTEM."""
    digits = text.strip().lstrip("'’")
    if not digits.isdigit() or not 1 <= len(digits) <= 2:
        return None
    digits = digits.zfill(2)
    if layout.ETHNICITY_CODE_SYSTEM == "1979":
        return _ETHNICITY_BY_1979.get(digits)
    return digits if any(entry.code == digits for entry in ETHNICITY) else None


def _national_id_key(raw: object) -> str | None:
    """The 12-digit ID a cell holds, to look up known people (the template checks it)."""
    text = as_text(raw).lstrip("'’").replace(" ", "")
    if isinstance(raw, int | float) and not isinstance(raw, bool) and text.isdigit():
        text = text.zfill(12)
    return text if len(text) == 12 and text.isdigit() else None


class CbccvcReader:
    """One import of a CBCCVC export: `open` (the import's opener), then `finish`."""

    def __init__(self, today: dt.date | None = None) -> None:
        self.today = today or timezone.localdate()
        self.header_row: int | None = None
        self.present: dict[str, int] = {}  # layout key → column index
        self.texts: dict[str, str] = {}  # layout key → header as written
        self.duplicates: set[str] = set()
        self.header_warnings: list[tuple[str, str]] = []
        self.fields: list[str] = []  # the translated rows' fields, in template order
        self.missing: dict[str, tuple[str, ...]] = {}  # template field → required sources
        self.refusals: dict[tuple[int, str], str] = {}  # (row, template field) → message
        self.row_warnings: list[tuple[int, str, str]] = []  # (row, layout key, message)
        self.units: dict[object, tuple[str | None, str | None, str | None]] = {}
        self.known: dict[str, dict[str, object]] = {}  # national ID → stored values
        self.no_sector_rows = 0
        self._memo: dict[tuple[str, type, object], tuple[object, str | None]] = {}
        self._supplied: dict[str, bool] = {}
        self._keeps: dict[str, bool] = {}

    # --- the opener ---------------------------------------------------------------------

    def open(self, path: Path, sheet_name: str | None) -> Sheet:
        reader = sheet_reader(path, sheet_name)  # parsed once, read twice
        sheet = reader()
        header, rows = locate_header(sheet.rows, lookup=header_key)
        if header is None:
            raise SpreadsheetError(
                _("Không tìm thấy dòng tiêu đề của tệp xuất từ CSDL CBCCVC: cần một dòng có "
                  "ít nhất 3 cột như 'Số định danh cá nhân', 'Họ và tên khai sinh', 'Ngày, "
                  "tháng, năm sinh'.")
            )  # fmt: skip
        self._take_header(header)
        if not self.missing and not self.duplicates:
            ids: set[str] = set()
            for number, cells in rows:  # the first pass: messages, units, IDs
                values = self._translate(number, cells, first=True)
                if values is not None and (key := _national_id_key(values.get("national_id"))):
                    ids.add(key)
            self._load_known(ids)
        del sheet, rows
        again = reader()
        _found, rows = locate_header(again.rows, lookup=header_key)
        return Sheet(name=again.name, total_rows=again.total_rows, rows=self._stream(rows))

    def _take_header(self, header: Header) -> None:
        self.header_row = header.row
        for index, key in sorted(header.fields.items()):
            if key in self.present:
                self.duplicates.add(key)
                continue
            self.present[key] = index
            self.texts[key] = header.texts.get(index, layout.COLUMN_BY_KEY[key].header)
        for key in self.present:
            if layout.COLUMN_BY_KEY[key].field is None and key != "row_number":
                self.header_warnings.append(
                    (self.texts[key], _("cột của CSDL CBCCVC mà CSDL trí thức không lưu, "
                                        "đã bỏ qua"))
                )  # fmt: skip
        for text in header.unknown.values():
            self.header_warnings.append(
                (text, _("cột không có trong bố cục trao đổi CSDL CBCCVC, đã bỏ qua"))
            )
        for alternatives in layout.REQUIRED:
            if not any(key in self.present for key in alternatives):
                field = layout.COLUMN_BY_KEY[alternatives[0]].field
                self.missing[str(field)] = alternatives
        self.fields = [name for name in DATA_FIELDS if name not in self.missing]
        self._supplied = {
            name: any(key in self.present for key in SOURCES.get(name, ())) for name in DATA_FIELDS
        }
        self._keeps = {
            name: any(layout.COLUMN_BY_KEY[key].keep_when_blank
                      for key in SOURCES.get(name, ()) if key in self.present)
            for name in DATA_FIELDS
        }  # fmt: skip
        # A CBCCVC column given twice: its field twice in the translated header, so that
        # the template's check says "cột bị lặp lại" (under the CBCCVC name, by `finish`).
        for key in sorted(self.duplicates):
            field = layout.COLUMN_BY_KEY[key].field
            if field:
                self.fields.append(field)

    def _stream(self, rows: Iterator[tuple[int, list[object]]]) -> Iterator[tuple[int, list]]:
        yield int(self.header_row or 1), [COLUMN_BY_FIELD[name].header for name in self.fields]
        for number, cells in rows:
            values = self._translate(number, cells, first=False)
            if values is None:
                yield number, []
            else:
                yield number, [values.get(name) for name in self.fields]

    # --- one row ------------------------------------------------------------------------

    def _translate(self, number: int, cells: list[object], *, first: bool) -> dict | None:
        """The row's template values (None for a blank row). The first pass records the
        refusals and warnings; the second merges what the registry holds."""
        width = len(cells)
        raw = {key: cells[i] if i < width else None for key, i in self.present.items()}
        id_cell, name_cell = raw.get("national_id"), raw.get("full_name")
        if _blank(id_cell) and _blank(name_cell):
            texts = [as_text(value) for value in raw.values()]
            filled = [text for text in texts if text]
            # A signature block under the table: the template skips it with a warning.
            return {"employer": filled[0]} if filled else None
        values: dict[str, object] = {
            "national_id": id_cell,
            "full_name": title_name(as_text(name_cell)) if not _blank(name_cell) else None,
        }
        for key in ("birth_date", "religion", "employer", "position", "education_year",
                    "training_field", "phone", "email"):  # fmt: skip
            if key in raw:
                values[key] = raw[key]
        read = {
            "gender": self._gender, "ethnicity": self._ethnicity,
            "workplace_unit": self._unit, "employment_type": self._employment_type,
            "education_level": self._education_level, "academic_title": self._title,
            "political_theory_level": self._political_theory, "party_member": self._party,
            "work_start_year": self._recruitment_year,
        }  # fmt: skip
        for name, reader in read.items():
            if not self._supplied[name]:
                continue
            try:
                values[name] = reader(raw, values)
            except _Refused as exc:
                values[name] = REFUSED
                if first:
                    self.refusals[number, name] = str(exc)
        if first and "workplace_unit" in self.present:
            cell = raw.get("workplace_unit")
            warning = self.units.get((type(cell), cell), (None, None, None))[1]
            if warning:
                self.row_warnings.append((number, "workplace_unit", warning))
        if "position" in self.present:
            values["is_leader"] = is_leader_position(as_text(values.get("position")))
        values["sector"] = self._sector(raw, number, first)
        if first:
            return values
        return self._merged(values, sector_stated=not _blank(raw.get("sector")))

    def _merged(self, values: dict[str, object], *, sector_stated: bool) -> dict[str, object]:
        """The row with what the registry holds for a known person (what this file does
        not say), or the defaults of a new one."""
        stored = self.known.get(_national_id_key(values.get("national_id")) or "")
        for name in self.fields:
            value = values.get(name)
            # Present in the file, or said by another column (the major written after
            # the level: "Thạc sĩ Quản lý giáo dục").
            supplied = self._supplied[name] or value not in (None, "")
            if name == "sector":
                # A grade code's sector is a guess: it never replaces a known person's.
                if not sector_stated and stored is not None:
                    values[name] = stored["sector"]
                continue
            if not supplied:
                values[name] = (
                    stored[name] if stored is not None
                    else layout.REGISTRY_ONLY_DEFAULTS.get(name, False if name == "is_leader"
                                                             else None)
                )  # fmt: skip
            elif stored is not None and (value is None or value == "") and self._keeps[name]:
                values[name] = stored[name]
        return values

    # --- the readers, one per translated field ------------------------------------------

    def _memoised(self, name: str, raw: object, reader) -> object:  # noqa: ANN001
        key = (name, type(raw), raw)
        found = self._memo.get(key)
        if found is None:
            try:
                found = (reader(raw), None)
            except _Refused as exc:
                found = (None, str(exc))
            if len(self._memo) < 200_000:
                self._memo[key] = found
        if found[1] is not None:
            raise _Refused(found[1])
        return found[0]

    def _gender(self, raw: dict, values: dict) -> object:
        cell = raw.get("gender")
        if _blank(cell):
            return None

        def read(value: object) -> str:
            text = as_text(value)
            code = layout.GENDER_CODES.get(text) or match_code("gender", text)
            if code is None:
                raise _Refused(
                    _("giới tính '%(text)s' không đọc được; chấp nhận: Nam, Nữ, mã 1 (Nam), "
                      "2 (Nữ)") % {"text": text}
                )  # fmt: skip
            return code

        return self._memoised("gender", cell, read)

    def _ethnicity(self, raw: dict, values: dict) -> object:
        pair = (raw.get("ethnicity_code"), raw.get("ethnicity"))
        return self._memoised("ethnicity", pair, self._ethnicity_of)

    def _ethnicity_of(self, pair: tuple[object, object]) -> object:
        code_cell, name_cell = pair
        by_name = by_code = None
        if not _blank(name_cell):
            by_name = match_code("ethnicity", as_text(name_cell))
        if not _blank(code_cell):
            by_code = ethnicity_from_code(as_text(code_cell))
            if by_code is None:
                raise _Refused(
                    _("mã dân tộc '%(code)s' không có trong danh mục (bảng mã %(system)s)")
                    % {"code": as_text(code_cell), "system": layout.ETHNICITY_CODE_SYSTEM}
                )
            if by_name is not None and by_name != by_code:
                raise _Refused(
                    _("mã dân tộc '%(code)s' không khớp tên dân tộc '%(name)s' trong cùng dòng")
                    % {"code": as_text(code_cell), "name": as_text(name_cell)}
                )
            return by_code
        if _blank(name_cell):
            return None
        if by_name is None:
            raise _Refused(
                _("dân tộc '%(text)s' không có trong danh mục 54 dân tộc")
                % {"text": as_text(name_cell)}
            )
        return by_name

    def _unit(self, raw: dict, values: dict) -> object:
        cell = raw.get("workplace_unit")
        if _blank(cell):
            return None
        key = (type(cell), cell)
        found = self.units.get(key)
        if found is None:
            found = self.units[key] = self._resolve_unit(cell)
        code, _note, refusal = found
        if refusal:
            raise _Refused(refusal)
        return code if code is not None else cell

    def _resolve_unit(self, raw: object) -> tuple[str | None, str | None, str | None]:
        """(current code or None to let the template's rule speak, warning, refusal)."""
        text = as_text(raw).lstrip("'’").strip()
        if isinstance(raw, int | float) and not isinstance(raw, bool) and text.isdigit():
            short = text.zfill(2)
            text = short if len(text) <= 2 and current_province_code(short) else text.zfill(5)
        if text.isdigit():
            if current_province_code(text) or len(text) != 5:
                return text, None, None
            successors = successor_names(text, "commune")
            if len(successors) == 1:
                new_code, name = successors[0]
                return (
                    new_code,
                    _("mã xã '%(old)s' có từ trước 01/7/2025; đã quy đổi thành %(name)s (%(code)s)")
                    % {"old": text, "name": name, "code": new_code},
                    None,
                )
            return None, None, None  # the template lists the successors
        try:
            unit = resolve_unit(text)
        except UnknownUnit as exc:
            return None, None, str(exc)
        return unit.code, None, None

    def _employment_type(self, raw: dict, values: dict) -> object:
        staff, code = raw.get("staff_category"), raw.get("grade_code")
        if not _blank(staff):

            def read(value: object) -> str:
                text = as_text(value)
                found = (
                    match_code("employment_type", text)
                    or (_words(text, layout.STAFF_CATEGORY_WORDS) or (None,))[0]
                )
                if found is None:
                    raise _Refused(
                        _("đối tượng '%(text)s' không đọc được; chấp nhận: Cán bộ, Công chức, "
                          "Viên chức, Người lao động") % {"text": text}
                    )  # fmt: skip
                return found

            return self._memoised("employment_type", staff, read)
        if _blank(code):
            return None
        kind = grade(as_text(code))[0]
        if kind is None:
            raise _Refused(
                _("mã ngạch '%(code)s' không cho biết là công chức hay viên chức; hãy ghi cột "
                  "'Đối tượng'") % {"code": as_text(code)}
            )  # fmt: skip
        return kind

    def _sector(self, raw: dict, number: int, first: bool) -> object:
        """The sector a row states ("Lĩnh vực", a column of the registry's own), else the
        one its grade code gives, else "other" (for a new person: `_merged` keeps a
        known person's)."""
        stated = raw.get("sector")
        if not _blank(stated):
            code = match_code("sector", as_text(stated))
            if code is None:
                if first:
                    self.refusals[number, "sector"] = _(
                        "lĩnh vực '%(text)s' không có trong danh mục lĩnh vực"
                    ) % {"text": as_text(stated)}
                return REFUSED
            return code
        grade_cell = raw.get("grade_code")
        sector = grade(as_text(grade_cell))[1] if not _blank(grade_cell) else None
        if sector is None:
            if first:
                self.no_sector_rows += 1
            return "other"
        return sector

    def _education_level(self, raw: dict, values: dict) -> object:
        cell = raw.get("education_level")
        if _blank(cell):
            return None

        def read(value: object) -> tuple[str, str]:
            text = as_text(value)
            code = match_code("education_level", text)
            if code is not None:
                return code, ""
            found = _words(text, layout.EDUCATION_WORDS)
            if found is None:
                raise _Refused(
                    _("trình độ '%(text)s' không đọc được; ghi Tiến sĩ, Thạc sĩ, Đại học (Cử "
                      "nhân, Kỹ sư, Bác sĩ…), Chuyên khoa I/II, Cao đẳng, Trung cấp…")
                    % {"text": text}
                )  # fmt: skip
            return found

        level, major = self._memoised("education_level", cell, read)  # type: ignore[misc]
        if major and _blank(values.get("training_field")):
            values["training_field"] = major
        return level

    def _title(self, raw: dict, values: dict) -> object:
        cell = raw.get("academic_title")
        if _blank(cell):
            return ""

        def read(value: object) -> str:
            text = as_text(value)
            if fold(text) in FALSE_WORDS:
                return ""
            code = match_code("academic_title", text)
            if code is None:
                raise _Refused(
                    _("học hàm '%(text)s' không đọc được; chấp nhận: GS, PGS (Giáo sư, Phó "
                      "giáo sư) hoặc để trống") % {"text": text}
                )  # fmt: skip
            return code

        return self._memoised("academic_title", cell, read)

    def _political_theory(self, raw: dict, values: dict) -> object:
        cell = raw.get("political_theory")
        if _blank(cell):
            return ""

        def read(value: object) -> str:
            text = as_text(value)
            if fold(text) in FALSE_WORDS:
                return ""
            code = (
                match_code("political_theory_level", text)
                or (_words(text, layout.POLITICAL_THEORY_WORDS) or (None,))[0]
            )
            if code is None:
                raise _Refused(
                    _("lý luận chính trị '%(text)s' không đọc được; chấp nhận: Sơ cấp, Trung "
                      "cấp, Cao cấp, Cử nhân hoặc để trống") % {"text": text}
                )  # fmt: skip
            return code

        return self._memoised("political_theory_level", cell, read)

    def _party(self, raw: dict, values: dict) -> object:
        flag, joined = raw.get("party_member"), raw.get("party_join_date")
        member = False
        if not _blank(flag):
            text = fold(as_text(flag)).strip(". ")
            if text in TRUE_WORDS:
                member = True
            elif text not in FALSE_WORDS:
                raise _Refused(
                    _("giá trị '%(text)s' của cột 'Đảng viên' không đọc được; chấp nhận: x, "
                      "Có, Không hoặc để trống") % {"text": as_text(flag)}
                )  # fmt: skip
        if not _blank(joined) and fold(as_text(joined)).strip(" .-") not in FALSE_WORDS:
            member = True
        return member

    def _recruitment_year(self, raw: dict, values: dict) -> object:
        cell = raw.get("recruitment_date")
        if _blank(cell):
            return None
        if isinstance(cell, dt.datetime | dt.date):
            return cell.year
        if isinstance(cell, int | float) and not isinstance(cell, bool) and 1900 <= cell <= 2100:
            return int(cell)
        match = YEAR_AT_END.search(as_text(cell))
        if match is None:
            raise _Refused(
                _("'%(text)s' không phải ngày (dd/mm/yyyy), tháng (mm/yyyy) hay năm tuyển dụng")
                % {"text": as_text(cell)}
            )
        return int(match[1])

    # --- the registry's values of known people ------------------------------------------

    def _load_known(self, ids: set[str]) -> None:
        ordered = sorted(ids)
        continuing: set[int] = set()
        for start in range(0, len(ordered), 900):
            chunk = ordered[start : start + 900]
            for row in Person.objects.filter(national_id__in=chunk).values(
                "id", "national_id", *DATA_FIELDS
            ):
                self.known[str(row["national_id"])] = row
        # "Đào tạo liên tục trong năm" holds for its year only: kept when stated this year.
        pks = [row["id"] for row in self.known.values()]
        for start in range(0, len(pks), 900):
            continuing.update(
                TrainingYear.objects.filter(
                    person_id__in=pks[start : start + 900], year=self.today.year,
                    continuing_education=True,
                ).values_list("person_id", flat=True)
            )  # fmt: skip
        for row in self.known.values():
            row["continuing_education"] = row["id"] in continuing

    # --- the report, in CBCCVC terms ----------------------------------------------------

    def column_text(self, field: str) -> str:
        """The CBCCVC column a template field comes from, as the file writes it."""
        sources = SOURCES.get(field, ())
        for key in sources:
            if key in self.present:
                return self.texts[key]
        if sources:
            return layout.COLUMN_BY_KEY[sources[0]].header
        return _("%(header)s (CSDL trí thức)") % {"header": COLUMN_BY_FIELD[field].header}

    def finish(self, report: ImportReport) -> None:
        """Name the report's columns by the CBCCVC file's, put the translation's messages
        in place of the template's where a cell could not be translated, and add the
        translation's warnings."""
        rename = {COLUMN_BY_FIELD[name].header: self.column_text(name) for name in DATA_FIELDS}
        for item in report.errors:
            field = FIELD_BY_TEMPLATE_HEADER.get(str(item["column"]))
            if field is None:
                continue
            message = self.refusals.get((item["row"], field))  # type: ignore[arg-type]
            if message:
                item["message"] = message
            elif item["message"] == MISSING_COLUMN and field in self.missing:
                names = [layout.COLUMN_BY_KEY[key].header for key in self.missing[field]]
                if len(names) > 1:
                    item["message"] = _("thiếu cột bắt buộc: cần cột %(names)s") % {
                        "names": _(" hoặc ").join(f"'{name}'" for name in names)
                    }
            item["column"] = self.column_text(field)
        for item in report.warnings:
            field = FIELD_BY_TEMPLATE_HEADER.get(str(item["column"]))
            if field is not None:
                item["column"] = self.column_text(field)
        for counts in (report.error_counts, report.warning_counts):
            renamed: dict[str, int] = {}
            for column, count in counts.items():
                name = rename.get(column, column)
                renamed[name] = renamed.get(name, 0) + count
            counts.clear()
            counts.update(renamed)
        for text, message in self.header_warnings:
            report.add_warning(self.header_row, text, message)
        if self.no_sector_rows:
            report.add_warning(
                self.header_row, layout.COLUMN_BY_KEY["grade_code"].header,
                _("%(rows)s dòng không suy ra được lĩnh vực (không có cột 'Lĩnh vực', mã ngạch "
                  "trống hoặc không cho biết lĩnh vực): hồ sơ mới ghi lĩnh vực 'Khác', hồ sơ đã "
                  "có giữ lĩnh vực đang lưu") % {"rows": self.no_sector_rows},
            )  # fmt: skip
        for number, key, message in self.row_warnings:
            report.add_warning(number, self.texts.get(key, key), message)
