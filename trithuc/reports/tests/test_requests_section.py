"""The yearly report counts the kiến nghị raised at meetings with intellectuals in its
period ("N kiến nghị, M đã giải quyết"), as issue 18 asks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from trithuc.accounts.models import Membership
from trithuc.dialogues.models import Meeting
from trithuc.dialogues.services import add_request, answer_request, save_meeting
from trithuc.orgunits.models import Agency
from trithuc.reports.assemble import assemble
from trithuc.reports.narrative import defaults

pytestmark = pytest.mark.django_db


def test_the_yearly_report_counts_the_requests_of_its_period(demo, yearly):
    manager = get_user_model().objects.create_user(username="vp-tinh")
    Membership.objects.create(user=manager, role="registry_manager", unit_code="04")
    agency = Agency.objects.filter(province_code="04").first()
    period = yearly.period
    held = period.starts_on or dt.date(2025, 1, 1)
    inside = save_meeting(Meeting(province_code="04", kind="meeting", title="Gặp mặt trí thức",
                                  held_on=held + dt.timedelta(days=30)), actor=manager)  # fmt: skip
    before = save_meeting(Meeting(province_code="04", kind="meeting", title="Năm trước",
                                  held_on=held - dt.timedelta(days=30)), actor=manager)  # fmt: skip
    first = add_request(inside, text="Hỗ trợ phòng thí nghiệm", agency=agency,
                        due_on=held + dt.timedelta(days=60), actor=manager)  # fmt: skip
    add_request(inside, text="Nhà ở công vụ", agency=agency, due_on=held + dt.timedelta(days=60),
                actor=manager)  # fmt: skip
    add_request(before, text="Ngoài kỳ", agency=agency, due_on=held, actor=manager)
    answer_request(first, answer="Đã bố trí kinh phí", answered_on=held + dt.timedelta(days=40),
                   actor=manager)  # fmt: skip

    data = assemble(demo["plan"], period, as_of=period.ends_on)
    counted = data["intellectual_requests"]
    assert (counted["total"], counted["answered"], counted["in_time"]) == (2, 1, 1)
    assert "2 kiến nghị, 1 đã giải quyết" in defaults(data)["results"]
