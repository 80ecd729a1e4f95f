"""What a registry manager sees first on the home page: their latest imports and the
registry's data-quality warnings within their scope; and which provinces hold synthetic
(demo) people, so every page over them can say "Dữ liệu mô phỏng".

The counts are cached per scope and forgotten when the registry changes
(`registry_changed`), so the home page costs nothing between imports.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import connections, router
from django.urls import reverse
from django.utils.translation import gettext as _

from trithuc.accounts.scope import Capability, scope_of
from trithuc.people.models import Employment, ImportJob, ImportStatus, Person

CACHE_SECONDS = 3600
LATEST_IMPORTS = 5
GENERATION_KEY = "people:overview:generation"


def _generation() -> int:
    return int(cache.get(GENERATION_KEY) or 0)


def forget_overview(**_: object) -> None:
    """A receiver of `registry_changed`: the cached counts are out of date."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, None)


def synthetic_provinces() -> frozenset[str]:
    """The provinces whose registry holds synthetic people (built by `trithuc demo`)."""
    key = f"people:synthetic-provinces:{_generation()}"
    found = cache.get(key)
    if found is None:
        found = frozenset(_synthetic_provinces())
        cache.set(key, found, CACHE_SECONDS)
    return found


# One index probe per province found (`person_synthetic_prov`), not a DISTINCT over every
# synthetic person: 1.3 s at 5,000,000 demo people, and a scan of the whole table without
# the index when none is synthetic.
SKIP_SCAN = (
    "WITH RECURSIVE found(code) AS ("
    " SELECT MIN(province_code) FROM people_person WHERE is_synthetic"
    " UNION ALL"
    " SELECT (SELECT MIN(p.province_code) FROM people_person p"
    "         WHERE p.is_synthetic AND p.province_code > found.code)"
    " FROM found WHERE found.code IS NOT NULL"
    ") SELECT code FROM found WHERE code IS NOT NULL"
)


def _synthetic_provinces() -> list[str]:
    with connections[router.db_for_read(Person)].cursor() as cursor:
        cursor.execute(SKIP_SCAN)
        return [row[0] for row in cursor.fetchall()]


@dataclass(frozen=True)
class Warning:
    count: int
    text: str


def quality_warnings(user: Any) -> list[Warning]:
    """Gaps in the profiles `user` may edit that change what the figures say."""
    scope = scope_of(user)
    if not scope.can(Capability.EDIT_PEOPLE):
        return []
    key = f"people:quality:{_generation()}:{hash(scope.areas(Capability.EDIT_PEOPLE))}"
    found = cache.get(key)
    if found is None:
        found = _count_warnings(Person.objects.editable_by(user))
        cache.set(key, found, CACHE_SECONDS)
    return found


def _count_warnings(people: Any) -> list[Warning]:
    no_start = (Employment.objects.filter(person__in=people, valid_to__isnull=True,
                                          valid_from__isnull=True)
                .order_by().values("person_id").distinct().count())  # fmt: skip
    no_position = people.filter(is_leader=True, position="").count()
    no_level = people.filter(education_level="").count()
    found = [
        (no_start, _("hồ sơ chưa có năm bắt đầu công tác: số liệu các năm trước tính họ "
                     "từ khi đủ 18 tuổi")),
        (no_position, _("hồ sơ lãnh đạo, quản lý chưa ghi chức vụ")),
        (no_level, _("hồ sơ chưa có trình độ chuyên môn: không được tính là trí thức")),
    ]  # fmt: skip
    return [Warning(count, text) for count, text in found if count]


def latest_imports(user: Any) -> list[dict[str, Any]]:
    """The user's latest imports, with what each did or found."""
    jobs = ImportJob.objects.visible_to(user).order_by("-created_at")[:LATEST_IMPORTS]
    return [_import_row(job) for job in jobs]


def _import_row(job: ImportJob) -> dict[str, Any]:
    report = job.report or {}
    errors = int(report.get("error_total") or 0)
    warnings = sum((report.get("warning_counts") or {}).values())
    parts = []
    if job.status == ImportStatus.DONE:
        parts.append(_("%(created)s hồ sơ mới, %(updated)s hồ sơ cập nhật") % {
            "created": report.get("created", 0), "updated": report.get("updated", 0)})  # fmt: skip
    if errors:
        parts.append(_("%(n)s lỗi") % {"n": errors})
    if warnings:
        parts.append(_("%(n)s cảnh báo") % {"n": warnings})
    return {
        "name": job.original_name, "created_at": job.created_at,
        "status": job.get_status_display(), "summary": "; ".join(parts),
        "needs_attention": bool(errors) or job.status in (
            ImportStatus.NEEDS_MAPPING, ImportStatus.PREVIEWED, ImportStatus.FAILED),
        "url": reverse("people:import_detail", args=[job.uuid]),
    }  # fmt: skip
