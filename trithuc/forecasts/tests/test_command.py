"""`trithuc forecast`: JSON and XLSX, the scope of --user, small cells for analysts."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from python_calamine import CalamineWorkbook

from trithuc.indicators.tests.factories import COMMUNE_A, COMMUNE_B, Degree, Job, Spec, make_person

pytestmark = pytest.mark.django_db
START = "2025-06-30"


@pytest.fixture
def registry() -> None:
    def staff(unit: str, sector: str, count: int, born: int) -> None:
        for n in range(count):
            make_person(Spec(birth_date=dt.date(born + n % 3, 1 + n % 12, 10),
                             gender="female" if n % 2 else "male",
                             jobs=[Job(unit, sector=sector, valid_from=dt.date(2012, 1, 1))],
                             degrees=[Degree("bachelor", dt.date(2010, 6, 1))]))  # fmt: skip

    staff(COMMUNE_A, "education", 12, 1966)
    staff(COMMUNE_B, "health", 2, 1990)
    staff("20", "agriculture", 6, 1980)


def run(*args: str) -> tuple[dict, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("forecast", *args, stdout=out, stderr=err)
    return json.loads(out.getvalue()), err.getvalue()


def test_json_per_year_and_group(registry) -> None:
    result, _ = run("--as-of", START, "--scenario", "no-flow", "--by", "sector,education_level",
                    "--to", "2035")  # fmt: skip
    rows = {(r["year"], r["sector"]): r for r in result["rows"]}
    assert set(rows[(2035, "health")]) >= {"stock", "retirements", "leavers", "hires",
                                            "upgrades_in", "upgrades_out", "education_level"}  # fmt: skip
    assert rows[(2025, "education")]["stock"] == 12
    assert rows[(2025, "agriculture")]["stock"] == 6
    # Born 1966–1968: every man and woman of education has retired by 2035.
    assert rows.get((2035, "education"), {"stock": 0})["stock"] == 0
    assert sum(r["retirements"] for r in result["rows"] if r["sector"] == "education") == 12
    assert result["rates"] is None


def test_user_sees_their_scope_and_an_analyst_no_small_cells(registry, manager, analyst) -> None:
    result, _ = run("--as-of", START, "--scenario", "no-flow", "--user", "manager", "--to", "2026")
    sectors = {r["sector"] for r in result["rows"]}
    assert sectors == {"education", "health"}
    result, err = run("--as-of", START, "--user", "analyst", "--to", "2026")
    first = {r["sector"]: r for r in result["rows"] if r["year"] == 2025}
    assert first["health"]["stock"] is None
    # Its complement: the only other row of the table is hidden with it.
    assert first["education"]["stock"] is None
    assert result["rates"] is None
    assert "ẩn" in err


def test_xlsx(registry, tmp_path) -> None:
    path = tmp_path / "forecast.xlsx"
    call_command("forecast", "--as-of", START, "--format", "xlsx", "--output", str(path),
                 "--to", "2030", stdout=io.StringIO())  # fmt: skip
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert sheet[0][:3] == ["Năm", "Lĩnh vực", "Số người"]
    assert len(sheet) > 6


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--by", "religion"], "Không thể nhóm theo"),
        (["--as-of", "30/06/2025"], "YYYY-MM-DD"),
        (["--unit", "4"], "Mã đơn vị"),
        (["--format", "xlsx"], "--output"),
        (["--to", "2020", "--as-of", START], "Năm cuối"),
    ],
)
def test_bad_input_is_refused_in_vietnamese(registry, args, message) -> None:
    with pytest.raises(CommandError, match=message):
        run(*args)
