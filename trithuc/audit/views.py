"""Administrators search and export the audit trail (their scope only); nobody edits it."""

from __future__ import annotations

import io
import tempfile

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from trithuc.accounts.access import require_administrator
from trithuc.audit.exporting import write_events_csv, write_events_xlsx
from trithuc.audit.forms import AuditFilterForm
from trithuc.audit.models import AuditEvent
from trithuc.audit.sentences import describe
from trithuc.audit.services import record_event

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
    if fmt == "csv":
        text = io.StringIO()
        count = write_events_csv(events, text)  # type: ignore[arg-type]
        body: object = io.BytesIO(("\ufeff" + text.getvalue()).encode())
    else:
        body = tempfile.TemporaryFile()  # noqa: SIM115
        count = write_events_xlsx(events, body)  # type: ignore[arg-type]
        body.seek(0)  # type: ignore[attr-defined]
    filters = {k: v for k, v in request.GET.items() if k != "format"}
    record_event("export", actor=request.user, source="web", request=request,
                 detail={"kind": "audit_trail", "rows": count, "format": fmt,
                         "filters": filters})  # fmt: skip
    return FileResponse(body, as_attachment=True, filename=name)  # type: ignore[arg-type]
