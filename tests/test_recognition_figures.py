"""`trithuc recognition_figures`: every figure equals a count made by hand from the
records the test writes (issue 18, item 9)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from conftest import good_row
from trithuc.dialogues.models import Meeting
from trithuc.dialogues.services import add_request, answer_request, save_meeting
from trithuc.honours.models import HonourForm
from trithuc.honours.services import award
from trithuc.indicators.models import ReportedFigure
from trithuc.indicators.published import run_all
from trithuc.lib.disclosure import threshold
from trithuc.orgunits.models import Agency
from trithuc.orgunits.services import create_usual_agencies
from trithuc.people.importing import import_people
from trithuc.people.models import Person
from trithuc.representation.services import CountRow, record_party_counts, record_representation
from trithuc.talent.services import add_event, add_score, decide
from trithuc.talent.tests.conftest import make_application, make_policy

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 30)
NAMES = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khánh", "Lan", "Minh", "Nga", "Phúc", "Quân", "Sơn"]  # fmt: skip


def figures(code: str, year: int = 2025) -> dict[str, tuple]:
    """{sector: (value, numerator, denominator)} of province 04."""
    rows = ReportedFigure.objects.filter(indicator__code=code, unit_code="04", year=year)
    return {r.sector: (r.value, r.numerator, r.denominator) for r in rows}


def _attract(manager, policy, day: dt.date, left_on: dt.date | None = None, field="health"):
    application = make_application(policy, manager, today=day, field=field)
    add_score(application, member="Chủ tịch hội đồng", score=85, actor=manager)
    commitment = decide(application, number=f"{day:%d%m%Y}/QĐ", day=day, actor=manager)
    if left_on:
        add_event(commitment, kind="left_early", on=left_on, exit_reason="resigned",
                  actor=manager)  # fmt: skip


def test_attracted_and_retention_equal_a_count_by_hand(manager):
    policy = make_policy(manager, valid_from=dt.date(2015, 1, 1), monthly_share_percent=0,
                         monthly_years=0, budget_vnd=10**10)  # fmt: skip
    _attract(manager, policy, dt.date(2019, 3, 1), dt.date(2021, 5, 1))  # A: gone before 3 y
    _attract(manager, policy, dt.date(2020, 1, 15))  # B: stays
    _attract(manager, policy, dt.date(2023, 5, 10), dt.date(2024, 3, 1))  # F: gone before 1 y
    _attract(manager, policy, dt.date(2024, 12, 31), dt.date(2025, 12, 31))  # E: a year exactly
    _attract(manager, policy, dt.date(2025, 2, 1), field="education")  # C: attracted in 2025
    _attract(manager, policy, dt.date(2025, 8, 1), dt.date(2025, 10, 1))  # D: attracted, gone
    run_all(2025, TODAY)
    assert figures("talent_attracted") == {"": (2, None, None), "education": (1, None, None),
                                           "health": (1, None, None)}  # fmt: skip
    # by 31/12/2025, 1 year has passed for A, B, F, E; F left before it: 3 of 4
    assert figures("talent_retention_1y") == {"": (75.0, 3, 4)}
    # 3 and 5 years have passed for A and B only; A left after 2 years: 1 of 2
    assert figures("talent_retention_3y") == {"": (50.0, 1, 2)}
    assert figures("talent_retention_5y") == {"": (50.0, 1, 2)}
    # a second run replaces, never adds
    run_all(2025, TODAY)
    assert ReportedFigure.objects.filter(indicator__code="talent_attracted", year=2025).count() == 3
    run_all(2020, TODAY)  # in 2020 only A had reached a year, and was in post
    assert figures("talent_retention_1y", 2020) == {"": (100.0, 1, 1)}
    assert figures("talent_attracted", 2020) == {"": (1, None, None), "health": (1, None, None)}


def test_honours_per_year_and_requests_answered_on_time(make_xlsx, manager):
    import_people(make_xlsx([good_row(1), good_row(2)]), today=dt.date(2025, 1, 5))
    first, second = Person.objects.order_by("id")
    medal = HonourForm.objects.filter(level="provincial").first()
    other = HonourForm.objects.exclude(pk=medal.pk).filter(requires=None).first()
    award(first, medal, decision_number="1/QĐ", decision_date=dt.date(2025, 3, 1), actor=manager)
    award(second, medal, decision_number="2/QĐ", decision_date=dt.date(2025, 9, 1), actor=manager)
    award(first, other, decision_number="3/QĐ", decision_date=dt.date(2024, 9, 1), actor=manager)
    create_usual_agencies("04")
    agency = Agency.objects.get(province_code="04", name="Sở Nội vụ")
    meeting = save_meeting(Meeting(province_code="04", kind="meeting", title="Gặp mặt 2025",
                                   held_on=dt.date(2025, 3, 1)), actor=manager)  # fmt: skip

    def request(due: dt.date, answered: dt.date | None):
        item = add_request(meeting, text="Kiến nghị", agency=agency, due_on=due, actor=manager)
        if answered:
            answer_request(item, answer="Đã giải quyết", answered_on=answered, actor=manager)

    request(dt.date(2025, 4, 1), dt.date(2025, 3, 20))  # on time
    request(dt.date(2025, 5, 1), dt.date(2025, 6, 1))  # late
    request(dt.date(2025, 6, 1), None)  # overdue, still open
    request(dt.date(2026, 2, 1), dt.date(2025, 12, 1))  # due next year: not in 2025's count
    run_all(2025, TODAY)
    sector = first.sector
    expected = {"": (2, None, None), sector: (2, None, None)} if sector == second.sector else {
        "": (2, None, None), sector: (1, None, None), second.sector: (1, None, None)}  # fmt: skip
    assert figures("honours_awarded") == expected
    assert figures("honours_awarded", 2024) == {}  # 2024 not published yet
    assert figures("requests_answered_on_time") == {"": (33.3, 1, 3)}


def test_party_and_representation_figures_leave_out_small_cells(make_xlsx, manager):
    record_party_counts([
        CountRow("04", 2025, "health", "admitted", 30, 6),
        CountRow("04", 2025, "education", "admitted", 25, 12),
        CountRow("04", 2025, "agriculture", "admitted", 31, 2),  # a small cell
        CountRow("04", 2025, "agriculture", "admitted", 40, 50),  # over the age limit
        CountRow("04", 2025, "health", "outstanding_mass", 28, 9),  # not admitted
    ], actor=manager)  # fmt: skip
    rows = [good_row(i, full_name=f"Nông Văn {NAMES[i]}", gender="Nữ" if i <= 3 else "Nam",
                     ethnicity="Tày" if i % 2 else "Kinh", birth_date="01/01/1995" if i <= 6
                     else "01/01/1970") for i in range(1, 13)]  # fmt: skip
    import_people(make_xlsx(rows), today=dt.date(2026, 1, 5))
    for person in Person.objects.all():
        record_representation(person, kind="party_planning", term="2025-2030",
                              body="Tỉnh ủy Cao Bằng", unit_code="04",
                              decided_on=dt.date(2025, 3, 1), actor=manager)  # fmt: skip
    record_representation(Person.objects.first(), kind="party_elected", term="2020-2025",
                          body="Tỉnh ủy Cao Bằng", unit_code="04",
                          decided_on=dt.date(2020, 10, 1), actor=manager)  # fmt: skip
    out = StringIO()
    call_command("recognition_figures", "--year", "2025", stdout=out)
    # 6 + 12 + 2 admitted aged 35 or less; the 2 are hidden, and so is the 6 beside them
    party = figures("party_new_members_young")
    assert party[""] == (20, None, None)
    assert party == {"": (20, None, None), "education": (12, None, None)}
    assert all(v == 0 or v >= threshold() for s, (v, _n, _d) in party.items() if s)
    # 12 records of the 2025-2030 term (the 2020-2025 one ended): 6 Tày, 6 young, 3 women
    assert figures("representation_ethnic_minority_share") == {"": (50.0, 6, 12)}
    assert figures("representation_young_share") == {"": (50.0, 6, 12)}
    assert figures("representation_women_share") == {}  # 3 women: a small cell
    assert "[representation] Tỉnh 04, năm 2025" in out.getvalue()
