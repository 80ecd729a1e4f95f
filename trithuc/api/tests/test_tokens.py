import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from trithuc.api.models import ApiToken
from trithuc.api.tokens import issue_token
from trithuc.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_token_issued_by_the_command_works_until_revoked(manager, capsys):
    call_command("api_token", "issue", "manager", "--name", "CSDL CBCCVC", "--days", "30")
    raw = capsys.readouterr().out.strip()
    token = ApiToken.objects.get()
    assert raw.startswith("tt_") and not ApiToken.objects.filter(key_hash=raw).exists()
    assert AuditEvent.objects.filter(action="api_token_issue").count() == 1
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get("/api/plans/").status_code == 200
    call_command("api_token", "list")
    assert token.prefix in capsys.readouterr().out
    call_command("api_token", "revoke", token.prefix)
    assert client.get("/api/plans/").status_code == 401
    with pytest.raises(CommandError):
        call_command("api_token", "revoke", token.prefix)


def test_an_expired_token_or_inactive_user_is_refused(manager):
    import datetime as dt

    from django.utils import timezone

    from trithuc.api.tokens import issue_token

    _, raw = issue_token(manager, name="x", expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/plans/").status_code == 401
    _, raw = issue_token(manager, name="y")
    manager.is_active = False
    manager.save()
    assert Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/plans/").status_code == 401


def test_no_token_prefix_reads_as_an_option(manager, monkeypatch):
    drawn = iter(["-" + "a" * 42, "b" * 43])
    monkeypatch.setattr("trithuc.api.tokens.secrets.token_urlsafe", lambda n: next(drawn))
    token, raw = issue_token(manager, name="Hệ thống A")
    assert raw == "tt_" + "b" * 43 and not token.prefix.startswith("-")
