"""Fixtures of the plans tests: Cao Bằng's usual agencies, a coordinator, reporters of two
departments, a coordinator of a sibling province, and the seed plans."""

from __future__ import annotations

from pathlib import Path

import pytest

from trithuc.lib.plan_parser.tests.seeds import SEEDS_DIR

CAO_BANG = "04"
LANG_SON = "20"


def seed_path(number: str) -> Path:
    found = sorted(SEEDS_DIR.glob(f"{number}_*.txt"))
    if not found:
        pytest.skip(f"seed {number} not found in {SEEDS_DIR}")
    return found[0]


def agency(name: str, province: str = CAO_BANG):
    from trithuc.orgunits.models import Agency

    return Agency.objects.get(province_code=province, name=name)


@pytest.fixture
def agencies(db):
    from trithuc.orgunits.services import create_usual_agencies

    create_usual_agencies(CAO_BANG)
    create_usual_agencies(LANG_SON)


def _member(django_user_model, username: str, role: str, *, unit: str = "", agency=None,
            email: str = ""):  # fmt: skip
    from trithuc.accounts.models import Membership

    user = django_user_model.objects.create_user(username=username, password="pw-Trithuc-2026",
                                                 email=email)  # fmt: skip
    Membership.objects.create(user=user, role=role, unit_code=unit, agency=agency)
    return user


@pytest.fixture
def coordinator(django_user_model, agencies):
    return _member(django_user_model, "dieuphoi", "plan_coordinator", unit=CAO_BANG)


@pytest.fixture
def sibling_coordinator(django_user_model, agencies):
    return _member(django_user_model, "dieuphoi-ls", "plan_coordinator", unit=LANG_SON)


@pytest.fixture
def reporter(django_user_model, agencies):
    """Reporter of the Department of Home Affairs of Cao Bằng."""
    return _member(django_user_model, "baocao-snv", "agency_reporter",
                   agency=agency("Sở Nội vụ"), email="snv@example.vn")  # fmt: skip


@pytest.fixture
def other_reporter(django_user_model, agencies):
    """Reporter of the Department of Science and Technology of Cao Bằng."""
    return _member(django_user_model, "baocao-skhcn", "agency_reporter",
                   agency=agency("Sở Khoa học và Công nghệ"), email="skhcn@example.vn")  # fmt: skip


@pytest.fixture
def make_plan(coordinator):
    """A plan of Cao Bằng issued on `issued_on`, with tasks given as
    (number, lead name, [coordinating names], deadline kind, due date, recurrence)."""
    import datetime as dt

    from trithuc.plans.models import Plan, Task
    from trithuc.plans.services import save_plan, save_task

    def build(tasks=(), issued_on=dt.date(2024, 4, 17), **fields):
        plan = Plan(title=fields.pop("title", "Kế hoạch thử"), issued_on=issued_on,
                    issuer="Tỉnh ủy Cao Bằng", province_code=CAO_BANG,
                    number=fields.pop("number", "1-KH/TU"), **fields)  # fmt: skip
        save_plan(plan, actor=coordinator)
        for position, (number, lead, others, kind, due_on, recurrence) in enumerate(tasks, 1):
            task = Task(plan=plan, number=number, title=f"Nhiệm vụ {number}", position=position,
                        lead_agency=agency(lead) if lead else None, deadline_kind=kind,
                        due_on=due_on, recurrence=recurrence or "")  # fmt: skip
            save_task(task, actor=coordinator, coordinating=[agency(n) for n in others])
        return plan

    return build
