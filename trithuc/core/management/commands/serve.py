"""`trithuc serve`: the production web server (gunicorn; WhiteNoise serves the static
files) and, beside it, the task worker. Settings come from the environment (see
.env.example and docs/DEPLOY.md); DEBUG must be off.

Both run as child processes: a signal to this one is passed on to both, and when either
stops the other is stopped too, so systemd (or the test) sees one service that is either
whole or gone. Larger installations run the worker as its own unit (`--no-worker` here,
`trithuc worker` there)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from trithuc.env import env_int, env_str


def gunicorn_command(bind: str, workers: int, threads: int, timeout: int) -> list[str]:
    return [
        sys.executable, "-m", "gunicorn", "trithuc.wsgi:application",
        "--bind", bind, "--workers", str(workers), "--threads", str(threads),
        "--timeout", str(timeout), "--error-logfile", "-",
        # Requests are logged by trithuc.core.logs as JSON lines, with the request id.
        "--access-logfile", "/dev/null",
        # The control socket lives in $HOME by default: two services on one host would
        # share it, and systemd's service user may have no home.
        "--no-control-socket",
        # Behind nginx on the same host: only it may set X-Forwarded-* headers.
        "--forwarded-allow-ips", env_str("FORWARDED_ALLOW_IPS", "127.0.0.1"),
    ]  # fmt: skip


def worker_command() -> list[str]:
    return [sys.executable, "-m", "trithuc", "worker"]


class Command(BaseCommand):
    help = "Chạy máy chủ web (gunicorn) và tác vụ nền cho môi trường vận hành."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=env_str("TRITHUC_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=env_int("WEB_CONCURRENCY", 3))
        parser.add_argument("--threads", type=int, default=env_int("WEB_THREADS", 4))
        parser.add_argument("--timeout", type=int, default=env_int("WEB_TIMEOUT", 120))
        parser.add_argument("--no-worker", action="store_true",
                            help="không chạy tác vụ nền (khi chạy `trithuc worker` riêng)")  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.DEBUG:
            raise CommandError("trithuc serve không chạy khi DEBUG bật: đặt DEBUG=false.")
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ["DJANGO_SETTINGS_MODULE"]}
        commands = [gunicorn_command(options["bind"], options["workers"], options["threads"],
                                     options["timeout"])]  # fmt: skip
        if not options["no_worker"]:
            commands.append(worker_command())
        children = [subprocess.Popen(command, env=env) for command in commands]  # noqa: S603

        def stop(signum: int, _frame: Any) -> None:
            for child in children:
                if child.poll() is None:
                    child.send_signal(signum)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        code = self._supervise(children)
        sys.exit(code)

    @staticmethod
    def _supervise(children: list[subprocess.Popen]) -> int:
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
        first = next(child for child in children if child.poll() is not None)
        for child in children:
            if child.poll() is None:
                child.terminate()
        deadline = time.monotonic() + 30
        for child in children:
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
        return first.returncode or 0
