"""Benchmark: plans follow-up at provincial scale (issue 5).

    .venv/bin/python bench/bench_plans.py [--plans 30] [--tasks 20] [--db sqlite|postgres]

On a fresh database (SQLite file in a temp folder, or the PostgreSQL database
`trithuc_bench_plans`, created and dropped), after `migrate` and the usual agencies of
Cao Bằng (about 60), it creates N plans issued in 2024 with T tasks each (a lead and
three coordinating agencies drawn at random, recurring every period, six-monthly
reporting: 22 periods each) and submits the reports of every past period but one in
five, through the same services as the web pages. Then it measures (median of 5):

1. the owner's matrix of one plan for one period (`due.plan_matrix`) and its list of
   late and missing reports (`due.late_and_missing`);
2. one agency's due list over every plan (`due.agency_due_items`, what "Việc cần báo
   cáo" and the home inbox read);
3. the daily reminder run over every plan (`reminders.send_reminders`, dry run);
4. the follow page and the due-list page through Django's test client.
Targets: pages < 300 ms, the reminder run < 10 s. Prints the figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_DATABASE = "trithuc_bench_plans"
TODAY = dt.date(2026, 11, 22)
REMIND_DAY = dt.date(2026, 12, 15)
TARGETS_MS = {"follow_page": 300.0, "due_page": 300.0, "reminders": 10000.0}


def _median_ms(action, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _setup_database(kind: str, folder: str) -> None:
    os.environ["TRITHUC_DATA_DIR"] = folder
    os.environ.setdefault("SECRET_KEY", "bench")
    if kind == "postgres":
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
            conn.execute(f"CREATE DATABASE {PG_DATABASE}")
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{PG_DATABASE}"
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "trithuc.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(plans: int, tasks: int, rng: random.Random) -> tuple[list, object, object]:
    from django.contrib.auth import get_user_model

    from trithuc.accounts.models import Membership
    from trithuc.orgunits.models import Agency
    from trithuc.orgunits.services import create_usual_agencies
    from trithuc.plans.due import plan_due_items
    from trithuc.plans.models import Plan, Task
    from trithuc.plans.services import ReportInput, save_plan, save_report, save_task

    create_usual_agencies("04")
    agencies = list(Agency.objects.filter(province_code="04"))
    user_model = get_user_model()
    coordinator = user_model.objects.create_user("dieuphoi", "x@example.vn", "pw")
    Membership.objects.create(user=coordinator, role="plan_coordinator", unit_code="04")
    reporter = user_model.objects.create_user("baocao", "y@example.vn", "pw")
    Membership.objects.create(user=reporter, role="agency_reporter", agency=agencies[0])
    made = []
    for number in range(1, plans + 1):
        plan = save_plan(Plan(number=f"{number}-KH/BENCH", title=f"Kế hoạch {number}",
                              issued_on=dt.date(2024, 1, 10), issuer="Tỉnh ủy Cao Bằng",
                              province_code="04", reporting_frequency="six_monthly",
                              owner_agency=rng.choice(agencies)), actor=coordinator)  # fmt: skip
        for position in range(1, tasks + 1):
            chosen = rng.sample(agencies, 4)
            save_task(Task(plan=plan, number=str(position), title=f"Nhiệm vụ {position}",
                           position=position, lead_agency=chosen[0],
                           recurrence="every_period"), actor=coordinator,
                      coordinating=chosen[1:])  # fmt: skip
        past = [p for p in plan.periods.all() if p.due_on < TODAY]
        for index, item in enumerate(plan_due_items(plan, past)):
            if index % 5:
                save_report(plan=plan, period=item.period, task=item.task, agency=item.agency,
                            data=ReportInput("in_progress", "Đã làm", [], ""), expected_version=0,
                            actor=None, submit=True, source="bench")  # fmt: skip
        made.append(plan)
    return made, coordinator, reporter


def measure(plans: list, coordinator, reporter) -> dict[str, float]:
    from django.test import Client
    from django.urls import reverse

    from trithuc.plans import due
    from trithuc.plans.models import ProgressReport
    from trithuc.plans.reminders import send_reminders

    plan = plans[0]
    period = plan.periods.filter(due_on__gte=TODAY).order_by("due_on").first()
    agency_ids = {reporter.memberships.get().agency_id}
    figures = {
        "reports": float(ProgressReport.objects.count()),
        "matrix": _median_ms(lambda: due.plan_matrix(plan, period)),
        "late_list": _median_ms(lambda: due.late_and_missing(plan, TODAY)),
        "agency_due": _median_ms(lambda: due.agency_due_items(plans, agency_ids, TODAY)),
        # 15/12: every yearly period of every plan is in its reminder window.
        "reminders": _median_ms(lambda: send_reminders(REMIND_DAY, dry_run=True), repeat=1),
    }
    client = Client()
    client.force_login(coordinator)
    url = reverse("plans:plan_follow", args=[plan.uuid])
    figures["follow_page"] = _median_ms(lambda: _page(client, url))
    client.force_login(reporter)
    figures["due_page"] = _median_ms(lambda: _page(client, reverse("plans:my_due")))
    return figures


def _page(client, url: str) -> None:
    response = client.get(url, secure=True, HTTP_HOST="localhost")
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=30)
    parser.add_argument("--tasks", type=int, default=20)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="trithuc-bench-plans-") as folder:
        _setup_database(args.db, folder)
        started = time.perf_counter()
        plans, coordinator, reporter = build(args.plans, args.tasks, random.Random(5))
        built = time.perf_counter() - started
        figures = measure(plans, coordinator, reporter)
    print(f"plans follow-up, {args.db}: {args.plans} plans × {args.tasks} tasks × 4 agencies, "
          f"{int(figures['reports']):,} reports submitted (built in {built:.1f} s)")  # fmt: skip
    missed = []
    for name in ("matrix", "late_list", "agency_due", "reminders", "follow_page", "due_page"):
        target = TARGETS_MS.get(name)
        mark = "" if target is None else (" ok" if figures[name] <= target else " MISSED")
        if target is not None and figures[name] > target:
            missed.append(name)
        bound = f" (target < {target:.0f} ms)" if target else ""
        print(f"  {name:<12} {figures[name]:9.1f} ms{bound}{mark}")
    if args.db == "postgres":
        from django.db import connections

        connections.close_all()
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
