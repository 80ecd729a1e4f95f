"""Administrators search and export the audit trail (their scope only); nobody edits it."""

from __future__ import annotations

from typing import IO

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from trithuc.accounts.access import require_administrator
from trithuc.audit.exporting import write_events_csv, write_events_xlsx
from trithuc.audit.forms import AuditFilterForm
from trithuc.audit.models import AuditEvent
from trithuc.audit.sentences import describe
from trithuc.audit.services import record_event
from trithuc.core.downloads import progress_for, temporary_download

PAGE_SIZE = 50


def _events(request: HttpRequest) -> tuple[AuditFilterForm, object]:
    require_administrator(request.user)
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.visible_to(request.user)
    return form, form.filter(events) if request.GET else events


@login_required
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    form, events = _events(request)
    page = Paginator(events.select_related("actor"), PAGE_SIZE).get_page(request.GET.get("page"))  # type: ignore[attr-defined]
    query = request.GET.copy()
    query.pop("page", None)
    rows = [{"event": event, "sentence": describe(event)} for event in page]
    context = {"form": form, "page": page, "rows": rows, "query_string": query.urlencode()}
    return render(request, "audit/event_list.html", context)


@login_required
@require_GET
def event_export(request: HttpRequest) -> HttpResponse:
    form, events = _events(request)
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    name = f"nhat-ky-{timezone.localdate():%Y%m%d}.{fmt}"
    progress = progress_for(request)  # a long trail takes seconds: the page shows it
    writer = write_events_csv if fmt == "csv" else write_events_xlsx

    def write(handle: IO[bytes]) -> None:
        count = writer(events, handle, progress.rows(_("dòng nhật ký")))  # type: ignore[arg-type]
        filters = {k: v for k, v in request.GET.items() if k not in ("format", "progress")}
        record_event("export", actor=request.user, source="web", request=request,
                     detail={"kind": "audit_trail", "rows": count, "format": fmt,
                             "filters": filters})  # fmt: skip

    return temporary_download(write, name, progress)
