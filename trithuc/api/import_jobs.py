"""Running a file posted to `/api/imports/` in the task worker, and what its job URL says.

The run is `people.services.import_people_file`, the command's own (`trithuc import_people
--user … --format json`): the same checks of scope, the same audit record, the same JSON
report, kept on the job once done. Progress lives in the cache, as for the web's imports
(`people/jobs.py`): the import holds its transaction open until the end.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.utils import timezone

from trithuc.api.models import ApiImport, ApiImportStatus
from trithuc.people.parallel import release_memory
from trithuc.people.services import TEMPLATE, import_people_file

PROGRESS_KEY = "api-import-progress:{}"
FAILED = "Lỗi hệ thống khi nhập, dữ liệu chưa bị thay đổi."
NO_USER = "Tài khoản gửi tệp không còn hoạt động: tệp không được nhập."


def run_import(job_uuid: str, layout: str = TEMPLATE) -> dict[str, Any]:
    """Import the job's file (a queued job only: a task run twice imports once)."""
    claimed = ApiImport.objects.filter(uuid=job_uuid, status=ApiImportStatus.QUEUED).update(
        status=ApiImportStatus.RUNNING
    )
    job = ApiImport.objects.select_related("user").get(uuid=job_uuid)
    if not claimed:
        return job.report
    path = Path(job.stored_path)
    if job.user is None or not job.user.is_active:
        # Without its user the run would have no scope: the command's operator's import.
        path.unlink(missing_ok=True)
        job.status, job.message, job.finished_at = ApiImportStatus.FAILED, NO_USER, timezone.now()
        job.save(update_fields=["status", "message", "finished_at"])
        return job.report
    try:
        report = import_people_file(
            path, actor=job.user, source="api", strict=job.strict, dry_run=job.dry_run,
            progress=lambda done, total: _set_progress(job, done, total), layout=layout,
        )  # fmt: skip
    except Exception:
        job.status, job.message, job.finished_at = ApiImportStatus.FAILED, FAILED, timezone.now()
        job.save(update_fields=["status", "message", "finished_at"])
        raise
    finally:
        path.unlink(missing_ok=True)  # personal data: kept no longer than the run
        release_memory()
    job.report = report.as_dict()
    job.status, job.finished_at = ApiImportStatus.DONE, timezone.now()
    job.save(update_fields=["report", "status", "finished_at"])
    return job.report


def _set_progress(job: ApiImport, done: int, total: int) -> None:
    cache.set(PROGRESS_KEY.format(job.uuid), {"done": done, "total": total}, 24 * 3600)


def job_json(job: ApiImport) -> dict[str, Any]:
    """What `GET /api/imports/{uuid}/` answers: the status, the rows read so far, and once
    done the command's JSON report."""
    done = job.status == ApiImportStatus.DONE
    progress = cache.get(PROGRESS_KEY.format(job.uuid)) or {"done": 0, "total": 0}
    if done:
        rows = int(job.report.get("rows", 0))
        progress = {"done": rows, "total": rows}
    return {"uuid": str(job.uuid), "status": job.status, "file": job.original_name,
            "dry_run": job.dry_run, "strict": job.strict, "progress": progress,
            "created_at": job.created_at, "finished_at": job.finished_at,
            "message": job.message, "report": job.report if done else None}  # fmt: skip
