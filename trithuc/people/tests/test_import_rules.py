"""Every rule of the import template, each with a bad-row example."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import good_row, write_csv
from trithuc.people.importing import import_people
from trithuc.people.models import Person

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 22)


def run(make_xlsx, rows, headers=None, **kwargs):
    return import_people(make_xlsx(rows, headers=headers), today=TODAY, **kwargs)


def only_error(report) -> dict:
    assert len(report.errors) == 1, report.errors
    return report.errors[0]


BAD_VALUES = [
    ("national_id", "12345", "Số định danh cá nhân", "12 chữ số"),
    ("national_id", "00418500000A", "Số định danh cá nhân", "12 chữ số"),
    ("national_id", "099185000001", "Số định danh cá nhân", "001 đến 096"),
    ("national_id", "", "Số định danh cá nhân", "không được để trống"),
    ("full_name", "A", "Họ và tên", "từ 2 đến 100"),
    ("full_name", "Nguyễn Văn 3", "Họ và tên", "chữ cái"),
    ("full_name", "X" * 101, "Họ và tên", "từ 2 đến 100"),
    ("birth_date", "31/02/1985", "Ngày sinh", "không phải ngày hợp lệ"),
    ("birth_date", "hôm qua", "Ngày sinh", "không phải ngày hợp lệ"),
    ("birth_date", "01/01/2015", "Ngày sinh", "từ 16 đến 100"),
    ("birth_date", "1900", "Ngày sinh", "từ 16 đến 100"),
    ("birth_date", "", "Ngày sinh", "không được để trống"),
    ("gender", "Khác", "Giới tính", "Nam, Nữ"),
    ("gender", "", "Giới tính", "không được để trống"),
    ("ethnicity", "Kinhh", "Dân tộc", "54 dân tộc"),
    ("ethnicity", "99", "Dân tộc", "54 dân tộc"),
    ("workplace_unit", "123", "Mã xã/phường nơi công tác", "5 chữ số"),
    ("workplace_unit", "99", "Mã xã/phường nơi công tác", "không phải đơn vị hành chính"),
    ("workplace_unit", "", "Mã xã/phường nơi công tác", "không được để trống"),
    ("employer", "", "Cơ quan, đơn vị công tác", "không được để trống"),
    ("employer", "C" * 201, "Cơ quan, đơn vị công tác", "dài quá 200"),
    ("employment_type", "Thực tập sinh", "Loại hình", "Cán bộ, Công chức"),
    ("sector", "Vũ trụ", "Lĩnh vực", "Nông nghiệp"),
    ("sector", "", "Lĩnh vực", "không được để trống"),
    ("is_leader", "có lẽ", "Lãnh đạo, quản lý", "x, Có"),
    ("education_level", "Đại học tại chức?", "Trình độ chuyên môn cao nhất", "Đại học"),
    ("education_level", "", "Trình độ chuyên môn cao nhất", "không được để trống"),
    ("education_year", "20120", "Năm đạt trình độ cao nhất", "năm hợp lệ"),
    ("education_year", 1990, "Năm đạt trình độ cao nhất", "năm sinh + 15"),
    ("education_year", 2031, "Năm đạt trình độ cao nhất", "tương lai"),
    ("academic_title", "Giáo sư danh dự", "Học hàm", "GS, PGS"),
    ("political_theory_level", "Rất cao", "Lý luận chính trị", "Cao cấp"),
    ("party_member", "maybe", "Đảng viên", "x, Có"),
    ("upskilled_to_standard", "?", "Đã bồi dưỡng theo tiêu chuẩn ngạch, chức danh", "x, Có"),
    ("continuing_education", "y", "Đào tạo liên tục trong năm", "x, Có"),
    ("in_training", "Cử nhân", "Đang đào tạo", "Thạc sĩ, Tiến sĩ"),
    ("phone", "12345", "Điện thoại", "10 chữ số"),
    ("phone", "091234567890", "Điện thoại", "10 chữ số"),
    ("email", "an@", "Email", "email hợp lệ"),
]


@pytest.mark.parametrize(("field", "value", "header", "fragment"), BAD_VALUES)
def test_each_rule_rejects_its_bad_value(make_xlsx, field, value, header, fragment):
    report = run(make_xlsx, [good_row(1), good_row(2, **{field: value})])
    error = only_error(report)
    assert error["row"] == 3  # header is row 1, the bad row is the second data row
    assert error["column"] == header
    assert fragment in error["message"]
    assert report.created == 1
    assert Person.objects.count() == 1


def test_in_training_requires_expected_year(make_xlsx):
    report = run(make_xlsx, [good_row(1, in_training="Tiến sĩ", in_training_until="")])
    error = only_error(report)
    assert error["column"] == "Năm dự kiến hoàn thành"
    assert "bắt buộc" in error["message"]


def test_duplicate_national_id_in_file_is_an_error_after_the_first(make_xlsx):
    rows = [good_row(1), good_row(2, national_id=good_row(1)["national_id"]), good_row(3)]
    report = run(make_xlsx, rows)
    error = only_error(report)
    assert error["row"] == 3
    assert "trùng với dòng 2" in error["message"]
    assert report.created == 2


def test_accepted_spellings_and_cell_types(make_xlsx):
    rows = [
        good_row(1, gender="NỮ", ethnicity="Mông", sector="giao duc va dao tao",
                 birth_date=dt.date(1990, 1, 2), is_leader="Có", education_level="dai hoc"),
        good_row(2, gender="nu", ethnicity="08", birth_date="1990-01-02",
                 employment_type="vien chuc", national_id="'004190000002"),
        good_row(3, birth_date="1979", ethnicity="Khơ-me", phone="+84912345678",
                 academic_title="PGS", education_level="Tiến sĩ"),
        good_row(4, birth_date="2/3/1988", national_id=4190000004, phone=912345678),
    ]  # fmt: skip
    report = run(make_xlsx, rows)
    assert report.errors == []
    assert report.created == 4
    first = Person.objects.get(national_id=good_row(1)["national_id"])
    assert (first.gender, first.ethnicity, first.sector, first.is_leader) == (
        "female",
        "08",
        "education",
        True,
    )
    year_only = Person.objects.get(national_id=good_row(3)["national_id"])
    assert year_only.birth_year_only and year_only.birth_date == dt.date(1979, 1, 1)
    assert year_only.ethnicity == "05"
    padded = Person.objects.get(national_id="004190000004")
    assert padded.phone == "0912345678"
    assert {w["column"] for w in report.warnings} >= {"Số định danh cá nhân", "Điện thoại"}


def test_title_rows_signature_block_and_extra_columns(tmp_path):
    from conftest import HEADERS, write_xlsx

    path = write_xlsx(tmp_path / "a.xlsx", [good_row(1), good_row(2)], title_rows=3,
                      headers=[*HEADERS, "Ghi chú riêng"])  # fmt: skip
    import xlsxwriter  # noqa: F401  (the file above is complete; append a signature block)
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    pad = [""] * 8
    rows += [[""] * len(HEADERS), [*pad, "Người lập biểu"], [*pad, "Cao Bằng, ngày 1/1/2026"]]
    sig = tmp_path / "b.xlsx"
    workbook = xlsxwriter.Workbook(str(sig))
    sheet = workbook.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value not in ("", None):
                sheet.write(r, c, value)
    workbook.close()
    report = import_people(sig, today=TODAY)
    assert report.errors == []
    assert report.created == 2
    assert report.header.row == 4
    messages = [w["message"] for w in report.warnings]
    assert any("không có trong mẫu" in m for m in messages)
    assert sum("phần ký tên" in m for m in messages) == 2


def test_missing_required_column_is_reported_once(make_xlsx):
    from conftest import HEADERS

    headers = [h if h != "Giới tính" else "Phái" for h in HEADERS]
    report = run(make_xlsx, [good_row(1)], headers=headers)
    assert report.errors[0]["column"] == "Giới tính"
    assert "thiếu cột" in report.errors[0]["message"]
    assert Person.objects.count() == 0
    mapped = run(make_xlsx, [good_row(1)], headers=headers, mapping={"phai": "gender"})
    assert mapped.errors == [] and mapped.created == 1


def test_csv_with_bom_and_headers_without_diacritics(tmp_path):
    path = write_csv(tmp_path / "people.csv", [good_row(1), good_row(2, gender="Nữ")])
    text = path.read_text(encoding="utf-8-sig").replace("Họ và tên", "HO VA TEN")
    path.write_text(text, encoding="utf-8-sig")
    report = import_people(path, today=TODAY)
    assert report.errors == []
    assert report.created == 2


def test_not_a_spreadsheet_and_empty_file(tmp_path):
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    assert "rỗng" in import_people(empty, today=TODAY).errors[0]["message"]
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"this is not a zip")
    assert "không phải bảng tính" in import_people(fake, today=TODAY).errors[0]["message"]
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    assert "không được hỗ trợ" in import_people(text, today=TODAY).errors[0]["message"]


def test_national_id_digits_are_cross_checked_with_sex_and_birth_year(make_xlsx):
    report = run(make_xlsx, [good_row(1), good_row(2, gender="Nữ"), good_row(3, birth_date="1990")])
    assert report.errors == [] and report.created == 3
    flagged = sorted(w["row"] for w in report.warnings if w["column"] == "Số định danh cá nhân")
    assert flagged == [3, 4]


def test_legacy_tcvn3_and_vni_text_is_converted_with_a_warning(make_xlsx):
    rows = [
        good_row(1, full_name="NguyÔn V¨n An", employer="Së Gi¸o dôc vµ §µo t¹o"),
        good_row(2, full_name="Nguyeãn Vaên Bình"),
    ]
    report = run(make_xlsx, rows)
    assert report.errors == []
    names = set(Person.objects.values_list("full_name", flat=True))
    assert names == {"Nguyễn Văn An", "Nguyễn Văn Bình"}
    assert Person.objects.get(full_name="Nguyễn Văn An").employer == "Sở Giáo dục và Đào tạo"
    messages = [w["message"] for w in report.warnings if "bảng mã cũ" in w["message"]]
    assert len(messages) == 3 and any("TCVN3" in m for m in messages)
