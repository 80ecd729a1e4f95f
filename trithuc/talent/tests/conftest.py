import datetime as dt

import pytest

from trithuc.talent.models import Application, TalentPolicy
from trithuc.talent.services import save_policy


def make_policy(actor, **overrides) -> TalentPolicy:
    values = {
        "province_code": "04", "code": "nq-thu-hut", "name": "Nghị quyết thu hút nhân tài",
        "legal_basis": "Nghị quyết số 10/2024/NQ-HĐND", "valid_from": dt.date(2024, 1, 1),
        "rules": {"age__lte": 35, "education_level__gte": "master", "papers__gte": 2},
        "one_time_amounts": {"master": 100_000_000, "doctor": 300_000_000},
        "monthly_share_percent": 150, "monthly_years": 5, "commitment_years": 5,
        "refund_rule": "pro_rata", "budget_vnd": 2_000_000_000,
    }  # fmt: skip
    values.update(overrides)
    return save_policy(TalentPolicy(**values), actor=actor)


def make_application(policy, actor, today=dt.date(2025, 6, 1), **overrides) -> Application:
    from trithuc.talent.services import submit_application

    values = {
        "policy": policy, "origin": "graduate", "full_name": "Hoàng Thị Mai", "birth_date": dt.date(1992, 7, 1),
        "gender": "female", "ethnicity": "02", "education_level": "doctor", "papers": 3, "field": "health",
        "workplace_unit": "04", "employer": "Bệnh viện Đa khoa tỉnh", "base_salary_vnd": 10_000_000,
    }  # fmt: skip
    values.update(overrides)
    return submit_application(Application(**values), actor=actor, today=today)


@pytest.fixture
def policy(manager):
    return make_policy(manager)
