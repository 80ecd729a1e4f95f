"""Training fields (issue 15, item 3): the cost of coding "Chuyên ngành đào tạo" against the
national list after an import, of the review page's query, and of a plan's shortage-field
table, on a registry of N people.

    .venv/bin/python bench/bench_training_fields.py --from DEMO.sqlite3 [--people 100000]
        [--repeat 3]

DEMO.sqlite3 is a database made by `trithuc demo` (its people, their texts and the demo
plan's priority fields); it is copied to a temporary file and its people repeated (new
UUIDs and IDs) up to N. Measured, each the median of --repeat runs, alternating:
- `remap_stale()` with nothing to match (what every import pays), against the floor of a
  plain scan of the same rows (`SELECT COUNT(*) … WHERE training_field <> ''`);
- `remap_stale()` after 20% of the people got a new text (an import of N/5 people);
- `remap_stale()` with every person to match (the migration on an existing registry);
- `unmapped_texts` (the review page) and `priority_table` (the demo plan), all people.
A/B: the first version of `remap_stale` (Django UPDATEs by lists of 900 ids, one list per
text), `old_remap` below, alternates with the current one on the same stale rows.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def grow(path: str, people: int) -> int:
    db = sqlite3.connect(path)
    have = db.execute("SELECT COUNT(*) FROM people_person").fetchone()[0]
    columns = [row[1] for row in db.execute("PRAGMA table_info(people_person)")]
    copied = [c for c in columns if c not in ("id", "uuid", "national_id")]
    round_ = 0
    while have < people:
        round_ += 1
        db.execute(
            f"INSERT INTO people_person (uuid, national_id, {', '.join(copied)}) "
            f"SELECT lower(hex(randomblob(16))), printf('9%02d%09d', {round_}, id), "
            f"{', '.join(copied)} FROM people_person WHERE national_id NOT LIKE '9%' "
            f"LIMIT {people - have}"
        )
        db.commit()
        have = db.execute("SELECT COUNT(*) FROM people_person").fetchone()[0]
    db.close()
    return have


def old_remap(person_model, matcher_for) -> None:
    """The first version: ids grouped by (province, text), UPDATE … WHERE id IN (900)."""
    from collections import defaultdict

    from django.db import transaction
    from django.db.models import F, Q

    stale = person_model.objects.filter(
        Q(field_code_text__isnull=True) | ~Q(field_code_text=F("training_field"))
    )
    groups = defaultdict(list)
    for pk, province, text in stale.values_list("id", "province_code", "training_field"):
        groups[(province, text)].append(pk)
    matchers = {}
    with transaction.atomic():
        for (province, text), ids in groups.items():
            matchers.setdefault(province, matcher_for(province))
            code = matchers[province].match(text).code or ""
            for start in range(0, len(ids), 900):
                person_model.objects.filter(id__in=ids[start : start + 900]).update(
                    field_code=code, field_code_text=text
                )


def timed(fn) -> float:
    began = time.perf_counter()
    fn()
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--from", dest="source", required=True)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="bench-fields-")
    path = os.path.join(folder, "bench.sqlite3")
    shutil.copy(args.source, path)
    total = grow(path, args.people)
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trithuc.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection

    from trithuc.forecasts.priority import priority_table
    from trithuc.people.fields import matcher_for, remap_stale, unmapped_texts
    from trithuc.people.models import Person
    from trithuc.plans.models import Plan

    remap_stale()
    admin = get_user_model().objects.filter(is_superuser=True).first() or get_user_model()(
        username="bench", is_superuser=True, is_staff=True
    )
    if admin.pk is None:
        admin.save()
    plan = Plan.objects.filter(priority_fields__isnull=False).first()

    def floor() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM people_person WHERE training_field <> ''")
            cursor.fetchone()

    def stale(share: float) -> None:
        ids = list(Person.objects.values_list("id", flat=True)[: int(total * share)])
        for start in range(0, len(ids), 900):
            Person.objects.filter(id__in=ids[start : start + 900]).update(field_code_text=None)

    figures: dict[str, list[float]] = {k: [] for k in
                                       ("floor", "none", "fifth", "all", "old_fifth", "old_all",
                                        "review", "table")}  # fmt: skip
    for _ in range(args.repeat):
        figures["floor"].append(timed(floor))
        figures["none"].append(timed(remap_stale))
        stale(0.2)
        figures["fifth"].append(timed(remap_stale))
        stale(0.2)
        figures["old_fifth"].append(timed(lambda: old_remap(Person, matcher_for)))
        stale(1.0)
        figures["all"].append(timed(remap_stale))
        stale(1.0)
        figures["old_all"].append(timed(lambda: old_remap(Person, matcher_for)))
        figures["review"].append(timed(lambda: unmapped_texts(admin)))
        if plan is not None:
            figures["table"].append(timed(lambda: priority_table(plan, Person.objects.all())))
    load = os.getloadavg()[0]
    print(f"{total} people, load {load:.1f}, median of {args.repeat}:")
    for key, values in figures.items():
        if values:
            print(f"  {key:7s} {statistics.median(values) * 1000:8.1f} ms")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
