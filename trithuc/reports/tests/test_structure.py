"""The annexes' structure kept with the indicator snapshot (`indicators.structure`)
equals the live count over the registry's history: on a random registry, for the
province and a commune, after a correction import (the refresh the import queues
recounts it), while the registry changed and the snapshot is stale (the report counts
live), and for a frozen report."""

from __future__ import annotations

import datetime as dt
import os
import random

import pytest

from conftest import good_row
from trithuc.indicators.models import StructureSnapshot
from trithuc.indicators.snapshots import (
    ExtraDays,
    get_state,
    hold_days,
    mark_changed,
    refresh_snapshot,
    structure_at,
)
from trithuc.orgunits.models import AdministrativeUnit
from trithuc.people.importing import import_people
from trithuc.people.models import Employment, Person, Qualification
from trithuc.people.signals import registry_changed
from trithuc.people.stats import people_stats_sets
from trithuc.reports import registry
from trithuc.reports.assemble import assemble
from trithuc.reports.services import draft_for, find_period, freeze

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 22)
CUT_OFF = dt.date(2025, 12, 14)
# A new registry each run: its seed is printed (shown with a failure) and
# TRITHUC_TEST_SEED replays it.


def _sorted(grouped: dict) -> dict:
    return {group: sorted(rows, key=lambda r: [str(r[k]) for k in (*group, "count")])
            for group, rows in grouped.items()}  # fmt: skip


def _live(area: str, day: dt.date) -> dict:
    return _sorted(people_stats_sets(None, registry.SETS, unit=area, as_of=day))


def _held(area: str, day: dt.date) -> dict:
    found = structure_at(area, day)
    assert found is not None, (area, day)
    return _sorted(found)


def _no_live_count(*args, **kwargs):
    raise AssertionError("the annexes were counted from the registry")


@pytest.fixture
def province():
    from django.contrib.auth import get_user_model

    from trithuc.demo.registry import build_demo
    from trithuc.orgunits.services import create_usual_agencies
    from trithuc.plans.demo import build_demo_plans, ensure_plan_users

    create_usual_agencies("04")
    ensure_plan_users("04", password="Demo-Trithuc-2026")
    seed = int(os.environ.get("TRITHUC_TEST_SEED") or random.randrange(1, 10**6))
    print(f"registry seed {seed} (TRITHUC_TEST_SEED={seed} replays it)")
    build_demo(seed=seed, count=300, today=TODAY)
    plan = build_demo_plans("04", today=TODAY)
    refresh_snapshot()
    report = draft_for(plan, find_period(plan, "yearly", 2025))
    assert report.as_of == CUT_OFF
    return {"plan": plan, "report": report,
            "coordinator": get_user_model().objects.get(username="dieuphoi")}  # fmt: skip


def _communes() -> list[str]:
    found = Employment.objects.filter(province_code="04").exclude(workplace_unit="04")
    return sorted(set(found.values_list("workplace_unit", flat=True)))


def _annexes(report, **kwargs) -> dict:
    return assemble(report.plan, report.period, as_of=report.as_of, **kwargs)["registry"]


def test_the_held_structure_equals_the_live_count(province, monkeypatch):
    report = province["report"]
    live = _annexes(report, fresh=True)
    first = _annexes(report)  # the first report teaches the snapshot its cut-off
    assert get_state().extra_days["structure"] == [CUT_OFF.isoformat()]
    assert StructureSnapshot.objects.filter(as_of=CUT_OFF).exists()
    assert first == live and live["total"] > 0
    for area in ["04", *_communes()[:3]]:
        assert _held(area, CUT_OFF) == _live(area, CUT_OFF), area
    # Any past day, 31 December included (no yearly row holds a structure).
    for day in (dt.date(2020, 12, 31), dt.date(2023, 6, 30)):
        assert day in hold_days(ExtraDays(structure=(day,))).structure
        assert _held("04", day) == _live("04", day)
    # A later report reads them without counting, and prints the same tables.
    monkeypatch.setattr(registry, "people_stats_sets", _no_live_count)
    assert _annexes(report) == live
    assert _annexes(report, user=province["coordinator"])["suppressed"] is True


def _import(path, today: dt.date) -> None:
    """An import dated `today`, then what the import service does once it commits: say
    the registry changed (the refresh it queues runs at once in tests)."""
    import_people(path, today=today)
    registry_changed.send(sender=Person)


def test_after_a_correction_import_the_refresh_recounts_it(province, make_xlsx):
    report = province["report"]
    _annexes(report)
    commune = next(u.code for u in AdministrativeUnit.objects.filter(
        province_code="04", code_system="2025").exclude(code="04").order_by("code")[:1])  # fmt: skip
    commune_before = _live(commune, CUT_OFF)
    rows = [good_row(n, national_id=f"0040999{n:05d}", birth_date=f"0{n % 9 + 1}/05/19{80 + n}",
                     is_leader="x" if n % 3 == 0 else "", gender="Nữ" if n % 2 else "Nam")
            for n in range(1, 16)]  # fmt: skip
    _import(make_xlsx(rows), dt.date(2025, 3, 1))
    # A second file corrects degrees (a master's lowered to a bachelor's) and moves people.
    fixes = [good_row(n, national_id=f"0040999{n:05d}", birth_date=f"0{n % 9 + 1}/05/19{80 + n}",
                      education_level="Đại học", education_year=2008, workplace_unit=commune,
                      gender="Nữ" if n % 2 else "Nam")
             for n in range(1, 8)]  # fmt: skip
    _import(make_xlsx(fixes), dt.date(2025, 9, 1))
    # The refresh recounted the cut-off it holds: fresh, and the registry's count.
    assert Qualification.objects.filter(superseded_at__isnull=False).count() >= 7
    state = get_state()
    assert not state.is_stale and CUT_OFF.isoformat() in state.extra_days["structure"]
    assert _live(commune, CUT_OFF) != commune_before  # the moves count at the cut-off
    for area in ("04", commune):
        assert _held(area, CUT_OFF) == _live(area, CUT_OFF), area
    assert _annexes(report) == _annexes(report, fresh=True)


def test_a_stale_snapshot_is_not_read_and_a_frozen_report_keeps_its_tables(province, make_xlsx):
    report = province["report"]
    coordinator = province["coordinator"]
    before = _annexes(report)
    frozen = freeze(report, actor=coordinator)
    assert frozen.figures["registry"] == _annexes(report, user=coordinator, fresh=True)
    rows = [good_row(n, national_id=f"0040888{n:05d}") for n in range(1, 13)]
    import_people(make_xlsx(rows), today=dt.date(2025, 6, 1))
    # The import's refresh has not run (its commit callbacks did not): the snapshot is
    # stale once the change is recorded, and the report counts from the registry.
    mark_changed()
    assert structure_at("04", CUT_OFF) is None
    assert _annexes(report, fresh=False)["total"] == before["total"] + 12
    frozen.refresh_from_db()
    assert frozen.figures["registry"]["total"] == before["total"]
    # The refresh catches up, and the held structure is the registry's again.
    refresh_snapshot()
    assert _held("04", CUT_OFF) == _live("04", CUT_OFF)
    assert _annexes(report)["total"] == before["total"] + 12
