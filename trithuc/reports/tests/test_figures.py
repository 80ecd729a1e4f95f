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


def _figures(targets: list[dict]) -> list[dict]:
    """A target's figures without when and whence they were computed."""
    return [{k: v for k, v in row.items() if k not in {"computed_at", "source", "stale"}}
            for row in targets]  # fmt: skip


def test_targets_come_from_the_snapshot_at_the_cut_off_and_equal_the_registry(yearly, demo):
    from trithuc.indicators.models import IndicatorSnapshot
    from trithuc.indicators.snapshots import get_state, refresh_snapshot
    from trithuc.reports.assemble import assemble

    refresh_snapshot()
    plan, period, as_of = yearly.plan, yearly.period, yearly.as_of
    live = assemble(plan, period, as_of=as_of, fresh=True)
    assert {t["source"] for t in live["targets"] if t["indicator"]} <= {"live", ""}
    data = assemble(plan, period, as_of=as_of)
    # The first report taught the snapshot its cut-off and the day before the plan's
    # events targets start counting (its date of issue, 15/03/2024).
    held = get_state().extra_days
    assert held["frame"] == ["2025-12-14"] and "2024-03-14" in held["events"]
    served = [t for t in data["targets"] if t["indicator"] and t["value"] is not None]
    assert served and {t["source"] for t in served} == {"snapshot"}
    assert any(t["indicator"].startswith("phd_trained") for t in served)
    assert _figures(data["targets"]) == _figures(live["targets"])
    # Every refresh keeps the days; the report reads them without recomputing.
    refresh_snapshot()
    assert get_state().extra_days == held
    assert IndicatorSnapshot.objects.filter(extra=True, as_of=as_of).exists()
    assert _figures(assemble(plan, period, as_of=as_of)["targets"]) == _figures(live["targets"])


def test_freezing_never_takes_the_figures_of_a_stale_snapshot(yearly, demo):
    from django.db.models import F

    from trithuc.indicators.models import IndicatorSnapshot
    from trithuc.indicators.snapshots import mark_changed, refresh_snapshot
    from trithuc.reports.assemble import assemble

    refresh_snapshot()
    plan, period, as_of = yearly.plan, yearly.period, yearly.as_of
    live = assemble(plan, period, as_of=as_of, fresh=True)
    assemble(plan, period, as_of=as_of)  # the snapshot learns the cut-off
    # A snapshot that says something else than the registry (as after an import the
    # worker has not yet counted): the draft reads it, marked stale …
    IndicatorSnapshot.objects.filter(extra=True, as_of=as_of).update(count=F("count") + 500)
    mark_changed()
    draft = assemble(plan, period, as_of=as_of)
    assert _figures(draft["targets"]) != _figures(live["targets"])
    assert all(t["stale"] for t in draft["targets"] if t["source"] == "snapshot")
    # … but "Chốt số liệu" computes from the registry.
    report = freeze(yearly, actor=demo["coordinator"])
    assert _figures(report.figures["targets"]) == _figures(
        assemble(plan, period, as_of=as_of, user=demo["coordinator"], fresh=True)["targets"]
    )
