"""Pages of the registry: list, profile, form, export, import and summary."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trithuc.accounts.scope import Capability, OutOfScope, scope_of
from trithuc.accounts.services import can_edit_people, can_see_sensitive, can_view_aggregates
from trithuc.audit.services import record_event
from trithuc.core.downloads import progress_for, temporary_download
from trithuc.core.security import UploadRefused, check_archive
from trithuc.people import import_jobs, services
from trithuc.people.access import (
    get_job_for_user,
    get_person_for_user,
    get_person_to_edit,
    require_editor,
    require_profile_access,
)
from trithuc.people.blank_template import write_blank_template
from trithuc.people.cbccvc.exporting import export_cbccvc
from trithuc.people.error_report import write_error_report
from trithuc.people.exporting import export_people
from trithuc.people.fields import can_review, unmapped_count
from trithuc.people.filters import PersonFilter
from trithuc.people.forms import MappingForm, PersonForm, SummaryForm, UploadForm
from trithuc.people.jobs import get_progress, progress_percent
from trithuc.people.models import ImportJob, ImportStatus, Person
from trithuc.people.paging import page_rows
from trithuc.people.presenters import (
    SENSITIVE_FIELDS,
    change_rows,
    employment_rows,
    person_rows,
    profile_sections,
    qualification_rows,
)
from trithuc.people.search import PgNameSearch, fts_driven_count, page_plan
from trithuc.people.summary import summary_for

PAGE_SIZE = 50
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """Counts at most COUNT_CAP + 1 rows: an exact count of 130,000 "Hoàng" costs more
    than the page itself. Past the cap the page says "hơn 10.000 người" (`count_capped`),
    the number of pages is unknown (`num_pages` is None) and every page fetches one row
    more than it shows, to know whether there is a next one.

    A name search on PostgreSQL is counted and paged by `search.PgNameSearch`; one with
    many matches on SQLite is counted by `search.fts_driven_count`."""

    @cached_property
    def name_search(self) -> PgNameSearch | None:
        return PgNameSearch.of(self.object_list, COUNT_CAP)

    @cached_property
    def count(self) -> int:
        if self.name_search is not None:
            return self.name_search.count
        driven = fts_driven_count(self.object_list, COUNT_CAP + 1)
        if driven is not None:
            return driven
        # Without the ORDER BY: a sliced queryset keeps it in the count's subquery, and
        # sorting 10,001 rows to count them costs more than counting.
        return self.object_list.order_by()[: COUNT_CAP + 1].count()

    @property
    def count_capped(self) -> bool:
        return self.count > COUNT_CAP

    @cached_property
    def num_pages(self) -> int | None:  # type: ignore[override]
        return None if self.count_capped else super().num_pages

    def validate_number(self, number: object) -> int:
        if not self.count_capped:
            return super().validate_number(number)
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)  # type: ignore[call-overload]
        except (TypeError, ValueError) as exc:
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from exc
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number

    def get_page(self, number: object) -> Page:
        if not self.count_capped:
            return super().get_page(number)
        try:
            return self.page(number)
        except (PageNotAnInteger, EmptyPage):
            return self.page(1)

    def page(self, number: object) -> Page:
        if self.name_search is not None:
            return self._name_search_page(number)
        # The count first: it tells the database how to fetch the page (page_plan).
        plan = page_plan(self.object_list, self.count)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        # The rows skipped are read from an index alone where it can (paging.page_rows).
        if not self.count_capped:
            top = bottom + self.per_page
            if top + self.orphans >= self.count:
                top = self.count
            with plan:
                rows = page_rows(self.object_list, bottom, top)
            return self._get_page(rows, number, self)
        with plan:
            rows = page_rows(self.object_list, bottom, bottom + self.per_page + 1)
        return CappedPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)

    def _name_search_page(self, number: object) -> Page:
        search = self.name_search
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if not self.count_capped:
            top = bottom + self.per_page
            if top + self.orphans >= self.count:
                top = self.count
            return self._get_page(search.rows(bottom, top - bottom), number, self)
        rows = search.rows(bottom, self.per_page + 1)
        return CappedPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)


class CappedPage(Page):
    def __init__(self, object_list: list, number: int, paginator: Paginator, *, more: bool):
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        return self.more

    def end_index(self) -> int:
        return (self.number - 1) * self.paginator.per_page + len(self.object_list)


@login_required
@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    require_profile_access(request.user)
    people = PersonFilter(request.GET, queryset=Person.objects.profiles_for(request.user),
                          sensitive=can_see_sensitive(request.user))  # fmt: skip
    # A reader of one province picks among its units ("Hòa An" is then one commune).
    people.form.fields["unit"].keep_within(
        scope_of(request.user).only_province(Capability.READ_PEOPLE)
    )
    page = CappedPaginator(people.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    _audit_id_search(request, people)
    context = {
        "filter": people,
        "choice_fields": [field for field in people.form if field.name not in ("q", "unit")],
        "search_hint": "vd: nguyen van an hoặc 004…" if people.sensitive else "vd: nguyen van an",
        "page": page,
        "count_cap": COUNT_CAP,
        "rows": person_rows(page.object_list, request.user),
        "can_edit": can_edit_people(request.user),
        "query_string": _query_without_page(request),
    }
    template = (
        "people/list.html#results" if request.headers.get("HX-Request") else ("people/list.html")
    )
    return render(request, template, context)


def _audit_id_search(request: HttpRequest, people: PersonFilter) -> None:
    """A search by national ID is recorded whoever makes it (and one refused too)."""
    query = (people.form.cleaned_data or {}).get("q") or ""
    if any(ch.isdigit() for ch in query):
        record_event("search", actor=request.user, source="web", request=request,
                     detail={"by": "national_id", "query": query[:12],
                             "refused": people.id_search_refused})  # fmt: skip


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
@require_GET
def person_detail(request: HttpRequest, person_uuid: uuid.UUID) -> HttpResponse:
    person = get_person_for_user(request.user, person_uuid)
    sensitive = Person.objects.sensitive_for(request.user).filter(pk=person.pk).exists()
    # Every profile view is recorded, whatever the role; with the fields shown unmasked.
    record_event("view_sensitive" if sensitive else "view", actor=request.user, source="web",
                 request=request, obj=person,
                 fields=sorted(SENSITIVE_FIELDS) if sensitive else [])  # fmt: skip
    context = {
        "person": person,
        "sections": profile_sections(person, sensitive=sensitive),
        "employments": employment_rows(person),
        "qualifications": qualification_rows(person),
        "changes": change_rows(person, sensitive=sensitive),
        "can_edit": can_edit_people(request.user),
    }
    return render(request, "people/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    require_editor(request.user)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.create_person(form.validated.values, actor=request.user)
        except services.PersonRefused as exc:
            form.add_error(exc.field, str(exc))
        else:
            messages.success(request, f"Đã thêm hồ sơ {person.full_name}.")
            return redirect("people:detail", person_uuid=person.uuid)
    return render(request, "people/form.html", {"form": form, "person": None})


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, person_uuid: uuid.UUID) -> HttpResponse:
    person = get_person_to_edit(request.user, person_uuid)
    if request.method == "GET":  # the form shows every field, sensitive ones included
        record_event("view_sensitive", actor=request.user, source="web", request=request,
                     obj=person, fields=sorted(SENSITIVE_FIELDS), detail={"page": "edit"})  # fmt: skip
    form = PersonForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_person(form.validated.values, actor=request.user, person=person)
        except OutOfScope as exc:
            form.add_error("workplace_unit", str(exc))
        else:
            messages.success(request, "Đã lưu thay đổi.")
            return redirect("people:detail", person_uuid=person.uuid)
    return render(request, "people/form.html", {"form": form, "person": person})


@login_required
@require_GET
def person_export(request: HttpRequest) -> HttpResponse:
    require_profile_access(request.user)
    filename = f"danh-sach-tri-thuc-{timezone.localdate():%Y%m%d}.xlsx"
    progress = progress_for(request)

    def write(handle: IO[bytes]) -> None:
        result = export_people(request.user, request.GET, handle, progress.rows("hồ sơ"))
        filters = {k: v for k, v in request.GET.dict().items() if k != "progress"}
        detail = {"rows": result.rows, "filters": filters,
                  "sensitive": result.sensitive}  # fmt: skip
        record_event("export", actor=request.user, source="web", request=request, detail=detail)
        if result.sensitive:
            record_event("view_sensitive", actor=request.user, source="web", request=request,
                         fields=sorted(SENSITIVE_FIELDS), detail=detail)  # fmt: skip

    return temporary_download(write, filename, progress)


@login_required
@require_GET
def person_export_cbccvc(request: HttpRequest) -> HttpResponse:
    """The list as filtered, in the CSDL CBCCVC exchange layout (`people.cbccvc`): the
    same scope, filters, masking (masked columns left out) and audit as `person_export`."""
    require_profile_access(request.user)
    filename = f"cbccvc-{timezone.localdate():%Y%m%d}.xlsx"
    progress = progress_for(request)

    def write(handle: IO[bytes]) -> None:
        result = export_cbccvc(request.user, request.GET, handle, progress.rows("hồ sơ"))
        filters = {k: v for k, v in request.GET.dict().items() if k != "progress"}
        detail = {"rows": result.rows, "filters": filters, "sensitive": result.sensitive,
                  "layout": services.CBCCVC}  # fmt: skip
        record_event("export", actor=request.user, source="web", request=request, detail=detail)
        if result.sensitive:
            record_event("view_sensitive", actor=request.user, source="web", request=request,
                         fields=sorted(SENSITIVE_FIELDS), detail=detail)  # fmt: skip

    return temporary_download(write, filename, progress)


def _template_provinces(user: object) -> list[str]:
    """The provinces whose communes the template lists: those the user's roles touch."""
    return sorted(scope_of(user).touched_provinces())


@login_required
@require_GET
def template_download(request: HttpRequest) -> HttpResponse:
    provinces = _template_provinces(request.user)
    return temporary_download(
        lambda handle: write_blank_template(handle, provinces=provinces), "mau-nhap-tri-thuc.xlsx"
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    require_editor(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            # The real decompressed size, before anything parses the file (zip bombs).
            check_archive(upload, settings.TRITHUC_UPLOAD_MAX_UNZIPPED_BYTES)
        except UploadRefused as exc:
            form.add_error("file", str(exc))
        else:
            job = import_jobs.start_import_job(
                upload, actor=request.user, strict=form.cleaned_data["strict"],
                layout=form.cleaned_data["layout"],
            )  # fmt: skip
            return redirect("people:import_detail", job_uuid=job.uuid)
    jobs = ImportJob.objects.visible_to(request.user)[:10]
    return render(request, "people/import_upload.html", {"form": form, "jobs": jobs})


@login_required
@require_GET
def import_detail(request: HttpRequest, job_uuid: uuid.UUID) -> HttpResponse:
    job = get_job_for_user(request.user, job_uuid)
    context = {
        "job": job,
        "progress": get_progress(job),
        "percent": progress_percent(job),
        "errors": (job.report or {}).get("errors", [])[:500],
        "warnings": (job.report or {}).get("warnings", [])[:200],
        "mapping_form": _mapping_form(job),
        "running": job.status in (ImportStatus.QUEUED, ImportStatus.RUNNING),
    }
    if not context["running"] and job.report and can_review(request.user):
        # Issue 15: texts of "Chuyên ngành đào tạo" left without a code, for the review.
        context["unmapped_fields"] = unmapped_count(request.user)
    if request.headers.get("HX-Request"):
        return render(request, "people/import_detail.html#status", context)
    return render(request, "people/import_detail.html", context)


def _mapping_form(job: ImportJob, data: object = None) -> MappingForm | None:
    headers = (job.report or {}).get("unknown_headers") or []
    missing = [e for e in (job.report or {}).get("errors", []) if "thiếu cột" in e["message"]]
    if not headers or not (missing or job.status == ImportStatus.NEEDS_MAPPING):
        return None
    return MappingForm(data, headers=headers)


@login_required
@require_POST
def import_mapping(request: HttpRequest, job_uuid: uuid.UUID) -> HttpResponse:
    job = get_job_for_user(request.user, job_uuid)
    form = _mapping_form(job, request.POST)
    if form is not None and form.is_valid():
        import_jobs.remap_import_job(job, form.mapping(), actor=request.user)
    return redirect("people:import_detail", job_uuid=job.uuid)


@login_required
@require_POST
def import_confirm(request: HttpRequest, job_uuid: uuid.UUID) -> HttpResponse:
    job = get_job_for_user(request.user, job_uuid)
    if job.status != ImportStatus.PREVIEWED:
        messages.error(request, "Lượt nhập này không ở trạng thái chờ xác nhận.")
    else:
        import_jobs.confirm_import_job(job)
    return redirect("people:import_detail", job_uuid=job.uuid)


@login_required
@require_GET
def import_error_report(request: HttpRequest, job_uuid: uuid.UUID) -> HttpResponse:
    job = get_job_for_user(request.user, job_uuid)
    name = f"loi-{Path(job.original_name).stem}.xlsx"
    return temporary_download(lambda handle: write_error_report(job, handle), name)


@login_required
@require_GET
def summary(request: HttpRequest) -> HttpResponse:
    if not can_view_aggregates(request.user):
        require_profile_access(request.user)
    province = scope_of(request.user).only_province(Capability.READ_PEOPLE,
                                                    Capability.READ_AGGREGATES)  # fmt: skip
    form = SummaryForm(request.GET if request.GET else None, within=province)
    if form.is_bound and not form.is_valid():
        # A unit that names nothing or a date to come: say so, never "Tổng số: 0 người".
        context: dict[str, Any] = {"form": form, "invalid": True}
        return render(request, "people/summary.html", context)
    data = form.cleaned_data if form.is_bound else {}
    # Analysts get small cells (and the cells that would reveal them) hidden.
    context = summary_for(request.user, unit=data.get("unit") or None,
                          as_of=data.get("as_of"))  # fmt: skip
    context.update(form=form, as_of=data.get("as_of"))
    context["upload_limit_mb"] = settings.TRITHUC_UPLOAD_MAX_BYTES // 1024 // 1024
    context["list_url"] = reverse("people:list")
    return render(request, "people/summary.html", context)
