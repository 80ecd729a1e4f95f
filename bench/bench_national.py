"""Benchmark: a national installation (issue 19): the national page and a province's
dashboards over N synthetic people spread across the 34 provinces.

    .venv/bin/python bench/bench_national.py [--people 1000000] [--repeat 5]
        [--pg-database trithuc_bench_national] [--keep-db] [--import-rows 100000]
        [--reuse-snapshot]

On a fresh PostgreSQL database (created, and dropped unless --keep-db; reused when it
already holds N people with --keep-db) it migrates, writes N people across the 34 current
provinces (each province's share from 1 to 5 %, 15 % of each province's people at the
province level, the rest in its communes; a third with a change of job since 2015,
degrees with award dates: the history `bench_indicators` writes for one province),
loads the targets of seed 003 for Cao Bằng (04), runs `ANALYZE` and the snapshot
refresh, then measures in-process through Django's test client (server time, no
network), each cold (Django's and trithuc's caches emptied, a new database connection;
median of 3) and warm (median of --repeat after one warm-up):

- `/toan-quoc/` as a national analyst (every province, small cells hidden): people by
  province × sector counted live, one indicator by province from the snapshot;
- Cao Bằng's indicator dashboard (`/chi-tieu/`, seed 003's 34 targets) and summary page
  (`/nguoi/tong-hop/`) as the province's registry manager;
- the floor of the same run: `/healthz` through the same client;
- with `--import-rows N` (default 100,000; 0 skips): an import of N new people into one
  province (`trithuc import_people`, its own process) while a real `db_worker` runs:
  the import's time (and of it, the seconds it took to add its new people's rows to the
  snapshot in its own transaction: `snapshots.add_people`, from its log), its CPU time,
  and how long after it ends the province's indicator figures are fresh (at once when the
  import added its rows; otherwise when the task it queued recomputed that province:
  `snapshots.refresh_provinces`, which is also timed in-process, the path of any other
  change); then four imports of N people into four other provinces at the same time, each
  in its own process: each one's time against the one alone, the people counted per
  province afterwards (nothing lost), every process's exit status (a deadlock fails the
  import), then how long the worker takes to bring the four provinces' figures up to date.
  The people these imports add are deleted at the start of the next run (`--keep-db`);
  `--reuse-snapshot` keeps that run's snapshot of today (their provinces recomputed).

Targets (issue 19, at 5,000,000 people): a province's dashboard < 200 ms warm and < 1 s
cold; the national dashboard < 1 s. Prints every figure against them; exit status 1
when one is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_DATABASE = "trithuc_bench_national"
RESULT_MARK = "BENCH-RESULT "
SEED = 20261207
CHUNK = 200_000
PROVINCE = "04"
TARGETS_MS = {"national_warm": 1000.0, "national_cold": 1000.0, "province_dashboard_warm": 200.0,
              "province_dashboard_cold": 1000.0}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pg-database", default=PG_DATABASE)
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--reuse-snapshot", action="store_true",
                        help="with --keep-db: keep today's snapshot of an earlier run (the "
                             "provinces of the people it imported recomputed alone) instead "
                             "of a whole refresh")  # fmt: skip
    args = parser.parse_args()
    if not args.keep_db or not _pg_exists(args.pg_database):
        _pg_admin(f"DROP DATABASE IF EXISTS {args.pg_database}")
        _pg_admin(f"CREATE DATABASE {args.pg_database}")
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="trithuc.test_settings",
               DATABASE_URL=f"postgresql://postgres@127.0.0.1:5432/{args.pg_database}",
               LOG_LEVEL="ERROR", REQUEST_LOG_LEVEL="ERROR",
               TRITHUC_HEALTH_REQUIRE_WORKER="false")  # fmt: skip
    try:
        done = subprocess.run([sys.executable, __file__, "_child", str(args.people),
                               str(args.repeat), str(args.import_rows),
                               str(int(args.reuse_snapshot))], env=env,
                              capture_output=True, text=True, check=False)  # fmt: skip
    finally:
        if not args.keep_db:
            _pg_admin(f"DROP DATABASE IF EXISTS {args.pg_database}")
    if done.returncode:
        print(done.stdout[-3000:], done.stderr[-5000:])
        return 2
    result = json.loads(next(line[len(RESULT_MARK):] for line in done.stdout.splitlines()
                             if line.startswith(RESULT_MARK)))  # fmt: skip
    return report(result, args.people)


def report(result: dict, people: int) -> int:
    print(
        f"PostgreSQL, {people:,} people in {result['provinces']} provinces "
        f"({result['employments']:,} periods of work, {result['qualifications']:,} degrees)"
    )
    print(f"written in {result['write_s']:.0f} s; snapshot refresh {result['refresh_s']:.1f} s "
          f"({result['snapshot_rows']:,} rows)")  # fmt: skip
    missed = False
    if "imports" in result:
        missed |= report_imports(result["imports"], result["refresh_s"])
    for name, ms in result["ms"].items():
        target = TARGETS_MS.get(name)
        verdict = ""
        if target is not None:
            verdict = f"target {target:.0f} ms: " + ("met" if ms <= target else "MISSED")
            missed |= ms > target
        ratio = ms / result["ms"]["floor_healthz_warm"]
        print(f"{name:34} {ms:9.1f} ms  ({ratio:6.1f}x the floor)  {verdict}")
    print(RESULT_MARK + json.dumps(result))
    return 1 if missed else 0


def report_imports(found: dict, whole_s: float) -> bool:
    n, alone = found["rows"], found["alone"]
    inside = alone.get("snapshot_s")
    print(f"import of {n:,} people into {alone['province']} alone: {alone['seconds']:.1f} s"
          + (f" (of which {inside:.1f} s adding its people to the snapshot)" if inside else "")
          + f"; indicator figures fresh {found['fresh_s']:.1f} s after it ended "
          f"(target 10 s: {'met' if found['fresh_s'] <= 10 else 'MISSED'}); that province "
          f"recomputed alone in-process {found['province_refresh_s']:.1f} s, "
          f"the whole snapshot {whole_s:.1f} s")  # fmt: skip
    missed = found["fresh_s"] > 10
    cores = os.cpu_count() or 1
    floor = 4 * alone["busy_s"] / cores / alone["seconds"]
    print(f"  CPU while it ran: its own processes {alone['cpu_s']:.1f} s, the whole machine "
          f"(PostgreSQL included) {alone['busy_s']:.1f} s busy; four at once on {cores} cores "
          f"need at least {floor:.2f}x its time alone")  # fmt: skip
    for one in found["together"]:
        ratio = one["seconds"] / alone["seconds"]
        verdict = "met" if ratio <= 1.5 else "MISSED"
        print(f"  together: {one['province']} {one['seconds']:.1f} s = {ratio:.2f}x alone "
              f"(target 1.5x: {verdict}); exit {one['exit']}, created {one['created']:,}, "
              f"counted {one['counted']:,} of the {one['created']:,} it created "
              f"({one['expected']:,} rows, the rest refused)")  # fmt: skip
        missed |= ratio > 1.5 or one["exit"] != 0 or one["counted"] != one["created"]
    print(f"  the four provinces' figures fresh {found['together_fresh_s']:.1f} s after the "
          f"worker started; deadlocks reported: {found['deadlocks']}")  # fmt: skip
    return missed


def child(people: int, repeat: int, import_rows: int = 0, reuse: bool = False) -> None:
    import django

    django.setup()
    from bench_indicators import SEED_003, analyze
    from django.core.management import call_command
    from django.utils import timezone

    from trithuc.indicators.services import load_targets_file
    from trithuc.indicators.snapshots import (
        get_state,
        mark_changed,
        refresh_provinces,
        refresh_snapshot,
    )
    from trithuc.people.models import Person

    call_command("migrate", verbosity=0)
    forgotten = forget_imported()
    result: dict = {}
    started = time.perf_counter()
    if Person._base_manager.count() != people:
        Person._base_manager.all().delete()
        result.update(write_people(people))
    else:
        result.update(_counts())
    result["write_s"] = time.perf_counter() - started
    # The seeds sit beside the checkout, or beside the folder of worktrees.
    seed = next((p for p in (SEED_003, ROOT.parents[1] / "shared" / "seeds" / SEED_003.name)
                 if p.exists()), SEED_003)  # fmt: skip
    load_targets_file(seed, unit_code=PROVINCE)
    analyze()
    state = get_state()
    if reuse and state.as_of == timezone.localdate() and not state.pending:
        # The earlier run's whole refresh stands; its imports' provinces are recomputed.
        if forgotten:
            mark_changed(forgotten)
            refresh_provinces(forgotten)
        result["refresh_s"], result["snapshot_rows"] = state.seconds, get_state().rows
        result["snapshot_reused"] = True
    else:
        refresh = refresh_snapshot()
        result["refresh_s"], result["snapshot_rows"] = refresh.seconds, refresh.rows
    result["ms"] = measure(repeat)
    if import_rows:
        result["imports"] = measure_imports(import_rows)
    print(RESULT_MARK + json.dumps(result))


# The imported people's national IDs: digits 4–6 say a man born in 1985 (alone) or 1986
# (together); the written people's are 000 or 001 there.
IMPORT_MARKS = {"alone": ("085", dt.date(1985, 3, 15)), "together": ("086", dt.date(1986, 3, 15))}


def forget_imported() -> list[str]:
    """Delete the people an earlier run imported (raw SQL: hundreds of thousands);
    returns the provinces they were in."""
    from django.db import connection, transaction

    marks = tuple(mark for mark, _ in IMPORT_MARKS.values())
    chosen = "SELECT id FROM people_person WHERE substring(national_id from 4 for 3) IN (%s, %s)"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT province_code FROM people_person WHERE id IN ({chosen})",  # noqa: S608
                       list(marks))  # fmt: skip
        provinces = sorted(row[0] for row in cursor.fetchall())
        for table in ("people_employment", "people_qualification", "people_trainingyear",
                      "people_personchange"):  # fmt: skip
            cursor.execute(f"DELETE FROM {table} WHERE person_id IN ({chosen})", list(marks))  # noqa: S608
        cursor.execute(f"DELETE FROM people_person WHERE id IN ({chosen})", list(marks))  # noqa: S608
    return provinces


def _import_file(folder: Path, province: str, rows: int, kind: str) -> Path:
    """A template CSV of `rows` new people in `province` (its communes and province level)."""
    import csv

    from trithuc.orgunits.services import units_under
    from trithuc.people.template import COLUMNS

    mark, birth = IMPORT_MARKS[kind]
    rng = random.Random(f"{SEED}-{province}-{kind}")
    units = units_under(province)
    sectors = ["Giáo dục và đào tạo", "Y tế", "Nông nghiệp", "Quản lý nhà nước"]
    levels = ["Đại học", "Thạc sĩ", "Tiến sĩ", "Cao đẳng"]
    path = folder / f"nhap-{province}-{kind}.csv"
    names = [column.field for column in COLUMNS]
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([column.header for column in COLUMNS])
        for n in range(rows):
            row = {
                "row_number": n + 1, "national_id": f"{province:0>3}{mark}{n:06d}",
                "full_name": _name(n), "birth_date": birth.strftime("%d/%m/%Y"),
                "gender": "Nam", "ethnicity": "Kinh", "workplace_unit": rng.choice(units),
                "employer": "Cơ quan mô phỏng", "employment_type": rng.choice(["Công chức",
                                                                              "Viên chức"]),
                "sector": rng.choice(sectors), "position": "Chuyên viên",
                "education_level": rng.choice(levels), "education_year": rng.randint(2000, 2024),
                "training_field": "Quản lý", "upskilled_to_standard": "x",
                "work_start_year": rng.randint(2005, 2025),
            }  # fmt: skip
            writer.writerow([row.get(name, "") for name in names])
    return path


FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Thanh", "Quốc", "Ngọc", "Đức", "Thu", "Xuân"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hương", "Khánh", "Lan", "Long",
         "Mai", "Nam", "Phong", "Quân", "Sơn", "Tâm", "Thảo", "Trung", "Vân"]  # fmt: skip


def _name(n: int) -> str:
    """A name of letters only (the template refuses digits), many people per name."""
    return f"{FAMILY[n % 10]} {MIDDLE[n // 10 % 10]} {GIVEN[n // 100 % 20]}"


def _manage(*args: str) -> list[str]:
    return [sys.executable, str(ROOT / "manage.py"), *args]


def _import_env() -> dict:
    return dict(os.environ, DJANGO_SETTINGS_MODULE="national_settings", LOG_LEVEL="INFO",
                PYTHONPATH=os.pathsep.join([str(ROOT / "bench"), str(ROOT)]))  # fmt: skip


def _start_import(path: Path) -> tuple[subprocess.Popen, float]:
    process = subprocess.Popen(_manage("import_people", str(path), "--format", "json"),
                               env=_import_env(), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)  # fmt: skip
    return process, time.perf_counter()


def _finish_import(process: subprocess.Popen, started: float) -> dict:
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    try:
        created = int(json.loads(out)["created"])
    except (ValueError, KeyError):
        created = -1
    # The import's own count of its new people into the snapshot (`add_people`'s log).
    added = re.search(r"rows added to provinces [0-9,]* in ([0-9.]+) s", err)
    return {"seconds": seconds, "exit": process.returncode, "created": created,
            "snapshot_s": float(added.group(1)) if added else None,
            "deadlock": "deadlock" in (out + err).lower(), "stderr": err[-500:]}  # fmt: skip


def _machine_busy() -> float:
    """CPU seconds the machine's cores spent busy since boot (/proc/stat)."""
    with open("/proc/stat", encoding="ascii") as handle:
        fields = [int(v) for v in handle.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _children_cpu() -> float:
    import resource

    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _wait_fresh(provinces: list[str], limit: float = 900.0) -> float:
    """Seconds until no change to these provinces awaits its refresh."""
    from trithuc.indicators.models import SnapshotState

    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        state = SnapshotState.objects.order_by("pk").first()
        if not state.stale_for(provinces):
            return time.perf_counter() - started
        time.sleep(0.1)
    return float("inf")


def _people_in(provinces: list[str]) -> dict[str, int]:
    from django.db.models import Count

    from trithuc.people.models import Person

    rows = (Person._base_manager.filter(province_code__in=provinces).values("province_code")
            .annotate(n=Count("id")).order_by())  # fmt: skip
    return {r["province_code"]: r["n"] for r in rows}


def measure_imports(rows: int) -> dict:
    """One import alone and its freshness, then four at once (see the docstring)."""
    import tempfile

    from trithuc.indicators.snapshots import refresh_provinces
    from trithuc.orgunits.models import AdministrativeUnit

    codes = sorted(AdministrativeUnit.objects.filter(code_system="2025", level="province")
                   .exclude(code=PROVINCE).values_list("code", flat=True))  # fmt: skip
    alone_province, together = codes[4], [codes[i] for i in (10, 16, 22, 28)]
    found: dict = {"rows": rows}
    with tempfile.TemporaryDirectory(prefix="bench-national-") as folder:
        alone_file = _import_file(Path(folder), alone_province, rows, "alone")
        files = [_import_file(Path(folder), p, rows, "together") for p in together]
        worker = subprocess.Popen(_manage("db_worker", "--interval", "1"), env=_import_env(),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        try:
            time.sleep(5)  # the worker's start
            cpu, busy = _children_cpu(), _machine_busy()
            done = _finish_import(*_start_import(alone_file))
            # The import's process and its checking process; and the whole machine's busy
            # CPU meanwhile (PostgreSQL's backends, the worker): four at once need at
            # least 4× that from the machine's cores.
            done["cpu_s"] = _children_cpu() - cpu
            done["busy_s"] = _machine_busy() - busy
            found["alone"] = {"province": alone_province, **done}
            found["fresh_s"] = _wait_fresh([alone_province])
        finally:
            worker.terminate()
            worker.wait(30)
        started = time.perf_counter()
        refresh_provinces([alone_province])
        found["province_refresh_s"] = time.perf_counter() - started
        before = _people_in(together)
        running = [(p, *_start_import(f)) for p, f in zip(together, files, strict=True)]
        results = [(p, _finish_import(process, t)) for p, process, t in running]
        after = _people_in(together)
        found["together"] = [
            {"province": p, **r, "counted": after.get(p, 0) - before.get(p, 0), "expected": rows}
            for p, r in results
        ]  # fmt: skip
        found["deadlocks"] = sum(r["deadlock"] for _, r in results)
        worker = subprocess.Popen(_manage("db_worker", "--interval", "1"), env=_import_env(),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        try:
            found["together_fresh_s"] = _wait_fresh(together)
        finally:
            worker.terminate()
            worker.wait(30)
    return found


def _counts() -> dict:
    from trithuc.people.models import Employment, Person, Qualification

    provinces = Person._base_manager.values("province_code").distinct().count()
    return {"provinces": provinces, "employments": Employment.objects.count(),
            "qualifications": Qualification.objects.count()}  # fmt: skip


def write_people(n: int) -> dict:
    """N people with history across the 34 provinces, in transactions of CHUNK people."""
    from bench_indicators import (
        ETHNICITIES,
        LEVELS,
        SECTORS,
        TYPES,
        _default,
        _history,
        _picker,
    )
    from django.db import transaction
    from django.utils import timezone

    from trithuc.lib.bulk import bulk_insert
    from trithuc.orgunits.models import AdministrativeUnit
    from trithuc.orgunits.services import units_under
    from trithuc.people.models import Employment, Person, Qualification
    from trithuc.people.periods import sync_current_periods

    rng = random.Random(SEED)
    provinces = sorted(AdministrativeUnit.objects.filter(code_system="2025", level="province")
                       .values_list("code", flat=True))  # fmt: skip
    communes = {code: units_under(code)[1:] or [code] for code in provinces}
    weights = [rng.uniform(1, 5) for _ in provinces]
    columns = [f.name for f in Person._meta.concrete_fields if not f.primary_key]
    defaults = {f.name: _default(f) for f in Person._meta.concrete_fields}
    now, today = timezone.now(), timezone.localdate()
    emp_cols = ("person", "employer", "workplace_unit", "province_code", "sector",
                "employment_type", "position", "is_leader", "valid_from", "valid_to")  # fmt: skip
    totals = {"employments": 0, "qualifications": 0}
    for start in range(0, n, CHUNK):
        size = min(CHUNK, n - start)
        places = rng.choices(provinces, weights=weights, k=size)
        units = [p if rng.random() < 0.15 else rng.choice(communes[p]) for p in places]
        sectors, types = _picker(rng, SECTORS, size), _picker(rng, TYPES, size)
        levels, ethnicities = _picker(rng, LEVELS, size), _picker(rng, ETHNICITIES, size)

        def person_rows(start=start, size=size, places=places, units=units, sectors=sectors,
                        types=types, levels=levels, ethnicities=ethnicities):  # fmt: skip
            for j in range(size):
                i = start + j
                values = dict(defaults)
                values.update(
                    uuid=uuid.UUID(int=rng.getrandbits(128)),
                    national_id=f"{places[j]:0>3}{i:09d}"[:12],
                    full_name=f"Người Mô Phỏng {i}", name_folded=f"nguoi mo phong {i}",
                    name_sort=f"{i:09d}",
                    birth_date=dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(14600)),
                    gender=rng.choice(("male", "female")), ethnicity=ethnicities[j],
                    workplace_unit=units[j], province_code=places[j],
                    employer="Cơ quan mô phỏng", employment_type=types[j], sector=sectors[j],
                    is_leader=rng.random() < 0.08, education_level=levels[j],
                    upskilled_to_standard=rng.random() < 0.7,
                    continuing_education=rng.random() < 0.5,
                    expert_field="Nông nghiệp" if rng.random() < 0.01 else "",
                    is_synthetic=True, created_at=now, updated_at=now,
                    # Matched to the national list of fields, as an import leaves it.
                    field_code_text=defaults["training_field"],
                )  # fmt: skip
                yield tuple(values[c] for c in columns)

        with transaction.atomic():
            last = Person._base_manager.order_by("-id").values_list("id", flat=True).first() or 0
            bulk_insert(Person, columns, person_rows())
            ids = list(Person._base_manager.filter(id__gt=last).order_by("id")
                       .values_list("id", flat=True))  # fmt: skip
            employments, degrees = [], []
            for j, pk in enumerate(ids):
                employments += _history(rng, pk, units[j], sectors[j], types[j],
                                        communes[places[j]], today, province=places[j])  # fmt: skip
                degrees += _degrees(rng, pk, levels[j], today)
            bulk_insert(Employment, emp_cols, employments)
            bulk_insert(Qualification, ("person", "level", "field", "year", "awarded_on"),
                        degrees)  # fmt: skip
            # Today's counts read the latest period from the profile (people.periods).
            sync_current_periods(ids)
        totals["employments"] += len(employments)
        totals["qualifications"] += len(degrees)
        print(f"{start + size:,} people written", file=sys.stderr, flush=True)
    return {"provinces": len(provinces), **totals}


def _degrees(rng, pk, level, today) -> list[tuple]:
    from bench_indicators import _degrees as one_province_degrees

    return one_province_degrees(rng, pk, level, today)


def measure(repeat: int) -> dict[str, float]:
    from bench_indicators import _clear_caches, _timed
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from trithuc.accounts.models import Membership

    users = get_user_model()
    # Kept from an earlier run of the same database (--keep-db).
    national, _ = users.objects.get_or_create(username="bench-toanquoc")
    Membership.objects.get_or_create(user=national, role="national_analyst")
    manager, _ = users.objects.get_or_create(username="bench-quanly")
    Membership.objects.get_or_create(user=manager, role="registry_manager", unit_code=PROVINCE)
    pages = {
        "national": (national, reverse("national")),
        "province_dashboard": (manager, reverse("indicators:dashboard")),
        "province_summary": (manager, reverse("people:summary")),
        "floor_healthz": (manager, reverse("healthz")),
    }
    result: dict[str, float] = {}
    for name, (user, url) in pages.items():
        client = Client()

        def get(client=client, user=user, url=url):
            client.force_login(user)
            response = client.get(url, secure=True)
            assert response.status_code == 200, (url, response.status_code)

        result[f"{name}_cold"] = _timed(get, 3, cold=True)
        _clear_caches()
        get()
        result[f"{name}_warm"] = _timed(get, repeat)
    return result


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql)


def _pg_exists(name: str) -> bool:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return found.fetchone() is not None


if __name__ == "__main__":
    if len(sys.argv) > 3 and sys.argv[1] == "_child":
        child(
            int(sys.argv[2]),
            int(sys.argv[3]),
            int(sys.argv[4]) if len(sys.argv) > 4 else 0,
            len(sys.argv) > 5 and sys.argv[5] == "1",
        )
        raise SystemExit(0)
    raise SystemExit(main())
