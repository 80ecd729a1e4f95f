"""Every unit code a page shows comes with the unit's name (issue 13): "Phường Thục Phán
(01273)", never "01273" or "04" alone. Walks every page as every role of
`tests/test_access.py`'s walk, as `tests/test_pages_vietnamese.py` does."""

# ruff: noqa: F811 -- the walk fixture is imported from tests/test_access.py

from __future__ import annotations

import html
import re

import pytest

from tests.test_access import (  # noqa: F401 (fixture)
    POST_ONLY,
    all_views,
    sign_in,
    url_for,
    walk,
)
from trithuc.lib.text import fold

pytestmark = pytest.mark.django_db
ROLES = ("manager", "admin", "intellectual", "coordinator", "reporter", "secretariat",
         "viewer")  # fmt: skip
GET_VIEWS = [(name, pattern) for name, pattern in all_views() if name not in POST_ONLY]
FIVE_DIGITS = re.compile(r"(?<![\d.,/-])\d{5}(?![\d.,/])")
# A province code alone in a cell ("<td>04</td>"): a count is never written with a 0.
ALONE = re.compile(r">\s*(0\d|\d{5})\s*<")
TAGS = re.compile(r"<script\b.*?</script>|<style\b.*?</style>|<[^>]+>", re.S)
NEAR = 160  # characters before a code where its name must stand


def unit_names() -> dict[str, set[str]]:
    """Code → folded names (current and pre-2025) of every administrative unit."""
    from trithuc.orgunits.models import AdministrativeUnit
    from trithuc.orgunits.services import short_unit_name

    names: dict[str, set[str]] = {}
    for unit in AdministrativeUnit.objects.all():
        names.setdefault(unit.code, set()).add(fold(short_unit_name(unit)))
    return names


def codes_without_names(page: str, names: dict[str, set[str]]) -> list[str]:
    """The unit codes on the page (its text, not its attributes) without a name before."""
    found = [m.group(1) for m in ALONE.finditer(page) if m.group(1) in names]
    text = html.unescape(TAGS.sub(" ", page))
    folded = fold(text)  # same length: fold keeps one letter per letter
    for match in FIVE_DIGITS.finditer(text):
        code = match.group()
        if code not in names:
            continue
        before = folded[max(0, match.start() - NEAR) : match.start()]
        if not any(name in before for name in names[code]):
            found.append(code)
    return found


def test_the_check_finds_a_bare_code_and_accepts_a_named_one():
    names = {"01273": {"thuc phan"}, "04": {"cao bang"}}
    assert codes_without_names("<td>01273</td>", names) == ["01273", "01273"]
    assert codes_without_names("<td>04</td>", names) == ["04"]
    assert codes_without_names("<p>Phường Thục Phán (01273)</p>", names) == []
    assert codes_without_names("<p>Tỉnh Cao Bằng (04), 12.345 người</p>", names) == []


@pytest.mark.parametrize("role", ROLES)
def test_every_unit_code_on_a_page_comes_with_its_name(client, role, walk):
    names = unit_names()
    sign_in(client, walk["owners"].get(role) or walk[role])
    bare = {}
    for name, pattern in GET_VIEWS:
        response = client.get(url_for(name, pattern, walk["objects"]))
        if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
            continue
        if codes := codes_without_names(response.content.decode(), names):
            bare[name] = sorted(set(codes))
    assert not bare, bare
