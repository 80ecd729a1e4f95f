"""Honours pages: counts per year, the honours and nominations of the user's scope, and
forms to nominate and record an honour (person found by national ID within scope)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from trithuc.accounts.scope import Capability, scope_of
from trithuc.honours import services
from trithuc.honours.models import Honour, HonourForm, HonourLevel, Nomination
from trithuc.lib.forms import parse_date
from trithuc.people.models import Person

C = Capability


@login_required
@require_GET
def honour_list(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    if not (scope.can(C.MANAGE_HONOURS) or scope.can(C.READ_AGGREGATES)):
        raise PermissionDenied(_("Vai trò của bạn không xem được khen thưởng."))
    per_year = services.honours_per_year(Honour.objects.counted_for(request.user))
    levels = HonourLevel.choices
    years = [(year, [per_year[year].get(code, 0) for code, _label in levels])
             for year in sorted(per_year, reverse=True)]  # fmt: skip
    manage = scope.can(C.MANAGE_HONOURS)
    return render(request, "honours/list.html", {
        "years": years, "levels": levels, "can_manage": manage,
        "honours": Honour.objects.visible_to(request.user).select_related("person", "form")[:100]
        if manage else [],
        "nominations": Nomination.objects.editable_by(request.user)
        .select_related("person", "form")[:100] if manage else [],
        "forms": HonourForm.objects.all(), "this_year": timezone.localdate().year})  # fmt: skip


def _person(request: HttpRequest) -> Person | None:
    national_id = request.POST.get("national_id", "").strip()
    person = Person.objects.editable_by(request.user).filter(national_id=national_id).first()
    if person is None:
        messages.error(
            request, _("Không tìm thấy người có số định danh này trong phạm vi của bạn.")
        )
    return person


def _form(request: HttpRequest) -> HonourForm | None:
    form = HonourForm.objects.filter(code=request.POST.get("form", "")).first()
    if form is None:
        messages.error(request, _("Chọn hình thức khen thưởng."))
    return form


def _require(request: HttpRequest) -> None:
    scope_of(request.user).require(C.MANAGE_HONOURS,
                                   _("Vai trò của bạn không được quản lý khen thưởng."))  # fmt: skip


@login_required
@require_POST
def nominate(request: HttpRequest) -> HttpResponse:
    _require(request)
    person, form = _person(request), _form(request)
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        messages.error(request, _("Năm xét không hợp lệ."))
        return redirect("honours:list")
    if person and form:
        nomination = services.nominate(person, form, year=year, actor=request.user)
        messages.success(
            request, _("Đã ghi đề nghị: %(s)s.") % {"s": nomination.get_status_display()}
        )
    return redirect("honours:list")


def _date(text: str) -> dt.date | None:
    """A date typed dd/mm/yyyy (or ISO); None when blank or not a date."""
    try:
        return parse_date(text)
    except ValueError:
        return None


@login_required
@require_POST
def award(request: HttpRequest) -> HttpResponse:
    _require(request)
    person, form = _person(request), _form(request)
    day = _date(request.POST.get("decision_date", ""))
    if day is None:
        messages.error(request, _("Ngày quyết định không hợp lệ."))
    elif person and form:
        try:
            services.award(person, form, decision_number=request.POST.get("decision_number", ""),
                           decision_date=day, actor=request.user)  # fmt: skip
            messages.success(request, _("Đã ghi khen thưởng."))
        except services.HonourError as exc:
            messages.error(request, str(exc))
    return redirect("honours:list")
