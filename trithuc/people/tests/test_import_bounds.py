"""Imports bounded in memory and disk (issue 12): zip ratios, capped error reports, the
row count of an upload read without parsing it."""

from __future__ import annotations

import zipfile

import pytest

from conftest import good_row
from trithuc.lib.spreadsheet import Limits, SpreadsheetError, check_file
from trithuc.people.import_jobs import xlsx_dimension_rows
from trithuc.people.importing import ERRORS_PER_COLUMN, import_people
from trithuc.people.models import ImportJob

pytestmark = pytest.mark.django_db


def test_a_sheet_inflating_far_beyond_a_real_spreadsheet_is_refused_before_reading(tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (64 * 1024 * 1024))
    assert bomb.stat().st_size < 200_000
    limits = Limits(max_bytes=10**9, max_rows=10**6, max_unzipped_bytes=10**10)
    with pytest.raises(SpreadsheetError, match="zip bomb"):
        check_file(bomb, limits)


def test_errors_are_counted_all_and_kept_first_per_column(make_xlsx):
    rows = [good_row(n, gender="X", phone="12") for n in range(1, ERRORS_PER_COLUMN + 51)]
    report = import_people(make_xlsx(rows), dry_run=True)
    data = report.as_dict()
    assert data["error_counts"] == {"Giới tính": ERRORS_PER_COLUMN + 50,
                                    "Điện thoại": ERRORS_PER_COLUMN + 50}  # fmt: skip
    assert len(data["errors"]) == 2 * ERRORS_PER_COLUMN and data["errors_capped"]
    assert report.error_rows == ERRORS_PER_COLUMN + 50
    # every error of a row is reported, not just the first
    first = [e["column"] for e in data["errors"] if e["row"] == 2]
    assert sorted(first) == ["Giới tính", "Điện thoại"]


def test_the_row_count_of_an_upload_comes_from_the_sheet_dimension(make_xlsx):
    path = make_xlsx([good_row(n) for n in range(1, 8)])
    assert xlsx_dimension_rows(path) == 8


def test_the_error_report_of_a_capped_job_downloads(client, manager, make_xlsx, tmp_path):
    from django.urls import reverse

    rows = [good_row(n, gender="X") for n in range(1, ERRORS_PER_COLUMN + 20)]
    path = make_xlsx(rows)
    report = import_people(path, dry_run=True)
    job = ImportJob.objects.create(created_by=manager, original_name="x.xlsx",
                                   stored_path=str(path), status="previewed",
                                   report={**report.as_dict(), "header_row": 1})  # fmt: skip
    client.force_login(manager)
    response = client.get(reverse("people:import_errors", args=[job.uuid]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"
