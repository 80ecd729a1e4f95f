"""Benchmark: the API serving paged people reads through `trithuc serve` (issue 19).

    .venv/bin/python bench/bench_api.py [--people 100000] [--db postgres|sqlite]
        [--seconds 20] [--clients 8] [--workers 3] [--threads 4]

On a fresh database (PostgreSQL `trithuc_bench_api`, created and dropped; or a SQLite
file) it migrates, writes N synthetic people of Cao Bằng with history
(`bench_indicators.write_people`), makes a registry manager of the province and an API
token, starts `trithuc serve --no-worker` (gunicorn, DEBUG off, JSON logs off) and, for
--seconds, --clients threads with keep-alive connections ask
`/api/people/?page=P&page_size=50` (P spread over the first 200 pages; a third of the
calls filtered by sector, a sixth by education level), each call counted, masked and
audited as in production; then the same with `count=false` (no count). Prints requests/s, median and 95th-percentile latency and the
error count, against the target of 200 requests/s on this 2-core machine (client and
server share it). Exit status 1 when the target is missed.

The floor, same run: `/healthz` (one `SELECT 1`, a cache write and read, no auth, no
audit) under the same load, i.e. what gunicorn and Django cost per request here.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_DATABASE = "trithuc_bench_api"
TARGET_RPS = 200.0
RESULT_MARK = "BENCH-RESULT "
CURSOR = "cursor"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=8025)
    parser.add_argument(
        "--pg-database",
        default=PG_DATABASE,
        help="PostgreSQL database to create (and drop unless --keep-db)",
    )
    parser.add_argument("--compare", action="store_true",
                        help="also serve with synchronous audit rows and token reads")  # fmt: skip
    parser.add_argument("--keep-db", action="store_true",
                        help="PostgreSQL: reuse the database if it has people; keep it after")  # fmt: skip
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="trithuc-bench-api-"))
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="trithuc.settings", DEBUG="false",
               SECRET_KEY="bench-" + "x" * 50, ALLOWED_HOSTS="127.0.0.1",
               SECURE_SSL_REDIRECT="false", SECURE_COOKIES="false", TRITHUC_DATA_DIR=str(tmp),
               CACHE_LOCATION=str(tmp / "cache"), LOG_LEVEL="ERROR", REQUEST_LOG_LEVEL="ERROR",
               TASKS_BACKEND="django_tasks.backends.dummy.DummyBackend",
               TRITHUC_HEALTH_REQUIRE_WORKER="false", TRITHUC_API_RATE="1000000/m")  # fmt: skip
    if args.db == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    else:
        if not args.keep_db or not _pg_exists(args.pg_database):
            _pg_admin(f"DROP DATABASE IF EXISTS {args.pg_database}")
            _pg_admin(f"CREATE DATABASE {args.pg_database}")
        env["DATABASE_URL"] = f"postgresql://postgres@127.0.0.1:5432/{args.pg_database}"
    try:
        started = time.perf_counter()
        done = subprocess.run([sys.executable, __file__, "_setup", str(args.people)], env=env,
                              capture_output=True, text=True, check=False)  # fmt: skip
        if done.returncode:
            raise SystemExit(f"setup failed:\n{done.stderr[-3000:]}")
        token = next(line[len(RESULT_MARK):] for line in done.stdout.splitlines()
                     if line.startswith(RESULT_MARK))  # fmt: skip
        print(f"{args.db}: {args.people:,} people written and migrated in "
              f"{time.perf_counter() - started:.0f} s", flush=True)  # fmt: skip
        runs = {"batched": serve_and_load(args, env, tmp, token)}
        if args.compare:
            # The same server with each call's audit row and token read synchronously,
            # as before issue 19's batching: the gain, measured under the same load.
            runs["synchronous"] = serve_and_load(args, {**env, **SYNCHRONOUS}, tmp, token)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if args.db == "postgres" and not args.keep_db:
            _pg_admin(f"DROP DATABASE IF EXISTS {args.pg_database}")
    for name, run in runs.items():
        floor, api, uncounted = run["floor"], run["api"], run["uncounted"]
        print(
            f"-- {name}: audit rows {'in batches, tokens kept 10 s' if name == 'batched' else 'one INSERT per call, token read per call'}"
        )
        print(
            f"floor  /healthz        {floor['rps']:7.1f} req/s  median {floor['p50']:6.1f} ms  "
            f"p95 {floor['p95']:6.1f} ms  errors {floor['errors']}"
        )
        print(
            f"API    /api/people/    {api['rps']:7.1f} req/s  median {api['p50']:6.1f} ms  "
            f"p95 {api['p95']:6.1f} ms  errors {api['errors']}  "
            f"({api['rps'] / floor['rps']:.2f}x the floor's rate)"
        )
        print(
            f"API    ...&count=false {uncounted['rps']:7.1f} req/s  median "
            f"{uncounted['p50']:6.1f} ms  p95 {uncounted['p95']:6.1f} ms  "
            f"errors {uncounted['errors']}  ({uncounted['rps'] / floor['rps']:.2f}x the floor's rate)"
        )
        cursor = run["cursor"]
        print(
            f"API    ...&after=next  {cursor['rps']:7.1f} req/s  median "
            f"{cursor['p50']:6.1f} ms  p95 {cursor['p95']:6.1f} ms  "
            f"errors {cursor['errors']}  ({cursor['rps'] / floor['rps']:.2f}x the floor's rate)"
        )
        audited = run["audited"]
        print(f"audited: {audited['rows']:,} rows for {audited['calls']:,} API calls")
    if "synchronous" in runs:
        gain = runs["batched"]["api"]["rps"] / max(runs["synchronous"]["api"]["rps"], 1e-9)
        print(f"batched / synchronous, counted pages: {gain:.2f}x")
    api = runs["batched"]["api"]
    verdict = "met" if api["rps"] >= TARGET_RPS and not api["errors"] else "MISSED"
    print(
        f"target {TARGET_RPS:.0f} req/s of paged people reads: {verdict} "
        f"({args.db}, {args.people:,} people, {args.clients} clients, gunicorn "
        f"{args.workers}x{args.threads}, {os.cpu_count()} CPUs shared with the client)"
    )
    print(RESULT_MARK + json.dumps(runs))
    return 0 if verdict == "met" else 1


SYNCHRONOUS = {"TRITHUC_API_AUDIT_FLUSH_MS": "0", "TRITHUC_API_TOKEN_CACHE_SECONDS": "0"}


def serve_and_load(args: argparse.Namespace, env: dict, tmp: Path, token: str) -> dict:
    """Start `trithuc serve` with `env`, warm it, measure the floor and the API, stop it."""
    log_path = tmp / "serve.log"
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "trithuc", "serve", "--no-worker", "--bind",
         f"127.0.0.1:{args.port}", "--workers", str(args.workers), "--threads",
         str(args.threads)], env=env, stdout=subprocess.DEVNULL,
        stderr=log_path.open("wb"))  # fmt: skip
    before = _audited_calls(env)
    try:
        _wait_for(args.port)
        # Warm-up, not counted: every gunicorn worker loads the application on its first
        # requests, and the first pages fill PostgreSQL's buffers.
        auth = {"Authorization": f"Bearer {token}"}
        load(args.port, "/healthz", {}, 3, args.clients)
        warm = load(args.port, None, auth, 3, args.clients, args.people)
        result = {
            "floor": load(args.port, "/healthz", {}, args.seconds / 2, args.clients),
            "api": load(args.port, None, auth, args.seconds, args.clients, args.people),
            "uncounted": load(
                args.port, None, auth, args.seconds, args.clients, args.people, "&count=false"
            ),  # fmt: skip
            "cursor": load(args.port, None, auth, args.seconds, args.clients, args.people, CURSOR),
        }
    finally:
        server.terminate()
        server.wait(timeout=60)
        log = log_path.read_text(errors="replace")
        if "Traceback" in log or '"level": "ERROR"' in log:
            print("server errors (last 3000 characters):\n" + log[-3000:])
    # Every call audited: the rows written (batches, and the last one at the server's stop)
    # are the calls answered.
    calls = sum(r["requests"] + sum(r["errors"].values())
                for r in (warm, result["api"], result["uncounted"], result["cursor"]))  # fmt: skip
    result["audited"] = {"calls": calls, "rows": _audited_calls(env) - before}
    return result


def _audited_calls(env: dict) -> int:
    import psycopg

    url = env["DATABASE_URL"]
    if not url.startswith("postgres"):
        import sqlite3

        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            return conn.execute("SELECT COUNT(*) FROM audit_auditevent "
                                "WHERE action = 'api_call'").fetchone()[0]  # fmt: skip
    with psycopg.connect(url.replace("postgresql://", "postgres://", 1)) as conn:
        found = conn.execute("SELECT COUNT(*) FROM audit_auditevent WHERE action = 'api_call'")
        return found.fetchone()[0]


def setup(people: int) -> None:
    """In a child with the benchmark's environment: migrate, people, user, token."""
    import django

    django.setup()
    from bench_indicators import analyze, write_people
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from trithuc.accounts.models import Membership
    from trithuc.api.tokens import issue_token
    from trithuc.people.models import Person

    call_command("migrate", verbosity=0)
    if Person._base_manager.count() != people:  # a kept database (--keep-db) is reused
        Person._base_manager.all().delete()
        write_people(people)
        if os.environ["DATABASE_URL"].startswith("postgres"):
            analyze()
    user, created = get_user_model().objects.get_or_create(username="bench-api")
    if created:
        Membership.objects.create(user=user, role="registry_manager", unit_code="04")
    _, raw = issue_token(user, name="benchmark")
    print(RESULT_MARK + raw)


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql)


def _pg_exists(name: str) -> bool:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return found.fetchone() is not None


def _wait_for(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("trithuc serve did not start")


def _people_path(rng: random.Random, people: int, extra: str = "") -> str:
    """A page within the first 200 that exists: the filters keep at least 10% of people."""
    draw, query, share = rng.random(), "", 1.0
    if draw < 1 / 3:
        query, share = "&sector=" + rng.choice(["education", "health", "agriculture"]), 0.1
    elif draw < 1 / 2:
        query, share = "&education_level=" + rng.choice(["bachelor", "master"]), 0.15
    last = max(1, min(200, int(people * share * 0.8) // 50))
    return f"/api/people/?page={rng.randint(1, last)}&page_size=50{query}{extra}"


def load(
    port: int,
    path: str | None,
    headers: dict,
    seconds: float,
    clients: int,
    people: int = 0,
    extra: str = "",
) -> dict:
    latencies: list[float] = []
    errors: dict[str, int] = {}
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def client(seed: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        # extra == CURSOR: this client reads the list page after page by cursor, as a
        # connected system copying everything would, each client with its own filter.
        walk = _people_path(rng, people).split("&page_size=50")[1] if extra == CURSOR else ""
        after = ""
        while time.perf_counter() < stop_at:
            start = time.perf_counter()
            if extra == CURSOR:
                target = f"/api/people/?page_size=50&after={after}{walk}"
            else:
                target = path or _people_path(rng, people, extra)
            try:
                conn.request("GET", target, headers=headers)
                response = conn.getresponse()
                body = response.read()
                ok = response.status == 200
                status = str(response.status)
                if ok and extra == CURSOR:
                    after = json.loads(body)["next"] or ""
            except (OSError, http.client.HTTPException) as exc:
                ok, status = False, type(exc).__name__
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            if ok:
                mine.append((time.perf_counter() - start) * 1000)
            else:
                with lock:
                    errors[status] = errors.get(status, 0) + 1
        with lock:
            latencies.extend(mine)

    began = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    latencies.sort()
    return {"requests": len(latencies), "rps": len(latencies) / elapsed, "errors": errors,
            "p50": statistics.median(latencies) if latencies else 0.0,
            "p95": latencies[int(len(latencies) * 0.95)] if latencies else 0.0}  # fmt: skip


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "_setup":
        setup(int(sys.argv[2]))
        raise SystemExit(0)
    raise SystemExit(main())
