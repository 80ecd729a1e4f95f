"""Party development among young intellectuals and representation in planning and elected
bodies: aggregate tables only, small cells suppressed for aggregate roles."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from trithuc.accounts.scope import Capability, scope_of
from trithuc.people.models import Person
from trithuc.representation import services
from trithuc.representation.forms import PartyCountRows, PartyCountsForm, RecordForm, count_rows
from trithuc.representation.models import RepresentationRecord


def _int(text: str | None, default: int, low: int, high: int) -> int:
    try:
        return max(low, min(high, int(text or default)))
    except ValueError:
        return default


@login_required
@require_GET
def party(request: HttpRequest) -> HttpResponse:
    scope_of(request.user).require(Capability.READ_AGGREGATES,
                                   _("Vai trò của bạn không xem được số liệu tổng hợp."))  # fmt: skip
    year = _int(request.GET.get("nam"), timezone.localdate().year, 2000, 2100)
    age_limit = _int(request.GET.get("tuoi"), services.YOUNG_AGE_LIMIT, 18, 80)
    by = "locality" if request.GET.get("theo") == "dia-ban" else "sector"
    table = services.party_table(request.user, year=year, age_limit=age_limit, by=by)
    terms = sorted(set(RepresentationRecord.objects.counted_for(request.user)
                       .values_list("term", flat=True)))  # fmt: skip
    term = request.GET.get("nhiem_ky") or (terms[-1] if terms else "")
    shares = services.representation_table(request.user, term=term, age_limit=age_limit)
    return render(request, "representation/party.html", {
        "table": table, "year": year, "age_limit": age_limit, "by": by, "terms": terms,
        "term": term, "shares": shares, "groups": services.GROUP_NAMES,
        "can_enter": scope_of(request.user).can(Capability.ENTER_PARTY_FIGURES)})  # fmt: skip


def _enterer(request: HttpRequest) -> str:
    """403 without the right; the user's province (the form's default unit)."""
    scope = scope_of(request.user)
    scope.require(Capability.ENTER_PARTY_FIGURES,
                  _("Vai trò của bạn không được nhập số liệu phát triển đảng viên, quy hoạch."))  # fmt: skip
    return scope.home_province(Capability.ENTER_PARTY_FIGURES) or ""


@login_required
@require_http_methods(["GET", "POST"])
def party_counts_entry(request: HttpRequest) -> HttpResponse:
    """Counts of one unit and year, a row per sector, stage and age (aggregates only)."""
    province = _enterer(request)
    initial = {"unit_code": province, "year": timezone.localdate().year}
    header = PartyCountsForm(request.POST or None, initial=initial)
    rows = PartyCountRows(request.POST or None, prefix="rows")
    if request.method == "POST" and header.is_valid() and rows.is_valid():
        filled = count_rows(header, rows)
        if not filled:
            header.add_error(None, _("Ghi ít nhất một dòng số liệu."))
        else:
            try:
                services.record_party_counts(filled, actor=request.user)
            except services.RepresentationError as exc:
                header.add_error(None, str(exc))
            else:
                messages.success(request, _("Đã ghi %(n)s dòng số liệu.") % {"n": len(filled)})
                return redirect(
                    f"{reverse('representation:party')}?nam={header.cleaned_data['year']}"
                )
    return render(request, "representation/party_counts_form.html",
                  {"header": header, "rows": rows})  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def record_create(request: HttpRequest) -> HttpResponse:
    """A person's inclusion in a planning list or election to a body, for a term."""
    province = _enterer(request)
    form = RecordForm(request.POST or None, initial={"unit_code": province})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = (Person.objects.visible_to(request.user)
                  .filter(national_id=data["national_id"].strip()).first())  # fmt: skip
        if person is None:
            form.add_error("national_id",
                           _("Không tìm thấy người có số định danh này trong phạm vi của bạn."))  # fmt: skip
        else:
            try:
                services.record_representation(
                    person, kind=data["kind"], term=data["term"], body=data["body"],
                    unit_code=data["unit_code"], decided_on=data["decided_on"],
                    actor=request.user)  # fmt: skip
            except services.RepresentationError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Đã ghi: %(p)s.") % {"p": person.full_name})
                return redirect("representation:record_create")
    records = (RepresentationRecord.objects.editable_by(request.user)
               .select_related("person").order_by("-id")[:50])  # fmt: skip
    return render(request, "representation/record_form.html",
                  {"form": form, "records": records})  # fmt: skip
