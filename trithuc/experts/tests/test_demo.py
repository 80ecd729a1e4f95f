"""The demo province's critique: three experts answer (one declined, an alternate stepped
in), the synthesis is issued and every recommendation answered; all marked synthetic."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from trithuc.experts.models import Consultation, Expert, InvitationState

pytestmark = pytest.mark.django_db


def test_demo_runs_a_critique_to_the_end():
    out = io.StringIO()
    call_command("demo", "--people", "60", "--seed", "2", "--password", "thu-nghiem", stdout=out)
    text = out.getvalue()
    c = Consultation.objects.get(is_synthetic=True)
    states = sorted(c.invitations.values_list("state", flat=True))
    assert states == sorted([InvitationState.SUBMITTED] * 3 + [InvitationState.DECLINED])
    assert c.invitations.get(is_alternate=True).state == InvitationState.SUBMITTED
    assert c.status == "answered" and not c.recommendations.filter(response="").exists()
    assert all(e.is_synthetic for e in Expert.objects.all())
    assert "từ chối" in text and "Mỗi vai trò đã thấy gì" in text and "thuky" in text
    call_command("demo", "--people", "60", "--seed", "2", stdout=io.StringIO())  # idempotent
    assert Consultation.objects.count() == 1
