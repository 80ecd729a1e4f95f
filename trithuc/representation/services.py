"""Party development counts (entered as aggregates) and representation records, read as
tables whose small cells are suppressed for roles that see aggregates only."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from trithuc.accounts.scope import Capability, recheck, scope_of
from trithuc.audit.services import record_event
from trithuc.codelists.services import ethnic_minority_codes, label
from trithuc.lib.disclosure import protect_table
from trithuc.orgunits.services import current_province_code, get_current_unit, short_unit_name
from trithuc.people.models import Person
from trithuc.representation.models import (
    BodyKind,
    PartyDevelopmentCount,
    PartyStage,
    RepresentationRecord,
)

YOUNG_AGE_LIMIT = 35  # the usual limit of "trí thức trẻ"; every page lets the user change it


class RepresentationError(ValueError):
    pass


def _require(actor: Any) -> None:
    scope_of(actor).require(Capability.ENTER_PARTY_FIGURES,
                            _("Vai trò của bạn không được nhập số liệu phát triển đảng viên, "
                              "quy hoạch."))  # fmt: skip


@dataclass(frozen=True)
class CountRow:
    unit_code: str
    year: int
    sector: str
    stage: str
    age: int
    count: int


def record_party_counts(rows: Iterable[CountRow], *, actor: Any, source: str = "web",
                        synthetic: bool = False) -> int:  # fmt: skip
    """Store (or replace) counts; every row must be a place the actor enters figures for."""
    _require(actor)
    rows = list(rows)
    scope = scope_of(actor)
    for row in rows:
        if row.stage not in PartyStage.values:
            raise RepresentationError(_("Giai đoạn '%(s)s' không hợp lệ.") % {"s": row.stage})
        if not 16 <= row.age <= 80 or row.count < 0:
            raise RepresentationError(_("Tuổi phải từ 16 đến 80 và số người không âm."))
    with transaction.atomic():
        for row in rows:
            province = current_province_code(row.unit_code) or ""
            unit = "" if row.unit_code == province else row.unit_code
            _require_unit(scope, row.unit_code)
            cell, _created = PartyDevelopmentCount.objects.update_or_create(
                province_code=province, unit_code=unit, year=row.year, sector=row.sector,
                stage=row.stage, age=row.age,
                defaults={"count": row.count, "is_synthetic": synthetic})  # fmt: skip
            recheck(PartyDevelopmentCount.objects.editable_by(actor), cell,
                    _("Đơn vị ngoài phạm vi của bạn."))  # fmt: skip
        record_event("update", actor=actor, source=source,
                     place={"province_code": current_province_code(rows[0].unit_code) or ""}
                     if rows else {},
                     detail={"what": "party_counts", "rows": len(rows)})  # fmt: skip
    return len(rows)


@dataclass
class Table:
    columns: list[str]
    rows: list[tuple[str, list[int | None]]]  # label, cells then the row total
    totals: list[int | None]
    suppressed: bool


def _unit_name(code: str, province: str) -> str:
    unit = get_current_unit(code or province)
    return short_unit_name(unit) if unit else (code or province)


def party_table(subject: Any, *, year: int, age_limit: int = YOUNG_AGE_LIMIT,
                by: str = "sector") -> Table:  # fmt: skip
    """Young intellectuals (age ≤ `age_limit`) by stage and sector (or locality) in `year`."""
    cells = (PartyDevelopmentCount.objects.visible_to(subject)
             .filter(year=year, age__lte=age_limit)
             .values("province_code", "unit_code", "sector", "stage")
             .annotate(n=Sum("count")).order_by())  # fmt: skip
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    names: dict[str, str] = {}
    for cell in cells:
        if by == "locality":
            key = cell["unit_code"] or cell["province_code"]
            names[key] = _unit_name(cell["unit_code"], cell["province_code"])
        else:
            key = cell["sector"]
            names[key] = label("sector", key)
        counts[key][cell["stage"]] += cell["n"]
    stages = PartyStage.values
    keys = sorted(counts, key=lambda k: names[k])
    inner = [[counts[k][s] for s in stages] for k in keys]
    hide = not scope_of(subject).can(Capability.READ_PEOPLE)  # as disclosure.suppresses
    if hide:
        full = protect_table(inner)
    else:
        full = [[*row, sum(row)] for row in inner]
        full.append([sum(r[j] for r in full) for j in range(len(stages) + 1)] if full
                    else [0] * (len(stages) + 1))  # fmt: skip
    return Table([PartyStage(s).label for s in stages],
                 [(names[k], full[i]) for i, k in enumerate(keys)], full[-1], hide)  # fmt: skip


# ---- representation --------------------------------------------------------------------


def _require_unit(scope: Any, code: str) -> None:
    """The unit is one the actor enters figures for; the message names it."""
    province = current_province_code(code) or ""
    unit = "" if code == province else code
    if not scope.allows_unit(Capability.ENTER_PARTY_FIGURES, province, unit):
        raise RepresentationError(_("Đơn vị %(u)s ngoài phạm vi của bạn.")
                                  % {"u": str(get_current_unit(code) or code)})  # fmt: skip


def record_representation(person: Person, *, kind: str, term: str, body: str, unit_code: str,
                          decided_on: dt.date, actor: Any, source: str = "web",
                          synthetic: bool = False) -> RepresentationRecord:  # fmt: skip
    _require(actor)
    if kind not in BodyKind.values:
        raise RepresentationError(_("Loại không hợp lệ."))
    start, _sep, end = term.partition("-")
    if not (start.isdigit() and end.isdigit() and int(end) - int(start) == 5):
        raise RepresentationError(_("Nhiệm kỳ ghi dạng 2025-2030."))
    _require_unit(scope_of(actor), unit_code)
    with transaction.atomic():
        record, _created = RepresentationRecord.objects.update_or_create(
            person=person, kind=kind, term=term, body=body.strip(),
            defaults={"unit_code": unit_code, "decided_on": decided_on,
                      "is_synthetic": synthetic})  # fmt: skip
        recheck(RepresentationRecord.objects.editable_by(actor), record,
                _("Người này ngoài phạm vi của bạn."))  # fmt: skip
        record_event("create", actor=actor, source=source, obj=record, about=person,
                     detail={"what": "representation", "kind": kind, "term": term})  # fmt: skip
    return record


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


GROUPS = ("ethnic_minority", "women", "young")
GROUP_NAMES = {"ethnic_minority": _("Dân tộc thiểu số"), "women": _("Nữ"),
               "young": _("Trí thức trẻ")}  # fmt: skip


@dataclass
class ShareRow:
    name: str
    total: int | None
    shares: dict[str, tuple[int | None, float | None]]  # group: (count, percent)


def representation_table(subject: Any, *, term: str, age_limit: int = YOUNG_AGE_LIMIT
                         ) -> list[ShareRow]:  # fmt: skip
    """Per kind of list or body in `term`: how many intellectuals, and the count and share
    of ethnic-minority, women and young ones (age on the decision date). Each group is a
    two-column table (in the group, not) protected on its own."""
    minorities = set(ethnic_minority_codes())
    records = (RepresentationRecord.objects.counted_for(subject).filter(term=term)
               .select_related("person"))  # fmt: skip
    members: dict[str, list[RepresentationRecord]] = defaultdict(list)
    for record in records:
        members[record.kind].append(record)
    kinds = [k for k in BodyKind.values if members[k]]
    tests = {
        "ethnic_minority": lambda r: r.person.ethnicity in minorities,
        "women": lambda r: r.person.gender == "female",
        "young": lambda r: age_on(r.person.birth_date, r.decided_on) <= age_limit,
    }
    scope = scope_of(subject)
    hide = not scope.can(Capability.READ_PEOPLE)
    protected = {}
    for group, test in tests.items():
        inner = [[sum(map(test, members[k])), sum(not test(r) for r in members[k])] for k in kinds]
        protected[group] = protect_table(inner) if hide else [[*r, sum(r)] for r in inner]
    rows = []
    for i, kind in enumerate(kinds):
        shares = {}
        total: int | None = len(members[kind])
        for group in GROUPS:
            inside, _outside, row_total = protected[group][i]
            if row_total is None:
                total = None
            share = (round(100 * inside / row_total, 1)
                     if inside is not None and row_total else None)  # fmt: skip
            shares[group] = (inside, share)
        rows.append(ShareRow(BodyKind(kind).label, total, shares))
    return rows
