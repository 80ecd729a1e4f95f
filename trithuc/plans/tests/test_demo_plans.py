"""The demo province's plans: the chain 45-NQ/TW → the province's plan → a department's plan,
agencies assigned, past reports partly submitted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from trithuc.plans.demo import build_demo_plans, ensure_plan_users
from trithuc.plans.due import late_and_missing
from trithuc.plans.models import Plan

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 22)


def test_demo_plans_are_built_once_and_show_as_a_chain(client, agencies):
    users = {u.username: u for u in ensure_plan_users("04", password="Demo-2026")}
    plan = build_demo_plans("04", today=TODAY)
    assert build_demo_plans("04", today=TODAY) is None
    assert plan.number == "15-KH/TU" and plan.tasks.filter(lead_agency__isnull=False).count() >= 8
    assert [p.number for p in plan.implements.all()] == ["45-NQ/TW"]
    assert plan.implemented_by.get().number == "42-KH/SNV"
    assert plan.tasks.get(number="IV.5").linked_plan.number == "42-KH/SNV"
    assert plan.reports.filter(state="submitted").exists() and late_and_missing(plan, TODAY)
    from django.contrib.auth import get_user_model

    assert users["dieuphoi"].password == "Demo-2026"
    client.force_login(get_user_model().objects.get(username="dieuphoi"))
    html = client.get(reverse("plans:plan_list")).content.decode()
    assert html.index("45-NQ/TW") < html.index("15-KH/TU") < html.index("42-KH/SNV")
    assert client.get(reverse("plans:plan_follow", args=[plan.uuid])).status_code == 200
    client.force_login(get_user_model().objects.get(username="baocao"))
    assert "Sở Nội vụ" in client.get(reverse("plans:my_due")).content.decode()
    assert Plan.objects.count() == 3
