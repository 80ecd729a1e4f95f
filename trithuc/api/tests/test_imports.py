"""`/api/imports/` answers 202 at once and the task worker imports the file."""

from pathlib import Path

import pytest
from django.test import Client

from conftest import good_row
from trithuc.api.import_jobs import run_import
from trithuc.api.models import ApiImport
from trithuc.api.tokens import issue_token
from trithuc.audit.models import AuditEvent
from trithuc.people.models import Person

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user, name='nhập')[1]}")


def test_a_posted_file_is_queued_then_imported_once_by_the_task(manager, make_xlsx):
    client = _client(manager)
    with open(make_xlsx([good_row(1), good_row(2)]), "rb") as handle:
        response = client.post("/api/imports/", {"file": handle, "strict": "true"})
    assert response.status_code == 202
    queued = response.json()
    assert queued["status"] == "queued" and queued["report"] is None and queued["strict"]
    assert client.get(queued["url"]).json()["status"] == "queued"  # no worker has run yet
    assert not Person.objects.exists()

    job = ApiImport.objects.get(uuid=queued["uuid"])
    report = run_import(str(job.uuid))  # what the worker runs
    assert report["created"] == 2 and Person.objects.count() == 2
    done = client.get(queued["url"]).json()
    assert done["status"] == "done" and done["report"] == report
    assert done["progress"] == {"done": 2, "total": 2}
    assert not Path(job.stored_path).exists()  # the file is not kept
    assert run_import(str(job.uuid)) == report and Person.objects.count() == 2  # not twice
    event = AuditEvent.objects.get(action="import")
    assert event.actor_id == manager.pk and event.source == "api"


def test_a_refused_file_is_answered_at_once_and_not_kept(manager, tmp_path):
    client = _client(manager)
    text = tmp_path / "nguoi.txt"
    text.write_text("STT\n")
    with open(text, "rb") as handle:
        response = client.post("/api/imports/", {"file": handle})
    assert response.status_code == 400 and "XLSX" in response.json()["detail"]
    assert not ApiImport.objects.exists()


def test_a_failed_run_says_so_and_changes_nothing(manager, make_xlsx, monkeypatch):
    from trithuc.api import import_jobs

    client = _client(manager)
    with open(make_xlsx([good_row(1)]), "rb") as handle:
        url = client.post("/api/imports/", {"file": handle}).json()["url"]
    job = ApiImport.objects.get()

    def broken(*args, **kwargs):
        raise OSError("disk")

    monkeypatch.setattr(import_jobs, "import_people_file", broken)
    with pytest.raises(OSError):
        run_import(str(job.uuid))
    failed = client.get(url).json()
    assert failed["status"] == "failed" and failed["report"] is None
    assert "chưa bị thay đổi" in failed["message"] and not Person.objects.exists()


def test_a_job_whose_user_is_gone_imports_nothing(manager, make_xlsx):
    """Without its user the run would have no scope at all: it is refused."""
    client = _client(manager)
    with open(make_xlsx([good_row(1)]), "rb") as handle:
        url = client.post("/api/imports/", {"file": handle}).json()["url"]
    job = ApiImport.objects.get()
    manager.is_active = False
    manager.save()
    run_import(str(job.uuid))
    job.refresh_from_db()
    assert job.status == "failed" and "không còn hoạt động" in job.message
    assert not Person.objects.exists() and not Path(job.stored_path).exists()
    assert url.endswith(f"/{job.uuid}/")
