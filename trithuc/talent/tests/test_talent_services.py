import datetime as dt

import pytest

from trithuc.talent import eligibility
from trithuc.talent.models import Tranche
from trithuc.talent.services import (
    TalentError,
    add_event,
    add_score,
    budget_committed,
    decide,
    pay_tranche,
    refund_due,
)
from trithuc.talent.tests.conftest import make_application, make_policy

pytestmark = pytest.mark.django_db
RULES = {"age__lte": 35, "education_level__gte": "master", "papers__gte": 2}
DECISION = dt.date(2025, 7, 1)


def facts(birth, level="master", papers=2, **kw):
    return eligibility.Facts(birth_date=birth, education_level=level, papers=papers, **kw)


@pytest.mark.parametrize(
    ("birth", "level", "papers", "ok"),
    [
        (dt.date(1990, 7, 1), "master", 2, True),  # 35 on the decision day: still ≤ 35
        (dt.date(1990, 7, 2), "master", 2, True),  # 34 (turns 35 the next day)
        (dt.date(1990, 6, 30), "master", 2, True),  # turned 35 the day before
        (dt.date(1989, 7, 1), "master", 2, False),  # 36 on the decision day
        (dt.date(1989, 7, 2), "master", 2, True),  # 35 until tomorrow
        (dt.date(1995, 1, 1), "bachelor", 5, False),  # one level under master
        (dt.date(1995, 1, 1), "doctor", 2, True),  # above master
        (dt.date(1995, 1, 1), "master", 1, False),  # one paper short
    ],
)
def test_eligibility_boundaries_on_the_decision_date(birth, level, papers, ok):
    results = eligibility.evaluate(RULES, facts(birth, level, papers), DECISION)
    assert eligibility.eligible(results) is ok
    assert all(r.text for r in results)


def test_age_counts_whole_years_on_the_day():
    assert eligibility.age_on(dt.date(1990, 7, 1), DECISION) == 35
    assert eligibility.age_on(dt.date(1990, 7, 2), DECISION) == 34
    assert eligibility.age_on(dt.date(1989, 7, 1), DECISION) == 36


def test_any_of_and_field_rules():
    rules = {"field__in": ["health", "education"],
             "any_of": [{"education_level__gte": "doctor"}, {"graduation_grade": "excellent"}]}  # fmt: skip
    assert eligibility.eligible(eligibility.evaluate(
        rules, facts(dt.date(2000, 1, 1), "bachelor", graduation_grade="excellent", field="health"),
        DECISION))  # fmt: skip
    assert not eligibility.eligible(eligibility.evaluate(
        rules, facts(dt.date(2000, 1, 1), "bachelor", graduation_grade="good", field="health"),
        DECISION))  # fmt: skip
    assert not eligibility.eligible(eligibility.evaluate(
        rules, facts(dt.date(2000, 1, 1), "doctor", field="agriculture"), DECISION))  # fmt: skip


def test_bad_rules_are_refused_in_vietnamese(manager):
    with pytest.raises(eligibility.RuleError, match="không dùng được"):
        make_policy(manager, rules={"height__gte": 170})
    with pytest.raises(eligibility.RuleError, match="so sánh lớn/nhỏ"):
        make_policy(manager, rules={"field__gte": "health"})


def test_age_is_checked_again_on_the_decision_date(policy, manager):
    # 35 when submitting, 36 on the decision date.
    app = make_application(
        policy, manager, today=dt.date(2025, 1, 10), birth_date=dt.date(1989, 5, 1)
    )
    assert app.status == "eligible"
    add_score(app, member="GS. Nông Văn Bình", score=80, actor=manager)
    with pytest.raises(TalentError, match="ngày quyết định"):
        decide(app, number="15/QĐ-UBND", day=DECISION, actor=manager)
    app.refresh_from_db()
    assert app.status == "eligible"
    assert not Tranche.objects.exists()


def test_decision_plans_the_ledger_and_budget_cap_refuses(manager):
    # doctor: 300 m one-time + 150 % of 10 m for 60 months = 300 m + 900 m = 1.2 bn
    policy = make_policy(manager, budget_vnd=2_000_000_000)
    first = make_application(policy, manager)
    add_score(first, member="Hội đồng", score=90, actor=manager)
    commitment = decide(first, number="1/QĐ", day=DECISION, actor=manager)
    assert budget_committed(policy) == 1_200_000_000
    assert commitment.tranches.count() == 61
    assert commitment.tranches.get(kind="one_time").amount_vnd == 300_000_000
    second = make_application(policy, manager, full_name="Lục Văn Hải")
    add_score(second, member="Hội đồng", score=85, actor=manager)
    with pytest.raises(TalentError, match="Vượt kinh phí"):
        decide(second, number="2/QĐ", day=DECISION, actor=manager)
    second.refresh_from_db()
    assert second.status == "eligible" and not second.decision_number
    assert budget_committed(policy) == 1_200_000_000
    # A master costs 100 m + 900 m = 1.0 bn: still over (1.2 + 1.0 > 2.0); within a
    # 2.2 bn budget it fits exactly.
    policy.budget_vnd = 2_200_000_000
    policy.save()
    third = make_application(policy, manager, full_name="Bế Thu Trang", education_level="master")
    add_score(third, member="Hội đồng", score=70, actor=manager)
    decide(third, number="3/QĐ", day=DECISION, actor=manager)
    assert budget_committed(policy) == 2_200_000_000


def test_decision_needs_scores_and_a_manager(policy, manager, viewer):
    app = make_application(policy, manager)
    with pytest.raises(TalentError, match="chấm điểm"):
        decide(app, number="1/QĐ", day=DECISION, actor=manager)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        add_score(app, member="X", score=50, actor=viewer)


def test_sibling_manager_cannot_touch_our_application(policy, manager, sibling):
    from trithuc.accounts.scope import OutOfScope

    app = make_application(policy, manager)
    with pytest.raises(OutOfScope):
        add_score(app, member="X", score=50, actor=sibling)
    assert not app.scores.exists()


def _decided(manager, rule="pro_rata", **policy_kw):
    policy = make_policy(manager, refund_rule=rule, code=f"p-{rule}", **policy_kw)
    app = make_application(policy, manager)
    add_score(app, member="Hội đồng", score=90, actor=manager)
    return decide(app, number="1/QĐ", day=dt.date(2025, 1, 1), actor=manager)


def _pay_until(commitment, manager, day):
    for tranche in commitment.tranches.filter(due_on__lte=day):
        pay_tranche(tranche, paid_on=tranche.due_on, actor=manager)


@pytest.mark.parametrize(
    ("rule", "reason", "expected"),
    [
        # paid by 1 Jan 2027: 300 m + 24 months × 15 m = 660 m; 730 of 1826 days served
        ("pro_rata", "resigned", 660_000_000 * (1826 - 730) // 1826),
        ("pro_rata", "dismissed", 660_000_000 * (1826 - 730) // 1826),
        ("pro_rata", "refused_post", 660_000_000 * (1826 - 730) // 1826),
        ("full", "resigned", 660_000_000),
        ("none", "resigned", 0),
        ("pro_rata", "health", 0),
        ("pro_rata", "transferred", 0),
        ("full", "death", 0),
    ],
)
def test_refund_by_rule_for_each_exit_case(manager, rule, reason, expected):
    commitment = _decided(manager, rule)
    left = dt.date(2027, 1, 1)
    _pay_until(commitment, manager, left)
    add_event(commitment, kind="left_early", on=left, exit_reason=reason, actor=manager)
    commitment.refresh_from_db()
    refund = refund_due(commitment)
    assert refund.amount_vnd == expected
    assert refund.lines and refund.words.endswith("đồng")
    # nothing after the departure is paid any more
    assert not Tranche.objects.filter(
        commitment=commitment, due_on__gt=left, cancelled=False
    ).exists()


def test_study_leave_does_not_count_as_time_served(manager):
    commitment = _decided(manager)
    add_event(commitment, kind="study_leave", on=dt.date(2026, 1, 1), actor=manager)
    add_event(commitment, kind="returned", on=dt.date(2027, 1, 1), actor=manager)
    _pay_until(commitment, manager, dt.date(2028, 1, 1))
    add_event(commitment, kind="left_early", on=dt.date(2028, 1, 1), exit_reason="resigned",
              actor=manager)  # fmt: skip
    commitment.refresh_from_db()
    paid = 300_000_000 + 36 * 15_000_000
    served = (dt.date(2028, 1, 1) - dt.date(2025, 1, 1)).days - 365
    assert refund_due(commitment).amount_vnd == paid * (1826 - served) // 1826


def test_completed_commitment_owes_nothing(manager):
    commitment = _decided(manager)
    add_event(commitment, kind="left_early", on=dt.date(2030, 1, 2), exit_reason="resigned",
              actor=manager)  # fmt: skip
    commitment.refresh_from_db()
    assert refund_due(commitment).amount_vnd == 0
