"""Starting `trithuc serve` on the test database, for tests that check pages through the
production server (tests/test_serve.py, tests/test_api_serve.py)."""

from __future__ import annotations

import contextlib
import http.cookiejar
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url_for_subprocess(tmp_path: Path) -> str:
    """The test database as another process can reach it: PostgreSQL's test database as
    is (the test must commit, `transaction=True`); SQLite's in-memory one copied to a
    file with the online backup API."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        port = db.get("PORT") or 5432
        return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{port}/{db['NAME']}"
    path = tmp_path / "served.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    with target:
        connection.connection.backup(target)
    target.close()
    return f"sqlite:///{path}"


@dataclass
class Served:
    base: str
    process: subprocess.Popen
    log_path: Path
    opener: urllib.request.OpenerDirector

    def get(self, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
        request = urllib.request.Request(self.base + path, headers=headers or {})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def post(self, path: str, data: bytes, headers: dict) -> tuple[int, dict, bytes]:
        request = urllib.request.Request(self.base + path, data=data, headers=headers)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # a redirect is an answer to check
        return None


@contextlib.contextmanager
def serve(tmp_path: Path, extra_env: dict | None = None) -> Iterator[Served]:
    call_command("collectstatic", interactive=False, verbosity=0)
    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "trithuc.settings",
        "DATABASE_URL": database_url_for_subprocess(tmp_path),
        "DEBUG": "false",
        "SECRET_KEY": "serve-test-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        # Plain http on 127.0.0.1, as nginx would reach it; TLS is nginx's (docs/DEPLOY.md).
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "TRITHUC_DATA_DIR": str(tmp_path / "data"),
        "CACHE_LOCATION": str(tmp_path / "cache"),
        "STATIC_ROOT": str(settings.STATIC_ROOT),
        "LOG_LEVEL": "INFO",
        **(extra_env or {}),
    }
    log_path = tmp_path / "serve.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "trithuc", "serve", "--bind", f"127.0.0.1:{port}",
             "--workers", "1", "--threads", "4"],
            env=env, stdout=log, stderr=subprocess.STDOUT, cwd=tmp_path,
        )  # fmt: skip
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    served = Served(f"http://127.0.0.1:{port}", process, log_path, opener)
    try:
        _wait_until_healthy(served)
        yield served
    finally:
        process.terminate()
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_healthy(served: Served, seconds: float = 60) -> None:
    """Until /healthz answers 200: gunicorn listening and the worker's first heartbeat."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if served.process.poll() is not None:
            raise AssertionError(f"trithuc serve stopped:\n{served.log()}")
        with contextlib.suppress(OSError):
            if served.get("/healthz")[0] == 200:
                return
        time.sleep(0.3)
    raise AssertionError(f"trithuc serve not healthy in {seconds} s:\n{served.log()}")
