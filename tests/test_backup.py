"""`trithuc backup` / `trithuc restore`: a backup restored into an empty database holds
every person, plan, progress report and audit row, and the uploaded files."""

# ruff: noqa: F811 -- the plan_people fixture imported from tests/test_access.py is an argument here

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.db.utils import load_backend

from conftest import good_row
from tests.test_access import make_plan_objects, plan_people  # noqa: F401 (fixture)
from trithuc.audit.models import AuditEvent
from trithuc.audit.services import record_event
from trithuc.core.backup import BackupError, backup, restore
from trithuc.people.importing import import_people
from trithuc.people.models import Person
from trithuc.plans.models import Plan, ProgressReport, ReportAttachment, Task

# One test: each transactional test reloads the reference data afterwards (tens of seconds).
pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.slow]


def _empty_database(tmp_path: Path):
    """A second database alias, 'restored', on a new empty database of the same kind."""
    cfg = dict(connection.settings_dict)
    if connection.vendor == "postgresql":
        cfg["NAME"] = f"{cfg['NAME']}_restore_{uuid.uuid4().hex[:8]}"
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{cfg["NAME"]}"')
    else:
        cfg["NAME"] = str(tmp_path / "restored.sqlite3")
    # Registered as a connection only, not in the settings: Django's test case allows
    # such dynamically created connections.
    connections["restored"] = load_backend(cfg["ENGINE"]).DatabaseWrapper(cfg, "restored")
    return cfg


def _drop(cfg) -> None:
    connections["restored"].close()
    del connections["restored"]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{cfg["NAME"]}"')


def _keys(model, using: str, field: str = "pk") -> set:
    return set(model._default_manager.using(using).values_list(field, flat=True))


def test_a_backup_restores_into_an_empty_database(tmp_path, make_xlsx, manager, plan_people):
    import_people(make_xlsx([good_row(n) for n in range(1, 6)]), today=dt.date(2026, 11, 22))
    objects = make_plan_objects(plan_people)
    record_event("create", actor=manager, source="web", obj=Person.objects.first())
    attachment = ReportAttachment.objects.get()
    stored_name = attachment.file.name

    call_command("backup", str(tmp_path / "backup"))
    assert sorted(p.name for p in (tmp_path / "backup").iterdir()) == sorted(
        ["manifest.json", "media.tar.gz",
         "database.pgdump" if connection.vendor == "postgresql" else "database.sqlite3"])  # fmt: skip
    with pytest.raises(BackupError):
        backup(tmp_path / "backup")  # never into a directory that holds one
    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(tmp_path / "backup"))  # the live database holds people

    cfg = _empty_database(tmp_path)
    try:
        restore(tmp_path / "backup", using="restored", media_root=tmp_path / "media")
        for model, field in ((Person, "uuid"), (Plan, "uuid"), (Task, "uuid"),
                             (ProgressReport, "pk"), (AuditEvent, "pk")):  # fmt: skip
            assert _keys(model, "restored", field) == _keys(model, "default", field), model
        assert len(_keys(Person, "restored")) == 5
        assert objects["report"].pk in _keys(ProgressReport, "restored")
        assert (tmp_path / "media" / stored_name).read_bytes() == b"%PDF-1.4"
    finally:
        _drop(cfg)
