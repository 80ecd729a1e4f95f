"""The API's speed-ups keep its rules: every call audited (in batches), tokens kept a few
seconds per process, calls per token counted in fixed windows."""

import datetime as dt

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from trithuc.api.api import api
from trithuc.api.calls import CALLS
from trithuc.api.models import ApiToken
from trithuc.api.tokens import forget_tokens, issue_token, revoke_token
from trithuc.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _calls() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="api_call").order_by("pk"))


@override_settings(TRITHUC_API_AUDIT_FLUSH_MS=60_000, TRITHUC_API_AUDIT_BATCH=3)
def test_call_rows_are_written_in_batches_with_the_time_of_each_call(manager):
    _, raw = issue_token(manager, name="lô")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    started = timezone.now()
    client.get("/api/plans/")
    Client().get("/api/plans/")  # refused: audited as well
    assert _calls() == [] and CALLS.waiting == 2
    client.get("/api/people/?sector=health")  # the third fills the batch
    rows = _calls()
    assert [(e.actor_id, e.detail["status"]) for e in rows] == [
        (manager.pk, 200), (None, 401), (manager.pk, 200)]  # fmt: skip
    assert rows[2].detail["query"] == "sector=health"
    assert started <= rows[0].at <= rows[1].at <= rows[2].at <= timezone.now()
    client.get("/api/plans/")
    assert len(_calls()) == 3 and CALLS.flush() == 1  # what exit or the flusher writes
    assert len(_calls()) == 4 and CALLS.waiting == 0


@override_settings(TRITHUC_API_AUDIT_FLUSH_MS=0)
def test_without_batches_each_call_is_written_when_answered(manager):
    _, raw = issue_token(manager, name="ngay")
    Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/plans/")
    assert len(_calls()) == 1 and CALLS.waiting == 0


@override_settings(TRITHUC_API_TOKEN_CACHE_SECONDS=60)
def test_a_kept_token_is_forgotten_when_revoked_and_expires_on_time(manager):
    forget_tokens()
    token, raw = issue_token(manager, name="giữ")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get("/api/plans/").status_code == 200
    # Revoked by another process (straight in the table): honoured until the cache ends.
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    assert client.get("/api/plans/").status_code == 200
    revoke_token(token)  # this process forgets at once
    assert client.get("/api/plans/").status_code == 401
    # An expiry date is read on every call, kept or not.
    soon, raw = issue_token(manager, name="hết hạn")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    ApiToken.objects.filter(pk=soon.pk).update(expires_at=timezone.now() + dt.timedelta(hours=1))
    assert client.get("/api/plans/").status_code == 200
    forget_tokens()
    ApiToken.objects.filter(pk=soon.pk).update(expires_at=timezone.now() + dt.timedelta(seconds=1))
    assert client.get("/api/plans/").status_code == 200  # kept with its expiry
    ApiToken.objects.filter(pk=soon.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    forget_tokens()
    assert client.get("/api/plans/").status_code == 401
    forget_tokens()


@override_settings(TRITHUC_API_TOKEN_CACHE_SECONDS=60)
def test_kept_tokens_act_with_their_own_users_scope(manager, viewer, make_xlsx):
    """Two users' tokens kept side by side: each call has its own user's masking."""
    from conftest import good_row
    from trithuc.people.importing import import_people

    forget_tokens()
    import_people(make_xlsx([good_row(1)]), today=dt.date(2026, 11, 22))
    clients = {user.username: Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user, name='x')[1]}")
               for user in (manager, viewer)}  # fmt: skip
    for _ in range(2):  # the second round from the kept tokens
        seen = {name: client.get("/api/people/").json()["results"][0]["national_id"]
                for name, client in clients.items()}  # fmt: skip
        assert seen["manager"] == good_row(1)["national_id"] and "•" in seen["viewer"]
    forget_tokens()


def test_the_rate_is_counted_per_token_in_windows(manager, monkeypatch):
    throttle = api.throttle[0]
    monkeypatch.setattr(throttle, "num_requests", 2)
    monkeypatch.setattr(throttle, "duration", 3600)
    first = Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(manager, name='a')[1]}")
    second = Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(manager, name='b')[1]}")
    assert [first.get("/api/plans/").status_code for _ in range(3)] == [200, 200, 429]
    refused = first.get("/api/plans/")
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert second.get("/api/plans/").status_code == 200  # another token, its own count
    now = throttle.timer()
    monkeypatch.setattr(throttle, "timer", lambda: now + 3600)  # the next window
    assert first.get("/api/plans/").status_code == 200


def test_paging_by_cursor_reads_everyone_once_in_name_order(manager, viewer, make_xlsx):
    from conftest import good_row
    from trithuc.people.importing import import_people
    from trithuc.people.models import Person

    names = ["Bùi Văn An", "Bùi Văn An", "Đỗ Thị Hà", "Lê Văn Bình", "Trần Thị Yến"]
    rows = [good_row(n, full_name=name) for n, name in enumerate(names, start=1)]
    rows.append(good_row(9, workplace_unit="20", national_id="020085000009"))  # Lạng Sơn
    import_people(make_xlsx(rows), today=dt.date(2026, 11, 22))
    client = Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(manager, name='c')[1]}")
    seen, after, pages = [], "", 0
    while after is not None:
        body = client.get(f"/api/people/?page_size=2&after={after}").json()
        assert body["count"] is None and len(body["results"]) <= 2
        seen += [row["uuid"] for row in body["results"]]
        after, pages = body["next"], pages + 1
    expected = Person.objects.profiles_for(manager).order_by("name_sort", "uuid")
    assert seen == [str(key) for key in expected.values_list("uuid", flat=True)]
    assert pages == 3 and len(seen) == 5  # nobody of Lạng Sơn, nobody twice
    filtered = client.get("/api/people/?after=&sector=health").json()
    assert filtered["results"] == [] and filtered["next"] is None
    for bad in ("after=xyz", "after=&sort=-name"):
        response = client.get(f"/api/people/?{bad}")
        assert response.status_code == 400, bad
    masked = Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(viewer, name='v')[1]}")
    row = masked.get("/api/people/?after=").json()["results"][0]
    assert "•" in row["national_id"]
