"""Load administrative units and the old→new mapping from the `vietnamadminunits` package.

The package (MIT) ships `data/dataset.db` (SQLite: table `admin_units_legacy` with the 63
provinces, their districts and communes as they stood on 30/6/2025; table `admin_units`
with the 34 provinces and 3,321 communes in force from 1/7/2025) and
`data/converter_2025.json` (which old commune went into which new commune, keyed by
folded names). It is read straight from the installed package, without importing it
(importing it parses several MB of JSON that we do not need).

Used by the data migration (historical models) and by `trithuc load_reference_data`
(live models). Idempotent: rows are upserted by (code_system, code), mappings by
(old_unit, new_unit); nothing is deleted.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trithuc.lib.text import fold
from trithuc.orgunits import services
from trithuc.orgunits.models import AdministrativeUnit, UnitMapping

LEGACY = "2004"
CURRENT = "2025"
LEGACY_VALID_TO = dt.date(2025, 6, 30)
CURRENT_VALID_FROM = dt.date(2025, 7, 1)
BATCH = 500
FIELDS = ["level", "name", "unit_type", "province_code", "valid_from", "valid_to", "name_folded"]


@dataclass
class UnitRow:
    code_system: str
    code: str
    level: str
    name: str
    unit_type: str
    province_code: str
    parent_code: str | None
    valid_from: dt.date | None
    valid_to: dt.date | None


@dataclass
class Dataset:
    units: list[UnitRow] = field(default_factory=list)
    # (old code_system code, new code, is_partial); old codes are in the 2004 system.
    mappings: list[tuple[str, str, bool]] = field(default_factory=list)


def package_data_dir() -> Path:
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the vietnamadminunits package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _unit_type(raw: str | None, fallback: str) -> str:
    return (raw or fallback).strip().lower()


def _province_type(name: str) -> str:
    return "thành phố" if name.startswith("Thành phố") else "tỉnh"


def _read_legacy(db: sqlite3.Connection, data: Dataset) -> dict[str, str]:
    """Add the 2004-system units; return {"prov_district_ward" key: code} for mapping."""
    rows = db.execute(
        "SELECT province, provinceCode, provinceKey, district, districtCode, districtType,"
        " districtKey, ward, wardCode, wardType, wardKey FROM admin_units_legacy"
        " ORDER BY provinceCode, districtCode, wardCode"
    ).fetchall()
    seen: set[str] = set()
    keys: dict[str, str] = {}
    for prov, pcode, pkey, dist, dcode, dtype, dkey, ward, wcode, wtype, wkey in rows:
        units = [
            (pcode, "province", prov, _province_type(prov), None),
            (dcode, "district", dist, _unit_type(dtype, "huyện"), pcode),
        ]
        if wcode:
            units.append((wcode, "commune", ward, _unit_type(wtype, "xã"), dcode))
            keys[f"{pkey}_{dkey}_{wkey}"] = wcode
        else:  # island districts without communes (Côn Đảo, Lý Sơn…)
            keys[f"{pkey}_{dkey}_"] = dcode
        keys[pkey] = pcode
        for code, level, name, kind, parent in units:
            if code not in seen:
                seen.add(code)
                data.units.append(
                    UnitRow(LEGACY, code, level, name, kind, pcode, parent, None, LEGACY_VALID_TO)
                )
    return keys


def _read_current(db: sqlite3.Connection, data: Dataset) -> dict[tuple[str, str], str]:
    """Add the 2025-system units; return {(province key, ward key): code}."""
    rows = db.execute(
        "SELECT province, provinceCode, provinceKey, ward, wardCode, wardType, wardKey"
        " FROM admin_units ORDER BY provinceCode, wardCode"
    ).fetchall()
    seen: set[str] = set()
    keys: dict[tuple[str, str], str] = {}
    for prov, pcode, pkey, ward, wcode, wtype, wkey in rows:
        if pcode not in seen:
            seen.add(pcode)
            data.units.append(
                UnitRow(
                    CURRENT,
                    pcode,
                    "province",
                    prov,
                    _province_type(prov),
                    pcode,
                    None,
                    CURRENT_VALID_FROM,
                    None,
                )
            )
            keys[(pkey, "")] = pcode
        data.units.append(
            UnitRow(
                CURRENT,
                wcode,
                "commune",
                ward,
                _unit_type(wtype, "xã"),
                pcode,
                pcode,
                CURRENT_VALID_FROM,
                None,
            )
        )
        keys[(pkey, wkey)] = wcode
    return keys


def _read_mappings(
    path: Path, old: dict[str, str], new: dict[tuple[str, str], str], data: Dataset
) -> None:
    converter = json.loads(path.read_text(encoding="utf-8"))
    for new_pkey, old_pkeys in converter["DICT_PROVINCE"].items():
        for old_pkey in old_pkeys:
            data.mappings.append((old[old_pkey], new[(new_pkey, "")], False))
    for new_pkey, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_wkey, old_keys in wards.items():
            for old_key in old_keys:
                data.mappings.append((old[old_key], new[(new_pkey, new_wkey)], False))
    for new_pkey, divided in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, parts in divided.items():
            for part in parts:
                data.mappings.append((old[old_key], new[(new_pkey, part["newWardKey"])], True))


def read_dataset(data_dir: Path | None = None) -> Dataset:
    """Read both systems and the mapping from the installed package's data files."""
    data_dir = data_dir or package_data_dir()
    data = Dataset()
    uri = f"{(data_dir / 'dataset.db').as_uri()}?mode=ro"
    with sqlite3.connect(uri, uri=True) as db:
        old_keys = _read_legacy(db, data)
        new_keys = _read_current(db, data)
    db.close()
    _read_mappings(data_dir / "converter_2025.json", old_keys, new_keys, data)
    return data


# --- writing -------------------------------------------------------------------------


def _values(row: UnitRow) -> dict[str, Any]:
    return {
        "level": row.level,
        "name": row.name,
        "unit_type": row.unit_type,
        "province_code": row.province_code,
        "valid_from": row.valid_from,
        "valid_to": row.valid_to,
        "name_folded": fold(row.name),
    }


def _upsert_level(
    unit_model: Any, rows: Iterable[UnitRow], ids: dict[tuple[str, str], int], existing: dict
) -> tuple[int, int]:
    """Create or update one level's rows (parents already in `ids`); fill `ids`."""
    to_create, to_update = [], []
    for row in rows:
        values = _values(row)
        parent_id = ids[(row.code_system, row.parent_code)] if row.parent_code else None
        unit = existing.get((row.code_system, row.code))
        if unit is None:
            to_create.append(
                unit_model(
                    code_system=row.code_system, code=row.code, parent_id=parent_id, **values
                )
            )
            continue
        changed = unit.parent_id != parent_id
        unit.parent_id = parent_id
        for name, value in values.items():
            if getattr(unit, name) != value:
                setattr(unit, name, value)
                changed = True
        if changed:
            to_update.append(unit)
    unit_model.objects.bulk_create(to_create, batch_size=BATCH)
    if to_update:
        unit_model.objects.bulk_update(to_update, [*FIELDS, "parent"], batch_size=BATCH)
    for unit in to_create:
        if unit.pk is None:  # databases that cannot return ids from a bulk insert
            break
        ids[(unit.code_system, unit.code)] = unit.pk
    else:
        return len(to_create), len(to_update)
    codes = [u.code for u in to_create]
    for system, code, pk in unit_model.objects.filter(code__in=codes).values_list(
        "code_system", "code", "pk"
    ):
        ids[(system, code)] = pk
    return len(to_create), len(to_update)


def _sync_mappings(mapping_model: Any, data: Dataset, ids: dict[tuple[str, str], int]) -> int:
    rows = mapping_model.objects.values_list("pk", "old_unit_id", "new_unit_id", "is_partial")
    existing = {(old, new): (pk, partial) for pk, old, new, partial in rows}
    to_create, to_update = [], []
    for old_code, new_code, partial in data.mappings:
        pair = (ids[(LEGACY, old_code)], ids[(CURRENT, new_code)])
        found = existing.get(pair)
        if found is None:
            to_create.append(
                mapping_model(old_unit_id=pair[0], new_unit_id=pair[1], is_partial=partial)
            )
            existing[pair] = (None, partial)
        elif found[1] != partial and found[0] is not None:
            to_update.append(mapping_model(pk=found[0], is_partial=partial))
    mapping_model.objects.bulk_create(to_create, batch_size=BATCH)
    if to_update:
        mapping_model.objects.bulk_update(to_update, ["is_partial"], batch_size=BATCH)
    return len(to_create)


def sync_units(unit_model: Any = None, mapping_model: Any = None) -> dict[str, int]:
    """Upsert every unit of both systems and the old→new mapping; returns counts."""
    if unit_model is None or mapping_model is None:
        unit_model, mapping_model = AdministrativeUnit, UnitMapping
    data = read_dataset()
    existing = {(u.code_system, u.code): u for u in unit_model.objects.all()}
    ids = {key: unit.pk for key, unit in existing.items()}
    created = updated = 0
    for level in ("province", "district", "commune"):
        rows = [row for row in data.units if row.level == level]
        c, u = _upsert_level(unit_model, rows, ids, existing)
        created, updated = created + c, updated + u
    mappings = _sync_mappings(mapping_model, data, ids)
    services.clear_cache()
    return {"units_created": created, "units_updated": updated, "mappings_created": mappings}
