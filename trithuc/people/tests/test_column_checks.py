"""Checking a chunk column by column (template.check_columns, with its memo) gives, row
for row, what the template's rules give when each row is checked on its own, in the
plain way: every cleaner in template order on one shared context."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from conftest import good_row
from trithuc.people import template
from trithuc.people.template import (
    CLEANERS,
    COLUMN_BY_FIELD,
    DATA_FIELDS,
    Context,
    FieldError,
    check_columns,
    cross_check_national_id,
    validate_record,
)
from trithuc.people.writing import Record, batch_from_columns

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 22)

# For each field, values that break a rule, values that need a warning, and odd but
# valid ones, besides good_row's.
VARIANTS: dict[str, list[object]] = {
    "national_id": ["", None, "12345", "004085abc123", "999085000001", 4085000123,
                    "004185000001", "'004085000777", 4085000123.0],
    "full_name": ["", "A", "Nguyễn Văn 2", "NguyÔn V¨n An", "Lò Thị Ánh", "Hà-Nhì A Pủ"],
    "birth_date": ["", "31/02/1990", "1985", 1985, "2020-01-01", "1900-05-05",
                   dt.datetime(1979, 6, 1), "01.02.1970", "x"],
    "gender": ["", "Nữ", "nu", "khác"],
    "ethnicity": ["", "Kinh", "01", "Hoa", "Martian"],
    "religion": ["Phật giáo", "x" * 61, ""],
    "workplace_unit": ["", "20", "99999", 4, "4", "00001", "abc"],
    "employer": ["", "Së Gi¸o dôc vµ §µo t¹o", "x" * 201, "UBND tỉnh Cao Bằng"],
    "employment_type": ["", "Viên chức", "Quân nhân"],
    "sector": ["", "Nghề cá", "Y tế"],
    "position": ["", "x" * 151, "Giám đốc"],
    "is_leader": ["x", "có lẽ", "Có", 1, True],
    "education_level": ["", "Tiến sĩ", "Đại học", "Bằng khen"],
    "education_year": ["", 1990, 1995, 2099, "199x", 2012.0, dt.datetime(2010, 1, 1)],
    "training_field": ["", "x" * 201],
    "academic_title": ["", "GS", "PGS", "Viện sĩ"],
    "political_theory_level": ["", "Cao cấp", "Thượng thừa"],
    "party_member": ["", "x", "không", "?"],
    "upskilled_to_standard": ["", "x", "??"],
    "continuing_education": ["", "x", "có"],
    "in_training": ["", "Thạc sĩ", "Tiến sĩ", "Học việc"],
    "in_training_until": ["", 2028, "20x8", 2030.0],
    "expert_field": ["", "Lâm nghiệp", "x" * 201],
    "phone": ["", "0912 345 678", 912345678, "84912345678", "12345", "+84912345678"],
    "email": ["", "an@example", "an@example.vn", "x@@y.vn"],
}  # fmt: skip


def _plain(raw: dict[str, object], today: dt.date) -> tuple[dict, list, list]:
    """The rules applied to one row the plain way (no memo, one shared context)."""
    ctx = Context(today=today)
    errors: list[tuple[str, str]] = []
    for name in DATA_FIELDS:
        value = raw.get(name)
        if COLUMN_BY_FIELD[name].required and (
            value is None or (isinstance(value, str) and not value.strip())
        ):
            errors.append((name, "không được để trống"))
            continue
        try:
            ctx.values[name] = CLEANERS[name](value, ctx)
        except FieldError as exc:
            errors.append((name, str(exc)))
    ctx.values.setdefault("birth_year_only", False)
    if not errors:
        ctx.warnings.extend(cross_check_national_id(ctx.values))
    return ctx.values, errors, ctx.warnings


def _rows(count: int, seed: int) -> list[dict[str, object]]:
    rng = random.Random(seed)
    rows = []
    for number in range(1, count + 1):
        row = good_row(number)
        row.pop("row_number")
        for name in rng.sample(sorted(VARIANTS), rng.choice((0, 0, 1, 1, 2, 4))):
            row[name] = rng.choice(VARIANTS[name])
        if rng.random() < 0.1:
            del row[rng.choice(sorted(VARIANTS))]  # a column the file does not have
        rows.append(row)
    return rows


def test_columns_give_what_each_row_gives_checked_alone():
    rows = _rows(1500, seed=7)
    memo: dict[tuple, tuple] = {}
    compared = 0
    for start in range(0, len(rows), 500):  # three chunks sharing the memo
        chunk = rows[start : start + 500]
        names = {name for row in chunk for name in row}
        columns = {name: [row.get(name) for row in chunk] for name in names}
        checked = check_columns(columns, len(chunk), TODAY, memo)
        for index, raw in enumerate(chunk):
            values, errors, warnings = _plain(raw, TODAY)
            assert checked.errors.get(index, []) == errors, raw
            assert checked.warnings.get(index, []) == warnings, raw
            failed = {name for name, _ in errors}
            for name in DATA_FIELDS:
                if name not in failed:
                    assert checked.values[name][index] == values[name], (name, raw)
            if "workplace_unit" not in failed:
                assert checked.values["province_code"][index] == values["province_code"]
            assert checked.values["birth_year_only"][index] == values["birth_year_only"]
            compared += 1
    assert compared == len(rows)
    assert memo  # repeated cells were remembered


def test_one_record_is_checked_by_the_same_rules():
    for raw in _rows(300, seed=11):
        values, errors, warnings = _plain(raw, TODAY)
        result = validate_record(raw, TODAY)
        values.pop("birth_year", None)  # an intermediate value, not part of a profile
        assert (result.values, result.errors, result.warnings) == (values, errors, warnings)


def test_a_batch_from_columns_matches_records_built_one_by_one():
    rows = _rows(400, seed=3)
    columns = {name: [row.get(name) for row in rows] for name in {n for r in rows for n in r}}
    checked = check_columns(columns, len(rows), TODAY)
    valid = [index for index in range(len(rows)) if index not in checked.errors]
    assert 50 < len(valid) < len(rows)  # both kinds are exercised
    numbers = [index + 2 for index in range(len(rows))]
    batch = batch_from_columns(numbers, checked.values, valid)
    for record, index in zip(batch.records(), valid, strict=True):
        single = Record(row=numbers[index], values=validate_record(rows[index], TODAY).values)
        assert record.row == single.row
        assert record.digest == single.digest
        assert list(record.person_values) == list(single.person_values)


def test_a_rule_that_reads_an_undeclared_field_fails_loudly(monkeypatch):
    def sneaky(raw: object, ctx: Context) -> str:
        ctx.values.get("birth_date")  # not declared in READS
        return ""

    monkeypatch.setitem(template.CLEANERS, "expert_field", sneaky)
    raw = good_row(1)
    with pytest.raises(AssertionError, match="READS"):
        validate_record(raw, TODAY)
