"""An import of new people brings the indicator snapshot up to date in its own
transaction (issue 19: "fresh within 10 s of an import … refresh only what changed"):
the rows of the newcomers alone are added to a fresh province's rows, and the sum is
what a whole refresh writes; anything else (a change to existing people, a province
already awaiting its refresh, a failure) falls back to the refresh the import queues."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from contextlib import nullcontext

import pytest
from django.db import DatabaseError
from django.utils import timezone

from conftest import good_row, write_xlsx
from trithuc.indicators import snapshots
from trithuc.indicators.models import IndicatorSnapshot, PopulationSnapshot, StructureSnapshot
from trithuc.indicators.snapshots import (
    ExtraDays,
    get_state,
    hold_days,
    mark_changed,
    refresh_provinces,
    refresh_snapshot,
)
from trithuc.indicators.tests.factories import Degree, Job, Spec, make_person
from trithuc.orgunits.services import units_under
from trithuc.people.services import import_people_file

pytestmark = pytest.mark.django_db
PROVINCES = ("04", "20")


def _summed() -> dict[str, Counter]:
    """Every snapshot table summed by its key: rows added beside others read the same."""
    found: dict[str, Counter] = {"indicators": Counter(), "population": Counter(),
                                 "structure": Counter()}  # fmt: skip
    for *key, count, base, assumed in IndicatorSnapshot.objects.values_list(
        "indicator_id",
        "year",
        "as_of",
        "province_code",
        "workplace_unit",
        "sector",
        "extra",
        "count",
        "base",
        "assumed",
    ):
        found["indicators"][(*key, "count")] += count
        found["indicators"][(*key, "base")] += base
        found["indicators"][(*key, "assumed")] += assumed
    for *key, count in PopulationSnapshot.objects.values_list(
        "as_of", "province_code", "workplace_unit", "sector", "count"
    ):
        found["population"][tuple(key)] += count
    for *key, count in StructureSnapshot.objects.values_list(
        "as_of", "grouping", "province_code", "workplace_unit", "key", "count"
    ):
        found["structure"][tuple(key)] += count
    return {name: +counter for name, counter in found.items()}


def _registry(rng: random.Random, people: int) -> None:
    for _ in range(people):
        province = rng.choice(PROVINCES)
        unit = rng.choice([province, *units_under(province)[1:3]])
        start = dt.date(rng.randint(2008, 2022), rng.randint(1, 12), 1)
        degrees = [Degree(rng.choice(["bachelor", "master", "doctor"]),
                          dt.date(rng.randint(2005, 2025), 6, 1))]  # fmt: skip
        make_person(Spec(
            birth_date=dt.date(rng.randint(1965, 2000), 3, 15), degrees=degrees,
            upskilled_to_standard=rng.random() < 0.5, continuing_education=rng.random() < 0.5,
            jobs=[Job(unit, sector=rng.choice(["education", "health"]),
                      valid_from=start if rng.random() < 0.8 else None)],
        ))  # fmt: skip


def _fresh_snapshot_with_days() -> None:
    refresh_snapshot()
    today = timezone.localdate()
    hold_days(ExtraDays(frame=(dt.date(today.year - 1, 12, 14),),
                        events=(dt.date(today.year - 2, 6, 30),),
                        structure=(dt.date(today.year - 1, 12, 14),)))  # fmt: skip
    held = get_state().extra_days
    assert held["frame"] and held["events"] and held["structure"]


def _new_people_file(tmp_path, rng: random.Random, n: int, start: int = 1):
    commune = units_under("04")[1]
    rows = [good_row(k, workplace_unit=rng.choice(["04", commune]),
                     education_level=rng.choice(["Thạc sĩ", "Đại học", "Tiến sĩ", "Cao đẳng"]),
                     education_year=rng.randint(2000, 2024),
                     work_start_year=rng.choice([None, rng.randint(2010, 2024)]))
            for k in range(start, start + n)]  # fmt: skip
    return write_xlsx(tmp_path / f"new-{start}.xlsx", rows)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_new_people_are_counted_in_the_imports_own_transaction_as_a_refresh_would(
    seed, tmp_path, django_capture_on_commit_callbacks
):
    rng = random.Random(seed)
    _registry(rng, 30)
    _fresh_snapshot_with_days()
    state = get_state()
    other_before = sorted(IndicatorSnapshot.objects.filter(province_code="20")
                          .values_list("id", flat=True))  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report = import_people_file(_new_people_file(tmp_path, rng, 25))
    assert report.committed and report.created == 25 and report.updated == 0
    assert report.fresh_provinces == {"04"}
    after = get_state()
    assert not after.pending and not after.stale_for(["04"]), "fresh without a refresh"
    assert after.refreshed_at == state.refreshed_at
    assert after.province_refreshed.keys() == {"04"}
    assert len(callbacks) >= 1
    assert sorted(IndicatorSnapshot.objects.filter(province_code="20")
                  .values_list("id", flat=True)) == other_before  # fmt: skip
    added = _summed()
    refresh_snapshot()
    assert added == _summed()


def test_a_province_awaiting_its_refresh_gets_no_rows_added(tmp_path):
    rng = random.Random(5)
    _registry(rng, 10)
    refresh_snapshot()
    mark_changed(["04"])
    rows_before = IndicatorSnapshot.objects.count()
    report = import_people_file(_new_people_file(tmp_path, rng, 5))
    assert report.committed and report.fresh_provinces == set()
    assert IndicatorSnapshot.objects.count() == rows_before
    assert get_state().stale_for(["04"])
    refresh_provinces(["04"])
    whole = _summed()
    refresh_snapshot()
    assert whole == _summed()


def test_an_import_that_changes_someone_falls_back_to_the_refresh(
    tmp_path, django_capture_on_commit_callbacks
):
    rng = random.Random(6)
    _registry(rng, 5)
    refresh_snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        import_people_file(_new_people_file(tmp_path, rng, 3))
    assert not get_state().pending
    rows = [good_row(1, workplace_unit="04", education_level="Tiến sĩ", education_year=2024),
            good_row(50, workplace_unit="04")]  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report = import_people_file(write_xlsx(tmp_path / "again.xlsx", rows))
    assert report.committed and report.updated == 1 and report.created == 1
    assert report.fresh_provinces == set()
    # The province was marked changed and its refresh queued (the test backend runs it).
    assert callbacks and not get_state().pending
    assert get_state().province_refreshed["04"] > get_state().refreshed_at.isoformat()
    incremental = _summed()
    refresh_snapshot()
    assert incremental == _summed()


def test_a_computation_started_before_the_import_keeps_the_added_rows(
    tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    rng = random.Random(7)
    _registry(rng, 10)
    refresh_snapshot()
    real = snapshots.compute_snapshot_rows
    imported = {}

    def slow(*args, **kwargs):
        rows = real(*args, **kwargs)
        if not imported:
            # Meanwhile (after this computation was stamped) new people come in.
            monkeypatch.setattr(snapshots, "compute_snapshot_rows", real)
            with django_capture_on_commit_callbacks(execute=True):
                imported["report"] = import_people_file(_new_people_file(tmp_path, rng, 6))
            imported["rows"] = _summed()
        return rows

    monkeypatch.setattr(snapshots, "compute_snapshot_rows", slow)
    # One connection plays both processes here: the import must not run inside the
    # refresh's temporary slice of the registry (the counts are the same without it).
    monkeypatch.setattr(snapshots, "province_slice", lambda provinces: nullcontext())
    mark_changed(["20"])
    refresh_provinces(["04", "20"])
    assert imported["report"].fresh_provinces == {"04"}
    # The computation did not see the new people: it left Cao Bằng's rows as the import
    # wrote them, and refreshed Lạng Sơn.
    state = get_state()
    assert not state.pending
    now = _summed()
    refresh_snapshot()
    assert now == _summed()


def test_a_failure_leaves_the_import_and_queues_the_refresh(
    tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    rng = random.Random(8)
    _registry(rng, 5)
    refresh_snapshot()
    rows_before = IndicatorSnapshot.objects.count()

    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(snapshots, "population_rows", broken)
    with django_capture_on_commit_callbacks() as callbacks:
        report = import_people_file(_new_people_file(tmp_path, rng, 4))
    assert report.committed and report.created == 4 and report.fresh_provinces == set()
    assert IndicatorSnapshot.objects.count() == rows_before
    monkeypatch.undo()
    for callback in callbacks:
        callback()
    # The import marked the province changed and queued its refresh, which ran.
    assert not get_state().pending and "04" in get_state().province_refreshed
    incremental = _summed()
    refresh_snapshot()
    assert incremental == _summed()


def test_a_dry_run_announces_nothing(tmp_path):
    rng = random.Random(9)
    _registry(rng, 3)
    refresh_snapshot()
    rows_before = IndicatorSnapshot.objects.count()
    report = import_people_file(_new_people_file(tmp_path, rng, 3), dry_run=True)
    assert not report.committed and report.fresh_provinces == set()
    assert IndicatorSnapshot.objects.count() == rows_before
