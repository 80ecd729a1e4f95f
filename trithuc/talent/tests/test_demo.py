import datetime as dt

import pytest

from trithuc.demo import registry as demo
from trithuc.talent.demo import build_demo_recognition
from trithuc.talent.models import Application, Commitment, TalentPolicy, Tranche
from trithuc.talent.services import unproven_rules

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 20)


def test_demo_builds_policies_decisions_payments_meeting_and_honours():
    demo.build_demo(seed=1, count=300, province_code="04", today=TODAY)
    result = build_demo_recognition("04", today=TODAY)
    assert result.policies == 2 and result.applicants == 20
    assert result.approved >= 8 and result.paid_vnd > 0
    for policy in TalentPolicy.objects.all():
        assert policy.is_synthetic
        planned = sum(Tranche.objects.filter(commitment__application__policy=policy,
                                             cancelled=False).values_list("amount_vnd", flat=True))  # fmt: skip
        assert planned <= policy.budget_vnd
    assert Commitment.objects.filter(left_on__isnull=False).exists()
    # every decision rests on verified files; one applicant waits on a refused degree copy
    assert result.evidence_refused == 1 and result.awaiting_evidence == 1
    assert result.evidence_verified + result.evidence_refused == result.evidence_files
    for application in Application.objects.filter(status="approved"):
        assert not unproven_rules(application)
        assert application.commitment.housing.kind in {"official", "rent"}
    assert Tranche.objects.filter(kind="housing").exists()
    assert result.retention and "đồng" in result.refund
    assert result.requests.startswith("6 kiến nghị, 3 đã giải quyết")
    assert result.honours == 10
    assert build_demo_recognition("04", today=TODAY).skipped
    assert all(line for line in result.lines())
