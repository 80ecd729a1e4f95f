"""The read replica on a real PostgreSQL streaming replica of the test server (started by
`scripts/replica start`, which `.ci/run` runs; its URL in TRITHUC_TEST_REPLICA_URL):
analytics read the replica, writes and the rest the primary, and a user who just wrote
reads the primary until the replica has replayed the write (replay paused to prove it)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from pathlib import Path

import dj_database_url
import pytest
from django.db import connection, connections
from django.db.utils import load_backend
from django.test.utils import CaptureQueriesContext

from conftest import good_row, write_xlsx
from trithuc.api.tokens import issue_token
from trithuc.core.replica import REPLICA, analytics_reads, remember_write
from trithuc.people.importing import import_people
from trithuc.people.models import Person
from trithuc.people.stats import people_stats

REPLICA_URL = os.environ.get("TRITHUC_TEST_REPLICA_URL", "")


def _skip_reason() -> str | None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return "the read replica is PostgreSQL's: run with DATABASE_URL=postgres://…"
    if not shutil.which("pg_basebackup") and not REPLICA_URL:
        return "PostgreSQL's server tools (pg_basebackup, pg_ctl) are absent"
    if not REPLICA_URL:
        return "no replica: run `scripts/replica start` and export TRITHUC_TEST_REPLICA_URL"
    return None


pytestmark = [
    pytest.mark.skipif(_skip_reason() is not None, reason=_skip_reason() or ""),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.slow,
]


@pytest.fixture
def replica(settings):
    """The replica as the 'replica' connection, on the test database's name."""
    parsed = dj_database_url.parse(REPLICA_URL)
    cfg = {**connection.settings_dict, "HOST": parsed["HOST"], "PORT": parsed["PORT"]}
    connections[REPLICA] = load_backend(cfg["ENGINE"]).DatabaseWrapper(cfg, REPLICA)
    settings.TRITHUC_REPLICA = True
    wait_for_replay()
    yield connections[REPLICA]
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_resume()")
    connections[REPLICA].close()
    del connections[REPLICA]


def _query(alias: str, sql: str) -> object:
    with connections[alias].cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def wait_for_replay(seconds: float = 30) -> None:
    position = _query("default", "SELECT pg_current_wal_lsn()::text")
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [position])
            if cursor.fetchone()[0]:
                return
        time.sleep(0.1)
    raise AssertionError("the replica did not catch up")


def pause_replay(seconds: float = 30) -> None:
    """Pausing is asked, then takes effect: wait until the standby says it is paused."""
    _query(REPLICA, "SELECT pg_wal_replay_pause()::text")
    deadline = time.monotonic() + seconds
    while _query(REPLICA, "SELECT pg_get_wal_replay_pause_state()") != "paused":
        assert time.monotonic() < deadline, "the replica did not pause"
        time.sleep(0.05)


def _count(user) -> tuple[int, bool, int]:
    """People counted for `user` as analytics: (count, read the replica?, queries of
    people on the replica)."""
    with CaptureQueriesContext(connections[REPLICA]) as on_replica, analytics_reads(user) as used:
        rows = people_stats(Person.objects.visible_to(user), ["sector"])
    people_reads = [q for q in on_replica.captured_queries if "people_person" in q["sql"]]
    return sum(row["count"] for row in rows), used, len(people_reads)


def _import(tmp_path, numbers: list[int]) -> Path:
    path = write_xlsx(tmp_path / f"people-{numbers[0]}.xlsx", [good_row(n) for n in numbers])
    import_people(path, today=dt.date(2026, 11, 22))
    return path


def test_analytics_read_the_replica_and_writers_their_writes(replica, manager, viewer, tmp_path,
                                                              client):  # fmt: skip
    assert _query(REPLICA, "SELECT pg_is_in_recovery()") is True  # a real standby
    _import(tmp_path, [1, 2, 3])
    wait_for_replay()
    count, used_replica, replica_queries = _count(manager)
    assert (count, used_replica) == (3, True) and replica_queries > 0

    # Replay paused: the replica stays behind while the manager imports one more person.
    pause_replay()
    _import(tmp_path, [4])
    remember_write(manager)
    assert _count(viewer)[:2] == (3, True)  # no write of theirs: the (stale) replica
    assert _count(manager)[:3] == (4, False, 0)  # their own write: the primary

    # Through the web: a write request pins, an analytics page of another user reads
    # the replica; the API's counts follow the same rule.
    _, raw = issue_token(manager, name="replica")
    path = write_xlsx(tmp_path / "api.xlsx", [good_row(5)])
    with open(path, "rb") as handle:
        response = client.post("/api/imports/", {"file": handle},
                               HTTP_AUTHORIZATION=f"Bearer {raw}")  # fmt: skip
    # Answered 202; the import ran as a task once the request committed (immediate
    # backend in the tests), and its job holds the command's report.
    assert response.status_code == 202
    job = client.get(response.json()["url"], HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert job["status"] == "done" and job["report"]["created"] == 1
    counts = client.get("/api/counts/?by=sector", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert sum(row["count"] for row in counts["rows"]) == 5
    client.force_login(viewer)
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        assert client.get("/nguoi/tong-hop/").status_code == 200
    assert any("people_person" in q["sql"] for q in on_replica.captured_queries)

    # Replay resumed: once the replica has the writes, the manager reads it again.
    _query(REPLICA, "SELECT pg_wal_replay_resume()::text")
    wait_for_replay()
    assert _count(manager)[:2] == (5, True)
