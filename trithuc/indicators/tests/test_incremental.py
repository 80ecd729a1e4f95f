"""The snapshot refreshed province by province (issue 19): an import into one province
recomputes the rows of the provinces it touched, in the background task it queues, and
the result is the whole refresh's, row for row; other provinces' rows are not touched."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.utils import timezone

from conftest import good_row, write_xlsx
from trithuc.indicators import services, snapshots
from trithuc.indicators.models import IndicatorSnapshot, PopulationSnapshot
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
from trithuc.people.models import Person
from trithuc.people.services import import_people_file, save_person
from trithuc.people.writing import DATA_FIELDS

pytestmark = pytest.mark.django_db
PROVINCES = ("04", "20", "08")  # Cao Bằng, Lạng Sơn, Tuyên Quang
SECTORS = ("education", "health", "science")
LEVELS = ("bachelor", "master", "doctor", "college")


def _snapshot() -> list[tuple]:
    return sorted(IndicatorSnapshot.objects.values_list(
        "indicator_id", "year", "as_of", "province_code", "workplace_unit", "sector", "count",
        "base", "extra", "assumed"))  # fmt: skip


def _population() -> list[tuple]:
    return sorted(PopulationSnapshot.objects.values_list(
        "as_of", "province_code", "workplace_unit", "sector", "count"))  # fmt: skip


def _random_registry(rng: random.Random, people: int) -> list[Person]:
    """People whose history moves between the provinces, with degrees (some corrected
    later) and starts of work stated or not."""
    units = {p: [p, *units_under(p)[1:4]] for p in PROVINCES}
    made = []
    for _ in range(people):
        jobs, start = [], dt.date(rng.randint(2008, 2020), rng.randint(1, 12), 1)
        for _ in range(rng.randint(1, 3)):
            unit = rng.choice(units[rng.choice(PROVINCES)])
            jobs.append(Job(unit, sector=rng.choice(SECTORS),
                            valid_from=start if rng.random() < 0.8 else None))  # fmt: skip
            start += dt.timedelta(days=rng.randint(200, 1500))
            if start >= timezone.localdate():
                break
        for before, after in zip(jobs, jobs[1:], strict=False):
            before.valid_to = after.valid_from or dt.date(2019, 1, 1)
            after.valid_from = before.valid_to
        degrees = [Degree(rng.choice(LEVELS), dt.date(rng.randint(2005, 2025), 6, 1))
                   for _ in range(rng.randint(0, 2))]  # fmt: skip
        made.append(make_person(Spec(
            birth_date=dt.date(rng.randint(1965, 2000), 3, 15),
            upskilled_to_standard=rng.random() < 0.5, continuing_education=rng.random() < 0.5,
            jobs=jobs, degrees=degrees)))  # fmt: skip
    return made


def _hold_some_days() -> None:
    today = timezone.localdate()
    hold_days(ExtraDays(frame=(dt.date(today.year - 1, 12, 14),),
                        events=(dt.date(today.year - 2, 6, 30),)))  # fmt: skip
    assert get_state().extra_days["frame"]


@pytest.mark.parametrize("seed", [1, 2])
def test_an_import_into_one_province_refreshes_its_rows_as_a_whole_refresh_would(
    seed, tmp_path, django_capture_on_commit_callbacks
):
    rng = random.Random(seed)
    people = _random_registry(rng, 40)
    refresh_snapshot()
    _hold_some_days()
    before = _snapshot()
    state = get_state()
    # New people in Cao Bằng's communes, one person moved there from elsewhere, one whose
    # degree is corrected (their past rows, wherever they worked, change).
    commune = units_under("04")[1]
    rows = [good_row(n, workplace_unit=rng.choice(["04", commune]),
                     education_level=rng.choice(["Thạc sĩ", "Đại học", "Tiến sĩ"]),
                     education_year=rng.randint(2000, 2024)) for n in range(1, 30)]  # fmt: skip
    elsewhere = next(p for p in people if p.province_code != "04")
    history = set(elsewhere.employments.values_list("province_code", flat=True))
    rows.append(good_row(90, national_id=elsewhere.national_id, workplace_unit=commune,
                         birth_date=elsewhere.birth_date.strftime("%d/%m/%Y")))  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        report = import_people_file(write_xlsx(tmp_path / "in.xlsx", rows))
    assert report.committed and report.created == 29 and report.updated == 1
    after = get_state()
    touched = {"04"} | history
    assert after.pending == {}, "the task queued by the import ran"
    assert set(after.province_refreshed) == touched
    assert after.refreshed_at == state.refreshed_at, "not a whole refresh"
    incremental, population = _snapshot(), _population()
    untouched = set(PROVINCES) - touched
    assert [r for r in incremental if r[3] in untouched] == [r for r in before if r[3] in untouched]
    assert incremental != before
    refresh_snapshot()
    assert _snapshot() == incremental
    assert _population() == population


def test_an_edit_refreshes_the_provinces_of_the_persons_history(django_capture_on_commit_callbacks):
    rng = random.Random(3)
    people = _random_registry(rng, 20)
    refresh_snapshot()
    person = next(p for p in people if p.province_code == "20")
    values = {name: getattr(person, name) for name in DATA_FIELDS}
    values.update(education_level="doctor", education_year=2024, workplace_unit="04",
                  province_code="04")  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        save_person(values, actor=None, person=person)
    state = get_state()
    assert not state.pending and {"04", "20"} <= set(state.province_refreshed)
    incremental = _snapshot()
    refresh_snapshot()
    assert _snapshot() == incremental


def test_a_change_of_unknown_provinces_is_refreshed_whole():
    make_person(Spec(jobs=[Job("04")]))
    refresh_snapshot()
    first = get_state().refreshed_at
    services.request_refresh()  # the demo's signal names no province
    state = get_state()
    assert state.refreshed_at > first and not state.pending


def test_a_snapshot_of_another_day_is_recomputed_whole():
    make_person(Spec(jobs=[Job("04")]))
    refresh_snapshot(timezone.localdate() - dt.timedelta(days=1))
    mark_changed(["04"])
    assert get_state().stale_for(["04"]) and not get_state().stale_for(["20"])
    result = snapshots.refresh_if_requested(timezone.now().isoformat(), ["04"])
    assert result["provinces"] is None
    state = get_state()
    assert state.as_of == timezone.localdate() and not state.pending


def test_a_change_seen_by_no_computation_stays_pending():
    make_person(Spec(jobs=[Job("04")]))
    refresh_snapshot()
    mark_changed(["04", "20"])
    started = timezone.now()
    mark_changed(["20"])  # after the computation below started: it cannot have seen it
    state = get_state()
    state.pending["20"] = (started + dt.timedelta(seconds=30)).isoformat()
    type(state).objects.filter(pk=state.pk).update(pending=state.pending)
    refresh_provinces(["04", "20"])
    assert set(get_state().pending) == {"20"}
    assert get_state().stale_for(["20"]) and not get_state().stale_for(["04"])


def test_a_whole_refresh_keeps_a_province_computed_after_it_started(monkeypatch):
    make_person(Spec(jobs=[Job("04")]))
    refresh_snapshot()
    from trithuc.indicators import snapshots

    real = snapshots.compute_snapshot_rows
    newer = {}

    def slow_whole_refresh(*args, **kwargs):
        rows = real(*args, **kwargs)
        if kwargs.get("area") is None and not newer:
            # Meanwhile a person is added in Lạng Sơn and that province recomputed alone.
            make_person(Spec(jobs=[Job("20")]))
            monkeypatch.setattr(snapshots, "compute_snapshot_rows", real)
            refresh_provinces(["20"])
            newer["rows"] = [r for r in _snapshot() if r[3] == "20"]
        return rows

    monkeypatch.setattr(snapshots, "compute_snapshot_rows", slow_whole_refresh)
    refresh_snapshot()
    assert newer["rows"] and [r for r in _snapshot() if r[3] == "20"] == newer["rows"]
    assert "20" in get_state().province_refreshed


def test_the_national_counts_from_the_snapshot_are_the_live_counts(
    django_user_model, tmp_path, django_capture_on_commit_callbacks
):
    """The national page sums the snapshot's population rows for a reader of the whole
    country: the same table as counting the frame live, after a refresh by province too."""
    from trithuc.accounts.models import Membership
    from trithuc.accounts.scope import scope_of
    from trithuc.core.national import _people_counts
    from trithuc.people.stats import people_stats

    national = django_user_model.objects.create_user(username="toanquoc")
    Membership.objects.create(user=national, role="national_analyst")
    _random_registry(random.Random(4), 30)
    refresh_snapshot()

    def table(rows):
        return sorted((r["province_code"], r["sector"] or "", r["count"]) for r in rows)

    live = people_stats(Person.objects.all(), ["province_code", "sector"])
    held, counted_at = _people_counts(national, scope_of(national), get_state())
    assert table(held) == table(live) and counted_at == get_state().refreshed_at
    rows = [good_row(n, workplace_unit="04") for n in range(1, 6)]
    with django_capture_on_commit_callbacks(execute=True):
        import_people_file(write_xlsx(tmp_path / "in.xlsx", rows))
    assert PopulationSnapshot.objects.filter(province_code="20").exists()
    live = people_stats(Person.objects.all(), ["province_code", "sector"])
    assert table(_people_counts(national, scope_of(national), get_state())[0]) == table(live)
    mark_changed(["04"])  # stale: counted live, and the page says so (no time)
    assert _people_counts(national, scope_of(national), get_state()) == (live, None)


def test_a_province_recomputed_alone_says_when_and_others_keep_their_time():
    make_person(Spec(jobs=[Job("04")]))
    refresh_snapshot()
    whole = get_state().refreshed_at
    mark_changed(["04"])
    state = get_state()
    assert state.stale_for(["04"]) and not state.stale_for(["20"]) and state.is_stale
    refresh_provinces(["04"])
    state = get_state()
    assert not state.is_stale
    assert state.refreshed_for(["04"]) > whole
    assert state.refreshed_for(["20"]) == whole == state.refreshed_for(["04", "20"])
