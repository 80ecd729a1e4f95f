"""Benchmark: the yearly report of a province (issue 14).

    .venv/bin/python bench/bench_reports.py [--people 100000 [1000000 …]] [--pdf-repeat 3]
        [--db-dir DIR] [--profile] [--repeat 3]

For each size, on a fresh SQLite database in a temp folder: `migrate`, the demo province
(`trithuc.demo.registry.build_demo`, N made-up people with their history) and its plans
(`trithuc.plans.demo.build_demo_plans`: 15-KH/TU with 34 targets and past reports). Then
the indicator snapshot is refreshed as the worker does after an import (timed), one
first report is made (the snapshot learns the cut-off's days: timed apart), and it
measures (median of 3) the 2025 yearly report as the command makes it: the figures
assembled at the cut-off date 14/12/2025 (targets from the snapshot, the annex tables
from one query over the counting frame), the .docx and the annex .xlsx. Then the PDF from
that .docx with LibreOffice warm (one conversion first, then the median of --pdf-repeat).
Targets: .docx + .xlsx < 3 s at 100,000 people, < 10 s at 1,000,000; PDF < 5 s more.
Exit 1 when a target is missed.

`--db-dir DIR` keeps the database in DIR (one file per size) and reuses it when it is
already built (building 100,000 people takes minutes; 1,000,000 much longer), so a
change can be measured again on the same data. `--profile` writes a cProfile of one
report (figures, .docx, .xlsx) to bench/out/reports-N.prof and prints its top entries.
The 1-minute load average is printed beside every figure (the machine is shared).
`--pdf-repeat 0` leaves the PDF out; `--repeat` sets the runs of each median.
`--keep-days`: a reused database keeps the days its snapshot learnt from an earlier run
(to alternate two versions of the code on one database without recomputing them).
`--pg-database NAME` runs on PostgreSQL (127.0.0.1, or BENCH_PG_ADMIN_URL's server) in
that database, created if missing and kept, so it is reused like `--db-dir`'s files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TODAY = dt.date(2026, 11, 22)
TARGET_S = {100_000: 3.0, 1_000_000: 10.0}
PDF_TARGET_S = 5.0
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def _load() -> str:
    return "load " + "/".join(f"{x:.1f}" for x in os.getloadavg())


def _database(folder: str, people: int) -> Path:
    return Path(folder) / f"bench-{people}.sqlite3"


def _setup(folder: str, people: int, pg_database: str | None = None) -> None:
    os.environ["TRITHUC_DATA_DIR"] = folder
    os.environ["DATABASE_URL"] = f"sqlite:///{_database(folder, people)}"
    if pg_database:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as connection:
            found = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [pg_database]
            ).fetchone()
            if not found:
                connection.execute(f"CREATE DATABASE {pg_database}")
        os.environ["DATABASE_URL"] = f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{pg_database}"
    os.environ.setdefault("SECRET_KEY", "bench")
    os.environ["DJANGO_SETTINGS_MODULE"] = "trithuc.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _timed(action, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def _built(people: int) -> bool:
    from trithuc.people.models import Person
    from trithuc.plans.models import Plan

    return Person.objects.count() >= people and Plan.objects.exists()


def _forget_extra_days(keep: bool = False) -> bool:
    """A reused database starts as a new one would: the snapshot knows no report's days
    (with `keep`, it keeps those an earlier run taught it). Returns whether its snapshot
    is fresh (then it is not refreshed again)."""
    from django.apps import apps

    from trithuc.indicators.models import IndicatorSnapshot, SnapshotState
    from trithuc.indicators.snapshots import get_state

    if not keep and any(f.name == "extra_days" for f in SnapshotState._meta.get_fields()):
        IndicatorSnapshot.objects.filter(extra=True).delete()
        if any(m.__name__ == "StructureSnapshot" for m in apps.get_models()):
            apps.get_model("indicators", "StructureSnapshot").objects.all().delete()
        SnapshotState.objects.update(extra_days={})
    state = get_state()
    return state.as_of is not None and not state.is_stale


def run(people: int, pdf_repeat: int, profile: bool = False, repeat: int = 3,
        keep_days: bool = False) -> bool:  # fmt: skip
    from trithuc.demo.registry import build_demo
    from trithuc.indicators.snapshots import refresh_snapshot
    from trithuc.orgunits.services import create_usual_agencies
    from trithuc.plans.demo import PROVINCE_PLAN_NUMBER, build_demo_plans, ensure_plan_users
    from trithuc.plans.models import Plan
    from trithuc.reports.documents import docx_bytes, report_data
    from trithuc.reports.pdf import docx_to_pdf, soffice
    from trithuc.reports.services import draft_for, find_period
    from trithuc.reports.spreadsheet import build_xlsx

    started = time.perf_counter()
    fresh = False
    if _built(people):
        plan = Plan.objects.get(province_code="04", number=PROVINCE_PLAN_NUMBER)
        print(f"{people:,} people: the database built earlier, reused ({_load()})")
        fresh = _forget_extra_days(keep_days)
    else:
        create_usual_agencies("04")
        ensure_plan_users("04", password="bench-Trithuc-2026")
        build_demo(count=people, today=TODAY)
        plan = build_demo_plans("04", today=TODAY)
        print(f"{people:,} people: demo built in {time.perf_counter() - started:.1f} s "
              f"({_load()})")  # fmt: skip
    report = draft_for(plan, find_period(plan, "yearly", 2025))
    # What the worker does after an import: the yearly snapshot the targets read.
    if fresh:
        print("  snapshot refresh: the reused database's snapshot is fresh, kept")
    else:
        refresh_s, refreshed = _timed(refresh_snapshot, 1)
        print(f"  snapshot refresh (the background task after an import): {refresh_s:.1f} s, "
              f"{refreshed.rows:,} rows ({_load()})")  # fmt: skip
    # The first report of a cut-off teaches the snapshot its days (then every refresh
    # keeps them): it computes them from the registry once.
    first_s, _ = _timed(lambda: report_data(report), 1)
    print(f"  first report of the cut-off (the snapshot learns its days): {first_s:.2f} s "
          f"({_load()})")  # fmt: skip

    def whole() -> tuple[bytes, bytes, dict]:
        data = report_data(report)
        return docx_bytes(report, data), build_xlsx(data), data

    if profile:
        _profile(whole, people)
    assemble_s, data = _timed(lambda: report_data(report), repeat)
    total_s, (docx, xlsx, data) = _timed(whole, repeat)
    target = TARGET_S.get(people, 3.0 * people / 100_000)
    ok = total_s < target
    print(f"  figures assembled: {assemble_s:.2f} s (registry {data['registry']['total']:,} at "
          f"{data['as_of']}, {len(data['targets'])} targets; {_load()})")  # fmt: skip
    print(f"  figures + .docx ({len(docx):,} B) + .xlsx ({len(xlsx):,} B): {total_s:.2f} s "
          f"(target < {target:.0f} s) {'ok' if ok else 'MISSED'}; {_load()}")  # fmt: skip
    if pdf_repeat <= 0:
        return ok
    if soffice() is None:
        print("  PDF: skipped (LibreOffice not installed)")
        return ok
    cold_s, _ = _timed(lambda: docx_to_pdf(docx), 1)
    warm_s, pdf = _timed(lambda: docx_to_pdf(docx), pdf_repeat)
    # The resident LibreOffice the conversions started (where there is one) ends with us.
    from trithuc.reports import pdf as pdf_module

    if hasattr(pdf_module, "stop_resident"):
        pdf_module.stop_resident()
    pdf_ok = warm_s < PDF_TARGET_S
    print(f"  PDF ({len(pdf):,} B): first {cold_s:.2f} s, warm {warm_s:.2f} s "
          f"(target < {PDF_TARGET_S:.0f} s more) {'ok' if pdf_ok else 'MISSED'}; {_load()}")  # fmt: skip
    return ok and pdf_ok


def _profile(action, people: int) -> None:
    import cProfile
    import pstats

    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"reports-{people}.prof"
    profiler = cProfile.Profile()
    profiler.runcall(action)
    profiler.dump_stats(path)
    print(f"  profile of one report: {path}")
    pstats.Stats(str(path)).sort_stats("cumulative").print_stats(30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, nargs="+", default=[100_000])
    parser.add_argument("--pdf-repeat", type=int, default=3)
    parser.add_argument("--db-dir", help="keep the databases here and reuse them")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="runs per median")
    parser.add_argument("--keep-days", action="store_true", help="a reused database keeps "
                        "the days its snapshot learnt (the first report is then not a first)")  # fmt: skip
    parser.add_argument("--pg-database", help="PostgreSQL database (created if missing) "
                        "instead of SQLite; kept and reused, one size per database")  # fmt: skip
    options = parser.parse_args()
    results = []
    for people in options.people:
        folder = options.db_dir or tempfile.mkdtemp(prefix="trithuc-bench-reports-")
        Path(folder).mkdir(parents=True, exist_ok=True)
        try:
            if people != options.people[0]:
                # One Django per process: later sizes run in a child process.
                import subprocess

                args = [sys.executable, __file__, "--people", str(people),
                        "--pdf-repeat", str(options.pdf_repeat)]  # fmt: skip
                args += ["--db-dir", folder] if options.db_dir else []
                args += ["--profile"] if options.profile else []
                args += ["--repeat", str(options.repeat)]
                args += ["--keep-days"] if options.keep_days else []
                args += ["--pg-database", options.pg_database] if options.pg_database else []
                results.append(subprocess.call(args) == 0)
                continue
            _setup(folder, people, options.pg_database)
            results.append(run(people, options.pdf_repeat, options.profile, options.repeat,
                               options.keep_days))  # fmt: skip
        finally:
            if not options.db_dir:
                shutil.rmtree(folder, ignore_errors=True)
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
