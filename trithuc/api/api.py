"""The API for other systems (django-ninja): token authentication, OpenAPI schema at
/api/schema/, every call audited (`middleware.ApiAuditMiddleware`), rate-limited per token.

Endpoints are thin: they parse, call `trithuc.api.services` / `trithuc.api.people` with
the token's user, and answer JSON."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import InvalidPage
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Form, NinjaAPI, Query, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from trithuc.api import services
from trithuc.api.auth import TokenAuth
from trithuc.api.import_jobs import job_json
from trithuc.api.people import FilterError, people_after, people_page
from trithuc.api.throttle import TokenRateThrottle
from trithuc.people.stats import StatsError
from trithuc.plans.models import Plan
from trithuc.plans.services import PlanError, ReportLocked, StaleReport

api = NinjaAPI(
    title="trithuc API",
    version="1",
    description="Dữ liệu đội ngũ trí thức cho hệ thống khác: mỗi mã truy cập mang phạm vi "
    "của tài khoản của nó, như trên giao diện web.",
    auth=TokenAuth(),
    openapi_url="/schema/",
    docs_url=None,  # the schema is enough; a docs page would load assets from a CDN
    urls_namespace="api",
    # Per token (a refused token is answered 401 before any work, so needs no limit).
    throttle=[TokenRateThrottle(settings.TRITHUC_API_RATE)],
)


def _error(request: HttpRequest, status: int, message: str, **extra: Any) -> HttpResponse:
    return api.create_response(request, {"detail": message, **extra}, status=status)


@api.exception_handler(PermissionDenied)
def _denied(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 403, str(exc) or _("Bạn không có quyền thực hiện thao tác này."))


@api.exception_handler(Http404)
def _missing(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 404, _("Không tìm thấy."))


@api.exception_handler(InvalidPage)
def _bad_page(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 404, _("Không có trang này."))


@api.exception_handler(FilterError)
def _bad_filter(request: HttpRequest, exc: FilterError) -> HttpResponse:
    return _error(request, 400, _("Bộ lọc không hợp lệ."), errors=exc.errors)


@api.exception_handler(services.ApiRefused)
@api.exception_handler(StatsError)
@api.exception_handler(PlanError)
def _refused(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 400, str(exc))


@api.exception_handler(StaleReport)
@api.exception_handler(ReportLocked)
def _conflict(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 409, str(exc))


# --- people ---------------------------------------------------------------------------


@api.get("/people/", url_name="people", tags=["people"])
def people(
    request: HttpRequest,
    page: int = 1,
    page_size: int = 50,
    count: bool = True,
    after: str | None = None,
) -> dict[str, Any]:
    """People in the caller's scope, filtered like the web list (`q`, `unit`, `sector`,
    `education_level`, `employment_type`, `gender`, `ethnicity`, `age_band`, `is_leader`,
    `expert`, `training`, `sort`) and masked like it. `count=false` leaves out the count
    (up to 10,001, like the list). A system reading everything pages by cursor: `after=`
    (blank) for the first page, then `after=` the answer's `next` until it is null."""
    if not 1 <= page_size <= 500:
        raise services.ApiRefused(_("page_size phải từ 1 đến 500."))
    if after is not None:
        return people_after(request.user, request.GET, after, page_size)
    return people_page(request.user, request.GET, page, page_size, with_count=count)


@api.get("/people/{person_uuid}/", url_name="person", tags=["people"])
def person(request: HttpRequest, person_uuid: uuid.UUID) -> dict[str, Any]:
    return services.person_detail(request.user, person_uuid, request)


class CountQuery(Schema):
    by: str = "sector"
    unit: str | None = None
    as_of: dt.date | None = None


@api.get("/counts/", url_name="counts", tags=["aggregates"])
def counts(request: HttpRequest, query: Query[CountQuery]) -> dict[str, Any]:
    """Counts grouped by `by` (comma-separated fields), today or as of a date."""
    by = [part.strip() for part in query.by.split(",") if part.strip()]
    return services.counts(request.user, by, query.unit, query.as_of)


class IndicatorQuery(Schema):
    plan: str | None = None
    unit: str | None = None
    as_of: dt.date | None = None


@api.get("/indicators/", url_name="indicators", tags=["aggregates"])
def indicators(request: HttpRequest, query: Query[IndicatorQuery]) -> list[dict[str, Any]]:
    """Every target the caller may see, with value, status and projections as of a date."""
    return services.indicators(request.user, query.plan, query.unit, query.as_of)


# --- plans, tasks, progress reports ----------------------------------------------------


@api.get("/plans/", url_name="plans", tags=["plans"])
def plans(request: HttpRequest) -> list[dict[str, Any]]:
    found = Plan.objects.visible_to(request.user).order_by("-issued_on", "pk")
    return [services.plan_json(plan) for plan in found[:1000]]


@api.get("/plans/{plan_uuid}/", url_name="plan", tags=["plans"])
def plan(request: HttpRequest, plan_uuid: uuid.UUID) -> dict[str, Any]:
    return services.plan_json(services.plan_for(request.user, plan_uuid))


@api.get("/plans/{plan_uuid}/tasks/", url_name="plan_tasks", tags=["plans"])
def plan_tasks(request: HttpRequest, plan_uuid: uuid.UUID) -> list[dict[str, Any]]:
    found = services.plan_for(request.user, plan_uuid).tasks.select_related("parent",
                                                                           "lead_agency")  # fmt: skip
    return [services.task_json(task) for task in found.order_by("position", "pk")]


@api.get("/reports/", url_name="reports", tags=["plans"])
def reports(
    request: HttpRequest, plan: uuid.UUID | None = None, period: int | None = None
) -> list[dict[str, Any]]:
    return services.reports(request.user, plan, period)


class Figure(Schema):
    label: str
    value: float | None = None
    unit: str = ""


class ReportIn(Schema):
    plan: uuid.UUID
    period: int
    task: uuid.UUID | None = None
    agency: int
    status: str
    achievements: str = ""
    figures: list[Figure] = []
    difficulties: str = ""
    expected_version: int = 0
    submit: bool = False


@api.post("/reports/", url_name="report_save", tags=["plans"])
def report_save(request: HttpRequest, data: ReportIn) -> dict[str, Any]:
    """Save (and with `submit`, submit) an agency's progress report: `expected_version` is
    the version read (0 for a new report); a report saved since is answered 409."""
    return services.report_json(services.write_report(request.user, data))


# --- imports ----------------------------------------------------------------------------


@api.post("/imports/", url_name="import", tags=["people"], response={202: dict})
def import_people(
    request: HttpRequest,
    file: File[UploadedFile],
    strict: Form[bool] = False,
    dry_run: Form[bool] = False,
    layout: Form[str] = "template",
) -> Status[dict[str, Any]]:
    """A file in the template, imported in the background: answered 202 with the job's URL;
    GET it for the progress and, when done, the same JSON report as
    `trithuc import_people --format json`. `layout=cbccvc`: an export of CSDL CBCCVC
    (docs/EXCHANGE.md), as `trithuc import_cbccvc`."""
    job = services.start_import(request.user, file, strict=strict, dry_run=dry_run,
                                layout=layout)  # fmt: skip
    return Status(202, {**job_json(job), "url": reverse("api:import_job", args=[job.uuid])})


@api.get("/imports/{job_uuid}/", url_name="import_job", tags=["people"])
def import_job(request: HttpRequest, job_uuid: uuid.UUID) -> dict[str, Any]:
    """An import the caller posted: `status` queued, running, done or failed; `progress`
    (rows read of the file's rows); `report` once done."""
    return job_json(services.import_for(request.user, job_uuid))
