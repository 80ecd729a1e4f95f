"""Honours pages: counts per year, the honours and nominations of the user's scope, and
forms to nominate and record an honour (person found by national ID within scope)."""

from __future__ import annotations

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
from trithuc.honours.forms import AwardForm, NominationForm
from trithuc.honours.models import Honour, HonourForm, HonourLevel, Nomination
from trithuc.lib.forms import say_errors

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


def _require(request: HttpRequest) -> None:
    scope_of(request.user).require(C.MANAGE_HONOURS,
                                   _("Vai trò của bạn không được quản lý khen thưởng."))  # fmt: skip


@login_required
@require_POST
def nominate(request: HttpRequest) -> HttpResponse:
    _require(request)
    form = NominationForm(request.POST, user=request.user)
    if not form.is_valid():
        say_errors(request, form)
        return redirect("honours:list")
    data = form.cleaned_data
    nomination = services.nominate(data["person"], data["form"], year=data["year"],
                                   actor=request.user)  # fmt: skip
    messages.success(request, _("Đã ghi đề nghị: %(s)s.") % {"s": nomination.get_status_display()})
    return redirect("honours:list")


@login_required
@require_POST
def award(request: HttpRequest) -> HttpResponse:
    _require(request)
    form = AwardForm(request.POST, user=request.user)
    if not form.is_valid():
        say_errors(request, form)
        return redirect("honours:list")
    data = form.cleaned_data
    try:
        services.award(data["person"], data["form"], decision_number=data["decision_number"],
                       decision_date=data["decision_date"], actor=request.user)  # fmt: skip
        messages.success(request, _("Đã ghi khen thưởng."))
    except services.HonourError as exc:
        messages.error(request, str(exc))
    return redirect("honours:list")
