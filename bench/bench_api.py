"""Benchmark: the API serving paged people reads through `trithuc serve` (issue 19).

    .venv/bin/python bench/bench_api.py [--people 100000] [--db postgres|sqlite]
        [--seconds 20] [--clients 8] [--workers 3] [--threads 4] [--rounds 1]
        [--base CHECKOUT] [--compare] [--only api uncounted cursor] [--gunicorn-args ARGS]

On a fresh database (PostgreSQL `trithuc_bench_api`, created and dropped; or a SQLite
file) it migrates, writes N synthetic people of Cao Bằng with history
(`bench_indicators.write_people`), makes a registry manager of the province and an API
token, starts `trithuc serve --no-worker` (gunicorn, DEBUG off, JSON logs off) and, for
--seconds, --clients keep-alive connections (one asyncio loop) ask
`/api/people/?page=P&page_size=50` (P spread over the first 200 pages; a third of the
calls filtered by sector, a sixth by education level), each call counted, masked and
audited as in production; then the same with `count=false` (no count), then page after
page by cursor (`after=`). Prints requests/s, median and 95th-percentile latency, the
load average, and the CPU time per call of the client, of the server's processes and of
the database's PostgreSQL backends (from /proc), against the target of 200 requests/s on
this 2-core machine (client and server share it). Exit status 1 when the cursor reads
miss the target.

The floor, same run: `/healthz` (one `SELECT 1`, a cache write and read, no auth, no
audit) under the same load, i.e. what gunicorn and Django cost per request here.

A/B in one run: `--base DIR` serves another checkout of the code (e.g. `git archive
main | tar -x -C DIR`) on the same database, alternating with this one for `--rounds`;
with `--base-schema` the other checkout serves a copy of the database migrated back to
that checkout's migrations (an A/B of a change that adds a migration, e.g. an index);
`--compare` serves this checkout with synchronous audit rows and token reads.

The people table is vacuumed after it is written, as `import_people` does after a big
import (`refresh_statistics`): index-only scans need the visibility map (this server
runs without autovacuum).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

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
    parser.add_argument("--base", type=Path,
                        help="also serve this checkout of the code (e.g. `git worktree add` of "
                        "main), alternating with this one: A/B in the same run")  # fmt: skip
    parser.add_argument("--base-schema", action="store_true",
                        help="serve --base on a copy of the database migrated back to its "
                        "own migrations (PostgreSQL)")  # fmt: skip
    parser.add_argument("--gunicorn-args", default="",
                        help="more gunicorn options (GUNICORN_CMD_ARGS), e.g. --keep-alive 5")  # fmt: skip
    parser.add_argument("--only", choices=["floor", "api", "uncounted", "cursor"], nargs="*",
                        help="measure only these figures (the floor is always measured)")  # fmt: skip
    parser.add_argument("--rounds", type=int, default=1,
                        help="serve each variant this many times, alternating")  # fmt: skip
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
    if args.gunicorn_args:
        env["GUNICORN_CMD_ARGS"] = args.gunicorn_args
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
        variants: dict[str, tuple[dict, Path | None]] = {"batched": (env, None)}
        if args.compare:
            # The same server with each call's audit row and token read synchronously,
            # as before issue 19's batching: the gain, measured under the same load.
            variants["synchronous"] = ({**env, **SYNCHRONOUS}, None)
        if args.base:
            # The same database served by another checkout (the code before a change):
            # A/B in one run, alternating, since the machine's load moves between runs.
            base_env = {**env, "PYTHONPATH": str(args.base)}
            if args.base_schema:
                base_env["DATABASE_URL"] = _base_copy(args, env)
            variants["base"] = (base_env, args.base)
        runs: dict[str, list[dict]] = {name: [] for name in variants}
        for round_ in range(args.rounds):
            names = list(variants) if round_ % 2 == 0 else list(reversed(variants))
            for name in names:
                variant_env, cwd = variants[name]
                runs[name].append(serve_and_load(args, variant_env, tmp, token, cwd))
                print(f"round {round_ + 1} {name}: {_summary(runs[name][-1])}", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if args.db == "postgres" and not args.keep_db:
            _pg_admin(f"DROP DATABASE IF EXISTS {args.pg_database}")
        if args.db == "postgres" and args.base_schema:
            _pg_admin(f"DROP DATABASE IF EXISTS {args.pg_database}_base")
    for name, rounds in runs.items():
        print(
            f"-- {name}: {DESCRIPTIONS.get(name, '')}{f' ({args.base})' if name == 'base' else ''}"
        )
        for label, key in FIGURES:
            if any(key in run for run in rounds):
                line = "  ".join(_figure(run[key]) for run in rounds if key in run)
                print(f"{label:22} {line}")
        audited = [f"{run['audited']['rows']:,} / {run['audited']['calls']:,}" for run in rounds]
        print(f"{'audit rows / calls':22} {'; '.join(audited)}")
    for other in ("synchronous", "base"):
        if other in runs:
            for label, key in FIGURES[1:]:
                gains = [f"{new[key]['rps'] / max(old[key]['rps'], 1e-9):.2f}x"
                         for new, old in zip(runs["batched"], runs[other], strict=True)
                         if key in new]  # fmt: skip
                print(f"batched / {other}, {label.strip()}: {', '.join(gains)}")
    best = {key: max((run[key]["rps"] for run in runs["batched"] if key in run), default=0.0)
            for _, key in FIGURES}  # fmt: skip
    met = {key: rps >= TARGET_RPS for key, rps in best.items()}
    print(
        f"target {TARGET_RPS:.0f} req/s of paged people reads (best round): counted "
        f"{best['api']:.0f}, count=false {best['uncounted']:.0f}, cursor {best['cursor']:.0f}: "
        f"{'met' if met['cursor'] else 'MISSED'} by cursor ({args.db}, {args.people:,} people, "
        f"{args.clients} clients, gunicorn {args.workers}x{args.threads}, {os.cpu_count()} CPUs "
        f"shared with the client, load average {os.getloadavg()[0]:.1f})"
    )
    print(RESULT_MARK + json.dumps(runs))
    return 0 if met["cursor"] else 1


DESCRIPTIONS = {
    "batched": "this checkout: audit rows in batches, tokens kept 10 s",
    "synchronous": "this checkout, one audit INSERT and one token read per call",
    "base": "the other checkout (--base)",
}
FIGURES = [("floor  /healthz", "floor"), ("API    /api/people/", "api"),
           ("API    ...&count=false", "uncounted"), ("API    ...&after=next", "cursor")]  # fmt: skip


def _figure(run: dict) -> str:
    cpu = ""
    if "server_cpu_ms" in run:
        cpu = (f" cpu/call client {run['client_cpu_ms']:.1f} server {run['server_cpu_ms']:.1f}"
               f" pg {run['pg_cpu_ms']:.1f} ms")  # fmt: skip
    errors = f" errors {run['errors']}" if run["errors"] else ""
    return (f"{run['rps']:6.1f} req/s p50 {run['p50']:5.1f} p95 {run['p95']:5.1f} ms"
            f" load {run.get('load', 0):.1f}{cpu}{errors} |")  # fmt: skip


def _summary(run: dict) -> str:
    return ", ".join(f"{key} {run[key]['rps']:.0f}" for _, key in FIGURES if key in run)


SYNCHRONOUS = {"TRITHUC_API_AUDIT_FLUSH_MS": "0", "TRITHUC_API_TOKEN_CACHE_SECONDS": "0"}


def serve_and_load(args: argparse.Namespace, env: dict, tmp: Path, token: str,
                   cwd: Path | None = None) -> dict:  # fmt: skip
    """Start `trithuc serve` with `env` (in `cwd`: another checkout's code), warm it,
    measure the floor and the API, stop it."""
    log_path = tmp / "serve.log"
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "trithuc", "serve", "--no-worker", "--bind",
         f"127.0.0.1:{args.port}", "--workers", str(args.workers), "--threads",
         str(args.threads)], env=env, cwd=cwd, stdout=subprocess.DEVNULL,
        stderr=log_path.open("wb"))  # fmt: skip
    before = _audited_calls(env)
    try:
        _wait_for(args.port)
        # Warm-up, not counted: every gunicorn worker loads the application on its first
        # requests, and the first pages fill PostgreSQL's buffers.
        auth = {"Authorization": f"Bearer {token}"}
        load(args.port, "/healthz", {}, 3, args.clients)
        warm = load(args.port, None, auth, 3, args.clients, args.people)

        def measured(*load_args: Any) -> dict:
            """One load, with the CPU time the server's processes and its PostgreSQL
            backends spent on it per call (from /proc), and the load average."""
            cpu = _cpu(server.pid, env)
            result = load(args.port, *load_args)
            after = _cpu(server.pid, env)
            calls = max(1, result["requests"])
            for part in ("server", "pg"):
                spent = sum(t - cpu[part].get(pid, 0.0) for pid, t in after[part].items())
                result[f"{part}_cpu_ms"] = spent * 1000 / calls
            result["load"] = os.getloadavg()[0]
            return result

        loads = {
            "floor": ("/healthz", {}, args.seconds / 2, args.clients),
            "api": (None, auth, args.seconds, args.clients, args.people),
            "uncounted": (None, auth, args.seconds, args.clients, args.people, "&count=false"),
            "cursor": (None, auth, args.seconds, args.clients, args.people, CURSOR),
        }
        result = {name: measured(*load_args) for name, load_args in loads.items()
                  if name == "floor" or not args.only or name in args.only}  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=60)
        log = log_path.read_text(errors="replace")
        if "Traceback" in log or '"level": "ERROR"' in log:
            print("server errors (last 3000 characters):\n" + log[-3000:])
    # Every call audited: the rows written (batches, and the last one at the server's stop)
    # are the calls answered.
    answered = [warm] + [run for name, run in result.items() if name != "floor"]
    calls = sum(r["requests"] + sum(r["errors"].values()) for r in answered)
    result["audited"] = {"calls": calls, "rows": _audited_calls(env) - before}
    return result


TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu(server_pid: int, env: dict) -> dict[str, dict[int, float]]:
    """CPU seconds so far of the server's process tree and of the database's PostgreSQL
    backends (Linux /proc; empty elsewhere)."""
    found: dict[str, dict[int, float]] = {"server": {}, "pg": {}}
    stats = {}
    for entry in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = entry.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        # After the name: state, ppid, ... utime (14th field) and stime (15th).
        stats[int(entry.parent.name)] = (
            int(fields[1]),
            (int(fields[11]) + int(fields[12])) / TICKS,
        )
    tree = {server_pid}
    grown = True
    while grown:
        children = {pid for pid, (ppid, _) in stats.items() if ppid in tree} - tree
        tree |= children
        grown = bool(children)
    found["server"] = {pid: stats[pid][1] for pid in tree if pid in stats}
    if env["DATABASE_URL"].startswith("postgres"):
        import psycopg

        url = env["DATABASE_URL"].replace("postgresql://", "postgres://", 1)
        with psycopg.connect(url, autocommit=True) as conn:
            pids = conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = "
                                "current_database() AND pid <> pg_backend_pid()").fetchall()  # fmt: skip
        found["pg"] = {pid: stats[pid][1] for (pid,) in pids if pid in stats}
    return found


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
    from trithuc.people.importing import refresh_statistics
    from trithuc.people.models import Person

    call_command("migrate", verbosity=0)
    if Person._base_manager.count() != people:  # a kept database (--keep-db) is reused
        Person._base_manager.all().delete()
        write_people(people)
        if os.environ["DATABASE_URL"].startswith("postgres"):
            analyze()
            refresh_statistics()  # VACUUM (ANALYZE) people_person, as a big import does
    user, created = get_user_model().objects.get_or_create(username="bench-api")
    if created:
        Membership.objects.create(user=user, role="registry_manager", unit_code="04")
    _, raw = issue_token(user, name="benchmark")
    print(RESULT_MARK + raw)


def _base_copy(args: argparse.Namespace, env: dict) -> str:
    """A copy of the benchmark's database (`<name>_base`) migrated back to the --base
    checkout's migrations by this checkout's code (which knows how to undo its own),
    then vacuumed like the original; its URL."""
    if args.db != "postgres":
        raise SystemExit("--base-schema: PostgreSQL only")
    # The --base checkout's latest migration of each app, read from its files.
    leaves = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import django, json; django.setup(); "
         "from django.db.migrations.loader import MigrationLoader; "
         "print(json.dumps(MigrationLoader(None).graph.leaf_nodes()))"],
        env={**env, "PYTHONPATH": str(args.base)}, cwd=args.base, capture_output=True,
        text=True, check=True).stdout  # fmt: skip
    name = f"{args.pg_database}_base"
    _pg_admin(f"DROP DATABASE IF EXISTS {name}")
    _pg_admin(f"CREATE DATABASE {name} TEMPLATE {args.pg_database}")
    url = env["DATABASE_URL"].rsplit("/", 1)[0] + "/" + name
    done = subprocess.run([sys.executable, __file__, "_migrate_to", leaves],
                          env={**env, "DATABASE_URL": url}, capture_output=True, text=True,
                          check=False)  # fmt: skip
    if done.returncode:
        raise SystemExit(f"migrating the base's copy failed:\n{done.stderr[-3000:]}")
    print(f"base schema: {done.stdout.strip()}", flush=True)
    return url


def migrate_to(leaves: list[list[str]]) -> None:
    """In a child on the base's copy: each app back to the base's latest migration."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    applied = set(MigrationRecorder(connection).applied_migrations())
    undone = []
    for app, name in leaves:
        later = sorted(m for a, m in applied if a == app and m > name)
        if later:
            call_command("migrate", app, name, verbosity=0)
            undone += [f"{app}.{m}" for m in later]
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) people_person")
    print(f"undone {', '.join(undone) or 'nothing'}")


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
    """`clients` keep-alive connections driven by one asyncio loop in this process (on
    two cores the client shares them with the server and PostgreSQL): its own CPU time
    is reported as `client_cpu_ms` per call, 0.1–0.4 ms here, no more than the
    thread-per-connection `http.client` client it replaced (at most 0.37 ms a call)."""
    cpu = time.process_time()
    result = asyncio.run(_load(port, path, headers, seconds, clients, people, extra))
    result["client_cpu_ms"] = (time.process_time() - cpu) * 1000 / max(1, result["requests"])
    return result


async def _load(port: int, path: str | None, headers: dict, seconds: float, clients: int,
                people: int, extra: str) -> dict:  # fmt: skip
    latencies: list[float] = []
    errors: dict[str, int] = {}
    stop_at = time.perf_counter() + seconds
    head_lines = "".join(f"{name}: {value}\r\n" for name, value in headers.items())

    async def client(seed: int) -> None:
        rng = random.Random(seed)
        # extra == CURSOR: this client reads the list page after page by cursor, as a
        # connected system copying everything would, each client with its own filter.
        walk = _people_path(rng, people).split("&page_size=50")[1] if extra == CURSOR else ""
        after = ""
        reader = writer = None
        while time.perf_counter() < stop_at:
            if extra == CURSOR:
                target = f"/api/people/?page_size=50&after={after}{walk}"
            else:
                target = path or _people_path(rng, people, extra)
            start = time.perf_counter()
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                writer.write(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n{head_lines}\r\n"
                             .encode())  # fmt: skip
                head = await reader.readuntil(b"\r\n\r\n")
                status = head[9:12].decode()
                lowered = head.lower()
                at = lowered.index(b"content-length:") + 15
                body = await reader.readexactly(int(lowered[at : lowered.index(b"\r\n", at)]))
                if b"connection: close" in lowered:
                    writer.close()
                    writer = None
            except (OSError, ValueError, asyncio.IncompleteReadError,
                    asyncio.LimitOverrunError) as exc:  # fmt: skip
                status = type(exc).__name__
                if writer is not None:
                    writer.close()
                writer = None
            if status == "200":
                latencies.append((time.perf_counter() - start) * 1000)
                if extra == CURSOR:
                    after = json.loads(body)["next"] or ""
            else:
                errors[status] = errors.get(status, 0) + 1
        if writer is not None:
            writer.close()

    began = time.perf_counter()
    await asyncio.gather(*(client(n) for n in range(clients)))
    elapsed = time.perf_counter() - began
    latencies.sort()
    return {"requests": len(latencies), "rps": len(latencies) / elapsed, "errors": errors,
            "p50": statistics.median(latencies) if latencies else 0.0,
            "p95": latencies[int(len(latencies) * 0.95)] if latencies else 0.0}  # fmt: skip


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "_setup":
        setup(int(sys.argv[2]))
        raise SystemExit(0)
    if len(sys.argv) > 2 and sys.argv[1] == "_migrate_to":
        migrate_to(json.loads(sys.argv[2]))
        raise SystemExit(0)
    raise SystemExit(main())
