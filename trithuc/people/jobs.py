"""Running an import job (preview or commit) and reporting its progress.

Progress lives in the cache, not in the job row: the import holds its transaction open
until the end, and the page polling the progress must see it before then.
"""

from __future__ import annotations

from pathlib import Path

from django.core.cache import cache
from django.utils import timezone

from trithuc.people.importing import ImportReport
from trithuc.people.models import ImportJob, ImportStatus
from trithuc.people.services import import_people_file

PROGRESS_KEY = "import-progress:{}"


def set_progress(job: ImportJob, done: int, total: int) -> None:
    cache.set(PROGRESS_KEY.format(job.uuid), {"done": done, "total": total}, 24 * 3600)


def get_progress(job: ImportJob) -> dict[str, int]:
    return cache.get(PROGRESS_KEY.format(job.uuid)) or {
        "done": job.processed_rows,
        "total": job.total_rows,
    }


def progress_percent(job: ImportJob) -> int:
    progress = get_progress(job)
    if not progress["total"]:
        return 0 if job.status != ImportStatus.DONE else 100
    return min(100, round(100 * progress["done"] / progress["total"]))


def run_import_job(job: ImportJob, *, dry_run: bool) -> ImportReport:
    """Preview (dry run) or commit the job's file, storing the report on the job."""
    job.status = ImportStatus.RUNNING
    job.save(update_fields=["status"])
    try:
        report = import_people_file(
            Path(job.stored_path),
            actor=job.created_by,
            source="import",
            strict=job.strict,
            dry_run=dry_run,
            mapping=job.mapping,
            job_id=job.pk,
            progress=lambda done, total: set_progress(job, done, total),
            layout=job.layout,
        )
    except Exception as exc:
        job.status = ImportStatus.FAILED
        job.message = f"Lỗi hệ thống khi nhập, dữ liệu chưa bị thay đổi: {exc}"
        job.save(update_fields=["status", "message"])
        raise
    job.report = report.as_dict()
    job.report["error_rows"] = report.error_rows
    job.report["unknown_headers"] = list(report.header.unknown.values()) if report.header else []
    job.report["header_row"] = report.header.row if report.header else None
    job.total_rows = report.rows
    job.processed_rows = report.rows
    if dry_run:
        job.status = ImportStatus.PREVIEWED
    else:
        job.status = ImportStatus.DONE if report.committed else ImportStatus.FAILED
        job.finished_at = timezone.now()
        if not report.committed:
            job.message = "Không có dữ liệu nào được ghi (chế độ nghiêm ngặt hoặc lỗi tệp)."
    job.save()
    return report
