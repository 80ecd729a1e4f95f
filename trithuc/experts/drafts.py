"""A draft's numbered places, for comments anchored to them: articles ("Điều 3"), their
clauses ("Điều 3 khoản 2"), and, in a text with no articles, its paragraphs ("Đoạn 4")."""

from __future__ import annotations

import re
from dataclasses import dataclass

ARTICLE = re.compile(r"^\s*Điều\s+(\d+)\b", re.IGNORECASE)
CLAUSE = re.compile(r"^\s*(\d+)[.)]\s+")


@dataclass(frozen=True)
class Anchor:
    label: str
    excerpt: str


def anchors(text: str) -> list[Anchor]:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    found: list[Anchor] = []
    article = ""
    for line in lines:
        match = ARTICLE.match(line)
        if match:
            article = f"Điều {match.group(1)}"
            found.append(Anchor(article, line[:160]))
            continue
        clause = CLAUSE.match(line)
        if article and clause:
            found.append(Anchor(f"{article} khoản {clause.group(1)}", line[:160]))
    if found:
        return found
    return [Anchor(f"Đoạn {n}", line[:160]) for n, line in enumerate(lines, start=1)]


def anchor_labels(text: str) -> list[str]:
    return [anchor.label for anchor in anchors(text)]
