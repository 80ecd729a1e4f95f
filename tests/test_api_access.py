"""Generated from the API's OpenAPI schema: every endpoint needs a valid token, keeps to
the token user's scope, refuses writes to read-only roles, and is audited. A new endpoint
is covered the day it is added (and must be classified in OWNERS below).

The objects and users are test_access.py's: a person, a plan with a task and a submitted
report in Cao Bằng, and their counterparts in the sibling province Lạng Sơn."""

# ruff: noqa: F811 -- fixtures imported from other test modules are arguments here

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.test import Client, TestCase

from conftest import good_row
from tests.test_access import (  # noqa: F401 (fixtures)
    correction,
    expert_objects,
    job,
    objects,
    owners,
    person,
    plan_objects,
    plan_people,
    secretariats,
    siblings,
    target,
)
from tests.test_security_support import (  # noqa: F401 (fixtures)
    intellectual,
    province_admin,
    sibling_admin,
    sibling_intellectual,
)
from trithuc.api.api import api
from trithuc.api.models import ApiImport, ApiToken
from trithuc.api.tokens import issue_token, revoke_token
from trithuc.audit.models import AuditEvent
from trithuc.people.models import Person
from trithuc.people.presenters import person_rows
from trithuc.plans.models import ProgressReport

pytestmark = pytest.mark.django_db

# Who each endpoint is for (path template → owner kind), and which ones write.
OWNERS = {
    "/api/people/": "manager",
    "/api/people/{person_uuid}/": "manager",
    "/api/counts/": "manager",
    "/api/indicators/": "manager",
    "/api/imports/": "manager",
    "/api/imports/{job_uuid}/": "manager",
    "/api/plans/": "coordinator",
    "/api/plans/{plan_uuid}/": "coordinator",
    "/api/plans/{plan_uuid}/tasks/": "coordinator",
    "/api/reports/": "reporter",
}
WRITES = {("post", "/api/imports/"), ("post", "/api/reports/")}


def endpoints() -> list[tuple[str, str]]:
    schema = api.get_openapi_schema(path_prefix="/api/")
    return sorted((method, path) for path, ops in schema["paths"].items() for method in ops)


ENDPOINTS = endpoints()
IDS = [f"{m} {p}" for m, p in ENDPOINTS]


@pytest.fixture(autouse=True)
def api_import(request):
    """An import the manager posted, for the job URL (`/api/imports/{job_uuid}/`)."""
    if "objects" not in request.fixturenames:
        return None
    objects, manager = request.getfixturevalue("objects"), request.getfixturevalue("manager")
    objects["api_import"] = ApiImport.objects.create(user=manager, original_name="nguoi.xlsx",
                                                     stored_path="", status="done",
                                                     report={"rows": 1, "created": 1})  # fmt: skip
    return objects["api_import"]


def imported(client: Client, response) -> dict:
    """The report of a posted import (answered 202, run by the task on commit)."""
    assert response.status_code == 202, response.content[:500]
    job = client.get(response.json()["url"]).json()
    assert job["status"] == "done", job
    return job["report"]


def token_client(user) -> Client:
    _, raw = issue_token(user, name="kiểm thử")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def url(path: str, objects: dict) -> str:
    return (path.replace("{person_uuid}", str(objects["person"].uuid))
                .replace("{plan_uuid}", str(objects["plan"].uuid))
                .replace("{job_uuid}", str(objects["api_import"].uuid)))  # fmt: skip


def call(client: Client, method: str, path: str, objects: dict, make_xlsx=None, mine=False):
    """The call as its owner would make it; `mine`: a report the owner may really write."""
    target = url(path, objects)
    if method == "get":
        return client.get(target)
    if path == "/api/imports/":
        file = make_xlsx([good_row(2)]) if make_xlsx else None
        # The import runs as a task once the request's transaction commits.
        with open(file, "rb") as handle, TestCase.captureOnCommitCallbacks(execute=True):
            return client.post(target, {"file": handle})
    body = {"plan": str(objects["plan"].uuid), "agency": objects["agency"].pk,
            "status": "in_progress", "achievements": "Đã làm", "expected_version": 0,
            "figures": [{"label": "Số lớp", "value": 3, "unit": "lớp"}]}  # fmt: skip
    if mine:  # the mid-term review: one report per agency, not written yet
        body.update(period=objects["review"].pk, task=None)
    else:  # the submitted (locked) report of the task
        body.update(period=objects["period"].pk, task=str(objects["task"].uuid))
    return client.post(target, json.dumps(body), content_type="application/json")


def test_every_endpoint_is_classified():
    paths = {path for _, path in ENDPOINTS}
    assert paths == set(OWNERS), paths ^ set(OWNERS)
    assert {"/api/people/", "/api/imports/", "/api/reports/"} <= paths


def test_the_schema_is_served(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert set(response.json()["paths"]) == set(OWNERS)


@pytest.mark.parametrize(("method", "path"), ENDPOINTS, ids=IDS)
def test_no_token_or_a_bad_one_is_refused(client, method, path, objects, manager, make_xlsx):
    token, raw = issue_token(manager, name="thu hồi")
    revoke_token(token)
    for headers in ({}, {"HTTP_AUTHORIZATION": "Bearer tt_not-a-token"},
                    {"HTTP_AUTHORIZATION": f"Bearer {raw}"}):  # fmt: skip
        response = call(Client(**headers), method, path, objects, make_xlsx)
        assert response.status_code == 401, (path, headers)
        assert objects["person"].full_name not in response.content.decode()


@pytest.mark.parametrize(("method", "path"), ENDPOINTS, ids=IDS)
def test_sibling_province_gets_nothing(method, path, objects, siblings, make_xlsx):
    before = Person.objects.count(), ProgressReport.objects.count()
    client = token_client(siblings[OWNERS[path]])
    response = call(client, method, path, objects, make_xlsx)
    body = response.content.decode()
    if "{" in path:
        assert response.status_code == 404, path
    elif (method, path) == ("post", "/api/reports/"):
        assert response.status_code == 404  # the plan is out of their sight
    elif (method, path) == ("post", "/api/imports/"):
        # A Cao Bằng row imported by Lạng Sơn's manager: refused row by row, nothing written.
        assert imported(client, response)["created"] == 0
    else:
        assert response.status_code == 200, (path, body)
    for secret in (objects["person"].full_name, str(objects["person"].uuid),
                   str(objects["report"].uuid), objects["plan"].title):  # fmt: skip
        assert secret not in body, (path, secret)
    assert before == (Person.objects.count(), ProgressReport.objects.count())


@pytest.mark.parametrize(("method", "path"), ENDPOINTS, ids=IDS)
def test_user_without_role_gets_nothing(method, path, objects, outsider, make_xlsx):
    response = call(token_client(outsider), method, path, objects, make_xlsx)
    if path in {"/api/plans/", "/api/reports/"} and method == "get":
        assert response.status_code == 200 and response.json() == []
    else:
        assert response.status_code in (403, 404), path
    assert objects["person"].full_name not in response.content.decode()


@pytest.mark.parametrize(
    ("method", "path"), sorted(WRITES), ids=[f"{m} {p}" for m, p in sorted(WRITES)]
)
def test_read_only_role_cannot_write(method, path, objects, viewer, make_xlsx):
    before = (list(Person.objects.values_list("uuid", "full_name")),
              list(ProgressReport.objects.values_list("pk", "version", "state")))  # fmt: skip
    response = call(token_client(viewer), method, path, objects, make_xlsx, mine=True)
    assert response.status_code in (403, 404), path
    assert before == (list(Person.objects.values_list("uuid", "full_name")),
                      list(ProgressReport.objects.values_list("pk", "version", "state")))  # fmt: skip


@pytest.mark.parametrize(("method", "path"), ENDPOINTS, ids=IDS)
def test_every_endpoint_works_for_its_owner(method, path, objects, owners, make_xlsx):
    response = call(token_client(owners[OWNERS[path]]), method, path, objects, make_xlsx,
                    mine=True)  # fmt: skip
    expected = 202 if (method, path) == ("post", "/api/imports/") else 200  # queued
    assert response.status_code == expected, (path, response.content[:500])


def test_every_call_is_audited(objects, manager):
    client = token_client(manager)
    token = ApiToken.objects.get(user=manager)
    before = AuditEvent.objects.filter(action="api_call").count()
    client.get("/api/people/?sector=education")
    Client().get("/api/people/")
    events = list(AuditEvent.objects.filter(action="api_call").order_by("pk"))[before:]
    assert [(e.actor_id, e.detail["status"], e.detail["token"]) for e in events] == [
        (manager.pk, 200, token.prefix),
        (None, 401, ""),
    ]
    assert events[0].detail["query"] == "sector=education"


def test_people_are_masked_and_filtered_exactly_like_the_web_list(objects, manager, viewer,
                                                                   make_xlsx):  # fmt: skip
    from trithuc.people.importing import import_people

    import_people(make_xlsx([good_row(n, sector="health") for n in range(2, 5)]),
                  today=dt.date(2026, 11, 22))  # fmt: skip
    for user in (manager, viewer):
        body = token_client(user).get("/api/people/?sector=health&sort=name&page_size=2").json()
        expected = (
            Person.objects.visible_to(user).filter(sector="health").order_by("name_sort", "id")
        )
        assert body["count"] == 3 and body["has_next"] and body["pages"] == 2
        web = json.loads(json.dumps(person_rows(expected[:2], user), default=str))
        assert body["results"] == web
    masked = token_client(viewer).get("/api/people/").json()["results"][0]["national_id"]
    assert "•" in masked and not re.search(r"\d{12}", masked)


def test_the_import_answers_the_commands_json_report(objects, manager, make_xlsx, capsys):
    from django.core.management import call_command

    path = make_xlsx([good_row(7), good_row(8, national_id="bad")])
    client = token_client(manager)
    with open(path, "rb") as handle, TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post("/api/imports/", {"file": handle, "dry_run": "true"})
    call_command("import_people", str(path), "--dry-run", "--format", "json", "--user", "manager")
    assert imported(client, response) == json.loads(capsys.readouterr().out)


def test_a_stale_report_is_a_conflict(objects, plan_people):
    response = call(token_client(plan_people["reporter"]), "post", "/api/reports/", objects)
    assert response.status_code == 409  # the task's report is submitted, hence locked


def test_tokens_are_stored_hashed_and_rate_limited(objects, manager, monkeypatch):
    token, raw = issue_token(manager, name="hệ thống tỉnh")
    assert raw not in (token.key_hash, token.prefix) and len(token.key_hash) == 64
    throttle = api.throttle[0]
    monkeypatch.setattr(throttle, "num_requests", 2)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    statuses = [client.get("/api/plans/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_pages_without_a_count_are_the_same_pages(objects, manager, make_xlsx):
    from trithuc.people.importing import import_people

    import_people(make_xlsx([good_row(n) for n in range(2, 6)]), today=dt.date(2026, 11, 22))
    client = token_client(manager)
    for page in (1, 2, 3):
        counted = client.get(f"/api/people/?page={page}&page_size=2&sort=name").json()
        uncounted = client.get(f"/api/people/?page={page}&page_size=2&sort=name&count=false")
        body = uncounted.json()
        assert body["results"] == counted["results"] and body["has_next"] == counted["has_next"]
        assert body["count"] is None and counted["count"] == 5
    assert client.get("/api/people/?page=4&page_size=2&count=false").status_code == 404
