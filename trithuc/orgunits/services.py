"""Administrative units and agencies: look-ups the import calls per row, and the
mapping between the pre-2025 (63-province) and current (34-province) systems.

Current units and agencies are read through in-process dicts built on first use; saving
or deleting a unit, mapping or agency clears them (signals in apps.py), bulk writes call
`clear_cache()`. Objects returned from a cache are shared: do not modify them.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from trithuc.lib.text import fold, fold_alnum, nfc, sort_key
from trithuc.orgunits.agencies import (
    CITY_PLACEHOLDERS,
    PROVINCE_PLACEHOLDERS,
    USUAL_AGENCIES,
    AgencySpec,
)
from trithuc.orgunits.models import (
    AdministrativeUnit,
    Agency,
    CodeSystem,
    UnitLevel,
    UnitMapping,
)

LEGACY = CodeSystem.LEGACY.value
CURRENT = CodeSystem.CURRENT.value
_LEVEL_BY_LENGTH = {
    2: UnitLevel.PROVINCE.value,
    3: UnitLevel.DISTRICT.value,
    5: UnitLevel.COMMUNE.value,
}


@dataclass
class _Units:
    by_code: dict[str, AdministrativeUnit] = field(default_factory=dict)
    province_of: dict[str, str] = field(default_factory=dict)
    communes: dict[str, list[str]] = field(default_factory=dict)  # province → communes
    # code → (folded name, folded short name, sort key): what the unit picker compares
    keys: dict[str, tuple[str, str, str]] = field(default_factory=dict)


@dataclass
class _Agencies:
    suffixes: list[list[str]] = field(default_factory=list)
    lookup: dict[str, Agency | None] = field(default_factory=dict)
    seen: dict[str, Agency | None] = field(default_factory=dict)  # raw text → result


_lock = threading.Lock()
_units: _Units | None = None
_agencies: dict[str, _Agencies] = {}
# (level, legacy code) → current (code, name) that took it over: the import's hint for
# an obsolete code, read without a query per row (and from a process without a database
# connection: see people.importing).
_successors: dict[tuple[str, str], tuple[tuple[str, str], ...]] | None = None


def clear_cache() -> None:
    """Forget cached units and agencies (after bulk writes that bypass `save`)."""
    global _units, _successors, _former
    with _lock:
        _units = None
        _successors = None
        _former = None
        _agencies.clear()


def clear_agency_cache(province_code: str | None = None) -> None:
    """Forget cached agencies of one province, or of every province."""
    with _lock:
        if province_code is None:
            _agencies.clear()
        else:
            _agencies.pop(province_code, None)


# --- current units -------------------------------------------------------------------


def _load_units() -> _Units:
    units = _Units()
    for unit in AdministrativeUnit.objects.filter(code_system=CURRENT).order_by("code"):
        units.by_code[unit.code] = unit
        units.province_of[unit.code] = unit.province_code
        if unit.level == UnitLevel.COMMUNE:
            units.communes.setdefault(unit.province_code, []).append(unit.code)
        short = short_unit_name(unit)
        units.keys[unit.code] = (unit.name_folded, fold(short), sort_key(short))
    return units


def _current() -> _Units:
    global _units
    units = _units
    if units is None:
        units = _load_units()
        with _lock:
            _units = units
    return units


def _clean_code(code: object) -> str:
    return str(code).strip() if code is not None else ""


def get_current_unit(code: str) -> AdministrativeUnit | None:
    """The unit in force (2025 system) with this 2-digit province or 5-digit commune code."""
    return _current().by_code.get(_clean_code(code))


def current_province_code(code: str) -> str | None:
    """The province code of a current 2-digit or 5-digit code; None for any other code."""
    return _current().province_of.get(_clean_code(code))


def units_under(code: str) -> list[str]:
    """Current codes at or under `code`: a province and all its communes, or the commune."""
    code = _clean_code(code)
    units = _current()
    unit = units.by_code.get(code)
    if unit is None:
        return []
    if unit.level == UnitLevel.PROVINCE:
        return [code, *units.communes.get(code, [])]
    return [code]


def short_unit_name(unit: AdministrativeUnit) -> str:
    """ "Cao Bằng" for "Tỉnh Cao Bằng", "Hồng Hà" for "Phường Hồng Hà"."""
    prefix = unit.unit_type.strip()
    if prefix and unit.name.lower().startswith(prefix.lower() + " "):
        return unit.name[len(prefix) + 1 :]
    return unit.name


def unit_choices(province_code: str | None = None) -> list[tuple[str, str]]:
    """(code, name) of the current provinces, or of one province's communes, in
    Vietnamese alphabetical order of their names."""
    units = _current()
    if province_code is None:
        found = [u for u in units.by_code.values() if u.level == UnitLevel.PROVINCE]
    else:
        found = [units.by_code[c] for c in units.communes.get(_clean_code(province_code), [])]
    found.sort(key=lambda u: (sort_key(short_unit_name(u)), u.code))
    return [(u.code, u.name) for u in found]


# --- legacy ↔ current ----------------------------------------------------------------


def _level(code: str, level: str | None) -> str:
    if level:
        return str(level)
    return _LEVEL_BY_LENGTH.get(len(code), UnitLevel.COMMUNE.value)


def legacy_to_current(code: str, level: str | None = None) -> list[AdministrativeUnit]:
    """The current units that took over a pre-2025 unit's area, by code.

    `level` is "province", "district" or "commune" (guessed from the code's length when
    omitted: 2, 3 or 5 digits). A district gives the new communes of all its communes.
    """
    code = _clean_code(code)
    level = _level(code, level)
    old = Q(code_system=LEGACY, code=code, level=level)
    if level == UnitLevel.DISTRICT:
        old |= Q(code_system=LEGACY, parent__code=code, parent__level=UnitLevel.DISTRICT)
    old_ids = AdministrativeUnit.objects.filter(old).values("pk")
    return list(
        AdministrativeUnit.objects.filter(code_system=CURRENT, mapped_from__old_unit__in=old_ids)
        .distinct()
        .order_by("code")
    )


def successor_names(code: str, level: str | None = None) -> tuple[tuple[str, str], ...]:
    """(code, name) of the current units that took over a pre-2025 province or commune,
    in code order, from a dict built once; () when the code is not a legacy unit."""
    global _successors
    found = _successors
    if found is None:
        # Two plain scans joined here: the three-table join with its filters took
        # seconds on SQLite for these few thousand rows.
        units = {
            pk: (system, level, code, name)
            for pk, system, level, code, name in AdministrativeUnit.objects.values_list(
                "pk", "code_system", "level", "code", "name"
            )
        }
        pairs: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for old_id, new_id in UnitMapping.objects.values_list("old_unit_id", "new_unit_id"):
            old, new = units.get(old_id), units.get(new_id)
            if old is None or new is None or old[0] != LEGACY or new[0] != CURRENT:
                continue
            if old[1] not in (UnitLevel.PROVINCE, UnitLevel.COMMUNE):
                continue
            successors = pairs.setdefault((old[1], old[2]), [])
            if (new[2], new[3]) not in successors:
                successors.append((new[2], new[3]))
        for successors in pairs.values():
            successors.sort()
        found = {key: tuple(value) for key, value in pairs.items()}
        with _lock:
            _successors = found
    code = _clean_code(code)
    return found.get((_level(code, level), code), ())


def warm_caches() -> None:
    """Load every dict the import's row checks read, so that they run without queries."""
    _current()
    successor_names("00")


def current_to_legacy(code: str) -> list[AdministrativeUnit]:
    """The pre-2025 units a current unit was formed from (whole or in part), by code.

    For a province: the old provinces ("68" Lâm Đồng → 60 Bình Thuận, 67 Đắk Nông,
    68 Lâm Đồng); for a commune: the old communes (or island districts).
    """
    code = _clean_code(code)
    return list(
        AdministrativeUnit.objects.filter(
            code_system=LEGACY,
            mapped_to__new_unit__code_system=CURRENT,
            mapped_to__new_unit__code=code,
        )
        .distinct()
        .order_by("code")
    )


# --- agencies ------------------------------------------------------------------------


def agency_key(text: str, suffixes: Iterable[list[str]] = ()) -> str:
    """Matching key of an agency name: folded, without punctuation, spaces or "và",
    and without a trailing province name or "tỉnh"/"thành phố"."""
    words = fold_alnum(text).split()
    for suffix in suffixes:
        n = len(suffix)
        if len(words) > n and words[-n:] == suffix:
            words = words[:-n]
            break
    for generic in (["tinh"], ["thanh", "pho"], ["tp"]):
        n = len(generic)
        if len(words) > n and words[-n:] == generic:
            words = words[:-n]
            break
    return "".join(word for word in words if word != "va")


def _province_suffixes(province_code: str) -> list[list[str]]:
    """Word lists that may end an agency name in this province, longest first."""
    names = set()
    unit = get_current_unit(province_code)
    if unit is not None:
        names.add(fold_alnum(short_unit_name(unit)))
    for old in current_to_legacy(province_code):
        if old.level == UnitLevel.PROVINCE:
            names.add(fold_alnum(short_unit_name(old)))
    suffixes = []
    for name in names:
        for prefix in ("tinh ", "thanh pho ", "tp ", ""):
            suffixes.append((prefix + name).split())
    return sorted(suffixes, key=len, reverse=True)


def _load_agencies(province_code: str) -> _Agencies:
    cache = _Agencies(suffixes=_province_suffixes(province_code))
    tiers: list[dict[str, Agency | None]] = [{}, {}, {}]
    agencies = Agency.objects.filter(province_code=province_code).order_by("pk")
    for agency in agencies:
        keyed = [
            (0, agency.name),
            (1, agency.short_name),
            *((2, alias) for alias in agency.aliases or [] if isinstance(alias, str)),
        ]
        for tier, text in keyed:
            key = agency_key(text, cache.suffixes) if text else ""
            if not key:
                continue
            known = tiers[tier].get(key, agency)
            tiers[tier][key] = agency if known is not None and known.pk == agency.pk else None
    for tier in tiers:
        for key, agency in tier.items():
            cache.lookup.setdefault(key, agency)
    return cache


def _agency_cache(province_code: str) -> _Agencies:
    cache = _agencies.get(province_code)
    if cache is None:
        cache = _load_agencies(province_code)
        with _lock:
            _agencies[province_code] = cache
    return cache


def match_agency(text: str, province_code: str) -> Agency | None:
    """The agency of this province that `text` names (its name, short name or an alias,
    ignoring case, diacritics, punctuation and a trailing province name); None when no
    agency or more than one agency matches. A commune code is taken as its province."""
    if not text:
        return None
    province_code = _clean_code(province_code)
    if len(province_code) == 5:
        province_code = current_province_code(province_code) or province_code
    cache = _agency_cache(province_code)
    if text in cache.seen:
        return cache.seen[text]
    found = cache.lookup.get(agency_key(text, cache.suffixes))
    if len(cache.seen) < 100_000:
        cache.seen[text] = found
    return found


def _placeholders(province: AdministrativeUnit) -> dict[str, str]:
    return CITY_PLACEHOLDERS if province.unit_type == "thành phố" else PROVINCE_PLACEHOLDERS


def _with_province(name: str, province: AdministrativeUnit, words: dict[str, str]) -> str:
    short = short_unit_name(province)
    if fold_alnum(name).split()[-1] in {"tinh", "pho", "uy", "doan"}:
        return f"{name} {short}"
    return f"{name} {words['tinh']} {short}"


def _spec_values(spec: AgencySpec, province: AdministrativeUnit) -> dict[str, Any]:
    words = _placeholders(province)
    name = nfc(spec.name.format(**words))
    aliases = [nfc(a.format(**words)) for a in (*spec.aliases, *spec.former)]
    if spec.with_province_alias:
        aliases.insert(0, _with_province(name, province, words))
    return {
        "name": name,
        "short_name": nfc(spec.short_name.format(**words)),
        "kind": spec.kind,
        "aliases": list(dict.fromkeys(aliases)),
        "valid_from": spec.valid_from,
        "valid_to": spec.valid_to,
        "parent": nfc(spec.parent.format(**words)) if spec.parent else None,
    }


def create_usual_agencies(province_code: str) -> int:
    """Create the usual agencies of a current province (Tỉnh ủy and its commissions,
    HĐND, UBND and its departments, the Front, associations, examples of public-service
    units); returns how many were created. Idempotent: an agency already present under
    its name or one of its aliases is kept as the administrator left it, apart from
    gaining missing aliases."""
    province = get_current_unit(province_code)
    if province is None or province.level != UnitLevel.PROVINCE:
        raise ValueError(f"'{province_code}' is not a current province code")
    known = _load_agencies(province.code)
    created = 0
    by_name: dict[str, Agency] = {}
    with transaction.atomic():
        for spec in USUAL_AGENCIES:
            values = _spec_values(spec, province)
            parent_name = values.pop("parent")
            key = agency_key(values["name"], known.suffixes)
            agency = known.lookup.get(key)
            if agency is None:
                agency = Agency(province_code=province.code, **values)
                agency.parent = by_name.get(parent_name) if parent_name else None
                agency.save()
                known.lookup[key] = agency
                created += 1
            else:
                agency = Agency.objects.get(pk=agency.pk)
                aliases = list(agency.aliases or [])
                missing = [a for a in values["aliases"] if a not in aliases]
                if missing:
                    agency.aliases = [*aliases, *missing]
                    agency.save(update_fields=["aliases"])
            by_name[values["name"]] = agency
    clear_agency_cache(province.code)
    return created


# --- units by name ---------------------------------------------------------------------

# "Phường Thục Phán (01273)", as the picker writes a chosen unit.
_LABELLED_CODE = re.compile(r"\((\d{2}|\d{5})\)\s*$")


_NO_UNIT = AdministrativeUnit(name="", unit_type="")


class UnknownUnit(ValueError):
    """A unit typed that names no current unit, or names several: the message says which."""


@dataclass(frozen=True)
class UnitMatch:
    code: str
    name: str
    province: str  # the province's name, "" for a province
    former: str = ""  # the pre-2025 name that matched, when the match came through it

    @property
    def label(self) -> str:
        return f"{self.name} ({self.code})"


def unit_label(code: object) -> str:
    """ "Phường Thục Phán (01273)" for a current code; the code as given otherwise."""
    text = _clean_code(code)
    unit = get_current_unit(text)
    return f"{unit.name} ({unit.code})" if unit is not None else text


def unit_name(code: object) -> str:
    """The current unit's name ("Tỉnh Cao Bằng"), "" for a code that names none."""
    unit = get_current_unit(_clean_code(code))
    return unit.name if unit is not None else ""


def _match(unit: AdministrativeUnit, former: str = "") -> UnitMatch:
    province = ""
    if unit.level != UnitLevel.PROVINCE:
        parent = get_current_unit(unit.province_code)
        province = parent.name if parent is not None else ""
    return UnitMatch(unit.code, unit.name, province, former)


def _within(code: str, within: str | None) -> bool:
    return not within or code == within or current_province_code(code) == within


def _rank(folded: str, short: str, key: str) -> int | None:
    """0 for the name or its short form typed whole, 1 for a start, 2 inside; None."""
    if key in (folded, short):
        return 0
    if folded.startswith(key) or short.startswith(key):
        return 1
    return 2 if key in folded else None


def find_units(text: str, *, within: str | None = None, limit: int = 20) -> list[UnitMatch]:
    """Current units a user's words may name, best first: a code, a label as the picker
    writes it, or a name (any case, with or without diacritics, "Hòa An" for "Xã Hòa An"),
    also a pre-2025 name, answered with the units that took its area over. `within`: a
    province code to keep to (its communes and itself)."""
    text = nfc(text or "")
    if not text:
        return []
    code = _LABELLED_CODE.search(text)
    code_text = code.group(1) if code else text
    if code_text.isdigit():
        unit = get_current_unit(code_text)
        if unit is not None:
            return [_match(unit)] if _within(unit.code, within) else []
        return _former_code_matches(code_text, within)[:limit]
    key = fold(text)
    units = _current()
    ranked = []
    for code, (folded, short, order) in units.keys.items():
        rank = _rank(folded, short, key)
        if rank is not None and _within(code, within):
            unit = units.by_code[code]
            ranked.append((rank, unit.level != UnitLevel.PROVINCE, order, unit))
    ranked.sort(key=lambda item: item[:3])
    found = [_match(item[3]) for item in ranked[:limit]]
    if len(found) < limit:
        found += _former_matches(key, within, {m.code for m in found}, limit - len(found))
    return found


# (folded name, code, level, name) of every pre-2025 province and commune, in name order:
# the picker scans it for a former name (a query per keystroke took 100 ms on SQLite).
_former: list[tuple[str, str, str, str]] | None = None


def _former_names() -> list[tuple[str, str, str, str]]:
    global _former
    found = _former
    if found is None:
        found = list(
            AdministrativeUnit.objects.filter(
                code_system=LEGACY, level__in=(UnitLevel.PROVINCE, UnitLevel.COMMUNE)
            )
            .order_by("name_folded", "code")
            .values_list("name_folded", "code", "level", "name")
        )
        with _lock:
            _former = found
    return found


def _former_matches(key: str, within: str | None, seen: set[str], limit: int) -> list[UnitMatch]:
    """Current units that took over a pre-2025 province or commune named by `key`."""
    found: list[UnitMatch] = []
    for folded, old_code, level, old_name in _former_names():
        if key not in folded:
            continue
        for code, _name in successor_names(old_code, level):
            unit = get_current_unit(code)
            if unit is None or code in seen or not _within(code, within):
                continue
            seen.add(code)
            found.append(_match(unit, former=old_name))
            if len(found) >= limit:
                return found
    return found


def _former_code_matches(code: str, within: str | None) -> list[UnitMatch]:
    """The current units that took over the pre-2025 province or commune with this code."""
    level = _level(code, None)
    old = AdministrativeUnit.objects.filter(code_system=LEGACY, code=code, level=level).first()
    if old is None:
        return []
    found = []
    for new_code, _name in successor_names(code, level):
        unit = get_current_unit(new_code)
        if unit is not None and _within(new_code, within):
            found.append(_match(unit, former=f"{old.name} ({old.code})"))
    return found


def resolve_unit(text: str, *, within: str | None = None) -> AdministrativeUnit:
    """The one current unit `text` names (see `find_units`); `UnknownUnit` with a message
    a user can act on when it names none or several."""
    text = nfc(text or "")
    found = find_units(text, within=within, limit=6)
    key = fold(text)
    # A current name typed whole wins over names that merely contain it or former names.
    exact = [
        m
        for m in found
        if not m.former
        and (
            m.label == text
            or key in (fold(m.name), fold(short_unit_name(get_current_unit(m.code) or _NO_UNIT)))
        )
    ]
    if len(found) == 1 or len(exact) == 1:
        unit = get_current_unit((exact or found)[0].code)
        if unit is not None:
            return unit
    if not found:
        where = ""
        if within and (province := get_current_unit(within)) is not None:
            where = _(" thuộc %(province)s") % {"province": province.name}
        raise UnknownUnit(
            _("Không tìm thấy đơn vị hành chính “%(text)s”%(where)s trong danh mục từ "
              "01/7/2025. Hãy gõ tên xã, phường hoặc tỉnh (có thể gõ tên cũ) rồi chọn "
              "trong danh sách, hoặc ghi mã (tỉnh 2 số, xã 5 số).")
            % {"text": text, "where": where}
        )  # fmt: skip
    names = "; ".join(m.label for m in (exact if len(exact) > 1 else found)[:5])
    raise UnknownUnit(
        _("“%(text)s” ứng với nhiều đơn vị: %(names)s. Hãy chọn một đơn vị trong danh sách.")
        % {"text": text, "names": names}
    )
