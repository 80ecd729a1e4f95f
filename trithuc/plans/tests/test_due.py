"""Who owes which report in which period: recurring tasks give one item per period,
a fixed deadline one item, reviews one report per agency."""

from __future__ import annotations

import datetime as dt

import pytest

from trithuc.plans.due import agency_due_items, late_and_missing, plan_due_items, plan_matrix
from trithuc.plans.services import ReportInput, save_report

from .conftest import agency

pytestmark = pytest.mark.django_db
D = dt.date
SNV, KHCN, TC = "Sở Nội vụ", "Sở Khoa học và Công nghệ", "Sở Tài chính"


def test_recurring_task_gives_one_item_per_period_and_agency(make_plan):
    plan = make_plan([("1", SNV, [KHCN], "recurring", None, "every_period")],
                     reporting_frequency="six_monthly")  # fmt: skip
    regular = plan.periods.exclude(kind__in=["mid_term_review", "final_review"])
    items = [i for i in plan_due_items(plan) if i.task is not None]
    assert len(items) == 2 * regular.count()
    keys = {(i.period.pk, i.agency.name) for i in items}
    assert len(keys) == len(items)  # no period repeats an agency
    lead = [i for i in items if i.is_lead]
    assert {i.agency.name for i in lead} == {SNV}


def test_yearly_task_skips_six_monthly_periods(make_plan):
    plan = make_plan(
        [("1", SNV, [], "recurring", None, "yearly")], reporting_frequency="six_monthly"
    )
    items = [i for i in plan_due_items(plan) if i.task is not None]
    assert {i.period.kind for i in items} == {"yearly"}
    assert len(items) == plan.periods.filter(kind="yearly").count()


def test_fixed_deadline_falls_in_the_first_period_cut_off_after_it(make_plan):
    plan = make_plan([("1", SNV, [], "fixed", D(2024, 12, 31), "")])
    (item,) = [i for i in plan_due_items(plan) if i.task is not None]
    assert (item.period.kind, item.period.ends_on) == ("yearly", D(2025, 12, 14))


def test_reviews_ask_every_agency_with_a_task_and_the_owner(make_plan):
    plan = make_plan([("1", SNV, [KHCN], "recurring", None, "every_period")],
                     owner_agency=agency(TC))  # fmt: skip
    review = plan.periods.get(kind="mid_term_review")
    items = plan_due_items(plan, [review])
    assert {(i.agency.name, i.is_lead, i.task) for i in items} == {
        (TC, True, None),
        (SNV, False, None),
        (KHCN, False, None),
    }


def test_agency_sees_only_its_own_items_and_late_ones_are_listed(make_plan, reporter):
    plan = make_plan([("1", SNV, [], "recurring", None, "every_period"),
                      ("2", KHCN, [], "recurring", None, "every_period")])  # fmt: skip
    today = D(2026, 1, 10)
    mine = agency_due_items([plan], {agency(SNV).pk}, today)
    assert mine and {i.agency.name for i in mine} == {SNV}
    # 2024 and 2025 are past their due date: both agencies are late for both years.
    late = late_and_missing(plan, today)
    assert len(late) == 4
    period = plan.periods.get(kind="yearly", ends_on=D(2024, 12, 14))
    task = plan.tasks.get(number="1")
    save_report(plan=plan, period=period, task=task, agency=agency(SNV), actor=reporter,
                data=ReportInput("done", "Đã làm xong", [], ""), expected_version=0, submit=True)  # fmt: skip
    assert len(late_and_missing(plan, today)) == 3
    matrix = plan_matrix(plan, period)
    assert [a.name for a in matrix.agencies] == sorted([SNV, KHCN])
    states = {a.name: cell.state(today) for a, cell in zip(matrix.agencies, matrix.rows[0][1],
                                                           strict=True) if cell}  # fmt: skip
    assert states[SNV] == "submitted"


def test_agency_list_matches_the_plans_own_items(make_plan, reporter):
    """The batched list of one agency equals the plan's items filtered to that agency."""
    first = make_plan([("1", SNV, [KHCN], "recurring", None, "every_period"),
                       ("2", KHCN, [SNV, TC], "fixed", D(2025, 3, 1), ""),
                       ("3", TC, [], "recurring", None, "yearly")],
                      reporting_frequency="six_monthly", owner_agency=agency(SNV))  # fmt: skip
    second = make_plan([("1", TC, [SNV], "recurring", None, "every_period")], number="2-KH/TU",
                       issued_on=D(2025, 7, 1))  # fmt: skip
    today = D(2030, 1, 1)
    for name in (SNV, KHCN, TC):
        ids = {agency(name).pk}
        batched = agency_due_items([first, second], ids, today, include_submitted=True)
        expected = [i for plan in (first, second)
                    for i in plan_due_items(plan, [p for p in plan.periods.all()
                                                   if p.starts_on <= today])
                    if i.agency.pk in ids]  # fmt: skip
        assert sorted((i.key, i.is_lead) for i in batched) == sorted(
            (i.key, i.is_lead) for i in expected
        ), name
