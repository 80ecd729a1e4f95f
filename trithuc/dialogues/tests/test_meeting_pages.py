"""Replies, attendance and minutes through the meeting page: all or nothing, a
Vietnamese message for a bad value."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from conftest import good_row
from trithuc.dialogues.models import Invitation, Meeting
from trithuc.dialogues.services import save_meeting
from trithuc.orgunits.models import AdministrativeUnit, Agency
from trithuc.people.importing import import_people
from trithuc.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def invited(manager, make_xlsx):
    import_people(make_xlsx([good_row(1), good_row(2)]), today=dt.date(2025, 1, 5))
    meeting = save_meeting(Meeting(province_code="04", kind="meeting", title="Gặp mặt 2025",
                                   held_on=dt.date(2025, 10, 10)), actor=manager)  # fmt: skip
    first, second = (Invitation.objects.create(meeting=meeting, person=p)
                     for p in Person.objects.order_by("id"))  # fmt: skip
    return meeting, first, second


def _said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_replies_and_attendance_all_or_nothing(client, manager, invited):
    meeting, first, second = invited
    client.force_login(manager)
    url = reverse("dialogues:replies_save", args=[meeting.uuid])
    page = client.get(reverse("dialogues:meeting_detail", args=[meeting.uuid])).content.decode()
    assert f'name="reply-{first.pk}"' in page
    response = client.post(url, {f"reply-{first.pk}": "accepted", f"attended-{first.pk}": "on",
                                 f"reply-{second.pk}": "declined"})  # fmt: skip
    assert _said(response) == ["Đã ghi trả lời, điểm danh: 2 người thay đổi."]
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.reply, first.attended, second.reply, second.attended) == (
        "accepted", True, "declined", False)  # fmt: skip
    # one bad value: nothing changes, not even the good one beside it
    response = client.post(url, {f"reply-{first.pk}": "pending",
                                 f"reply-{second.pk}": "declined", f"attended-{second.pk}": "on"})  # fmt: skip
    assert "đã từ chối nhưng được đánh dấu có mặt" in _said(response)[-1]
    response = client.post(url, {f"reply-{first.pk}": "maybe"})
    assert "trả lời không hợp lệ" in _said(response)[-1]
    first.refresh_from_db()
    assert (first.reply, first.attended) == ("accepted", True)


def test_minutes_saved_and_blank_refused(client, manager, invited):
    meeting = invited[0]
    client.force_login(manager)
    url = reverse("dialogues:minutes_save", args=[meeting.uuid])
    client.post(
        url, {"minutes": "  Đồng chí Chủ tịch phát biểu.\nCác trí thức kiến nghị 3 nội dung. "}
    )
    meeting.refresh_from_db()
    assert meeting.minutes == "Đồng chí Chủ tịch phát biểu.\nCác trí thức kiến nghị 3 nội dung."
    assert _said(client.post(url, {"minutes": "  "}))[-1] == "Ghi nội dung biên bản."
    meeting.refresh_from_db()
    assert meeting.minutes.startswith("Đồng chí")


def test_sibling_gets_404(client, sibling, invited):
    client.force_login(sibling)
    response = client.post(reverse("dialogues:minutes_save", args=[invited[0].uuid]),
                           {"minutes": "x"})  # fmt: skip
    assert response.status_code == 404


def test_a_meeting_day_is_typed_day_first(client, manager):
    client.force_login(manager)
    page = client.get(reverse("dialogues:meeting_list")).content.decode()
    assert 'name="held_on"' in page and 'placeholder="dd/mm/yyyy"' in page
    response = client.post(reverse("dialogues:meeting_create"),
                           {"kind": "meeting", "title": "Gặp mặt 2026", "held_on": "20/11/2026"})  # fmt: skip
    assert response.status_code == 302
    assert Meeting.objects.get(title="Gặp mặt 2026").held_on == dt.date(2026, 11, 20)
    client.post(reverse("dialogues:meeting_create"),
                {"kind": "meeting", "title": "Sai ngày", "held_on": "31/02/2026"})  # fmt: skip
    assert not Meeting.objects.filter(title="Sai ngày").exists()


def test_the_invitation_list_can_keep_to_one_locality(client, manager, make_xlsx):
    first, second = AdministrativeUnit.objects.filter(
        code_system="2025", level="commune", province_code="04").order_by("code")[:2]  # fmt: skip
    rows = [{**good_row(n), "workplace_unit": unit.code}
            for n, unit in ((1, first), (2, second), (3, second))]  # fmt: skip
    import_people(make_xlsx(rows), today=dt.date(2025, 1, 5))
    meeting = save_meeting(Meeting(province_code="04", kind="meeting", title="Gặp mặt xã",
                                   held_on=dt.date(2025, 10, 10)), actor=manager)  # fmt: skip
    client.force_login(manager)
    url = reverse("dialogues:invitations_build", args=[meeting.uuid])
    client.post(url, {"per_sector": 5, "women": 0, "minority": 0, "unit": "Không có xã này"})
    assert not meeting.invitations.exists()  # an unknown place: a message, nothing built
    client.post(url, {"per_sector": 5, "women": 0, "minority": 0, "unit": second.name})
    invited = set(meeting.invitations.values_list("person__workplace_unit", flat=True))
    assert invited == {second.code} and meeting.invitations.count() == 2
    meeting.refresh_from_db()
    assert meeting.criteria["unit"] == second.code
    page = client.get(reverse("dialogues:meeting_detail", args=[meeting.uuid])).content.decode()
    assert second.name in page  # the chosen place shown by name in the picker


def test_bad_values_get_their_message_and_write_nothing(client, manager, invited):
    meeting = invited[0]
    agency = Agency.objects.create(name="Sở Khoa học và Công nghệ", province_code="04")
    client.force_login(manager)
    build = reverse("dialogues:invitations_build", args=[meeting.uuid])
    assert "Nữ tối thiểu: ghi một số từ 0 đến 100." in _said(
        client.post(build, {"per_sector": 5, "women": "ba mươi", "minority": 0}))  # fmt: skip
    assert "Số người mỗi lĩnh vực: ghi một số từ 1 đến 100." in _said(
        client.post(build, {"per_sector": 0}))  # fmt: skip
    assert not meeting.invitations.exclude(pk__in=[i.pk for i in invited[1:]]).exists()
    add = reverse("dialogues:request_add", args=[meeting.uuid])
    good = {"text": "Tăng kinh phí nghiên cứu", "agency": agency.pk, "due_on": "30/11/2025"}
    assert "Hạn trả lời không hợp lệ." in _said(client.post(add, {**good, "due_on": "30/13/2025"}))
    assert "Chọn cơ quan giải quyết." in _said(client.post(add, {**good, "agency": 999999}))
    assert not meeting.requests.exists()
    assert _said(client.post(add, good))[-1] == "Đã ghi kiến nghị."
    item = meeting.requests.get()
    answer = reverse("dialogues:request_answer", args=[item.uuid])
    # a mistyped answer date is refused, not taken as today
    assert "Ngày trả lời không hợp lệ." in _said(
        client.post(answer, {"answer": "Đã bố trí", "answered_on": "32/11/2025"}))  # fmt: skip
    item.refresh_from_db()
    assert not item.answer
    create = reverse("dialogues:meeting_create")
    assert "Chọn loại buổi gặp." in _said(
        client.post(create, {"kind": "tiec", "title": "X", "held_on": "20/11/2026"}))  # fmt: skip
    assert "Ghi tên buổi gặp mặt, đối thoại." in _said(
        client.post(create, {"kind": "meeting", "title": "", "held_on": "20/11/2026"}))  # fmt: skip
