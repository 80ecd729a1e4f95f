"""Entering Party development counts and planning/election records through the pages:
the services write them, and each bad value gets a Vietnamese message with nothing
written."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import good_row
from trithuc.people.importing import import_people
from trithuc.people.models import Person
from trithuc.representation.models import PartyDevelopmentCount, RepresentationRecord

pytestmark = pytest.mark.django_db


def _rows(*rows, unit="04", year="2025"):
    data = {"unit_code": unit, "year": year, "rows-TOTAL_FORMS": "6",
            "rows-INITIAL_FORMS": "0", "rows-MIN_NUM_FORMS": "0", "rows-MAX_NUM_FORMS": "1000"}  # fmt: skip
    for i, (sector, stage, age, count) in enumerate(rows):
        data.update({f"rows-{i}-sector": sector, f"rows-{i}-stage": stage,
                     f"rows-{i}-age": age, f"rows-{i}-count": count})  # fmt: skip
    return data


def test_manager_enters_counts_and_a_second_entry_replaces_the_cell(client, manager):
    client.force_login(manager)
    url = reverse("representation:party_counts_entry")
    assert client.get(url).status_code == 200
    response = client.post(url, _rows(("health", "admitted", "30", "6"),
                                      ("education", "full", "28", "9")))  # fmt: skip
    assert response.status_code == 302
    assert sorted(PartyDevelopmentCount.objects.values_list("sector", "count")) == [
        ("education", 9), ("health", 6)]  # fmt: skip
    client.post(url, _rows(("health", "admitted", "30", "7")))
    assert PartyDevelopmentCount.objects.get(sector="health").count == 7


@pytest.mark.parametrize(("data", "message"), [
    (_rows(("health", "admitted", "15", "6")), "Tuổi từ 16 trở lên."),
    (_rows(("health", "admitted", "30", "-1")), "Số người không được âm."),
    (_rows(("health", "admitted", "30", "sáu")), "Số người phải là số nguyên."),
    (_rows(("health", "", "30", "6")), "Chọn giai đoạn."),
    (_rows(("health", "admitted", "30", "6"), unit="99999"), "Không tìm thấy đơn vị hành chính “99999”"),
    (_rows(("health", "admitted", "30", "6"), year="1990"), "Năm từ 2000 trở đi."),
    (_rows(), "Ghi ít nhất một dòng số liệu."),
    (_rows(("health", "admitted", "30", "6"), unit="20"),
     "Đơn vị Tỉnh Lạng Sơn (20) ngoài phạm vi của bạn."),
    (_rows(("health", "admitted", "30", "6"), unit="0412"),
     "Không tìm thấy đơn vị hành chính “0412”"),
])  # fmt: skip
def test_bad_counts_get_a_message_and_nothing_is_written(client, manager, data, message):
    client.force_login(manager)
    response = client.post(reverse("representation:party_counts_entry"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PartyDevelopmentCount.objects.exists()


def test_records_through_the_page(client, manager, make_xlsx):
    import_people(make_xlsx([good_row(1)]), today=dt.date(2026, 1, 5))
    person = Person.objects.get()
    client.force_login(manager)
    url = reverse("representation:record_create")
    data = {"national_id": person.national_id, "kind": "council_elected", "term": "2026-2031",
            "body": "HĐND tỉnh Cao Bằng", "unit_code": "04", "decided_on": "2026-03-15"}  # fmt: skip
    assert client.post(url, data).status_code == 302
    record = RepresentationRecord.objects.get()
    assert (record.person, record.term, record.kind) == (person, "2026-2031", "council_elected")
    for field, value, message in [("term", "2026", "Nhiệm kỳ ghi dạng 2025-2030."),
                                  ("term", "2026-2030", "Nhiệm kỳ 5 năm"),
                                  ("national_id", "001099000000", "Không tìm thấy người"),
                                  ("decided_on", "15/13/2026", "Ngày không hợp lệ."),
                                  ("body", "", "Ghi cấp ủy, chức danh hoặc HĐND.")]:  # fmt: skip
        response = client.post(
            url, {**data, field: value, "body": data["body"] if field != "body" else ""}
        )
        assert message in response.content.decode(), field
    outside = client.post(url, {**data, "body": "HĐND tỉnh Lạng Sơn", "unit_code": "20"})
    assert "Đơn vị Tỉnh Lạng Sơn (20) ngoài phạm vi của bạn." in outside.content.decode()
    assert RepresentationRecord.objects.count() == 1
    page = client.get(url).content.decode()
    assert person.full_name in page and "Tỉnh Cao Bằng (04)" in page


def test_only_who_enters_party_figures(client, viewer, analyst):
    for user in (viewer, analyst):
        client.force_login(user)
        assert client.get(reverse("representation:party_counts_entry")).status_code == 403
        assert client.get(reverse("representation:record_create")).status_code == 403
