"""Every word a user reads on a page comes from the translation catalogue (issue 13).

The templates are read as text: what is left once comments, translated strings, other
template tags, variables, scripts, styles and markup are taken away must hold no letters.
Attribute values a user sees or hears (`title`, `placeholder`, `aria-label`, `alt`, and
`data-label`, which the narrow-screen table layout prints before each cell) count as
text; literal fallbacks of `default`/`yesno` filters count too, unless written `_("…")`.
A finding is reported as file:line so the fix is one look away."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(__file__).resolve().parent.parent / "trithuc"
TEMPLATES = sorted(p for p in ROOT.rglob("templates/**/*.html"))

# Words that are not wording: the product's name and the square-metre symbol.
ALLOWED_WORDS = {"trithuc", "m²"}

# Templates not wrapped yet, each listed by its path under trithuc/. Empty when done.
NOT_YET_TRANSLATED: set[str] = set()

VISIBLE_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt", "data-label")

_COMMENT = re.compile(r"{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S)
_BLOCKTRANS = re.compile(
    r"{%\s*blocktrans(?:late)?\b.*?%}.*?{%\s*endblocktrans(?:late)?\s*%}", re.S
)
_RAW = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)
_VARIABLE = re.compile(r"{{.*?}}", re.S)
_TAG = re.compile(r"{%.*?%}", re.S)
# The literal fallback a filter prints (`|default:"—"`), unless marked `_("…")`.
_FILTER_LITERAL = re.compile(r"\|(?:default|default_if_none|yesno):\s*(\"[^\"]*\"|'[^']*')")
_ATTRIBUTE = re.compile(r"""([\w:-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.S)
_HTML_TAG = re.compile(r"<[^>]*>", re.S)
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|\w+);", re.I)
_WORD = re.compile(r"[^\W\d_]+")


def _blank(match: re.Match[str]) -> str:
    """Replace a span by its newlines alone, so line numbers stay true."""
    return "\n" * match.group(0).count("\n")


def _visible_attributes(tag: re.Match[str]) -> str:
    kept = [
        value.strip("\"'")
        for name, value in _ATTRIBUTE.findall(tag.group(0))
        if name.lower() in VISIBLE_ATTRIBUTES
    ]
    return " ".join(kept) + "\n" * tag.group(0).count("\n")


def untranslated(text: str) -> list[tuple[int, str]]:
    """(line, word) for every word of `text` a user would read untranslated."""
    findings = []
    for variable in _VARIABLE.finditer(text):
        for literal in _FILTER_LITERAL.findall(variable.group(0)):
            if _WORD.search(literal):
                line = text.count("\n", 0, variable.start()) + 1
                findings.append((line, literal))
    text = _COMMENT.sub(_blank, text)
    text = _BLOCKTRANS.sub(_blank, text)
    text = _RAW.sub(_blank, text)
    text = _VARIABLE.sub(_blank, text)
    text = _TAG.sub(_blank, text)
    text = _HTML_TAG.sub(_visible_attributes, text)
    text = _ENTITY.sub("", text)
    for number, line in enumerate(text.splitlines(), start=1):
        findings += [
            (number, word) for word in _WORD.findall(line) if word.lower() not in ALLOWED_WORDS
        ]
    return findings


def test_the_checker_sees_what_a_user_reads() -> None:
    page = (
        '{% load i18n %}<h1 title="Tiêu đề">{% translate "Chỉ tiêu" %}</h1>\n'
        '<p class="lead">Xin chào {{ user.name|default:"khách" }}</p>\n'
        "{# ghi chú #}{% blocktranslate %}Có {{ n }} người{% endblocktranslate %} 12 – %\n"
        '<input placeholder="{% translate "Tìm" %}" name="q"><td data-label="Nguồn"></td>'
    )
    assert untranslated(page) == [
        (2, '"khách"'),
        (1, "Tiêu"),
        (1, "đề"),
        (2, "Xin"),
        (2, "chào"),
        (4, "Nguồn"),
    ]


def test_every_template_is_found() -> None:
    assert len(TEMPLATES) > 50


def test_the_allowlist_names_existing_templates() -> None:
    names = {str(p.relative_to(ROOT)) for p in TEMPLATES}
    assert names >= NOT_YET_TRANSLATED


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_template_text_is_translated(path: Path) -> None:
    name = str(path.relative_to(ROOT))
    if name in NOT_YET_TRANSLATED:
        pytest.skip("listed in NOT_YET_TRANSLATED")
    findings = untranslated(path.read_text(encoding="utf-8"))
    report = "\n".join(f"trithuc/{name}:{line}: {word}" for line, word in findings)
    assert not findings, f"untranslated text:\n{report}"


CATALOGUE = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def _msgids(po: str) -> set[tuple[str, str]]:
    """(context, msgid) of every live entry of a .po file, the header left out."""
    entries, current, field = set(), {"msgctxt": "", "msgid": ""}, None
    for line in po.splitlines() + [""]:
        if line.startswith(("msgctxt ", "msgid ", "msgid_plural ", "msgstr")):
            field = line.split(" ", 1)[0]
            if field in ("msgctxt", "msgid"):
                current[field] = line.split(" ", 1)[1][1:-1]
        elif line.startswith('"') and field in ("msgctxt", "msgid"):
            current[field] += line[1:-1]
        elif not line.strip():
            if current["msgid"]:
                entries.add((current["msgctxt"], current["msgid"]))
            current, field = {"msgctxt": "", "msgid": ""}, None
    return entries


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext tools not installed")
def test_the_committed_catalogue_holds_every_string(tmp_path: Path, monkeypatch) -> None:
    """`make messages` was run after the last wording change: regenerating the catalogue
    from the sources gives the same strings as the committed one."""
    # makemessages writes next to the sources it finds a locale/ beside, so it reads a
    # copy of them: the committed catalogue is never touched by the test.
    sources = tmp_path / "src"
    for path in ROOT.parent.glob("trithuc/**/*"):
        if path.suffix in (".py", ".html", ".txt") and "locale" not in path.parts:
            target = sources / path.relative_to(ROOT.parent)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    monkeypatch.chdir(sources)
    with override_settings(LOCALE_PATHS=[tmp_path / "out"]):
        call_command("makemessages", locale=["vi"], verbosity=0)
    fresh = _msgids((tmp_path / "out/vi/LC_MESSAGES/django.po").read_text(encoding="utf-8"))
    committed = _msgids(CATALOGUE.read_text(encoding="utf-8"))
    assert len(fresh) > 1000
    assert fresh == committed, (
        f"run `make messages`: missing {sorted(fresh - committed)[:10]}, "
        f"obsolete {sorted(committed - fresh)[:10]}"
    )
