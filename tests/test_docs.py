"""Docs that must not drift from the code."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_environment_setting_is_in_env_example():
    settings = (ROOT / "trithuc" / "settings.py").read_text()
    names = set(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z_]+)"', settings))
    example = (ROOT / ".env.example").read_text()
    missing = sorted(name for name in names if not re.search(rf"^{name}=", example, re.M))
    assert not missing, f"add to .env.example: {missing}"


def test_readme_names_the_two_commands_and_ci_runs_the_test_command():
    readme = (ROOT / "README.md").read_text()
    assert "make run" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text()
