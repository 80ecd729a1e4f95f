import json
import logging

import pytest

from trithuc.core.health import HEARTBEAT_KEY, record_heartbeat
from trithuc.core.logs import ContextFilter, JsonFormatter, request_id_var

pytestmark = pytest.mark.django_db


def test_healthz_needs_a_recent_worker_heartbeat(client, settings):
    from django.core.cache import cache

    cache.delete(HEARTBEAT_KEY)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == {"ok": False, "error": "no heartbeat",
                                                   "required": True}  # fmt: skip
    record_heartbeat("test-worker")
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["checks"]["database"]["ok"]
    settings.TRITHUC_HEALTH_REQUIRE_LIBREOFFICE = True
    settings.TRITHUC_HEALTH_REQUIRE_WORKER = False
    body = client.get("/healthz").json()
    assert body["checks"]["libreoffice"]["required"] and not body["checks"]["worker"]["required"]


def test_json_log_lines_carry_the_request_id(client):
    record = logging.makeLogRecord({"name": "x", "msg": "hello %s", "args": ("world",),
                                    "levelname": "INFO", "status": 200})  # fmt: skip
    token = request_id_var.set("abc123")
    try:
        ContextFilter().filter(record)
        line = json.loads(JsonFormatter().format(record))
    finally:
        request_id_var.reset(token)
    assert line["message"] == "hello world" and line["request_id"] == "abc123"
    assert line["status"] == 200 and line["user_id"] is None


def test_a_forged_request_id_is_replaced(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="bad id\nwith newline")
    assert response["X-Request-ID"] != "bad id\nwith newline"
    assert len(response["X-Request-ID"]) == 32
