"""Shared fixtures: the three users (same unit, sibling unit, outsider) and template files."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
import xlsxwriter

from trithuc.people.template import COLUMNS

SEEDS = Path(__file__).resolve().parent.parent / "shared" / "seeds"
HEADERS = [column.header for column in COLUMNS]
CAO_BANG = "04"


def seed_file(name: str) -> Path:
    """A real seed plan from ../shared/seeds. A user's fresh clone has none beside it: the
    test then skips, saying so (CI has them and runs it)."""
    path = SEEDS / name
    if not path.exists():
        pytest.skip(f"the seed plan {name} is not beside the repository (../shared/seeds)")
    return path


def seed_001() -> Path:
    return seed_file("001_0dacbfe5b24049b7.txt")


def seed_003() -> Path:
    return seed_file("003_41de14446d5b4852.txt")


def good_row(number: int = 1, **overrides: object) -> dict[str, object]:
    """A valid template row (by field name); overrides change single values."""
    row: dict[str, object] = {
        "row_number": number,
        "national_id": f"0040850{number:05d}",
        "full_name": "Nguyễn Văn An",
        "birth_date": "15/03/1985",
        "gender": "Nam",
        "ethnicity": "Tày",
        "religion": "Không",
        "workplace_unit": CAO_BANG,
        "employer": "Sở Giáo dục và Đào tạo",
        "employment_type": "Công chức",
        "sector": "Giáo dục và đào tạo",
        "position": "Chuyên viên",
        "is_leader": "",
        "education_level": "Thạc sĩ",
        "education_year": 2012,
        "training_field": "Quản lý giáo dục",
        "academic_title": "",
        "political_theory_level": "Trung cấp",
        "party_member": "x",
        "upskilled_to_standard": "x",
        "continuing_education": "",
        "in_training": "",
        "in_training_until": "",
        "expert_field": "",
        "phone": "0912345678",
        "email": "an@example.vn",
    }
    row.update(overrides)
    return row


def write_xlsx(path: Path, rows: Sequence[dict[str, object]], *, title_rows: int = 0,
               headers: Sequence[str] | None = None) -> Path:  # fmt: skip
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    sheet = workbook.add_worksheet("Danh sách")
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for index in range(title_rows):
        sheet.write_string(index, 0, f"DANH SÁCH TRÍ THỨC {index}")
    names = [column.field for column in COLUMNS]
    for col, header in enumerate(headers or HEADERS):
        sheet.write_string(title_rows, col, header)
    for r, row in enumerate(rows, start=title_rows + 1):
        for col, name in enumerate(names):
            value = row.get(name, "")
            if isinstance(value, dt.date):
                sheet.write_datetime(r, col, dt.datetime.combine(value, dt.time()), date_format)
            elif isinstance(value, int | float) and not isinstance(value, bool):
                sheet.write_number(r, col, value)
            elif value not in ("", None):
                sheet.write_string(r, col, str(value))
    workbook.close()
    return path


def write_csv(path: Path, rows: Sequence[dict[str, object]], *, bom: bool = True) -> Path:
    names = [column.field for column in COLUMNS]
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for row in rows:
            writer.writerow([row.get(name, "") for name in names])
    return path


@pytest.fixture
def make_xlsx(tmp_path: Path) -> Callable[..., Path]:
    counter = iter(range(10_000))

    def build(rows: Sequence[dict[str, object]], **kwargs: object) -> Path:
        return write_xlsx(tmp_path / f"people-{next(counter)}.xlsx", rows, **kwargs)  # type: ignore[arg-type]

    return build


def _user(django_user_model, username: str, role: str, unit: str):
    from trithuc.accounts.models import Membership

    user = django_user_model.objects.create_user(username=username, password="pw-Trithuc-2026")
    Membership.objects.create(user=user, role=role, unit_code=unit)
    return user


@pytest.fixture
def manager(django_user_model):
    """Registry manager of Cao Bằng (the unit the test data lives in)."""
    return _user(django_user_model, "manager", "registry_manager", CAO_BANG)


@pytest.fixture
def viewer(django_user_model):
    return _user(django_user_model, "viewer", "registry_viewer", CAO_BANG)


@pytest.fixture
def analyst(django_user_model):
    return _user(django_user_model, "analyst", "analyst", CAO_BANG)


@pytest.fixture
def sibling(django_user_model):
    """Registry manager of a sibling province (Lạng Sơn)."""
    return _user(django_user_model, "sibling", "registry_manager", "20")


@pytest.fixture
def outsider(django_user_model):
    """A logged-in user with no role at all."""
    return django_user_model.objects.create_user(username="outsider", password="pw-x-2026")


@pytest.fixture(autouse=True)
def _fresh_reference_caches():
    """In-process caches of code lists and agencies do not see a test's rollback."""
    from trithuc.codelists.services import clear_cache as clear_codes
    from trithuc.orgunits.services import clear_cache as clear_units

    clear_codes()
    clear_units()
    yield
