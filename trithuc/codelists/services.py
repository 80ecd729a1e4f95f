"""Look-ups in the code lists: text → stable code, code → label, ranks.

The import calls `match_code` on every cell of 100,000s of rows, so every look-up reads
an in-process dict built once from CodeEntry. Saving or deleting a CodeEntry clears it
(signals in apps.py); bulk writes must call `clear_cache()` themselves.

Matching ignores case, diacritics, punctuation, spaces and the word "và" (so "Nữ", "nu",
"NỮ"; "Êđê", "Ê-đê", "Ê Đê"; "Giáo dục & đào tạo", "giao duc va dao tao" all match).
A code, a label or an alias is accepted; a number is accepted for numeric codes with or
without leading zeros ("1" → "01"). Codes win over labels and labels over aliases; a key
that two entries share at the same level is ambiguous and matches nothing.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from trithuc.codelists.models import CodeEntry
from trithuc.lib.text import fold_alnum

EDUCATION_LEVEL = "education_level"
ETHNICITY = "ethnicity"
KINH = "01"
_AMBIGUOUS = ""
_PREFIXES = {ETHNICITY: ("dantoc", "nguoi")}


@dataclass
class _List:
    order: list[tuple[str, str, int | None]] = field(default_factory=list)  # code, label, rank
    labels: dict[str, str] = field(default_factory=dict)
    ranks: dict[str, int | None] = field(default_factory=dict)
    lookup: dict[str, str] = field(default_factory=dict)
    seen: dict[object, str | None] = field(default_factory=dict)  # raw text → code


_lock = threading.Lock()
_cache: dict[str, _List] | None = None


def match_key(text: object) -> str:
    """The key two spellings share when they name the same entry."""
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    words = fold_alnum(str(text)).split()
    key = "".join(word for word in words if word != "va")
    return str(int(key)) if key.isdigit() else key


def _add(keys: dict[str, str], key: str, code: str) -> None:
    if key and keys.get(key, code) != code:
        keys[key] = _AMBIGUOUS
    elif key:
        keys[key] = code


def _build_lookup(rows: list[tuple[str, str, list[str]]]) -> dict[str, str]:
    tiers: list[dict[str, str]] = [{}, {}, {}]
    for code, label, aliases in rows:
        _add(tiers[0], match_key(code), code)
        _add(tiers[1], match_key(label), code)
        for alias in aliases:
            _add(tiers[2], match_key(alias), code)
    lookup: dict[str, str] = {}
    for tier in tiers:
        for key, code in tier.items():
            lookup.setdefault(key, code)
    return lookup


def _load() -> dict[str, _List]:
    lists: dict[str, _List] = {}
    raw: dict[str, list[tuple[str, str, list[str]]]] = {}
    rows = CodeEntry.objects.order_by("list_name", "rank", "code").values_list(
        "list_name", "code", "label", "rank", "aliases"
    )
    for list_name, code, label, rank, aliases in rows:
        entry = lists.setdefault(list_name, _List())
        entry.order.append((code, label, rank))
        entry.labels[code] = label
        entry.ranks[code] = rank
        raw.setdefault(list_name, []).append((code, label, list(aliases or [])))
    for list_name, entry in lists.items():
        entry.lookup = _build_lookup(raw[list_name])
    return lists


def _lists() -> dict[str, _List]:
    global _cache
    cache = _cache
    if cache is None:
        with _lock:
            cache = _cache
            if cache is None:
                cache = _cache = _load()
    return cache


def _list(list_name: str) -> _List:
    return _lists().get(list_name) or _List()


def warm_cache() -> None:
    """Load every list now (before a fork whose child may not query the database)."""
    _lists()


def clear_cache() -> None:
    """Forget the cached lists (after writing CodeEntry rows without `save`)."""
    global _cache
    _cache = None


def match_code(list_name: str, text: object) -> str | None:
    """The stable code that `text` (a code, label or alias, any case or accents) names."""
    if text is None:
        return None
    entry = _list(list_name)
    try:
        return entry.seen[text]
    except (KeyError, TypeError):
        pass
    code = _match(entry.lookup, list_name, text)
    if len(entry.seen) < 100_000 and isinstance(text, str | int | float):
        entry.seen[text] = code
    return code


def _match(lookup: dict[str, str], list_name: str, text: object) -> str | None:
    key = match_key(text)
    code = lookup.get(key)
    if code is None:
        for prefix in _PREFIXES.get(list_name, ()):
            if key.startswith(prefix) and len(key) > len(prefix):
                code = lookup.get(key[len(prefix) :])
                break
    return code or None


def label(list_name: str, code: str) -> str:
    """The label of `code`, or the code itself when the list does not know it."""
    return _list(list_name).labels.get(code, code)


def choices(list_name: str) -> list[tuple[str, str]]:
    """(code, label) pairs in rank order (the official order of the list)."""
    return [(code, text) for code, text, _ in _list(list_name).order]


def codes(list_name: str) -> list[str]:
    """Every code of the list, in rank order."""
    return [code for code, _, _ in _list(list_name).order]


def rank(list_name: str, code: str) -> int | None:
    """The rank of `code` (education: none = 0 … doctor_of_science = 10), None if unknown."""
    return _list(list_name).ranks.get(code)


def codes_at_or_above(list_name: str, code: str) -> list[str]:
    """Codes ranked at or above `code`, lowest first ([] when `code` is unknown)."""
    floor = rank(list_name, code)
    if floor is None:
        return []
    return [c for c, _, r in _list(list_name).order if r is not None and r >= floor]


def postgraduate_levels() -> list[str]:
    """Education levels counted as postgraduate: master and every level ranked above it."""
    return codes_at_or_above(EDUCATION_LEVEL, "master")


def university_or_higher_levels() -> list[str]:
    """Education levels of an intellectual: bachelor (đại học) and above."""
    return codes_at_or_above(EDUCATION_LEVEL, "bachelor")


def ethnic_minority_codes() -> list[str]:
    """The 53 ethnic groups other than Kinh (DTTS, NĐ 05/2011/NĐ-CP Art. 4)."""
    return [code for code in codes(ETHNICITY) if code != KINH]
