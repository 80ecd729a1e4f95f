"""The people import template: its columns, and the rules every value must follow.

The web form and the API check one record with `validate_record`, the import checks a
chunk of rows column by column with `check_columns`; the first is the second for one
row, so that a profile is held to the same rules however it arrives.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from numbers import Number

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from trithuc.codelists.services import match_code
from trithuc.lib.legacy_encoding import fix_legacy_text
from trithuc.lib.text import fold, fold_alnum, nfc
from trithuc.orgunits.services import current_province_code, successor_names


@dataclass(frozen=True)
class Column:
    number: int
    header: str
    field: str
    required: bool = False
    aliases: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.required, bool):
            raise TypeError(f"Column {self.number}: required must be a bool")


COLUMNS: tuple[Column, ...] = (
    Column(1, "STT", "row_number", aliases=("TT", "Số thứ tự")),
    Column(2, "Số định danh cá nhân", "national_id", True,
           ("Số CCCD", "CCCD", "Số căn cước công dân", "Số căn cước", "Mã định danh")),
    Column(3, "Họ và tên", "full_name", True, ("Họ tên",)),
    Column(4, "Ngày sinh", "birth_date", True, ("Ngày, tháng, năm sinh", "Năm sinh")),
    Column(5, "Giới tính", "gender", True),
    Column(6, "Dân tộc", "ethnicity", True),
    Column(7, "Tôn giáo", "religion"),
    Column(8, "Mã xã/phường nơi công tác", "workplace_unit", True,
           ("Mã xã phường nơi công tác", "Mã đơn vị hành chính")),
    Column(9, "Cơ quan, đơn vị công tác", "employer", True,
           ("Cơ quan đơn vị công tác", "Đơn vị công tác", "Cơ quan công tác")),
    Column(10, "Loại hình", "employment_type", True),
    Column(11, "Lĩnh vực", "sector", True),
    Column(12, "Chức vụ", "position"),
    Column(13, "Lãnh đạo, quản lý", "is_leader", aliases=("Lãnh đạo quản lý",)),
    Column(14, "Trình độ chuyên môn cao nhất", "education_level", True,
           ("Trình độ chuyên môn",)),
    Column(15, "Năm đạt trình độ cao nhất", "education_year", aliases=("Năm đạt trình độ",)),
    Column(16, "Chuyên ngành đào tạo", "training_field", aliases=("Chuyên ngành",)),
    Column(17, "Học hàm", "academic_title"),
    Column(18, "Lý luận chính trị", "political_theory_level",
           aliases=("Trình độ lý luận chính trị",)),
    Column(19, "Đảng viên", "party_member"),
    Column(20, "Đã bồi dưỡng theo tiêu chuẩn ngạch, chức danh", "upskilled_to_standard",
           aliases=("Đã bồi dưỡng theo tiêu chuẩn ngạch chức danh",)),
    Column(21, "Đào tạo liên tục trong năm", "continuing_education"),
    Column(22, "Đang đào tạo", "in_training"),
    Column(23, "Năm dự kiến hoàn thành", "in_training_until"),
    Column(24, "Lĩnh vực chuyên gia", "expert_field"),
    Column(25, "Điện thoại", "phone", aliases=("Số điện thoại",)),
    Column(26, "Email", "email", aliases=("Thư điện tử", "E-mail")),
    Column(27, "Năm bắt đầu công tác", "work_start_year",
           aliases=("Năm bắt đầu làm việc", "Năm tuyển dụng", "Năm vào ngành")),
)  # fmt: skip
COLUMN_BY_FIELD = {column.field: column for column in COLUMNS}
DATA_FIELDS = tuple(column.field for column in COLUMNS if column.field != "row_number")
HEADER_LOOKUP: dict[str, str] = {}
for _column in COLUMNS:
    for _name in (_column.header, _column.field, *_column.aliases):
        HEADER_LOOKUP[fold_alnum(_name)] = _column.field

TEXT_LIMITS = {
    "religion": 60, "employer": 200, "position": 150, "training_field": 200,
    "expert_field": 200,
}  # fmt: skip
TRUE_WORDS = {"x", "co", "1", "true"}
FALSE_WORDS = {"", "khong", "0", "false"}
NAME_RE = re.compile(r"^[^\W\d_]+(?:[ '\-’][^\W\d_]+)*$")
DIGITS_RE = re.compile(r"\d+")
DATE_PATTERNS = (
    re.compile(r"^(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{4})$"),
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
)
YEAR_RE = re.compile(r"^\d{4}$")
PHONE_RE = re.compile(r"^(?:0\d{9}|\+84\d{9})$")


# The template's example row (blank_template): recognised and never imported.
EXAMPLE_NATIONAL_ID = "004085001234"
EXAMPLE_NAME = "Nông Thị Hoa (ví dụ)"


def in_training_with_level(cell: object, beside: object) -> object:
    """An "x" in "Đang đào tạo" with a level in the next cell stands for that level."""
    if fold(as_text(cell)).strip(". ") in TRUE_WORDS and not is_blank(beside):
        return beside
    return cell


class FieldError(Exception):
    """A value that breaks a template rule; the message names the rule in Vietnamese."""


@dataclass
class Context:
    today: dt.date
    warnings: list[tuple[str, str]] = field(default_factory=list)
    # Set by number cells that Excel shortened, so the padding can be reported.
    values: dict[str, object] = field(default_factory=dict)


def header_field(header: object) -> str | None:
    if header is None:
        return None
    return HEADER_LOOKUP.get(fold_alnum(str(header)))


# ---- cell helpers -------------------------------------------------------------


def as_text(raw: object) -> str:
    """A cell as trimmed NFC text; whole numbers lose Excel's '.0'."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "x" if raw else ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat()
    return nfc(str(raw))


def free_text(raw: object, name: str, ctx: Context) -> str:
    text = as_text(raw)
    if text:
        text, encoding = fix_legacy_text(text)
        if encoding:
            ctx.warnings.append(
                (name, f"đã chuyển từ bảng mã cũ {encoding.upper()} sang Unicode: '{text}'")
            )
        text = nfc(text)
    limit = TEXT_LIMITS.get(name)
    if limit and len(text) > limit:
        raise FieldError(f"dài quá {limit} ký tự")
    return text


def _coded(list_name: str, accepted: str) -> Callable[[object, Context], str]:
    def clean(raw: object, ctx: Context) -> str:
        text = free_text(raw, list_name, ctx)
        if not text:
            return ""
        code = match_code(list_name, text)
        if code is None:
            raise FieldError(f"giá trị '{text}' không hợp lệ; chấp nhận: {accepted}")
        return code

    return clean


def _flag(raw: object, ctx: Context) -> bool:
    text = fold(as_text(raw)).strip(". ")
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise FieldError(f"giá trị '{as_text(raw)}' không hợp lệ; chấp nhận: x, Có hoặc để trống")


def _year(raw: object) -> int | None:
    text = as_text(raw)
    if not text:
        return None
    if isinstance(raw, dt.date):
        return raw.year
    if not YEAR_RE.match(text):
        raise FieldError(f"'{text}' không phải năm hợp lệ (yyyy)")
    return int(text)


# ---- one function per rule ------------------------------------------------------


def clean_national_id(raw: object, ctx: Context) -> str:
    if (
        type(raw) is str
        and len(raw) == 12
        and raw.isascii()
        and raw.isdigit()
        and 1 <= int(raw[:3]) <= 96
    ):
        return raw  # the usual cell (12 plain digits), which the path below leaves as is
    text = as_text(raw).lstrip("'’").replace(" ", "").replace("\u00a0", "")
    if not DIGITS_RE.fullmatch(text or "x"):
        raise FieldError("phải gồm đúng 12 chữ số")
    if isinstance(raw, int | float) and not isinstance(raw, bool) and len(text) < 12:
        text = text.zfill(12)
        ctx.warnings.append(("national_id", f"Excel đã bỏ số 0 ở đầu; đã bổ sung thành {text}"))
    if len(text) != 12:
        raise FieldError(f"phải gồm đúng 12 chữ số (đang có {len(text)})")
    if not 1 <= int(text[:3]) <= 96:
        raise FieldError(
            f"3 chữ số đầu ({text[:3]}) phải là mã tỉnh nơi đăng ký khai sinh, từ 001 đến 096"
        )
    return text


def clean_full_name(raw: object, ctx: Context) -> str:
    text = free_text(raw, "full_name", ctx)
    if not 2 <= len(text) <= 100:
        raise FieldError("phải dài từ 2 đến 100 ký tự")
    if not NAME_RE.match(text):
        raise FieldError(
            "chỉ được gồm chữ cái (có dấu tiếng Việt), dấu cách, dấu nháy đơn và gạch nối"
        )
    return text


def clean_birth_date(raw: object, ctx: Context) -> dt.date:
    birth, year_only = parse_date(raw)
    ctx.values["birth_year_only"] = year_only
    age = ctx.today.year - birth.year
    if not year_only and (ctx.today.month, ctx.today.day) < (birth.month, birth.day):
        age -= 1
    if not 16 <= age <= 100:
        raise FieldError(f"tuổi tại ngày nhập phải từ 16 đến 100 (đang là {age})")
    ctx.values["birth_year"] = birth.year
    return birth


def parse_date(raw: object) -> tuple[dt.date, bool]:
    """A date cell, dd/mm/yyyy, d/m/yyyy, yyyy-mm-dd, or a bare year (year_only=True)."""
    if isinstance(raw, dt.datetime):
        return raw.date(), False
    if isinstance(raw, dt.date):
        return raw, False
    text = as_text(raw)
    if not text:
        raise FieldError("không được để trống")
    if YEAR_RE.match(text):
        return dt.date(int(text), 1, 1), True
    for pattern in DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return dt.date(int(match["y"]), int(match["m"]), int(match["d"])), False
            except ValueError:
                break
    raise FieldError(f"'{text}' không phải ngày hợp lệ (dd/mm/yyyy, yyyy-mm-dd hoặc yyyy)")


def clean_workplace_unit(raw: object, ctx: Context) -> str:
    text = as_text(raw).lstrip("'’").strip()
    if isinstance(raw, int | float) and not isinstance(raw, bool) and text.isdigit():
        text = (
            text.zfill(2)
            if len(text) <= 2 and current_province_code(text.zfill(2))
            else (text.zfill(5))
        )
    if not re.fullmatch(r"\d{2}|\d{5}", text):
        raise FieldError(
            f"'{text}' phải là mã 5 chữ số của xã/phường/đặc khu hiện hành, "
            "hoặc mã 2 chữ số của tỉnh"
        )
    province = current_province_code(text)
    if province is None:
        successors = successor_names(text, "commune" if len(text) == 5 else "province")
        hint = ""
        if successors:
            names = ", ".join(f"{code} {name}" for code, name in successors[:3])
            hint = f"; đơn vị mới sau sắp xếp: {names}"
        raise FieldError(f"mã '{text}' không phải đơn vị hành chính hiện hành (từ 01/7/2025){hint}")
    ctx.values["province_code"] = province
    return text


def clean_employer(raw: object, ctx: Context) -> str:
    return free_text(raw, "employer", ctx)


def clean_education_year(raw: object, ctx: Context) -> int | None:
    year = _year(raw)
    if year is None:
        return None
    birth_year = ctx.values.get("birth_year")
    if isinstance(birth_year, int) and year < birth_year + 15:
        raise FieldError(f"năm {year} sớm hơn năm sinh + 15 ({birth_year + 15})")
    if year > ctx.today.year:
        raise FieldError(f"năm {year} ở tương lai")
    return year


def clean_work_start_year(raw: object, ctx: Context) -> int | None:
    year = _year(raw)
    if year is None:
        return None
    birth_year = ctx.values.get("birth_year")
    if isinstance(birth_year, int) and year < birth_year + 15:
        raise FieldError(f"năm {year} sớm hơn năm sinh + 15 ({birth_year + 15})")
    if year > ctx.today.year:
        raise FieldError(f"năm {year} ở tương lai")
    return year


def clean_academic_title(raw: object, ctx: Context) -> str:
    return _coded("academic_title", "GS, PGS hoặc để trống")(raw, ctx)


def clean_in_training_until(raw: object, ctx: Context) -> int | None:
    year = _year(raw)
    if ctx.values.get("in_training") and year is None:
        raise FieldError("bắt buộc khi đã điền cột 'Đang đào tạo'")
    return year


def clean_phone(raw: object, ctx: Context) -> str:
    if type(raw) is str and len(raw) == 10 and raw[0] == "0" and raw.isascii() and raw.isdigit():
        return raw  # the usual cell, which the general path below leaves as is
    text = re.sub(r"[\s.\-()]", "", as_text(raw).lstrip("'’"))
    if not text:
        return ""
    if isinstance(raw, int | float) and not isinstance(raw, bool) and len(text) == 9:
        text = "0" + text
        ctx.warnings.append(("phone", f"Excel đã bỏ số 0 ở đầu; đã bổ sung thành {text}"))
    if text.startswith("84") and len(text) == 11:
        text = "+" + text
    if not PHONE_RE.match(text):
        raise FieldError("phải là số điện thoại Việt Nam: 10 chữ số bắt đầu bằng 0, hoặc +84")
    return text


def clean_email(raw: object, ctx: Context) -> str:
    text = as_text(raw)
    if not text:
        return ""
    try:
        validate_email(text)
    except ValidationError as exc:
        raise FieldError(f"'{text}' không phải địa chỉ email hợp lệ") from exc
    return text


def _free(name: str) -> Callable[[object, Context], str]:
    return lambda raw, ctx: free_text(raw, name, ctx)


CLEANERS: dict[str, Callable[[object, Context], object]] = {
    "national_id": clean_national_id,
    "full_name": clean_full_name,
    "birth_date": clean_birth_date,
    "gender": _coded("gender", "Nam, Nữ"),
    "ethnicity": _coded("ethnicity", "tên một trong 54 dân tộc hoặc mã 2 chữ số"),
    "religion": _free("religion"),
    "workplace_unit": clean_workplace_unit,
    "employer": clean_employer,
    "employment_type": _coded(
        "employment_type",
        "Cán bộ, Công chức, Viên chức, Người lao động, Doanh nghiệp, Tự do, Nghỉ hưu",
    ),
    "sector": _coded(
        "sector",
        "Nông nghiệp, Giáo dục và đào tạo, Y tế, Văn học, nghệ thuật, thể thao, "
        "Du lịch, dịch vụ, Kỹ thuật, công nghiệp, Quản lý nhà nước, Khác",
    ),
    "position": _free("position"),
    "is_leader": _flag,
    "education_level": _coded(
        "education_level",
        "Chưa qua đào tạo, Sơ cấp, Trung cấp, Cao đẳng, Đại học, Thạc sĩ, Chuyên khoa I, "
        "Bác sĩ nội trú, Chuyên khoa II, Tiến sĩ, Tiến sĩ khoa học",
    ),
    "education_year": clean_education_year,
    "training_field": _free("training_field"),
    "academic_title": clean_academic_title,
    "political_theory_level": _coded(
        "political_theory_level", "Sơ cấp, Trung cấp, Cao cấp, Cử nhân hoặc để trống"
    ),
    "party_member": _flag,
    "upskilled_to_standard": _flag,
    "continuing_education": _flag,
    "in_training": _coded(
        "in_training",
        "Thạc sĩ, Tiến sĩ, Chuyên khoa I, Chuyên khoa II, hoặc 'x' kèm trình độ ở cột bên "
        "cạnh, hoặc để trống",
    ),
    "in_training_until": clean_in_training_until,
    "expert_field": _free("expert_field"),
    "phone": clean_phone,
    "email": clean_email,
    "work_start_year": clean_work_start_year,
}
assert set(CLEANERS) == set(DATA_FIELDS)


@dataclass
class Validated:
    values: dict[str, object]
    errors: list[tuple[str, str]]
    warnings: list[tuple[str, str]]


def cross_check_national_id(values: dict[str, object]) -> list[tuple[str, str]]:
    """The 4th digit encodes sex and century, the 5th–6th the birth year: flag mismatches.

    Only a warning: the template does not make it a rule, and some old numbers differ.
    """
    found = national_id_mismatch(
        values.get("national_id"), values.get("birth_date"), values.get("gender")
    )
    return [found] if found else []


def national_id_mismatch(
    national_id: object, birth: object, gender: object
) -> tuple[str, str] | None:
    """`cross_check_national_id` for one record's three values: the warning, or None."""
    if (
        type(national_id) is not str
        or len(national_id) != 12
        or not isinstance(birth, dt.date)
        or gender not in GENDER_DIGIT
    ):
        return None
    century = (birth.year - 1900) // 100
    expected = str(2 * century + GENDER_DIGIT[str(gender)]) + f"{birth.year % 100:02d}"
    if century < 0 or national_id[3:6] == expected:
        return None
    return (
        "national_id",
        f"chữ số thứ 4–6 ({national_id[3:6]}) không khớp giới tính và năm sinh "
        f"(dự kiến {expected}); kiểm tra lại số định danh",
    )


GENDER_DIGIT = {"male": 0, "female": 1}


def is_blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


# How `check_columns` runs each cleaner over a column:
# - MEMOISED: the outcome depends on the cell and the values the cleaner READS alone
#   (and the import's date): computed once per distinct (cell, values read); labels,
#   employers, names, dates, flags and years repeat a lot. What the cleaner adds to
#   ctx.values (workplace_unit: province_code; birth_date: birth_year_only, birth_year)
#   and its warnings are remembered with the outcome and replayed.
# - the others (national ID, phone, email: nearly every cell differs) run per cell, but
#   once per blank cell.
# A cleaner sees in ctx.values only what it READS (earlier fields or added values):
# reading anything else fails (_OnlyDeclared), as the memo would then be wrong.
MEMOISED = frozenset({
    "full_name", "birth_date", "gender", "ethnicity", "religion", "workplace_unit",
    "employer", "employment_type", "sector", "position", "is_leader", "education_level",
    "education_year", "training_field", "academic_title", "political_theory_level",
    "party_member", "upskilled_to_standard", "continuing_education", "in_training",
    "in_training_until", "expert_field", "work_start_year",
})  # fmt: skip
READS: dict[str, tuple[str, ...]] = {
    "education_year": ("birth_year",),
    "in_training_until": ("in_training",),
    "work_start_year": ("birth_year",),
}
# Values a cleaner adds beside its own field, and what a row has when it adds none.
ADDED_DEFAULTS: dict[str, object] = {
    "province_code": None, "birth_year_only": False, "birth_year": None,
}  # fmt: skip
MEMO_LIMIT = 100_000  # outcomes remembered per field
BLANK_REQUIRED = "không được để trống"


@dataclass(frozen=True)
class _Step:
    name: str
    required: bool
    memoised: bool
    reads: tuple[str, ...]

    @property
    def clean(self) -> Callable[[object, Context], object]:
        # Looked up at each run, not bound once: tests replace a rule in CLEANERS.
        return CLEANERS[self.name]


PLAN = tuple(
    _Step(name, COLUMN_BY_FIELD[name].required, name in MEMOISED, READS.get(name, ()))
    for name in DATA_FIELDS
)
Outcome = tuple[bool, object, tuple, tuple]  # ok, value or message, warnings, values added


class _OnlyDeclared(dict):
    """ctx.values for a cleaner run: reading a field it did not declare is a bug (its
    memoised or per-cell results would be wrong), so it fails loudly."""

    def __init__(self, allowed: tuple[str, ...], given: dict[str, object]) -> None:
        super().__init__(given)
        self.allowed = allowed

    def get(self, key: str, default: object = None) -> object:
        if key not in self.allowed and key not in self:
            raise AssertionError(f"a rule read '{key}' without declaring it in READS")
        return super().get(key, default)

    __getitem__ = get  # type: ignore[assignment]


def _run(step: _Step, value: object, ctx: Context) -> Outcome:
    """(ok, value or message, warnings added, ctx.values added) of one cleaner run."""
    if step.required and (value is None or (isinstance(value, str) and not value.strip())):
        return False, BLANK_REQUIRED, (), ()
    warned, known = len(ctx.warnings), len(ctx.values)
    try:
        ok, result = True, step.clean(value, ctx)
    except FieldError as exc:
        ok, result = False, str(exc)
    added = tuple(ctx.values.items())[known:] if len(ctx.values) > known else ()
    return ok, result, tuple(ctx.warnings[warned:]), added


@dataclass
class CheckedColumns:
    """`check_columns`'s answer: for each field and each ADDED_DEFAULTS value, one cleaned
    value per row (None where the cell broke a rule); the errors and warnings of the rows that
    have any, as (field, message) in template order, keyed by row position."""

    size: int
    values: dict[str, list[object]]
    errors: dict[int, list[tuple[str, str]]]
    warnings: dict[int, list[tuple[str, str]]]


_NOT_ADDED = object()


def check_columns(
    columns: dict[str, list[object]],
    size: int,
    today: dt.date,
    memo: dict[tuple, dict] | None = None,
) -> CheckedColumns:
    """Check `size` records, given as one list of raw cells per field (a missing field
    is blank everywhere), against every template rule.

    Fields are checked in template order so that rules that look at earlier fields
    (education year vs birth date) can. `memo` (one dict per import, for one `today`)
    remembers memoised cleaners' outcomes per cell value across calls.
    """
    memo = {} if memo is None else memo
    values: dict[str, list[object]] = {}
    errors: dict[int, list[tuple[str, str]]] = {}
    warnings: dict[int, list[tuple[str, str]]] = {}
    added = {name: [_NOT_ADDED] * size for name in ADDED_DEFAULTS}
    blank = [None] * size
    for step in PLAN:
        cells = columns.get(step.name) or blank
        if step.memoised:
            earlier = [
                values[name] if name in values else [
                    None if value is _NOT_ADDED else value for value in added[name]
                ]
                for name in step.reads
            ]  # fmt: skip
            outcomes, plain = _memoised(step, cells, earlier, today, memo)
        else:
            outcomes, plain = _per_cell(step, cells, today), False
        column = [outcome[1] for outcome in outcomes]
        name = step.name
        if plain:  # no error, warning or added value in this column
            values[name] = column
            continue
        for index in [i for i, outcome in enumerate(outcomes) if outcome[3] or outcome[2]
                      or not outcome[0]]:  # fmt: skip
            ok, result, said, gave = outcomes[index]
            if not ok:
                column[index] = None
                errors.setdefault(index, []).append((name, str(result)))
            if said:
                warnings.setdefault(index, []).extend(said)
            for key, value in gave:
                added[key][index] = value
        values[name] = column
    for index, mismatch in enumerate(
        map(national_id_mismatch, values["national_id"], values["birth_date"], values["gender"])
    ):
        if mismatch and index not in errors:
            warnings.setdefault(index, []).append(mismatch)
    for name, default in ADDED_DEFAULTS.items():
        added[name] = [default if value is _NOT_ADDED else value for value in added[name]]
    values.update(added)
    return CheckedColumns(size, values, errors, warnings)


def _memoised(
    step: _Step,
    cells: Sequence[object],
    earlier: list[Sequence[object]],
    today: dt.date,
    memo: dict[tuple, dict],
) -> tuple[list[Outcome], bool]:
    """The outcome for each cell, computed once per distinct (cell, values read), and
    whether every outcome of the field so far was plain (valid, nothing to add).

    The memo holds one table per field, keyed by the cell (and the values read): a
    lookup per cell at C speed (map over dict.get). A cell's type matters (1, 1.0 and
    True are equal keys but different cells), so a column that mixes number types is
    looked up by (type, cell) instead.
    """
    name, reads = step.name, step.reads
    numbers = {kind for kind in set(map(type, cells)) if issubclass(kind, Number)}
    typed = len(numbers) > 1
    table = memo.setdefault((name, typed), {})
    # How many outcomes of this field ever had an error, a warning or an added value:
    # while none has, the caller need not look at each row's.
    unusual = memo.setdefault((name, "unusual"), {"count": 0})
    keys: Sequence[object] = list(zip(cells, *earlier, strict=True)) if reads else cells
    if typed:
        keys = [(type(cell), key) for cell, key in zip(cells, keys, strict=True)]
    outcomes = list(map(table.get, keys))
    if None in outcomes:
        ctx = Context(today, values=_OnlyDeclared(reads, {}))
        for index in [i for i, outcome in enumerate(outcomes) if outcome is None]:
            key = keys[index]
            outcome = table.get(key)  # an earlier miss of this chunk may have filled it
            if outcome is None:
                cell_and_given = key[1] if typed else key
                values = dict(zip(reads, cell_and_given[1:], strict=True)) if reads else {}
                ctx.values = _OnlyDeclared(reads, values)
                outcome = _run(step, cells[index], ctx)
                if not outcome[0] or outcome[2] or outcome[3]:
                    unusual["count"] += 1
                if len(table) < MEMO_LIMIT:
                    table[key] = outcome
            outcomes[index] = outcome
    return outcomes, unusual["count"] == 0


def _per_cell(step: _Step, cells: Sequence[object], today: dt.date) -> list[Outcome]:
    """One cleaner run per cell, but one per blank cell: optional columns are mostly
    empty. (`_run` inlined: this is the loop over every national ID, phone and email.)"""
    ctx = Context(today, values=_OnlyDeclared((), {}))
    clean = step.clean
    outcomes = []
    append = outcomes.append
    blanks: dict[object, Outcome] = {}
    for cell in cells:
        if cell is None or (type(cell) is str and not cell.strip()):
            outcome = blanks.get(cell)
            if outcome is None:
                outcome = blanks[cell] = _run(step, cell, ctx)
            append(outcome)
            continue
        try:
            result = clean(cell, ctx)
        except FieldError as exc:
            append((False, str(exc), tuple(ctx.warnings), tuple(ctx.values.items())))
        else:
            if ctx.warnings or ctx.values:
                append((True, result, tuple(ctx.warnings), tuple(ctx.values.items())))
            else:
                append((True, result, (), ()))
        if ctx.warnings:
            ctx.warnings = []
        if ctx.values:
            ctx.values = _OnlyDeclared((), {})
    return outcomes


def validate_record(
    raw: dict[str, object], today: dt.date, memo: dict[tuple, dict] | None = None
) -> Validated:
    """Check one record against every template rule (`check_columns` for one row).

    Returns the cleaned values (stable codes, dates, booleans; a field that broke a rule
    is left out), and the errors and warnings as (field, message) pairs.
    """
    checked = check_columns({name: [value] for name, value in raw.items()}, 1, today, memo)
    errors = checked.errors.get(0, [])
    failed = {name for name, _ in errors}
    values = {name: checked.values[name][0] for name in DATA_FIELDS if name not in failed}
    if "workplace_unit" not in failed and checked.values["province_code"][0] is not None:
        values["province_code"] = checked.values["province_code"][0]
    values["birth_year_only"] = checked.values["birth_year_only"][0]
    return Validated(values=values, errors=errors, warnings=checked.warnings.get(0, []))
