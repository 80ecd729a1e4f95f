"""`trithuc serve` (gunicorn + WhiteNoise + the task worker, DEBUG off, settings from the
environment) answers real HTTP on the test database: health, static files, login, a
registry page; its logs are JSON lines with request and user ids and no personal data."""

from __future__ import annotations

import datetime as dt
import json
import re
import urllib.parse

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from conftest import good_row
from tests.serving import serve
from trithuc.api.tokens import issue_token
from trithuc.people.importing import import_people

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.slow]


def test_serve_answers_pages_through_gunicorn(tmp_path, make_xlsx, manager):
    # The test settings hash with MD5 for speed; the served production settings do not.
    manager.password = PBKDF2PasswordHasher().encode("pw-Trithuc-2026", "servetestsalt")
    manager.save()
    import_people(make_xlsx([good_row(1)]), today=dt.date(2026, 11, 22))
    _, api_key = issue_token(manager, name="serve test")
    with serve(tmp_path) as server:
        status, headers, body = server.get("/healthz")
        health = json.loads(body)
        assert status == 200 and health["status"] == "ok"
        assert health["checks"]["worker"]["ok"] and health["checks"]["database"]["ok"]
        assert "X-Request-ID" in headers

        status, headers, body = server.get("/static/core/site.css")
        assert status == 200 and b"{" in body
        assert headers.get("Content-Type", "").startswith("text/css")

        status, _, body = server.get("/dang-nhap/")
        assert status == 200
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
        form = urllib.parse.urlencode({"csrfmiddlewaretoken": token.decode(),
                                       "username": "manager", "password": "pw-Trithuc-2026"})  # fmt: skip
        status, headers, _ = server.post("/dang-nhap/", form.encode(), {
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": server.base + "/dang-nhap/"})  # fmt: skip
        assert status == 302, server.log()

        status, _, body = server.get("/nguoi/", {"X-Request-ID": "trace-0123456789"})
        assert status == 200
        assert "Nguyễn Văn An" in body.decode()

        status, _, body = server.get("/api/people/", {"Authorization": f"Bearer {api_key}"})
        assert status == 200 and json.loads(body)["count"] == 1, body

        status, _, _ = server.get("/khong-co-trang-nay/")
        assert status == 404  # DEBUG off: no technical page
    log = server.log()
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    people_list = [e for e in lines if e.get("path") == "/nguoi/"]
    assert people_list and people_list[0]["request_id"] == "trace-0123456789"
    assert people_list[0]["user_id"] == manager.pk and people_list[0]["status"] == 200
    assert "Nguyễn Văn An" not in log and "manager" not in log and api_key not in log
