"""Honours: nominations checked against the form's conditions (years of service, an
earlier honour held long enough), honours recorded with their decision, counts per year.

The conditions in the catalogue are simplified from the Law on Emulation and Commendation
(2022) and its decrees: years of service and the earlier title; the merit criteria stay
with the council."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Count, Min
from django.utils.translation import gettext as _

from trithuc.accounts.scope import Capability, recheck, scope_of
from trithuc.audit.services import record_event
from trithuc.honours.models import Honour, HonourForm, Nomination, NominationStatus
from trithuc.people.models import Employment, Person


class HonourError(ValueError):
    pass


def _require(actor: Any) -> None:
    scope_of(actor).require(Capability.MANAGE_HONOURS,
                            _("Vai trò của bạn không được quản lý khen thưởng."))  # fmt: skip


def service_start(person: Person) -> dt.date | None:
    """The earliest known start of work (employment history), None when unknown."""
    return Employment.objects.filter(person=person).aggregate(d=Min("valid_from"))["d"]


def whole_years(start: dt.date, end: dt.date) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def check_nomination(person: Person, form: HonourForm, year: int) -> list[dict[str, Any]]:
    """Each condition of `form` for `person` as of 31 December of `year`, explained."""
    day = dt.date(year, 12, 31)
    checks: list[dict[str, Any]] = []
    if form.min_years_service:
        start = service_start(person)
        years = whole_years(start, day) if start else 0
        ok = start is not None and years >= form.min_years_service
        since = start.strftime("%d/%m/%Y") if start else _("chưa rõ ngày bắt đầu")
        checks.append({"ok": ok, "text": _(
            "Thời gian công tác: %(y)s năm (từ %(s)s); yêu cầu từ %(n)s năm") % {
            "y": years, "s": since, "n": form.min_years_service}})  # fmt: skip
    if form.requires_id:
        earlier = (Honour.objects.filter(person=person, form_id=form.requires_id,
                                         decision_date__lte=day)
                   .order_by("decision_date").first())  # fmt: skip
        if earlier is None:
            checks.append({"ok": False, "text": _("Chưa có %(f)s") % {"f": form.requires}})
        else:
            years = whole_years(earlier.decision_date, day)
            ok = years >= form.min_years_since_required
            checks.append({"ok": ok, "text": _(
                "%(f)s từ %(d)s (%(y)s năm); yêu cầu từ %(n)s năm") % {
                "f": form.requires, "d": earlier.decision_date.strftime("%d/%m/%Y"), "y": years,
                "n": form.min_years_since_required}})  # fmt: skip
    if Honour.objects.filter(person=person, form=form).exists():
        checks.append({"ok": False, "text": _("Đã được tặng %(f)s") % {"f": form}})
    return checks


def nominate(person: Person, form: HonourForm, *, year: int, actor: Any,
             source: str = "web") -> Nomination:  # fmt: skip
    _require(actor)
    checks = check_nomination(person, form, year)
    status = (NominationStatus.ELIGIBLE if all(c["ok"] for c in checks)
              else NominationStatus.INELIGIBLE)  # fmt: skip
    with transaction.atomic():
        nomination = Nomination.objects.create(
            person=person, form=form, year=year, status=status, checks=checks,
            proposed_by=actor if getattr(actor, "pk", None) else None)  # fmt: skip
        recheck(Nomination.objects.editable_by(actor), nomination,
                _("Bạn không quản lý khen thưởng của người này."))  # fmt: skip
        record_event("create", actor=actor, source=source, obj=nomination, about=person,
                     detail={"what": "nomination", "form": form.code, "status": status})  # fmt: skip
    return nomination


def award(person: Person, form: HonourForm, *, decision_number: str, decision_date: dt.date,
          actor: Any, level: str = "", source: str = "web", synthetic: bool = False) -> Honour:  # fmt: skip
    _require(actor)
    if not decision_number.strip():
        raise HonourError(_("Ghi số quyết định khen thưởng."))
    with transaction.atomic():
        honour = Honour.objects.create(
            person=person, form=form, decision_number=decision_number.strip(),
            decision_date=decision_date, level=level or form.level, is_synthetic=synthetic)  # fmt: skip
        recheck(Honour.objects.editable_by(actor), honour,
                _("Bạn không quản lý khen thưởng của người này."))  # fmt: skip
        Nomination.objects.filter(person=person, form=form,
                                  status=NominationStatus.ELIGIBLE).update(
            status=NominationStatus.AWARDED)  # fmt: skip
        record_event("create", actor=actor, source=source, obj=honour, about=person,
                     detail={"what": "honour", "form": form.code, "number": decision_number})  # fmt: skip
    return honour


def catalogue_for(province_code: str | None) -> Any:
    from django.db.models import Q

    return HonourForm.objects.filter(Q(province_code="") | Q(province_code=province_code or ""))


def honours_per_year(honours: Any) -> dict[int, dict[str, int]]:
    """{year: {level: count}} of honours decided that year."""
    table: dict[int, dict[str, int]] = {}
    rows = (honours.values_list("decision_date__year", "level").annotate(n=Count("id"))
            .order_by())  # fmt: skip
    for year, level, n in rows:
        table.setdefault(year, {})[level] = n
    return table
