"""Fixtures of the reports tests: the demo province (a few hundred made-up people), its
plans, targets and past progress reports, and its coordinator."""

from __future__ import annotations

import datetime as dt

import pytest

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def demo(db):
    from django.contrib.auth import get_user_model

    from trithuc.demo.registry import build_demo
    from trithuc.orgunits.services import create_usual_agencies
    from trithuc.plans.demo import build_demo_plans, ensure_plan_users

    create_usual_agencies("04")
    ensure_plan_users("04", password="Demo-Trithuc-2026")
    build_demo(count=400, today=TODAY)
    plan = build_demo_plans("04", today=TODAY)
    users = get_user_model().objects
    return {"plan": plan, "coordinator": users.get(username="dieuphoi"),
            "reporter": users.get(username="baocao")}  # fmt: skip


@pytest.fixture
def yearly(demo):
    from trithuc.reports.services import draft_for, find_period

    return draft_for(demo["plan"], find_period(demo["plan"], "yearly", 2025))
