"""Benchmark: the exchange with CSDL CBCCVC (issue 19, item 4).

    .venv/bin/python bench/bench_cbccvc.py [--rows 20000] [--repeat 2] [--db-url URL]

On SQLite (a file under bench/out/cbccvc/ migrated once, copied fresh for each run; or the
PostgreSQL database of `--db-url`, emptied of people before each run), with N synthetic
people imported once from the template:
1. `trithuc export_cbccvc` of the N people against `trithuc export_people` (same rows);
2. importing the CBCCVC file into an empty registry (`import_cbccvc`: the file read twice,
   each row translated, then the template's pipeline) against importing the template file
   of the same people (`import_people`), alternating A/B, `--repeat` times each.
Every run is a child process (`trithuc …`), timed from outside. Prints the medians and
the machine's load (`uptime`): the machine is shared, compare ratios, not seconds.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SCRATCH = ROOT / "bench" / "out" / "cbccvc"
TRITHUC = [str(ROOT / ".venv" / "bin" / "python"), "-m", "trithuc"]


def _env(url: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "trithuc.settings"}


def _run(url: str, *args: str) -> float:
    start = time.perf_counter()
    subprocess.run([*TRITHUC, *args], env=_env(url), check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    return time.perf_counter() - start


def _people_file(rows: int) -> Path:
    """A template file of `rows` people of Cao Bằng (made with the tests' helper)."""
    from conftest import good_row, write_xlsx

    path = SCRATCH / f"template-{rows}.xlsx"
    if not path.exists():
        sectors = ["Giáo dục và đào tạo", "Y tế", "Nông nghiệp", "Quản lý nhà nước"]
        levels = ["Đại học", "Thạc sĩ", "Tiến sĩ", "Cao đẳng"]
        people = [
            good_row(n, national_id=f"004{n % 2}85{n:06d}", full_name="Nông Văn An" if n % 2 else "Hoàng Thị Mai",
                     gender="Nam" if n % 2 else "Nữ", sector=sectors[n % 4],
                     education_level=levels[n % 4], position="Trưởng phòng" if n % 9 == 0
                     else "Chuyên viên", is_leader="x" if n % 9 == 0 else "")
            for n in range(1, rows + 1)
        ]  # fmt: skip
        write_xlsx(path, people)
    return path


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--db-url", help="a PostgreSQL database to use (emptied of people)")
    options = parser.parse_args()
    SCRATCH.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trithuc.settings")
    template = _people_file(options.rows)
    if options.db_url:
        base = options.db_url
        _run(base, "migrate", "-v0")

        def fresh() -> str:
            _run(base, "shell", "-c", "from trithuc.people.models import Person; "
                 "Person.objects.all().delete()")  # fmt: skip
            return base
    else:
        seed = SCRATCH / "seed.sqlite3"
        if not seed.exists():
            _run(f"sqlite:///{seed}", "migrate", "-v0")

        def fresh() -> str:
            target = SCRATCH / "run.sqlite3"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
            shutil.copy(seed, target)
            return f"sqlite:///{target}"

    url = fresh()
    _run(url, "import_people", str(template))
    cbccvc, people = SCRATCH / "cbccvc.xlsx", SCRATCH / "people.xlsx"
    exports = {"export_cbccvc": [], "export_people": []}
    for _ in range(options.repeat):
        exports["export_cbccvc"].append(_run(url, "export_cbccvc", "--output", str(cbccvc)))
        exports["export_people"].append(_run(url, "export_people", str(people)))
    imports = {"import_cbccvc": [], "import_people": []}
    for _ in range(options.repeat):
        imports["import_cbccvc"].append(_run(fresh(), "import_cbccvc", str(cbccvc)))
        imports["import_people"].append(_run(fresh(), "import_people", str(people)))
    load = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(f"{options.rows:,} people, {'PostgreSQL' if options.db_url else 'SQLite'}; {load}")
    for name, times in {**exports, **imports}.items():
        print(f"  {name:15s} median {statistics.median(times):6.1f} s  runs "
              + ", ".join(f"{t:.1f}" for t in times))  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
