"""Progress of a download that takes a while (issue 13): the people export reports rows
written under the page's token, only to the user who asked, and never keeps the file."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse

from conftest import good_row
from trithuc.people import exporting
from trithuc.people.importing import import_people

pytestmark = pytest.mark.django_db
TOKEN = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def three_people(make_xlsx):
    import_people(make_xlsx([good_row(n) for n in (1, 2, 3)]), today=dt.date(2026, 11, 22))


def test_the_people_export_reports_its_progress(client, manager, viewer, three_people,
                                                monkeypatch):  # fmt: skip
    seen: list[dict] = []
    real_set = cache.set

    def recording_set(key, value, *args, **kwargs):
        if key.startswith("download-progress:"):
            seen.append(value)
        return real_set(key, value, *args, **kwargs)

    monkeypatch.setattr(cache, "set", recording_set)
    monkeypatch.setattr(exporting, "PROGRESS_EVERY", 1)
    client.force_login(manager)
    response = client.get(reverse("people:export"), {"progress": TOKEN})
    assert response.status_code == 200 and b"".join(response.streaming_content)[:2] == b"PK"
    messages = [s["message"] for s in seen]
    assert "Đã ghi 1/3 hồ sơ" in messages and "Đã ghi 3/3 hồ sơ" in messages
    assert seen[-1]["state"] == "done" and [s["percent"] for s in seen if s["percent"]][-1] == 100
    state = client.get(reverse("download_progress"), {"token": TOKEN}).json()
    assert state["state"] == "done" and "tải về" in state["message"]
    client.force_login(viewer)  # another user's token tells nothing
    assert client.get(reverse("download_progress"), {"token": TOKEN}).json()["state"] == "waiting"


def test_a_bad_token_is_ignored(client, manager, three_people):
    client.force_login(manager)
    response = client.get(reverse("people:export"), {"progress": "../../etc"})
    assert response.status_code == 200
    state = client.get(reverse("download_progress"), {"token": "../../etc"}).json()
    assert state == {"state": "waiting", "message": "Đang chuẩn bị tệp…", "done": None,
                     "total": None, "percent": None}  # fmt: skip


def test_the_export_link_asks_for_progress(client, manager, three_people):
    client.force_login(manager)
    html = client.get(reverse("people:list")).content.decode()
    assert f'data-progress="{reverse("download_progress")}"' in html
