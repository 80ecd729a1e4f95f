"""Benchmark: plans parsed per second, on the three seed plans.

    .venv/bin/python bench/bench_parse_plan.py [--seconds 3]

The baseline, measured in the same run, is the cost of only reading each seed file and
normalising it to NFC: the ratio says how many times that floor the parser costs.
Target: at least 50 plans of the seeds' size per second on the project's 2-core machine,
for the text files. The same seeds written as .docx (one paragraph per line) and as .pdf
(a text layer, written by the tests' PDF writer) are measured too, for information
(`--formats txt` skips them): reading those files costs more than parsing, and pypdf is
slow on the hex-encoded text of the tests' PDF writer, so the .pdf figure is a floor.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from trithuc.lib.plan_parser import parse_plan_file  # noqa: E402

SEEDS = (ROOT / "../shared/seeds").resolve()
TARGET_PER_SECOND = 50


def _rate(work, paths: list[Path], seconds: float) -> tuple[float, int]:
    """Plans per second of `work` over `paths`, cycling for at least `seconds`."""
    for path in paths:  # warm-up: imports, compiled patterns, file cache
        work(path)
    done = 0
    start = time.perf_counter()
    while True:
        for path in paths:
            work(path)
        done += len(paths)
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return done / elapsed, done


def _read_nfc(path: Path) -> str:
    return unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))


def _write_copies(paths: list[Path], folder: Path, fmt: str) -> list[Path]:
    """The seeds as .docx or .pdf files in `folder`."""
    out = []
    for path in paths:
        lines = path.read_text(encoding="utf-8").splitlines()
        target = folder / f"{path.stem}.{fmt}"
        if fmt == "docx":
            import docx

            document = docx.Document()
            for line in lines:
                document.add_paragraph(line)
            document.save(target)
        else:
            from trithuc.lib.plan_parser.tests.pdfwriter import write_text_pdf

            write_text_pdf(target, lines)
        out.append(target)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="time per measurement")
    parser.add_argument(
        "--formats", default="txt,docx,pdf", help="comma-separated: txt (the target), docx, pdf"
    )
    args = parser.parse_args()
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    paths = sorted(SEEDS.glob("*.txt"))
    if not paths:
        print(f"no seed plans in {SEEDS}", file=sys.stderr)
        return 1
    size = sum(p.stat().st_size for p in paths) / len(paths)
    baseline, _ = _rate(_read_nfc, paths, args.seconds / 3)
    rate, count = _rate(parse_plan_file, paths, args.seconds)
    print(f"seeds: {len(paths)} plans, {size / 1024:.1f} KiB on average")
    print(f"parse_plan_file: {rate:,.1f} plans/s ({1000 / rate:.2f} ms/plan, {count} parses)")
    print(f"baseline (read + NFC only): {baseline:,.1f} plans/s ({1000 / baseline:.3f} ms/plan)")
    print(f"ratio parser/baseline: {baseline / rate:,.1f}x the time of the baseline")
    with tempfile.TemporaryDirectory(prefix="bench-parse-plan-") as folder:
        for fmt in ("docx", "pdf"):
            if fmt in formats:
                copies = _write_copies(paths, Path(folder), fmt)
                fmt_rate, fmt_count = _rate(parse_plan_file, copies, args.seconds / 2)
                print(
                    f"parse_plan_file on .{fmt}: {fmt_rate:,.1f} plans/s "
                    f"({1000 / fmt_rate:.2f} ms/plan, {fmt_count} parses; information)"
                )
    verdict = "OK" if rate >= TARGET_PER_SECOND else "BELOW TARGET"
    print(f"target: >= {TARGET_PER_SECOND} plans/s: {verdict}")
    return 0 if rate >= TARGET_PER_SECOND else 1


if __name__ == "__main__":
    raise SystemExit(main())
