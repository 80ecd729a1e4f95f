import datetime as dt

import pytest

from trithuc.talent.models import Commitment
from trithuc.talent.retention import Span, curve, person_years, retention_table
from trithuc.talent.services import add_event, add_score, decide, pay_tranche
from trithuc.talent.tests.conftest import make_application, make_policy

AS_OF = dt.date(2025, 12, 31)


def test_curve_against_a_hand_computation():
    spans = [
        Span(dt.date(2019, 3, 1), None),  # 6 years in post
        Span(dt.date(2019, 3, 1), dt.date(2020, 2, 28)),  # left a day before 1 year
        Span(dt.date(2019, 3, 1), dt.date(2020, 3, 1)),  # left on the first anniversary
        Span(dt.date(2020, 6, 1), dt.date(2023, 1, 1)),  # past 1 year, not 3
        Span(dt.date(2021, 1, 1), None),  # observed at 1 and 3, not 5
        Span(dt.date(2025, 6, 1), None),  # too recent for any horizon
    ]
    points = curve(spans, AS_OF)
    # 1 year: observed the first five; retained all but the second → 4/5
    assert (points[0].observed, points[0].retained, points[0].share) == (5, 4, 80.0)
    # 3 years: observed the first five (2021-01-01 + 3 = 2024-01-01); retained 1st, 5th → 2/5
    assert (points[1].observed, points[1].retained, points[1].share) == (5, 2, 40.0)
    # 5 years: observed the three of 2019 and the one of June 2020; retained only the first
    assert (points[2].observed, points[2].retained, points[2].share) == (4, 1, 25.0)


def test_person_years_stop_at_departure_and_today():
    spans = [Span(dt.date(2024, 12, 31), None), Span(dt.date(2023, 12, 31), dt.date(2024, 12, 31))]
    assert person_years(spans, AS_OF) == pytest.approx((365 + 366) / 365.25)


@pytest.mark.django_db
def test_table_by_policy_with_cost_per_person_year(manager):
    policy = make_policy(manager, budget_vnd=10_000_000_000, monthly_share_percent=0,
                         valid_from=dt.date(2019, 1, 1),
                         monthly_years=0)  # fmt: skip
    decided = []
    for i, (day, left) in enumerate([(dt.date(2020, 1, 1), None),
                                     (dt.date(2020, 1, 1), dt.date(2022, 1, 1))]):  # fmt: skip
        app = make_application(policy, manager, full_name=f"Người {i}", today=day,
                               birth_date=dt.date(1990, 1, 1))  # fmt: skip
        add_score(app, member="Hội đồng", score=80, actor=manager)
        commitment = decide(app, number=f"{i}/QĐ", day=day, actor=manager)
        pay_tranche(commitment.tranches.get(), paid_on=day, actor=manager)
        if left:
            add_event(commitment, kind="left_early", on=left, exit_reason="resigned", actor=manager)
        decided.append(commitment)
    table = retention_table(Commitment.objects.all(), AS_OF, by="policy")
    row, total = table
    assert row.people == 2 and total.name == "Tất cả"
    assert [(p.observed, p.retained) for p in row.points] == [(2, 2), (2, 1), (2, 1)]
    assert row.paid_vnd == 600_000_000 and row.left == 1
    years = (
        (AS_OF - dt.date(2020, 1, 1)).days + (dt.date(2022, 1, 1) - dt.date(2020, 1, 1)).days
    ) / 365.25
    assert row.cost_per_person_year == round(600_000_000 / round(years, 2))
