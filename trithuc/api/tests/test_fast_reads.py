"""The people reads' speed-ups (issue 19, third session) answer exactly what they answered
before: rows read as tuples and masked by `list_row_maker` give byte for byte the JSON of
the model-instance rows built field by field with `display_value`, for every role that
reads people; an unfiltered call skips the FilterSet for the same query; the rate counted
per process between additions still stops a token; API calls never touch a session."""

import datetime as dt
import threading
import time
import types

import pytest
from django.contrib.auth import get_user_model
from django.http import QueryDict
from django.test import Client, override_settings
from django.utils import timezone

from conftest import CAO_BANG, good_row
from trithuc.accounts.models import Membership
from trithuc.accounts.services import can_see_sensitive
from trithuc.api import throttle as throttle_module
from trithuc.api.api import api
from trithuc.api.people import _filtered
from trithuc.api.throttle import TokenRateThrottle
from trithuc.api.tokens import issue_token
from trithuc.people.filters import PersonFilter
from trithuc.people.importing import import_people
from trithuc.people.masking import masked_age
from trithuc.people.models import Person
from trithuc.people.presenters import age_on, display_value

pytestmark = pytest.mark.django_db
MODES = ["page=1&page_size=3", "page=2&page_size=3&count=false", "after=&page_size=3",
         "page=1&page_size=50&sector=health", "after=&page_size=50&gender=female",
         "page=1&page_size=50&q=Nguyễn", "after=&page_size=50&q=Trần"]  # fmt: skip


def _rows_as_before(people: list[Person], user) -> list[dict]:
    """The rows as `person_rows` built them before issue 19's third session: each field
    through `display_value`, from a model instance."""
    sensitive = can_see_sensitive(user)
    today = timezone.localdate()
    return [
        {"uuid": p.uuid, "full_name": p.full_name,
         "national_id": display_value(p, "national_id", sensitive=sensitive),
         "age": age_on(p.birth_date, today) if sensitive else masked_age(p.birth_date, today),
         "gender": display_value(p, "gender", sensitive=True), "employer": p.employer,
         "sector": display_value(p, "sector", sensitive=True),
         "education_level": display_value(p, "education_level", sensitive=True),
         "employment_type": display_value(p, "employment_type", sensitive=True),
         "is_leader": p.is_leader, "is_synthetic": p.is_synthetic}
        for p in people
    ]  # fmt: skip


def _readers(manager, viewer) -> list:
    users = get_user_model()
    admin = users.objects.create_superuser("root-api", password="pw-Trithuc-2026")
    system = users.objects.create_user("sysadmin-api", password="pw-Trithuc-2026")
    Membership.objects.create(user=system, role="system_admin", unit_code="")
    # Reads Cao Bằng masked and Lạng Sơn in full: masked everywhere, like the web list.
    mixed = users.objects.create_user("mixed-api", password="pw-Trithuc-2026")
    Membership.objects.create(user=mixed, role="registry_viewer", unit_code=CAO_BANG)
    Membership.objects.create(user=mixed, role="registry_manager", unit_code="20")
    return [manager, viewer, admin, system, mixed]


def _people() -> list[dict]:
    return [good_row(1, full_name="Nguyễn Thị Mai", gender="Nữ", sector="Y tế"),
            good_row(2, full_name="Trần Văn Bình", is_leader="x", birth_date="1979"),
            good_row(3, full_name="Lê Thị Hoa", gender="Nữ", education_level="Tiến sĩ"),
            good_row(4, full_name="Nguyễn Văn Đức", sector="Y tế"),
            good_row(5, full_name="Trần Thị Yến", employment_type="Viên chức"),
            good_row(6, full_name="Đỗ Văn Cường", workplace_unit="20",
                     national_id="020085000006")]  # fmt: skip


@pytest.fixture
def people(make_xlsx):
    import_people(make_xlsx(_people()), today=dt.date(2026, 11, 22))
    # Values no import writes: an empty code and one the code list does not know.
    first = Person.objects.order_by("pk").first()
    Person.objects.filter(pk=first.pk).update(employment_type="", education_level="zz-old")


def test_every_role_gets_byte_for_byte_the_json_it_got_before(people, manager, viewer):
    for user in _readers(manager, viewer):
        _, raw = issue_token(user, name="so sánh")
        client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
        for query in MODES:
            response = client.get(f"/api/people/?{query}")
            assert response.status_code == 200, (user, query, response.content)
            body = response.json()
            keys = [row["uuid"] for row in body["results"]]
            found = {str(p.uuid): p for p in Person.objects.filter(uuid__in=keys)}
            before = {**body, "results": _rows_as_before([found[k] for k in keys], user)}
            rendered = api.renderer.render(None, before, response_status=200)
            assert response.content.decode() == rendered, (user.username, query)
        assert body["results"] or query.endswith("q=Trần")


def test_masked_roles_see_masked_ids_and_ages_from_the_year(people, viewer):
    _, raw = issue_token(viewer, name="che")
    body = Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/people/?after=").json()
    person = Person.objects.get(uuid=body["results"][0]["uuid"])
    assert (
        body["results"][0]["national_id"]
        == person.national_id[:3] + "•" * 6 + person.national_id[-3:]
    )
    assert body["results"][0]["age"] == timezone.localdate().year - person.birth_date.year


def test_an_unfiltered_call_is_the_filtersets_query(people, manager, viewer):
    for user in (manager, viewer):
        for data in ("", "page=3&page_size=7&count=false&after="):
            expected = PersonFilter(QueryDict(data), queryset=Person.objects.profiles_for(user),
                                    sensitive=can_see_sensitive(user))  # fmt: skip
            assert expected.is_valid()
            assert str(_filtered(user, QueryDict(data)).query) == str(expected.qs.query)


def _request(token: str) -> object:
    return types.SimpleNamespace(auth=f"api-token:{token}")


@override_settings(TRITHUC_API_RATE_SYNC_MS=60_000)
def test_calls_counted_between_additions_still_stop_a_token(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(throttle_module.time, "monotonic", lambda: now[0])
    # One process: exact, since it adds its calls whenever they would reach the rate.
    alone = TokenRateThrottle("3/h")
    assert [alone.allow_request(_request("a")) for _ in range(5)] == [True] * 3 + [False] * 2
    # Two processes sharing the cache: each adds its count once a minute here.
    first, second = TokenRateThrottle("10/h"), TokenRateThrottle("10/h")
    assert all(first.allow_request(_request("b")) for _ in range(5))
    assert all(second.allow_request(_request("b")) for _ in range(5))
    now[0] += 61  # both due: the shared count learns the calls not added yet
    assert first.allow_request(_request("b"))  # 1 + 1 + 5 = 7 of 10
    assert not second.allow_request(_request("b"))  # 7 + 5 = 12: refused
    # The first has not heard of the second's calls since: it answers two more on what it
    # knows (8 and 9 of 10), the most a token gains is the other's calls of one interval.
    assert first.allow_request(_request("b")) and first.allow_request(_request("b"))
    assert not first.allow_request(_request("b"))  # 10 as it knows: asks, 15: refused
    assert 0 < second.wait() <= 3600


def test_api_calls_neither_read_nor_set_a_session(people, manager, client):
    client.force_login(manager)
    assert client.get("/").status_code in (200, 302)  # the web keeps its session
    response = client.get("/api/people/")  # a session but no token: refused
    assert response.status_code == 401
    _, raw = issue_token(manager, name="phiên")
    answered = Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/people/")
    assert answered.status_code == 200 and "Set-Cookie" not in answered.headers
    assert "Cookie" not in answered.headers.get("Vary", "")
    # A path the API does not have: the site's 404 page, rendered without a session.
    assert client.get("/api/nothing-here/").status_code == 404
    assert Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/nothing/").status_code == 404
    # Personal data: kept out of shared caches, as before.
    assert {"no-store", "private"} <= set(answered.headers["Cache-Control"].split(", "))


def test_the_exits_flush_waits_for_the_batch_being_written(monkeypatch):
    """The flusher thread takes a batch and writes it; a flush at exit meanwhile must not
    return before that write has landed (the thread dies with the process)."""
    from trithuc.api import calls

    written, landed, release = [], threading.Event(), threading.Event()

    def slow_write(rows: list) -> None:
        release.wait(5)
        written.extend(rows)
        landed.set()

    monkeypatch.setattr(calls, "write_rows", slow_write)
    log = calls.CallLog()
    log._rows = ["a", "b"]
    flusher = threading.Thread(target=log.flush)
    flusher.start()
    time.sleep(0.05)  # the flusher holds the batch
    at_exit = threading.Thread(target=log.flush)
    at_exit.start()
    at_exit.join(0.2)
    assert at_exit.is_alive() and not written  # waiting, not returned with nothing
    release.set()
    flusher.join(5)
    at_exit.join(5)
    assert written == ["a", "b"] and landed.is_set()
