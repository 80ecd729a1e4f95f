"""Benchmark: counting people over the frame (issue 12), with and without a candidate
covering index of employment periods, in the same run.

    .venv/bin/python bench/bench_counting.py [--db sqlite|postgres] [--people 100000]
        [--repeat 5] [--rounds 2] [--db-dir DIR]

On a database of the demo province (`trithuc.demo.registry.build_demo`: N made-up
people with their history; built once and kept: SQLite in --db-dir, PostgreSQL in the
database `trithuc_bench_counting`), after ANALYZE, it times (median of --repeat after a
warm-up) the counts every page and command reads:

- `people_stats` by sector × education_level, today, for everyone (the command without
  --user; issue 2's target: < 500 ms at 1,000,000 people), and the same through a
  filtered queryset of everyone (the frame restricted by `IN (SELECT id …)`, as every
  count of everyone was before `counting._everyone`);
- the same as of 31/12/2020 (a past date: levels from the degrees);
- the same for one commune's people (`Person.objects.visible_to` of a commune user);
- the annex grouping of a yearly report (eight fields, the province, 14/12/2025).

Each figure is measured without and with the candidate index `emp_frame_cover`
(`people_employment (valid_to, valid_from, person_id, sector, province_code,
workplace_unit, employment_type, is_leader)`: the frame's conditions and groupings read
from the index alone), created and dropped by this script, alternating --rounds times,
so the ratio is measured under the same load. The registry does not ship the index:
measured here it did not pay for what it costs every import (docs/PERFORMANCE.md).
The 1-minute load average is printed beside every figure, and on SQLite the CPU time of
this process (the database runs in it), which the other work on the machine does not
inflate.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TODAY = dt.date(2026, 11, 22)
PG_DATABASE = "trithuc_bench_counting"
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
INDEX = "emp_frame_cover"


def _load() -> str:
    return "load " + "/".join(f"{x:.1f}" for x in os.getloadavg())


def _setup(kind: str, folder: str, people: int) -> None:
    os.environ["TRITHUC_DATA_DIR"] = folder
    if kind == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/counting-{people}.sqlite3"
    else:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as connection:
            found = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [PG_DATABASE]
            ).fetchone()
            if not found:
                connection.execute(f"CREATE DATABASE {PG_DATABASE}")
        base = PG_ADMIN_URL.rsplit("/", 1)[0]
        os.environ["DATABASE_URL"] = f"{base}/{PG_DATABASE}"
    os.environ.setdefault("SECRET_KEY", "bench")
    os.environ["DJANGO_SETTINGS_MODULE"] = "trithuc.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _build(people: int) -> None:
    from trithuc.demo.registry import build_demo
    from trithuc.people.models import Person

    have = Person.objects.count()
    if have >= people:
        print(f"{have:,} people: the database built earlier, reused ({_load()})")
        return
    started = time.perf_counter()
    build_demo(count=people, today=TODAY)
    print(f"{people:,} people: demo built in {time.perf_counter() - started:.1f} s ({_load()})")


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _index(present: bool) -> None:
    """Create or drop the candidate covering index."""
    from django.db import connection, models

    from trithuc.people.models import Employment

    index = models.Index(fields=["valid_to", "valid_from", "person", "sector", "province_code",
                                 "workplace_unit", "employment_type", "is_leader"], name=INDEX)  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    if present:
        with connection.schema_editor() as editor:
            editor.add_index(Employment, index)
    _analyze()


def _median_ms(work, repeat: int) -> tuple[float, float]:  # noqa: ANN001
    """Median wall and CPU milliseconds of this process (SQLite runs in it, so its CPU
    time is the query's work whatever else the shared machine does)."""
    work()
    walls, cpus = [], []
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def _queries() -> dict[str, object]:
    from django.utils import timezone

    from trithuc.people.models import Person
    from trithuc.people.stats import people_stats, people_stats_sets
    from trithuc.reports.registry import SETS

    by = ["sector", "education_level"]
    commune = (
        Person.objects.exclude(workplace_unit="04").values_list("workplace_unit", flat=True).first()
    )
    return {
        "people_stats sector x level, today": lambda: people_stats(Person.objects.all(), by),
        # A filtered queryset (`--user`, the summary page of a scoped user): the history
        # frame restricted by `person_id IN (SELECT id FROM people_person …)`; today's
        # frame tests the queryset's own conditions on the person (issue 12).
        "people_stats sector x level, today, through a filtered queryset": lambda: people_stats(
            Person.objects.filter(id__gt=0), by
        ),
        # The same day read from the history (what a date given with --as-of reads):
        # issue 12's check that the profile's latest period gives the same answer.
        "people_stats sector x level, as of today (the history)": lambda: people_stats(
            Person.objects.all(), by, as_of=timezone.localdate()
        ),
        "people_stats sector x level, as of 31/12/2020": lambda: people_stats(
            Person.objects.all(), by, as_of=dt.date(2020, 12, 31)
        ),
        f"people_stats sector x level, one commune ({commune})": lambda: people_stats(
            Person.objects.filter(workplace_unit=commune), by
        ),
        "report annex grouping (8 fields, province, 14/12/2025)": lambda: people_stats_sets(
            None, SETS, unit="04", as_of=dt.date(2025, 12, 14)
        ),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--db-dir", default=str(Path(tempfile.gettempdir()) / "trithuc-counting"))
    parser.add_argument("--pg-database", default=PG_DATABASE, help="PostgreSQL database to use")
    options = parser.parse_args()
    globals()["PG_DATABASE"] = options.pg_database
    Path(options.db_dir).mkdir(parents=True, exist_ok=True)
    _setup(options.db, options.db_dir, options.people)
    _build(options.people)
    _analyze()
    queries = _queries()
    figures: dict[tuple[str, bool], list[tuple[float, float]]] = {}
    for _ in range(options.rounds):
        for present in (False, True):
            _index(present)
            for name, work in queries.items():
                wall, cpu = _median_ms(work, options.repeat)
                figures.setdefault((name, present), []).append((wall, cpu))
                state = "with index" if present else "without"
                print(f"  {name}, {state}: {wall:.0f} ms, CPU of this process {cpu:.0f} ms "
                      f"({_load()})", flush=True)  # fmt: skip
    print(
        f"\n{options.db}, {options.people:,} people, without -> with the index "
        "(median over rounds; wall, then CPU of this process):"
    )
    for name in queries:
        a = [statistics.median(x) for x in zip(*figures[(name, False)], strict=True)]
        b = [statistics.median(x) for x in zip(*figures[(name, True)], strict=True)]
        print(
            f"  {name}: {a[0]:.0f} -> {b[0]:.0f} ms ({a[0] / b[0]:.2f}x); "
            f"CPU {a[1]:.0f} -> {b[1]:.0f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
