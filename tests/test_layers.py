"""The layers of docs/ARCHITECTURE.md that a test can hold: `core`'s plumbing, which the
domain apps import, imports none of our apps (else a lower app would reach the top)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parent.parent / "trithuc" / "core"
PLUMBING = ["security", "downloads", "replica", "logs", "health"]


@pytest.mark.parametrize("name", PLUMBING)
def test_core_plumbing_imports_none_of_our_apps(name: str) -> None:
    tree = ast.parse((CORE / f"{name}.py").read_text())
    ours = []
    for node in ast.walk(tree):  # inside functions too: a hidden import is still one
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("trithuc"):
            ours.append(node.module)
        elif isinstance(node, ast.Import):
            ours += [alias.name for alias in node.names if alias.name.startswith("trithuc")]
    assert not ours, f"core/{name}.py imports {ours}"
