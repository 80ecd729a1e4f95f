"""The seed plans in ../shared/seeds and the field-by-field comparison against them."""

from __future__ import annotations

import json
import os
from pathlib import Path

# trithuc/lib/plan_parser/tests/seeds.py -> parents[4] is the repository root, whose
# parent holds shared/ (CI's layout); TRITHUC_SEEDS_DIR points elsewhere (a worktree).
SEEDS_DIR = Path(
    os.environ.get("TRITHUC_SEEDS_DIR")
    or (Path(__file__).resolve().parents[4] / "../shared/seeds").resolve()
)

TARGET_FIELDS = ("indicator", "sector", "comparator", "value", "unit", "year")
TASK_FIELDS = ("number", "lead", "implementers", "deadline")
ASSIGNMENT_FIELDS = ("agency", "duties_count")
DEADLINE_FIELDS = ("kind", "text", "date", "applies_to")


def seed_names() -> list[str]:
    if not SEEDS_DIR.is_dir():
        return []
    return sorted(
        p.stem for p in SEEDS_DIR.glob("*.txt") if p.with_suffix(".expected.json").exists()
    )


def expected(name: str) -> dict:
    return json.loads((SEEDS_DIR / f"{name}.expected.json").read_text(encoding="utf-8"))


def _deadline_view(deadline: dict | None, expected_deadline: dict) -> dict:
    deadline = deadline or {}
    return {k: deadline.get(k) for k in DEADLINE_FIELDS if k in expected_deadline or k in deadline}


def compare(got: dict, want: dict) -> list[tuple[str, object, object]]:
    """Every compared field as (path, got, expected); equal when the two match."""
    checks: list[tuple[str, object, object]] = []
    for field in ("issuer", "number", "date", "implements", "recipients_count"):
        checks.append((field, got.get(field), want.get(field)))
    for name, fields in (
        ("targets", TARGET_FIELDS),
        ("tasks", TASK_FIELDS),
        ("assignments", ASSIGNMENT_FIELDS),
    ):
        got_items, want_items = got.get(name, []), want.get(name, [])
        checks.append((f"{name}.count", len(got_items), len(want_items)))
        for i, want_item in enumerate(want_items):
            got_item = got_items[i] if i < len(got_items) else {}
            for field in fields:
                got_value = got_item.get(field)
                want_value = want_item.get(field)
                if field == "deadline":
                    got_value = _deadline_view(got_value, want_value or {})
                    want_value = {
                        k: v for k, v in (want_value or {}).items() if k in DEADLINE_FIELDS
                    }
                checks.append((f"{name}[{i}].{field}", got_value, want_value))
    return checks


def score(checks: list[tuple[str, object, object]]) -> tuple[int, int]:
    return sum(1 for _, a, b in checks if a == b), len(checks)
