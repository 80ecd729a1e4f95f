import datetime as dt
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.management import call_command

from trithuc.accounts.models import Membership
from trithuc.dialogues.models import Meeting, Request
from trithuc.dialogues.services import (
    Criteria,
    add_request,
    answer_request,
    choose_invitees,
    save_meeting,
    send_request_reminders,
    summarize,
)
from trithuc.orgunits.models import Agency
from trithuc.orgunits.services import create_usual_agencies

pytestmark = pytest.mark.django_db
HELD = dt.date(2025, 10, 10)


def _person(i, sector="health", gender="male", ethnicity="01", honours=0, level="master"):
    return SimpleNamespace(pk=i, sector=sector, gender=gender, ethnicity=ethnicity,
                           n_honours=honours, academic_title="", education_level=level,
                           name_sort=f"{i:03d}")  # fmt: skip


def test_invitation_list_takes_the_best_then_swaps_in_women_and_minorities():
    people = [_person(i, honours=10 - i) for i in range(6)]  # Kinh men, best first
    people += [_person(10, gender="female", honours=0), _person(11, ethnicity="02", honours=0)]
    chosen = choose_invitees(people, Criteria(per_sector=4, min_women_percent=25,
                                              min_minority_percent=25))  # fmt: skip
    ids = [p.pk for p in chosen]
    assert len(ids) == 4 and {10, 11} <= set(ids)
    assert {0, 1} <= set(ids)  # the two most distinguished kept


@pytest.fixture
def meeting(manager):
    create_usual_agencies("04")
    return save_meeting(Meeting(province_code="04", kind="meeting", title="Gặp mặt trí thức 2025",
                                held_on=HELD), actor=manager)  # fmt: skip


@pytest.fixture
def agency():
    return Agency.objects.get(province_code="04", name="Sở Nội vụ")


def test_overdue_request_is_flagged_and_reminded_weekly(meeting, agency, manager,
                                                        django_user_model):  # fmt: skip
    reporter = django_user_model.objects.create_user("nv", email="nv@caobang.gov.vn", password="x")
    Membership.objects.create(user=reporter, role="agency_reporter", agency=agency)
    late = add_request(meeting, text="Tăng phụ cấp cho bác sĩ vùng cao", agency=agency,
                       due_on=dt.date(2025, 11, 30), actor=manager)  # fmt: skip
    on_time = add_request(meeting, text="Nhà công vụ cho giáo viên", agency=agency,
                          due_on=dt.date(2025, 12, 31), actor=manager)  # fmt: skip
    answer_request(on_time, answer="Đã bố trí 20 căn", answered_on=dt.date(2025, 12, 1),
                   actor=reporter)  # fmt: skip
    today = dt.date(2025, 12, 2)
    late.refresh_from_db()
    assert late.overdue_on(today) and not late.overdue_on(dt.date(2025, 11, 30))
    summary = summarize(meeting.requests.all(), today)
    assert (summary.total, summary.answered, summary.in_time, summary.overdue) == (2, 1, 1, 1)
    assert summary.sentence.startswith("2 kiến nghị, 1 đã giải quyết")
    call_command("remind_requests", "--date", today.isoformat())
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nv@caobang.gov.vn"]
    assert "Tăng phụ cấp" in mail.outbox[0].body and "Nhà công vụ" not in mail.outbox[0].body
    late.refresh_from_db()
    assert late.last_reminded_on == today and late.reminders_sent == 1
    send_request_reminders(today + dt.timedelta(days=3))  # not again within a week
    assert len(mail.outbox) == 1
    send_request_reminders(today + dt.timedelta(days=7))
    assert len(mail.outbox) == 2


def test_reporter_answers_only_their_agencys_requests(meeting, agency, manager,
                                                      django_user_model):  # fmt: skip
    other = Agency.objects.get(province_code="04", name="Sở Y tế")
    reporter = django_user_model.objects.create_user("yt", password="x")
    Membership.objects.create(user=reporter, role="agency_reporter", agency=other)
    request = add_request(meeting, text="Kiến nghị", agency=agency, due_on=HELD, actor=manager)
    from trithuc.accounts.scope import OutOfScope

    with pytest.raises(OutOfScope):
        answer_request(request, answer="x", answered_on=HELD, actor=reporter)
    assert Request.objects.get().status == "open"
