"""Run every benchmark script under bench/ (bench_*.py) in turn, then summarise.

    .venv/bin/python bench/run_all.py [--quick] [--only NAME ...] [--args NAME=ARGS ...]

`--quick` runs each script with its short settings (see QUICK): the registry benchmark on
SQLite without the 1,000,000-row import, the indicators on 100,000 people, the plan
parser for one second. `--args` gives
one script its own arguments, e.g. `--args "bench_registry.py=--db postgres --skip-big"`.
Each script prints its own figures; the exit status is 1 when any script failed or
missed a target.
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
QUICK = {
    "bench_registry.py": ["--db", "sqlite", "--skip-big"],
    "bench_indicators.py": ["--db", "sqlite", "--people", "100000"],
    "bench_parse_plan.py": ["--seconds", "1"],
    "bench_plans.py": ["--plans", "10"],
    "bench_ocr.py": ["--skip-long"],
    "bench_reports.py": ["--people", "100000"],
    "bench_api.py": ["--db", "sqlite", "--people", "20000", "--seconds", "5"],
    "bench_forecasts.py": ["--repeat", "1"],
    "bench_cbccvc.py": ["--rows", "5000", "--repeat", "1"],
}


def scripts() -> list[Path]:
    return sorted(BENCH.glob("bench_*.py"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short settings for each script")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="run only these scripts")
    parser.add_argument("--args", action="append", default=[], metavar="NAME=ARGS",
                        help="arguments for one script (repeatable)")  # fmt: skip
    options = parser.parse_args()
    extra: dict[str, list[str]] = {}
    for item in options.args:
        name, _, args = item.partition("=")
        extra[name.strip()] = shlex.split(args)
    chosen = scripts()
    if options.only:
        wanted = {name if name.endswith(".py") else f"{name}.py" for name in options.only}
        chosen = [path for path in chosen if path.name in wanted]
        if not chosen:
            print(f"no benchmark named {', '.join(sorted(wanted))} in {BENCH}", file=sys.stderr)
            return 2
    results: list[tuple[str, int, float]] = []
    for path in chosen:
        args = extra.get(path.name, QUICK.get(path.name, []) if options.quick else [])
        print(f"\n##### {path.name} {' '.join(args)}".rstrip(), flush=True)
        start = time.perf_counter()
        code = subprocess.call([sys.executable, str(path), *args], cwd=BENCH.parent)
        results.append((path.name, code, time.perf_counter() - start))
    print("\n##### summary")
    for name, code, seconds in results:
        verdict = "ok" if code == 0 else f"exit {code} (failed or missed a target)"
        print(f"{name:28s} {seconds:7.1f} s  {verdict}")
    return 0 if all(code == 0 for _, code, _ in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
