"""The honours page's two forms: a bad value gets its Vietnamese message and writes
nothing; a person outside the user's scope is not found."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from conftest import good_row
from trithuc.honours.models import Honour, Nomination
from trithuc.people.importing import import_people
from trithuc.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher(make_xlsx):
    import_people(make_xlsx([good_row(1)]), today=dt.date(2026, 1, 5))
    return Person.objects.get()


def _said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_nomination_recorded_and_bad_values_refused(client, manager, teacher):
    client.force_login(manager)
    url = reverse("honours:nominate")
    good = {"national_id": teacher.national_id, "form": "nha-giao-uu-tu", "year": "2026"}
    assert _said(client.post(url, good))[-1].startswith("Đã ghi đề nghị")
    assert Nomination.objects.count() == 1
    for change, message in [({"year": "hai nghìn"}, "Năm xét không hợp lệ."),
                            ({"year": ""}, "Ghi năm xét."),
                            ({"form": "khong-co"}, "Chọn hình thức khen thưởng."),
                            ({"national_id": "001099999999"},
                             "Không tìm thấy người có số định danh này trong phạm vi của bạn.")]:  # fmt: skip
        assert message in _said(client.post(url, {**good, **change}))
    assert Nomination.objects.count() == 1


def test_award_needs_a_real_date_and_a_person_in_scope(client, manager, sibling, teacher):
    url = reverse("honours:award")
    good = {"national_id": teacher.national_id, "form": "bang-khen-ubnd-tinh",
            "decision_number": "12/QĐ-UBND", "decision_date": "30/04/2025"}  # fmt: skip
    client.force_login(manager)
    assert "Ngày quyết định không hợp lệ." in _said(
        client.post(url, {**good, "decision_date": "31/02/2025"}))  # fmt: skip
    assert "Ghi số quyết định khen thưởng." in _said(
        client.post(url, {**good, "decision_number": ""})
    )
    assert not Honour.objects.exists()
    assert _said(client.post(url, good))[-1] == "Đã ghi khen thưởng."
    assert Honour.objects.get().decision_date == dt.date(2025, 4, 30)
    client.force_login(sibling)
    response = client.post(url, good)
    assert "Không tìm thấy người có số định danh này trong phạm vi của bạn." in _said(response)
    assert Honour.objects.count() == 1
