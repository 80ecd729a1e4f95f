"""Background work for the registry: big imports and their previews."""

from django_tasks import task

from trithuc.people.jobs import run_import_job
from trithuc.people.models import ImportJob
from trithuc.people.parallel import release_memory


@task()
def run_import_job_task(job_id: int, dry_run: bool) -> dict:
    job = ImportJob.objects.get(pk=job_id)
    try:
        report = run_import_job(job, dry_run=dry_run)
    finally:
        release_memory()  # a worker runs many jobs: give each one's memory back
    return {"rows": report.rows, "errors": report.error_total, "committed": report.committed}
