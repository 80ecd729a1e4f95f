"""Load the canonical code lists of `data.py` into CodeEntry, idempotently.

Used by the data migration (with the historical model) and by
`trithuc load_reference_data` (with the live model). It adds new entries, updates
labels, ranks and validity dates from the data, merges aliases (entries an administrator
added stay), and never deletes an entry: stored records may refer to any code.
"""

from __future__ import annotations

from typing import Any

from trithuc.codelists import services
from trithuc.codelists.data import CODE_LISTS, Entry, rank_of
from trithuc.codelists.models import CodeEntry


def _desired(list_name: str, position: int, entry: Entry) -> dict[str, Any]:
    return {
        "label": entry.label,
        "rank": rank_of(list_name, position),
        "aliases": list(entry.aliases),
        "extra": dict(entry.extra),
        "valid_from": entry.valid_from,
        "valid_to": entry.valid_to,
    }


def _merge(row: Any, desired: dict[str, Any]) -> bool:
    """Bring `row` up to date with `desired`; True when anything changed."""
    merged_aliases = list(desired["aliases"])
    merged_aliases += [a for a in (row.aliases or []) if a not in merged_aliases]
    values = {
        "label": desired["label"],
        "rank": desired["rank"],
        "aliases": merged_aliases,
        "extra": {**(row.extra or {}), **desired["extra"]},
        "valid_from": desired["valid_from"] or row.valid_from,
        "valid_to": desired["valid_to"] or row.valid_to,
    }
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


def sync_code_lists(entry_model: Any = None) -> dict[str, int]:
    """Create or update every entry of `CODE_LISTS`; returns {"created": n, "updated": n}."""
    entry_model = entry_model or CodeEntry
    existing = {(row.list_name, row.code): row for row in entry_model.objects.all()}
    to_create, to_update = [], []
    for list_name, entries in CODE_LISTS.items():
        for position, entry in enumerate(entries):
            desired = _desired(list_name, position, entry)
            row = existing.get((list_name, entry.code))
            if row is None:
                to_create.append(entry_model(list_name=list_name, code=entry.code, **desired))
            elif _merge(row, desired):
                to_update.append(row)
    entry_model.objects.bulk_create(to_create)
    if to_update:
        fields = ["label", "rank", "aliases", "extra", "valid_from", "valid_to"]
        entry_model.objects.bulk_update(to_update, fields)
    services.clear_cache()
    return {"created": len(to_create), "updated": len(to_update)}
