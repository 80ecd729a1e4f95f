"""Issue 12's closing check, on a registry of its own: N people imported from a template
file, then corrected by a second file (degrees lowered or dated later, people moved to
other sectors and employment types, training flags changed, newcomers). It prints, for
today and for 31/12/2020:

- `people_stats` today and `people_stats --as-of` today (sector × level × type);
- every built-in indicator for every sector, computed live and from the snapshot;
- the recount of the same from the stored history, person by person (the rules as
  `trithuc/indicators/tests/test_one_answer.py` states them),

and says whether they agree; then each definition in words with the plan wording it
follows. It writes only to a temporary SQLite database.

    .venv/bin/python scripts/one_answer.py [--people 3000] [--seed 12]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/one-answer.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trithuc.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from conftest import good_row, write_xlsx  # noqa: E402
from trithuc.indicators.describe import definition_text  # noqa: E402
from trithuc.indicators.models import Indicator  # noqa: E402
from trithuc.indicators.snapshots import refresh_snapshot  # noqa: E402
from trithuc.indicators.tests.test_one_answer import (  # noqa: E402
    LEVELS,
    SECTORS,
    TYPES,
    History,
    expected,
    targets,
)
from trithuc.indicators.values import Evaluator  # noqa: E402
from trithuc.people.importing import import_people  # noqa: E402
from trithuc.people.models import Person, Qualification  # noqa: E402
from trithuc.people.stats import people_stats  # noqa: E402

# The plan wording each built-in definition follows (seed plans 001 and 003).
WORDING = {
    "share_university_or_higher": "“công chức, viên chức có trình độ chuyên môn đại học và sau "
    "đại học đạt …%” (seed 003): đại học trở lên, công chức và viên chức",
    "share_masters": "“… có trình độ thạc sĩ …%” (seed 003): đúng thạc sĩ",
    "share_postgraduate": "“… trình độ sau đại học …” (seed 001): thạc sĩ trở lên",
    "share_trained_to_standard": "“được bồi dưỡng theo tiêu chuẩn ngạch, chức danh” (seed 001): "
    "như đã ghi đến năm tính",
    "share_continuous_training": "“được đào tạo, bồi dưỡng liên tục trong năm” (seed 001): "
    "đúng năm tính",
    "phd_trained_count": "“đào tạo 06 tiến sĩ” (seed 003): số bằng tiến sĩ từ ngày của kế "
    "hoạch đến năm mục tiêu",
}


def first_file(count: int, rng: random.Random) -> list[dict[str, object]]:
    rows = []
    for n in range(1, count + 1):
        birth = dt.date(rng.randint(1964, 2003), rng.randint(1, 12), rng.randint(1, 28))
        level = rng.choice(LEVELS)
        year = "" if level == LEVELS[-1] else rng.choice(["", rng.randint(birth.year + 20, 2023)])
        start = rng.choice(["", "", rng.randint(birth.year + 18, 2023)])
        rows.append(good_row(
            n, full_name="Người Thử", birth_date=birth.strftime("%d/%m/%Y"),
            gender=rng.choice(["Nam", "Nữ"]), employment_type=rng.choice(TYPES),
            sector=rng.choice(list(SECTORS)), education_level=level, education_year=year,
            is_leader=rng.choice(["", "x"]), upskilled_to_standard=rng.choice(["", "x"]),
            continuing_education=rng.choice(["", "x"]), work_start_year=start,
        ))  # fmt: skip
    return rows


def corrections(rows: list[dict[str, object]], rng: random.Random) -> list[dict[str, object]]:
    fixed = []
    for row in rows:
        if rng.random() > 0.3:
            continue
        changed = dict(row)
        birth_year = int(str(row["birth_date"])[-4:])
        what = rng.choice(["lower", "later", "move", "flags"])
        if what == "lower" and row["education_level"] in ("Thạc sĩ", "Tiến sĩ", "Chuyên khoa II"):
            changed["education_level"] = "Đại học"
            changed["education_year"] = rng.randint(birth_year + 20, max(birth_year + 20, 2015))
        elif what == "later" and row["education_year"]:
            changed["education_year"] = min(2025, int(row["education_year"]) + rng.randint(1, 4))
        elif what == "move":
            changed["sector"] = rng.choice(list(SECTORS))
            changed["employment_type"] = rng.choice(TYPES)
        else:
            changed["upskilled_to_standard"] = rng.choice(["", "x"])
            changed["continuing_education"] = rng.choice(["", "x"])
        fixed.append(changed)
    newcomers = first_file(len(rows) // 20, rng)
    for i, row in enumerate(newcomers, start=len(rows) + 1):
        row["national_id"] = f"0040851{i:05d}"
    return fixed + newcomers


def compare(day: dt.date, start: dt.date, snapshot: bool) -> tuple[int, int]:
    history = History()
    evaluator = Evaluator(None, as_of=day, use_snapshot=snapshot)
    checked = wrong = 0
    for sector in ["", *SECTORS.values()]:
        for row in evaluator.evaluate_all(targets(sector, start)):
            indicator = row.target.indicator
            want = expected(history, indicator, sector, day, start)
            checked += 1
            if (row.count, row.base or 0) != want:
                wrong += 1
                print(f"   DIFFERS {indicator.code} {sector or 'all'}: {row.count}/{row.base} "
                      f"against {want[0]}/{want[1]}")  # fmt: skip
            elif sector == "":
                print(f"   {indicator.code:38} {row.count:6}/{row.base or 0:<6} = recount")
    return checked, wrong


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp())
    rows = first_file(args.people, rng)
    first = import_people(write_xlsx(work / "first.xlsx", rows), today=dt.date(2024, 3, 1))
    fixes = corrections(rows, rng)
    second = import_people(write_xlsx(work / "second.xlsx", fixes), today=dt.date(2025, 6, 2))
    superseded = Qualification.objects.filter(superseded_at__isnull=False).count()
    print(f"First file: {first.created} created, {len(first.errors)} errors. Second file: "
          f"{second.created} created, {second.updated} corrected, {len(second.errors)} errors; "
          f"{superseded} degrees superseded (kept in the history, not counted).")  # fmt: skip
    today = timezone.localdate()
    by = ["sector", "education_level", "employment_type"]
    now = people_stats(Person.objects.all(), by)
    as_of = people_stats(Person.objects.all(), by, as_of=today)
    print(f"people_stats today ({sum(r['count'] for r in now)} people in {len(now)} cells) "
          f"{'equals' if now == as_of else 'DIFFERS FROM'} people_stats --as-of {today}.")  # fmt: skip
    start = dt.date(2021, 1, 1)
    total = bad = 0
    for day, snapshot in [(today, False), (today, True), (dt.date(2020, 12, 31), False)]:
        if snapshot:
            refresh_snapshot(today)
        print(f"Indicators on {day:%d/%m/%Y}, {'from the snapshot' if snapshot else 'live'} "
              "(all sectors shown; every sector checked):")  # fmt: skip
        checked, wrong = compare(day, start, snapshot)
        total, bad = total + checked, bad + wrong
    print(f"{total} indicator figures checked against the recount, {bad} differ.")
    print("Definitions:")
    for indicator in Indicator.objects.exclude(kind="reported").order_by("code"):
        words = WORDING.get(indicator.code.removesuffix("_with_cadres"), "")
        cadres = " (with cadres: the plan says “cán bộ, công chức, viên chức”)" if (
            indicator.code.endswith("_with_cadres")) else ""  # fmt: skip
        print(f"- {indicator.code}: {definition_text(indicator)}{cadres}"
              + (f" — {words}" if words else ""))  # fmt: skip
    return 1 if bad or now != as_of else 0


if __name__ == "__main__":
    sys.exit(main())
