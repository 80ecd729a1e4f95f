"""The area a target is read against, in current (2025) unit codes.

The registry stores where people work in current codes, for every period of their
history. A target names a unit in the code system of its plan: a plan issued before
1 July 2025 names pre-reform units (63 provinces, districts, communes). Such a target
is read against the current communes that took over the old unit's area, by the
old→new commune mapping of `orgunits` (a current commune formed only partly from the
old area counts whole). Province-level staff (a 2-digit workplace code) go with the old
province whose code the new province kept: the new code is the seat's old code
(68 Lâm Đồng = Lâm Đồng + Đắk Nông + Bình Thuận, seat ex-Lâm Đồng), so a target for old
Lâm Đồng counts the new province's province-level staff, one for old Bình Thuận does not.
An old province that became a current one unchanged (04 Cao Bằng) is read whole.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.db.models import Q

from trithuc.orgunits.models import AdministrativeUnit, Agency
from trithuc.orgunits.services import current_province_code, get_current_unit, units_under

CURRENT = "2025"
LEGACY = "2004"


@dataclass(frozen=True)
class Area:
    code: str
    code_system: str
    name: str
    provinces: frozenset[str]  # current provinces read whole
    units: frozenset[str]  # further current workplace codes (communes, province level)
    agencies: frozenset[int] = frozenset()  # when set: only people employed by these

    @property
    def by_agency(self) -> bool:
        """An agency's staff: the snapshot (by unit and sector) cannot answer for it."""
        return bool(self.agencies)

    @property
    def is_province(self) -> bool:
        return bool(self.provinces) and not self.units and len(self.provinces) == 1

    def all_provinces(self) -> set[str]:
        found = set(self.provinces)
        found |= {province for code in self.units if (province := current_province_code(code))}
        return found

    def contains(self, province_code: str, workplace_unit: str) -> bool:
        return province_code in self.provinces or workplace_unit in self.units

    def q(self, prefix: str = "") -> Q:
        condition = Q(pk__in=[])
        if self.provinces:
            condition |= Q(**{f"{prefix}province_code__in": sorted(self.provinces)})
        if self.units:
            condition |= Q(**{f"{prefix}workplace_unit__in": sorted(self.units)})
        return condition


class AreaError(ValueError):
    pass


_lock = threading.Lock()
_cache: dict[tuple[str, str], Area] = {}


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def resolve_area(code: str, code_system: str = CURRENT) -> Area:
    """The current units a unit code (of either code system) stands for."""
    code = (code or "").strip()
    key = (code, code_system)
    area = _cache.get(key)
    if area is None:
        area = _resolve_legacy(code) if code_system == LEGACY else _resolve_current(code)
        with _lock:
            _cache[key] = area
    return area


def _resolve_current(code: str) -> Area:
    unit = get_current_unit(code)
    if unit is None:
        raise AreaError(f"Không có đơn vị hành chính hiện hành mã '{code}'.")
    if len(code) == 2:
        return Area(code, CURRENT, unit.name, frozenset({code}), frozenset())
    return Area(code, CURRENT, unit.name, frozenset(), frozenset({code}))


def _resolve_legacy(code: str) -> Area:
    level = {2: "province", 3: "district", 5: "commune"}.get(len(code))
    old = AdministrativeUnit.objects.filter(code_system=LEGACY, code=code, level=level).first()
    if old is None:
        raise AreaError(f"Không có đơn vị hành chính cũ (trước 7/2025) mã '{code}'.")
    old_communes = Q(code_system=LEGACY, level__in=["commune", "district"])
    if level == "province":
        old_communes &= Q(province_code=code)
    elif level == "district":
        old_communes &= Q(code=code) | Q(parent__code=code, parent__level="district")
    else:
        old_communes = Q(code_system=LEGACY, code=code, level="commune")
    communes = set(
        AdministrativeUnit.objects.filter(
            code_system=CURRENT,
            level="commune",
            mapped_from__old_unit__in=AdministrativeUnit.objects.filter(old_communes),
        ).values_list("code", flat=True)
    )
    name = f"{old.name} (trước 01/7/2025)"
    if level == "province":
        whole = set(units_under(code)[1:]) if len(units_under(code)) > 1 else set()
        if whole and communes == whole:
            return Area(code, LEGACY, name, frozenset({code}), frozenset())
        if units_under(code):  # the new province kept this code: its seat
            communes.add(code)
    return Area(code, LEGACY, name, frozenset(), frozenset(communes))


def agency_area(agency_id: int) -> Area:
    """An agency and the agencies under it (a department and its public-service units),
    within its province."""
    agency = Agency.objects.filter(pk=agency_id).first()
    if agency is None:
        raise AreaError(f"Không có cơ quan mã {agency_id}.")
    ids = {agency.pk}
    frontier = {agency.pk}
    while frontier:
        frontier = set(Agency.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        frontier -= ids
        ids |= frontier
    return Area(f"agency:{agency.pk}", "agency", agency.name,
                frozenset({agency.province_code}), frozenset(), frozenset(ids))  # fmt: skip


def area_province(code: str, code_system: str = CURRENT) -> str:
    """The current province an area lies in (the first, for an area astride two)."""
    try:
        provinces = sorted(resolve_area(code, code_system).all_provinces())
    except AreaError:
        return code if len(code) == 2 else ""
    return provinces[0] if provinces else ""


def unit_name(code: str) -> str:
    """The current unit's name, or "Cấp tỉnh" for province-level staff in a drill-down."""
    unit = get_current_unit(code)
    return unit.name if unit else code
