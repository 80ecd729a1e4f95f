"""Backups that restore: the database (PostgreSQL's `pg_dump` custom format, or SQLite's
online backup API, which copies a consistent snapshot while the site keeps writing) plus
the uploaded files, with a manifest of every table's row count that the restore checks.

A backup is a directory: `database.pgdump` or `database.sqlite3`, `media.tar.gz`,
`manifest.json`."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import tarfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils.translation import gettext as _

MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
DUMP_NAMES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
# The restore refuses a database that already holds people (unless forced).
GUARD_TABLE = "people_person"


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why, in Vietnamese."""


def table_counts(using: str = "default") -> dict[str, int]:
    connection = connections[using]
    names = sorted(connection.introspection.table_names())
    counts = {}
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")
            counts[name] = cursor.fetchone()[0]
    return counts


def _libpq_args(db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as exc:
        raise BackupError(_("Không tìm thấy %(tool)s: cài gói postgresql-client.")
                          % {"tool": command[0]}) from exc  # fmt: skip
    if done.returncode != 0:
        raise BackupError(_("%(tool)s báo lỗi: %(error)s")
                          % {"tool": command[0], "error": done.stderr.strip()[-2000:]})  # fmt: skip


def _app_version() -> str:
    try:
        return version("trithuc")
    except PackageNotFoundError:
        return ""


def backup(path: Path, *, using: str = "default", media_root: Path | None = None) -> dict:
    """Write a backup of database `using` and the uploaded files into the new directory
    `path`; returns the manifest."""
    path = Path(path)
    if path.exists() and any(path.iterdir()):
        raise BackupError(_("Thư mục sao lưu %(path)s đã có dữ liệu.") % {"path": path})
    path.mkdir(parents=True, exist_ok=True)
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in DUMP_NAMES:
        raise BackupError(_("Chưa hỗ trợ sao lưu cơ sở dữ liệu %(vendor)s.") % {"vendor": vendor})
    # Counted first: rows written during the dump may or may not be in it; the restore
    # checks it holds at least these.
    counts = table_counts(using)
    target = path / DUMP_NAMES[vendor]
    if vendor == "postgresql":
        args, env = _libpq_args(connection.settings_dict)
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
              "--file", str(target), *args], env)  # fmt: skip
    else:
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
    media = Path(media_root or settings.MEDIA_ROOT)
    with tarfile.open(path / MEDIA_ARCHIVE, "w:gz") as archive:
        if media.is_dir():
            archive.add(media, arcname=".")
    manifest = {"format": 1, "vendor": vendor, "app_version": _app_version(),
                "created_at": dt.datetime.now(dt.UTC).isoformat(), "tables": counts}  # fmt: skip
    (path / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    return manifest


def _holds_people(using: str) -> bool:
    connection = connections[using]
    if GUARD_TABLE not in connection.introspection.table_names():
        return False
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {GUARD_TABLE} LIMIT 1")  # noqa: S608
        return cursor.fetchone() is not None


def restore(
    path: Path, *, using: str = "default", media_root: Path | None = None, force: bool = False
) -> dict:
    """Load the backup in `path` into database `using` (empty, or `force`) and its files
    into the media directory; checks every table holds the rows the manifest counted."""
    path = Path(path)
    try:
        manifest = json.loads((path / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(_("Không đọc được %(file)s trong bản sao lưu.")
                          % {"file": MANIFEST}) from exc  # fmt: skip
    connection = connections[using]
    if manifest["vendor"] != connection.vendor:
        raise BackupError(_("Bản sao lưu của %(saved)s không khôi phục được vào %(here)s.")
                          % {"saved": manifest["vendor"], "here": connection.vendor})  # fmt: skip
    if not force and _holds_people(using):
        raise BackupError(_("Cơ sở dữ liệu đích đã có dữ liệu người; dùng --force để ghi đè."))
    dump = path / DUMP_NAMES[connection.vendor]
    if connection.vendor == "postgresql":
        args, env = _libpq_args(connection.settings_dict)
        connection.close()  # no session of ours holds a lock on what --clean drops
        # One transaction: a failed restore leaves the database as it was.
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
              "--single-transaction", "--exit-on-error", *args, str(dump)], env)  # fmt: skip
    else:
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    counts = table_counts(using)
    short = {
        t: (n, counts.get(t, 0)) for t, n in manifest["tables"].items() if counts.get(t, 0) < n
    }
    if short:
        raise BackupError(_("Khôi phục thiếu dữ liệu ở các bảng: %(tables)s")
                          % {"tables": ", ".join(sorted(short))})  # fmt: skip
    media = Path(media_root or settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path / MEDIA_ARCHIVE, "r:gz") as archive:
        # The "data" filter refuses absolute paths, links out of the directory and devices.
        archive.extractall(media, filter="data")
    return manifest
