"""Every figure of the report equals the JSON and `trithuc indicators show` at the cut-off
date; a frozen report keeps its figures after an import; the command writes each format."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from docx import Document
from python_calamine import CalamineWorkbook

from trithuc.reports.documents import render
from trithuc.reports.registry import cell_text
from trithuc.reports.services import freeze

pytestmark = pytest.mark.django_db


def _without_time(rows: list[dict]) -> list[dict]:
    return [{k: v for k, v in row.items() if k != "computed_at"} for row in rows]


def _json(report, user=None) -> dict:
    return json.loads(render(report, "json", user=user)[0])


def _docx_text(report) -> str:
    document = Document(io.BytesIO(render(report, "docx")[0]))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_target_figures_equal_indicators_show_at_the_cut_off(yearly, demo):
    data = _json(yearly)
    assert data["as_of"] == "2025-12-14" and data["targets"]
    out = io.StringIO()
    call_command("indicators", "show", "--plan", "15-KH/TU", "--as-of", "2025-12-14",
                 "--format", "json", stdout=out)  # fmt: skip
    shown = {row["uuid"]: row for row in json.loads(out.getvalue())}
    keys = ["indicator", "sector", "year", "value", "numerator", "denominator", "target", "status"]
    assert {t["uuid"] for t in data["targets"]} == set(shown)
    for row in data["targets"]:
        assert {k: row[k] for k in keys} == {k: shown[row["uuid"]][k] for k in keys}
    assert any(isinstance(row["value"], float | int) for row in data["targets"])


def test_every_figure_of_the_document_equals_the_json(yearly):
    data = _json(yearly)
    text = _docx_text(yearly)
    for row in data["targets"]:
        assert row["value_text"] in text and row["target_text"] in text
    registry = data["registry"]
    assert registry["total"] > 0
    for table in registry["tables"]:
        values = [v for row in table["rows"] for v in row["values"]]
        # The margins add up: the grand total is the registry's total (leaders: a part).
        if table["key"] != "leaders":
            assert table["totals"][-1] == registry["total"], table["key"]
        if table["in_docx"]:
            for row in table["rows"]:
                assert row["label"] in text
            assert cell_text(table["totals"][-1]) in text
        assert all(isinstance(v, int) for v in values)
    for agency in data["agency_reports"]:
        assert agency["agency"] in text
        assert (
            agency["due"]
            == agency["submitted"] + agency["late"] + agency["draft"] + agency["missing"]
        )


def test_xlsx_holds_the_annex_tables_including_communes(yearly):
    content, name, _ = render(yearly, "xlsx")
    assert name.endswith("-phu-luc.xlsx")
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    data = _json(yearly)
    names = book.sheet_names
    assert names[0] == "Chi tieu" and any("unit" in n for n in names)
    unit_sheet = book.get_sheet_by_name(next(n for n in names if "unit" in n)).to_python()
    total_row = next(r for r in unit_sheet if r[2] == "Tổng số")
    assert total_row[-1] == data["registry"]["total"]


def test_a_frozen_report_keeps_its_figures_after_an_import(yearly, demo, make_xlsx):
    from conftest import good_row
    from trithuc.people.importing import import_people

    before = _json(yearly, demo["coordinator"])
    report = freeze(yearly, actor=demo["coordinator"])
    assert report.frozen and report.figures["registry"]["total"] == before["registry"]["total"]
    rows = [good_row(i, national_id=f"0040999{i:05d}", employer="Sở Y tế") for i in range(1, 13)]
    import_people(make_xlsx(rows), today=dt_date(2025, 6, 1))
    report.refresh_from_db()
    assert _json(report)["registry"] == before["registry"]
    # The same figures; `computed_at` is when they were computed (at the freeze, a moment
    # after `before`), kept with them.
    assert _without_time(_json(report)["targets"]) == _without_time(before["targets"])
    from trithuc.reports.assemble import assemble

    fresh = assemble(report.plan, report.period, as_of=report.as_of)
    assert fresh["registry"]["total"] == before["registry"]["total"] + 12


def dt_date(*args):
    import datetime as dt

    return dt.date(*args)


def test_command_writes_every_format(yearly, demo, tmp_path, capsys):
    for fmt in ("json", "docx", "xlsx"):
        path = tmp_path / f"bc.{fmt}"
        call_command("report", "15-KH/TU", "--kind", "yearly", "--year", "2025", "--format", fmt,
                     "--output", str(path), "--user", "dieuphoi")  # fmt: skip
        assert path.stat().st_size > 1000
    data = json.loads((tmp_path / "bc.json").read_text())
    assert data["suppressed"] is True  # a coordinator does not open profiles
    path = tmp_path / "r5.json"
    call_command(
        "report", "15-KH/TU", "--kind", "review5", "--format", "json", "--output", str(path)
    )
    review = json.loads(path.read_text())
    assert review["kind"] == "review5" and review["as_of"] == "2026-11-22" or review["as_of"]
    assert review["suppressed"] is False


def test_command_refuses_clearly(demo, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="không có kỳ báo cáo năm năm 2019"):
        call_command("report", "15-KH/TU", "--kind", "yearly", "--year", "2019", "--format", "json",
                     "--output", str(tmp_path / "x.json"))  # fmt: skip
    with pytest.raises(CommandError) as refused:
        call_command("report", "15-KH/TU", "--kind", "yearly", "--year", "2025", "--format", "json",
                     "--output", str(tmp_path / "x.json"), "--user", "baocao")  # fmt: skip
    assert refused.value.returncode == 2
