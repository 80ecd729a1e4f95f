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


# The layers of docs/ARCHITECTURE.md, from the bottom; apps on one line are peers.
LAYERS = [
    {"lib"}, {"codelists"}, {"orgunits"}, {"audit"}, {"accounts"}, {"people"}, {"privacy"},
    {"indicators"}, {"plans"},
    {"experts", "talent", "honours", "dialogues", "representation", "forecasts"},
    {"reports"}, {"api"}, {"core"}, {"demo"},
]  # fmt: skip
RANK = {app: i for i, layer in enumerate(LAYERS) for app in layer}
# The two exceptions ARCHITECTURE names: audit's reading pages translate the scope.
ALLOWED_UP = {("audit", "accounts")}
ROOT = CORE.parent


def _app_of(module: str, names: tuple[str, ...] = ()) -> str | None:
    parts = module.split(".")
    if parts[0] != "trithuc" or len(parts) < 2:
        return None
    if (
        parts[1] == "core"
        and (parts[2:3] or list(names[:1]))[0:1]
        and all(name in PLUMBING for name in (parts[2:3] or list(names)))
    ):
        return "lib"  # core's plumbing sits at the bottom
    return parts[1]


def _imports(path: Path) -> list[tuple[ast.AST, str, tuple[str, ...], bool]]:
    """(node, module, imported names, inside a function or class body)."""
    tree = ast.parse(path.read_text())
    typing_only = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
                   and "TYPE_CHECKING" in ast.unparse(node.test) for n in ast.walk(node)}  # fmt: skip
    top = {id(node) for node in tree.body} | typing_only
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("trithuc"):
            found.append(
                (node, node.module, tuple(a.name for a in node.names), id(node) not in top)
            )
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("trithuc"):
                    found.append((node, alias.name, (), id(node) not in top))
    return found


def _modules() -> list[Path]:
    return [path for path in sorted(ROOT.rglob("*.py"))
            if "migrations" not in path.parts and "tests" not in path.parts]  # fmt: skip


def test_no_app_imports_an_app_above_it() -> None:
    wrong = []
    for path in _modules():
        source = path.relative_to(ROOT).parts[0]
        if source not in RANK:
            continue
        for node, module, names, _inner in _imports(path):
            target = _app_of(module, names)
            if (
                target in RANK
                and RANK[target] > RANK[source]
                and (source, target) not in ALLOWED_UP
            ):
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} {source} → {target}")
    assert not wrong, "\n".join(wrong)


def test_imports_of_our_modules_stand_at_the_top() -> None:
    """An import hidden in a function is how a cycle gets dodged; the registrations of
    `AppConfig.ready()` are the one place Django needs them."""
    hidden = [f"{path.relative_to(ROOT)}:{node.lineno} {module}"
              for path in _modules() if path.name != "apps.py"
              for node, module, _names, inner in _imports(path) if inner]  # fmt: skip
    assert not hidden, "\n".join(hidden)
