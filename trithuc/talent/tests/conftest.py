import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from trithuc.talent.models import Application, TalentPolicy
from trithuc.talent.services import review_evidence, rule_choices, save_policy, upload_evidence


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


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def pdf(name: str = "bang-tien-si.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/pdf")


def prove(application: Application, actor) -> None:
    """One verified file supporting every rule of the policy (what the decision needs)."""
    rules = [key for key, _text in rule_choices(application)]
    if rules:
        evidence = upload_evidence(application, pdf(), kind="degree", rules=rules, actor=actor)
        review_evidence(evidence, verdict="verified", actor=actor)


def make_application(policy, actor, today=dt.date(2025, 6, 1), proven=True,
                     **overrides) -> Application:  # fmt: skip
    from trithuc.talent.services import submit_application

    values = {
        "policy": policy, "origin": "graduate", "full_name": "Hoàng Thị Mai", "birth_date": dt.date(1992, 7, 1),
        "gender": "female", "ethnicity": "02", "education_level": "doctor", "papers": 3, "field": "health",
        "workplace_unit": "04", "employer": "Bệnh viện Đa khoa tỉnh", "base_salary_vnd": 10_000_000,
    }  # fmt: skip
    values.update(overrides)
    application = submit_application(Application(**values), actor=actor, today=today)
    if proven and application.status == "eligible":
        prove(application, actor)
    return application


@pytest.fixture
def policy(manager):
    return make_policy(manager)
