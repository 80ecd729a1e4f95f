"""Values from the registry's history: boundary cases, events, ratios, old units."""

from __future__ import annotations

import datetime as dt

import pytest

from trithuc.indicators.models import Indicator, Target
from trithuc.indicators.snapshots import refresh_snapshot
from trithuc.indicators.tests.factories import Degree, Job, Spec, make_person
from trithuc.indicators.values import Evaluator

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 11, 22)
COMMUNE_A, COMMUNE_B = "01273", "01279"  # two communes of Cao Bằng (04)
OLD_LAM_DONG, OLD_BINH_THUAN = "24778", "22918"  # current communes of 68 from old 68 / 60


def target(code: str, *, unit: str = "04", system: str = "2025", sector: str = "", **kw):
    values = {"year": 2030, "comparator": ">=", "value": 50.0, "plan_reference": "T", **kw}
    return Target.objects.create(
        indicator=Indicator.objects.get(code=code), unit_code=unit, unit_code_system=system,
        sector=sector, **values,
    )  # fmt: skip


def value(t: Target, day: dt.date, **kw):
    row = Evaluator(None, as_of=day, use_snapshot=False, **kw).evaluate(t)
    return row.value, row.count, row.base


def test_a_leader_who_turns_40_on_the_day_is_no_longer_under_40():
    make_person(Spec(birth_date=dt.date(1986, 11, 22), jobs=[Job("04", is_leader=True)]))
    t = target("share_leaders_under_40")
    assert value(t, AS_OF) == (0.0, 0, 1)
    assert value(t, AS_OF - dt.timedelta(days=1)) == (100.0, 1, 1)


def test_a_degree_counts_from_the_day_it_is_awarded():
    make_person(Spec(degrees=[Degree("bachelor", dt.date(2008, 6, 1)), Degree("master", AS_OF)]))
    masters = target("share_masters")
    assert value(masters, AS_OF) == (100.0, 1, 1)
    assert value(masters, AS_OF - dt.timedelta(days=1)) == (0.0, 0, 1)
    university = target("share_university_or_higher")
    assert value(university, AS_OF - dt.timedelta(days=1)) == (100.0, 1, 1)


def test_a_degree_without_a_date_counts_for_every_date():
    make_person(Spec(degrees=[Degree("bachelor", None)]))
    assert value(target("share_university_or_higher"), dt.date(2015, 12, 31))[1] == 1


def test_a_person_who_moved_is_counted_where_they_worked_on_the_day():
    make_person(Spec(jobs=[
        Job(COMMUNE_A, valid_from=None, valid_to=dt.date(2020, 1, 1)),
        Job(COMMUNE_B, valid_from=dt.date(2020, 1, 1)),
    ]))  # fmt: skip
    a = target("share_trained_to_standard", unit=COMMUNE_A)
    b = target("share_trained_to_standard", unit=COMMUNE_B)
    province = target("share_trained_to_standard")
    assert value(a, dt.date(2019, 12, 31))[2] == 1
    assert value(b, dt.date(2019, 12, 31))[2] == 0
    assert value(a, dt.date(2020, 1, 1))[2] == 0  # valid_to is exclusive
    assert value(b, dt.date(2020, 1, 1))[2] == 1
    assert value(province, dt.date(2019, 12, 31))[2] == value(province, AS_OF)[2] == 1


def test_a_retired_person_leaves_the_staff_and_the_intellectuals():
    make_person(Spec(
        degrees=[Degree("master", dt.date(2000, 1, 1))],
        jobs=[Job("04", valid_to=dt.date(2024, 5, 1)),
              Job("04", employment_type="retired", valid_from=dt.date(2024, 5, 1))],
    ))  # fmt: skip
    staff = target("share_masters")
    count = target("intellectuals_count")
    assert value(staff, dt.date(2024, 4, 30)) == (100.0, 1, 1)
    assert value(staff, dt.date(2024, 5, 1)) == (None, 0, 0)
    assert value(count, dt.date(2024, 4, 30))[1] == 1
    assert value(count, dt.date(2024, 5, 1))[1] == 0


def test_people_not_yet_born_or_hired_are_not_counted():
    make_person(Spec(jobs=[Job("04", valid_from=dt.date(2018, 9, 1))]))
    assert value(target("intellectuals_count"), dt.date(2017, 12, 31))[1] == 0


def test_sector_limits_the_people_counted():
    make_person(Spec(jobs=[Job("04", sector="health")], degrees=[Degree("master", None)]))
    make_person(Spec(jobs=[Job("04", sector="education")]))
    assert value(target("share_masters", sector="health"), AS_OF) == (100.0, 1, 1)
    assert value(target("share_masters", sector="education"), AS_OF) == (0.0, 0, 1)
    assert value(target("share_masters"), AS_OF) == (50.0, 1, 2)


def test_doctorates_are_counted_once_where_the_person_worked_that_day():
    make_person(Spec(
        jobs=[Job("04", sector="health", valid_to=dt.date(2021, 1, 1)),
              Job("04", sector="education", valid_from=dt.date(2021, 1, 1))],
        degrees=[Degree("doctor", dt.date(2022, 3, 1)), Degree("doctor", dt.date(2023, 3, 1))],
    ))  # fmt: skip
    education = target("phd_trained_count", sector="education",
                       period_start=dt.date(2022, 1, 1), comparator="=", value=6)  # fmt: skip
    later = target("phd_trained_count", period_start=dt.date(2022, 3, 2), comparator="=", value=6)
    assert value(education, AS_OF)[1] == 1
    assert value(target("phd_trained_count", sector="health", period_start=dt.date(2015, 1, 1),
                        comparator="=", value=1), AS_OF)[1] == 0  # fmt: skip
    assert value(later, AS_OF)[1] == 0
    assert value(education, dt.date(2022, 2, 28))[1] == 0


def test_ratio_to_the_baseline_of_the_target():
    for _ in range(3):
        make_person(Spec(degrees=[Degree("bachelor", dt.date(2010, 1, 1))]))
    t = target("intellectuals_count_ratio", comparator="=", value=1.5, baseline_year=2020,
               baseline_value=2)  # fmt: skip
    assert value(t, AS_OF) == (1.5, 3, None)
    t.baseline_value = None
    t.save()
    assert value(t, AS_OF)[0] == 1.0  # the registry's count at the end of 2020


def test_a_target_for_an_old_province_reads_the_current_units_that_cover_it():
    make_person(Spec(jobs=[Job(OLD_LAM_DONG)]))
    make_person(Spec(jobs=[Job(OLD_BINH_THUAN)]))
    make_person(Spec(jobs=[Job("68")]))  # province level of the new Lâm Đồng
    assert target("experts_count", unit="60", system="2004").province_code == "68"
    staff = target("share_trained_to_standard", unit="68", system="2004")
    binh_thuan = target("share_trained_to_standard", unit="60", system="2004")
    new = target("share_trained_to_standard", unit="68")
    assert value(staff, AS_OF)[2] == 2  # its own commune and the province level
    assert value(binh_thuan, AS_OF)[2] == 1
    assert value(new, AS_OF)[2] == 3


def test_the_snapshot_gives_the_same_values_as_the_registry():
    make_person(Spec(
        birth_date=dt.date(1990, 1, 1),
        jobs=[Job(COMMUNE_A, is_leader=True, valid_to=dt.date(2019, 7, 1)),
              Job(COMMUNE_B, sector="health", valid_from=dt.date(2019, 7, 1))],
        degrees=[Degree("bachelor", dt.date(2012, 6, 1)), Degree("doctor", dt.date(2021, 5, 5))],
        upskilled_to_standard=True,
    ))  # fmt: skip
    refresh_snapshot(AS_OF)
    targets = [target(code) for code in Indicator.objects.exclude(kind="reported")
               .values_list("code", flat=True)]  # fmt: skip
    for t in targets:
        for day in [dt.date(2018, 12, 31), dt.date(2021, 12, 31), AS_OF]:
            live = Evaluator(None, as_of=day, use_snapshot=False).evaluate(t)
            snap = Evaluator(None, as_of=day).evaluate(t)
            assert snap.source == "snapshot"
            assert (snap.value, snap.count, snap.base) == (live.value, live.count, live.base)
            assert snap.series == live.series, t.indicator.code


def test_a_target_of_an_agency_counts_its_staff_and_its_units():
    from trithuc.orgunits.models import Agency

    department = Agency.objects.create(name="Sở Y tế", province_code="04")
    hospital = Agency.objects.create(name="Bệnh viện tỉnh", province_code="04", parent=department)
    other = Agency.objects.create(name="Sở Tài chính", province_code="04")
    make_person(Spec(jobs=[Job("04", sector="health", agency_id=department.pk)]))
    make_person(Spec(jobs=[Job(COMMUNE_A, sector="health", agency_id=hospital.pk)],
                     degrees=[Degree("master", None)]))  # fmt: skip
    make_person(Spec(jobs=[Job("04", sector="health", agency_id=other.pk)]))
    t = target("share_postgraduate", unit="", agency=department)
    assert (t.unit_code, t.province_code) == ("04", "04")
    assert value(t, AS_OF) == (50.0, 1, 2)
    refresh_snapshot(AS_OF)
    row = Evaluator(None, as_of=AS_OF).evaluate(t)
    assert row.source == "live"  # the snapshot has no agencies
    assert (row.count, row.base) == (1, 2)
    assert row.as_json()["agency"] == "Sở Y tế"
