"""The one masking rule: what a sensitive field shows to a role that may not see it.

Pages (`presenters`), exports (`exporting`) and the API all call `masked`; a role that
sees a field masked may also not search, filter, sort or export by it
(`filters.PersonFilter` drops those for such a role)."""

from __future__ import annotations

import datetime as dt

SENSITIVE_FIELDS = frozenset({"national_id", "birth_date", "ethnicity", "religion",
                              "party_member", "phone", "email"})  # fmt: skip
MASK = "•••"


def mask_national_id(value: str) -> str:
    return value[:3] + "•" * 6 + value[-3:] if len(value) == 12 else MASK


def masked(name: str, value: object) -> str:
    """`value` of field `name` as a role without sensitive access sees it: a national ID
    keeps its first and last three digits, a birth date its year, the rest nothing."""
    if name == "national_id":
        return mask_national_id(str(value or ""))
    if name == "birth_date":
        return str(value.year) if isinstance(value, dt.date) else MASK
    return MASK


def masked_age(birth: dt.date, day: dt.date) -> int:
    """The age a masked profile shows: from the year alone (the year is what it shows)."""
    return day.year - birth.year
