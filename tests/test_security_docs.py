"""docs/THREAT_MODEL.md must not drift from the tests it cites."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_test_the_threat_model_cites_exists():
    text = (ROOT / "docs" / "THREAT_MODEL.md").read_text()
    # Tests in tests/ and in an app's tests/ folder (trithuc/<app>/tests/...).
    cited = set(re.findall(r"([\w/]*tests/[\w/]+\.py)::(test_\w+)", text))
    assert len(cited) > 40
    missing = []
    for path, name in sorted(cited):
        tree = ast.parse((ROOT / path).read_text())
        names = {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
        if name not in names:
            missing.append(f"{path}::{name}")
    assert not missing, missing


def test_every_security_test_is_cited():
    """A new security test belongs in the threat model."""
    text = (ROOT / "docs" / "THREAT_MODEL.md").read_text()
    files = sorted(ROOT.glob("tests/test_security_*.py")) + [ROOT / "tests" / "test_access.py"]
    files += sorted(ROOT.glob("trithuc/*/tests/test_security*.py"))
    uncited = []
    for path in files:
        tree = ast.parse(path.read_text())
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                key = f"{path.relative_to(ROOT)}::{node.name}"
                if key not in text and path.name != "test_security_docs.py":
                    uncited.append(key)
    assert not uncited, uncited
